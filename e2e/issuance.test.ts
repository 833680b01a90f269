// Issuing a digitally signed document with separate attachments, seen in the browser: the draft is
// taken through its chain, signed by the director and issued by the clerk through the API (the
// screens for those steps have their own tests); the clerk's document page then lists each PDF
// attachment as carrying the agency's signature, with its original, and the DOCX one as unsigned
// and why. Needs the built client (`npm run build` → dist/web). Screenshots go to e2e/screenshots/.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { renderSamplePdf } from '../src/server/modules/demo/demo.pdf.js';
import { DEMO_KEY_PASSPHRASE } from '../src/server/modules/signatures/demo-ca.js';
import { type BrowserApp, expectNoProblems, startBrowserApp, apiCall } from './harness.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

async function annexPdf(title: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595.28, 841.89]).drawText(title, { x: 85, y: 760, size: 13, font: await doc.embedFont(StandardFonts.TimesRoman) });
  return Buffer.from(await doc.save());
}

describe('issuing a signed document with separate attachments', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp({ prefix: 'issuance', signing: true });
  });
  afterEach(() => expectNoProblems(app));
  afterAll(async () => {
    await app?.close();
  });

  const call = (page: Page, method: 'GET' | 'POST', url: string, data?: object) => apiCall(app, page, method, url, data);

  it('the clerk\'s document page shows each PDF attachment with the agency signature and its original, and the DOCX one as unsigned', async () => {
    const drafter = await app.signIn('cv.cntt');
    const director = await app.signIn('giamdoc');
    const clerk = await app.signIn('vanthu');
    const people = new Map<string, Page>([['cv.cntt', drafter], ['giamdoc', director], ['vanthu', clerk]]);
    const users = await app.database.db.selectFrom('users').select(['id', 'username']).execute();
    const usernameOf = new Map(users.map((u) => [u.id, u.username]));
    const main = await renderSamplePdf({ issuer: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', reference: '          /STTTT-CNTT', issuedOn: '2026-12-01', summary: 'V/v triển khai chữ ký số', signer: 'Nguyễn Văn Hùng' });
    const { Document, Packer, Paragraph } = await import('docx');
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Phụ lục III: bảng số liệu')] }] }));

    const form = new FormData();
    form.append('metadata', JSON.stringify({ documentType: 'official_letter', summary: 'V/v triển khai chữ ký số có phụ lục', urgency: 'normal', signerId: users.find((u) => u.username === 'giamdoc')!.id, recipients: [{ kind: 'external', name: 'UBND các huyện' }] }));
    form.append('files', new Blob([new Uint8Array(main)], { type: 'application/pdf' }), 'du-thao.pdf');
    form.append('files', new Blob([new Uint8Array(await annexPdf('Phu luc I'))], { type: 'application/pdf' }), 'phu-luc-1.pdf');
    form.append('files', new Blob([new Uint8Array(await annexPdf('Phu luc II'))], { type: 'application/pdf' }), 'phu-luc-2.pdf');
    form.append('files', new Blob([new Uint8Array(docx)], { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }), 'phu-luc-3.docx');
    const created = await drafter.request.post(`${app.baseUrl}/api/outgoing-documents`, { multipart: form });
    expect(created.status(), await created.text()).toBe(201);
    const id = (await created.json()).id as string;
    await call(drafter, 'POST', `/api/outgoing-documents/${id}/submit`, {});
    for (let step = 0; step < 10; step++) {
      const doc = await call(drafter, 'GET', `/api/outgoing-documents/${id}`);
      if (doc.status === 'approved') break;
      const holder = usernameOf.get(doc.steps.find((s: { status: string }) => s.status === 'current').holder.id)!;
      people.set(holder, people.get(holder) ?? await app.signIn(holder));
      await call(people.get(holder)!, 'POST', `/api/outgoing-documents/${id}/approve`, {});
    }
    const certificates = await call(director, 'GET', '/api/signing/certificates');
    await call(director, 'POST', `/api/outgoing-documents/${id}/sign`, { certificateId: certificates.items[0].id, passphrase: DEMO_KEY_PASSPHRASE });
    await call(clerk, 'POST', `/api/outgoing-documents/${id}/issue`, { copies: 1, agencyPassphrase: DEMO_KEY_PASSPHRASE });

    await clerk.goto(`${app.baseUrl}/outgoing/${id}`);
    const list = clerk.getByTestId('outgoing-attachments');
    await list.waitFor();
    const items = list.getByTestId('outgoing-attachment');
    expect(await items.count()).toBe(3);
    const text = async (i: number) => (await items.nth(i).innerText()).replace(/\s+/g, ' ').trim();
    // Each signed PDF: the signed file, its original, and a marked copy to print (logged, never the signed file itself).
    expect(await text(0)).toBe('phu-luc-1.pdf Đã ký số cơ quan (bản gốc chưa ký) (In có đánh dấu)');
    expect(await text(1)).toBe('phu-luc-2.pdf Đã ký số cơ quan (bản gốc chưa ký) (In có đánh dấu)');
    expect(await items.nth(0).getByTestId('attachment-print').getAttribute('href')).toMatch(/\/print$/);
    expect(await items.nth(2).getByTestId('attachment-unsigned').innerText()).toBe('Chưa ký số cơ quan: tệp không phải PDF');
    expect(await items.nth(0).getByRole('link').nth(1).getAttribute('href')).toMatch(/\?original=true$/);
    await list.scrollIntoViewIfNeeded();
    await app.screenshot(clerk, 'issued-attachments');
  });
});

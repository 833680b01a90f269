// Manual edXML import, seen in the browser: Sở Nội vụ's clerk uploads a package received by e-mail
// from an agency of another deployment (a peer set up by the administrator); it appears in the
// "Văn bản điện tử đến" queue marked as imported, with its envelope signature's check; a broken
// package is refused with every problem named by element, and nothing appears. Needs dist/web.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/server/modules/demo/demo.data.js';
import { buildEdxml } from '../src/server/modules/exchange/edxml.build.js';
import type { EdxmlDocument } from '../src/server/modules/exchange/edxml.types.js';
import { renderSamplePdf } from '../src/server/modules/demo/demo.pdf.js';
import { type BrowserApp, apiCall, expectNoProblems, startBrowserApp } from './harness.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 180_000 });

const PEER_ORGAN = '000.00.05.H99';
const SNV_ORGAN = '000.00.12.H17';

describe('manual edXML import', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp({ prefix: 'exchange-import' });
  });
  afterEach(() => expectNoProblems(app));
  afterAll(async () => {
    await app?.close();
  });

  async function apiAs(username: string): Promise<Page> {
    const page = await app.newPage(undefined, username);
    const response = await page.request.post(`${app.baseUrl}/api/auth/login`, { data: { username, password: DEMO_PASSWORD } });
    expect(response.status(), await response.text()).toBe(200);
    return page;
  }

  it('the clerk uploads a package from another deployment: it joins the queue as imported; a broken one is refused element by element', async () => {
    const admin = await apiAs('quantri');
    const peer = await apiCall(app, admin, 'POST', '/api/exchange/peers', { name: 'Tỉnh Lai Châu', baseUrl: 'https://vanphong.laichau.example', inboundKey: 'lai-chau', outboundKey: 'dien-bien' });
    await apiCall(app, admin, 'POST', `/api/exchange/peers/${peer.id}/agencies`, { organId: PEER_ORGAN, name: 'Sở Nội vụ tỉnh Lai Châu' });
    const snv = await app.database.db.selectFrom('users').select('agency_id').where('username', '=', 'vanthu.snv').executeTakeFirstOrThrow();
    await app.database.db.updateTable('agencies').set({ organ_id: SNV_ORGAN }).where('id', '=', snv.agency_id).execute();

    const pdf = await renderSamplePdf({ issuer: 'Sở Nội vụ tỉnh Lai Châu', reference: '45/SNV-CCVC', issuedOn: '2026-11-28', summary: 'V/v trao đổi kinh nghiệm tinh giản biên chế', signer: 'Lò Văn Pản' });
    const documentId = `${PEER_ORGAN},2026/11/28,45/SNV-CCVC`;
    const doc: EdxmlDocument = {
      from: { organId: PEER_ORGAN, organName: 'Sở Nội vụ tỉnh Lai Châu', organizationInCharge: 'UBND tỉnh Lai Châu' },
      to: [{ organId: SNV_ORGAN, organName: 'Sở Nội vụ tỉnh Điện Biên' }],
      documentId, code: { number: '45', notation: 'SNV-CCVC' }, promulgation: { place: 'Lai Châu', date: '2026-11-28' },
      documentType: { type: 1, typeName: 'Công văn' }, subject: 'V/v trao đổi kinh nghiệm tinh giản biên chế', content: 'V/v trao đổi kinh nghiệm tinh giản biên chế',
      signer: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', fullName: 'Lò Văn Pản' },
      otherInfo: { priority: 1, appendixes: [] }, steeringType: 1, toPlaces: ['Như trên'], responseFor: [],
      trace: [{ organId: PEER_ORGAN, timestamp: new Date() }],
      business: { docType: 'new', reason: 'Văn bản điện tử mới', documentId, paper: false, staff: { staff: 'Tòng Thị Hoa', department: 'Văn phòng' }, replacements: [] },
      attachments: [{ contentId: 'cid:1', name: '45-SNV-CCVC.pdf', contentType: 'application/pdf', content: Buffer.from(pdf) }],
    };
    const xml = buildEdxml(doc);

    const clerk = await app.signIn('vanthu.snv');
    await clerk.getByTestId('menu-exchange-received').click();
    await clerk.getByTestId('exchange-received-table').waitFor();
    const input = clerk.getByTestId('edxml-import').locator('input[type="file"]');

    // A broken package: no Subject, and an attachment that is not base64.
    const broken = xml.replace(/<edXML:Subject>[\s\S]*?<\/edXML:Subject>/, '').replace(/(<edXML:ContentTransferEncoded[^>]*>)[A-Za-z0-9+/]{8}/, '$1@@not-b64');
    await input.setInputFiles({ name: 'hong.edxml', mimeType: 'application/xml', buffer: Buffer.from(broken) });
    const alert = clerk.getByTestId('edxml-import').getByTestId('error-alert');
    await alert.waitFor();
    const problems = await alert.innerText();
    expect(problems).toContain('Subject');
    expect(problems).toMatch(/ContentTransferEncoded|Attachment/);
    expect(await clerk.getByTestId('received-item-link').count()).toBe(0);
    await app.screenshot(clerk, 'refused');

    await input.setInputFiles({ name: '45-SNV-CCVC.edxml', mimeType: 'application/xml', buffer: Buffer.from(xml) });
    await clerk.getByTestId('edxml-import-result').waitFor();
    await clerk.getByTestId('received-item-link').first().waitFor();
    const table = await clerk.getByTestId('exchange-received-table').innerText();
    expect(table).toContain('V/v trao đổi kinh nghiệm tinh giản biên chế');
    expect(table).toContain('Sở Nội vụ tỉnh Lai Châu');
    await clerk.getByTestId('imported-tag').first().waitFor();
    expect(await clerk.getByTestId('envelope-signature').first().getAttribute('data-signature')).toBe('unsigned');
    await app.screenshot(clerk, 'imported');

    // Importing it again is refused: the same DocumentId was received.
    await input.setInputFiles({ name: '45-SNV-CCVC.edxml', mimeType: 'application/xml', buffer: Buffer.from(xml) });
    await clerk.getByTestId('edxml-import').getByText(/DocumentId/).first().waitFor();
    expect(await clerk.getByTestId('received-item-link').count()).toBe(1);
  });
});

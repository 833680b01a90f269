// Signing with a key held outside, in the browser: the director opens "Ký số", chooses "Ký bằng USB
// token / dịch vụ ký số từ xa", prepares the request, reads the session and the digest, has a
// desktop tool sign the digest (here: a CMS made by the test with a key the server never sees) and
// uploads the returned .p7s; the document is signed. Pictures: e2e/screenshots/external-signing-*.png.
import { sign } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import forge from 'node-forge';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderSamplePdf } from '../src/server/modules/demo/demo.pdf.js';
import { demoSignaturePng } from '../src/server/modules/signatures/demo-ca.js';
import { makeCertificate } from '../src/server/modules/signatures/pdf-verify.fixtures.js';
import { buildCms } from '../src/server/modules/signatures/signing.cms.js';
import { type BrowserApp, DESKTOP, expectNoProblems, startBrowserApp, approveThroughChain } from './harness.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 180_000 });

let app: BrowserApp;
const pages = new Map<string, Page>();

beforeAll(async () => {
  app = await startBrowserApp({ prefix: 'external-signing' });
});
afterAll(async () => app?.close());
afterEach(() => expectNoProblems(app));

async function as(username: string): Promise<Page> {
  let page = pages.get(username);
  if (!page) {
    page = await app.signIn(username, DESKTOP);
    pages.set(username, page);
  }
  return page;
}

const der = (cert: forge.pki.Certificate) => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');

describe('signing with a USB token or a remote-signing service', () => {
  it('the director prepares the request in the Ký số dialog, uploads the .p7s his tool returned, and the document is signed', async () => {
    const drafter = await as('cv.cntt');
    const users = (await (await drafter.request.get(`${app.baseUrl}/api/org/users`)).json() as { items: { id: string; username: string }[] }).items;
    const directorId = users.find((u) => u.username === 'giamdoc')!.id;
    const pdf = await renderSamplePdf({ issuer: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', reference: '          /STTTT-CNTT', issuedOn: '2026-01-05', summary: 'V/v ký số bằng USB token', signer: 'Nguyễn Văn Hùng' });
    const created = await drafter.request.post(`${app.baseUrl}/api/outgoing-documents`, {
      multipart: {
        metadata: JSON.stringify({ documentType: 'official_letter', summary: 'V/v ký số bằng USB token', urgency: 'normal', signerId: directorId, recipients: [{ kind: 'external', name: 'UBND các huyện' }] }),
        files: { name: 'du-thao.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) },
      },
    });
    expect(created.status()).toBe(201);
    const docId = (await created.json() as { id: string }).id;
    await approveThroughChain(app, as, drafter, docId);

    const director = await as('giamdoc');
    const image = await director.request.post(`${app.baseUrl}/api/signing/images`, { multipart: { kind: 'signature', files: { name: 'chu-ky.png', mimeType: 'image/png', buffer: demoSignaturePng(1) } } });
    expect(image.status()).toBe(201);
    await director.goto(`${app.baseUrl}/outgoing/${docId}`);
    await director.getByTestId('outgoing-page').waitFor();
    await director.getByTestId('action-sign').click();
    const modal = director.locator('.ant-modal:visible').last();
    await modal.waitFor();
    await modal.getByLabel('Ký bằng USB token / dịch vụ ký số từ xa').check();
    // Signing before preparing says what to do first.
    await modal.getByTestId('dialog-ok').click();
    await modal.getByText('Hãy tạo yêu cầu ký trước').waitFor();
    await modal.getByTestId('external-prepare').click();
    const digest = (await modal.getByTestId('external-digest').textContent())!.trim();
    expect(Buffer.from(digest, 'base64')).toHaveLength(32);
    expect(await modal.getByTestId('external-session-id').textContent()).toMatch(/^[0-9a-f-]{36}$/);
    await director.waitForTimeout(300);
    await app.screenshot(director, 'dialog-prepared', { dialog: true });

    // The "desktop tool": a key and certificate in the director's name the server never sees.
    const now = Date.now();
    const ca = makeCertificate({ name: { commonName: 'CA ký số công cộng thử nghiệm' }, ca: true, notBefore: new Date(now - 864e5), notAfter: new Date(now + 3650 * 864e5) });
    const leaf = makeCertificate({ name: { commonName: 'Nguyễn Văn Hùng' }, issuer: ca, ca: false, notBefore: new Date(now - 864e5), notAfter: new Date(now + 365 * 864e5) });
    const cms = await buildCms({
      contentDigest: Buffer.from(digest, 'base64'), chainDer: [der(leaf.cert), der(ca.cert)], signingTime: new Date(),
      sign: async (attributes) => sign('sha256', attributes, forge.pki.privateKeyToPem(leaf.key)),
    });
    const p7s = path.join(app.tmp, 'chu-ky.p7s');
    await fsp.writeFile(p7s, cms);
    await modal.locator('input[type=file]').setInputFiles(p7s);
    await modal.getByText('chu-ky.p7s').waitFor();
    await modal.getByTestId('dialog-ok').click();
    await modal.waitFor({ state: 'hidden' });
    await expect.poll(() => director.getByTestId('outgoing-status').getAttribute('data-status')).toBe('signed');
    expect(await director.getByTestId('signatures').textContent()).toContain('Nguyễn Văn Hùng');
    // The signed PDF takes the draft's place at once (no reload).
    await expect.poll(() => director.getByTestId('pdf-viewer').first().getAttribute('data-rendered-pages'), { timeout: 30_000 }).not.toBe('0');
    expect(await director.getByTestId('pdf-viewer').first().textContent()).not.toContain('Không hiển thị được tệp PDF');
    await director.waitForTimeout(300);
    await app.screenshot(director, 'signed');
  });
});

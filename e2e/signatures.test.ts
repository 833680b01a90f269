// Digital signatures in the browser: the admin trusts the agency's root, the clerk picks a signed
// PDF in the registration form and sees its signature state before registering, a tampered copy
// shows as broken, and the registered document's file shows its signatures on request.
// Needs the built client (`npm run build` → dist/web). Screenshots go to e2e/screenshots/.
import { sign as rsaSign } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makePdf, makeTestPki, p12Signer, signFirst, type TestPki } from '../src/server/modules/signatures/pdf-verify.fixtures.js';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { renderSamplePdf } from '../src/server/modules/demo/demo.pdf.js';
import { openPkcs12 } from '../src/server/modules/signatures/certificates.pkcs12.js';
import { DEMO_KEY_PASSPHRASE, demoCa, demoSealPng, demoSignaturePng } from '../src/server/modules/signatures/demo-ca.js';
import { buildCms } from '../src/server/modules/signatures/signing.cms.js';
import { sealRect } from '../src/server/modules/signatures/signing.layout.js';
import { embedSignature, locatePlaceholder, prepareAgencySignature, prepareSignerSignature, type Rect } from '../src/server/modules/signatures/signing.pdf.js';
import { type BrowserApp, expectNoProblems, pick, startBrowserApp, typeDate, typedDate } from './harness.js';

// A browser step on a loaded 2-core machine can take most of a minute: give each one room.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

describe('digital signatures in the browser', () => {
  let app: BrowserApp;
  let pki: TestPki;
  let signedPath: string;
  let tamperedPath: string;
  let rootPath: string;

  beforeAll(async () => {
    app = await startBrowserApp({ prefix: 'signatures' });
    pki = makeTestPki({ root: { commonName: 'VanPhong Test Root CA', organization: 'VanPhong Demo' } });
    const signed = await signFirst(await makePdf(), p12Signer(pki));
    const tampered = Buffer.from(signed);
    tampered[11] = tampered[11]! ^ 1;
    signedPath = path.join(app.tmp, '123-UBND-KT-da-ky.pdf');
    tamperedPath = path.join(app.tmp, '123-UBND-KT-bi-sua.pdf');
    rootPath = path.join(app.tmp, 'root-ca.pem');
    await fsp.writeFile(signedPath, signed);
    await fsp.writeFile(tamperedPath, tampered);
    await fsp.writeFile(rootPath, pki.root.pem);
  });

  afterEach(() => expectNoProblems(app));

  afterAll(async () => {
    await app?.close();
  });

  it('the admin imports the root certificate from the admin menu and sees its subject and fingerprint', async () => {
    const page = await app.signIn('quantri');
    await page.getByTestId('menu-trusted-roots').click();
    await page.waitForURL(/\/admin\/trusted-roots$/);
    await page.getByText('Chưa có chứng thư gốc nào').waitFor();
    await page.locator('input[type=file]').setInputFiles(rootPath);
    await page.getByText('Đã nhập chứng thư gốc.').first().waitFor();
    const table = page.getByTestId('roots-table');
    await table.getByText('CN=VanPhong Test Root CA').first().waitFor();
    expect(await table.innerText()).toMatch(/([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    await app.screenshot(page, 'admin-trusted-roots');
  });

  it('the clerk picks a signed PDF in the registration form and sees its signature state before registering', async () => {
    const page = await app.signIn('vanthu');
    await page.getByTestId('menu-register-new').click();
    await page.waitForURL(/\/incoming\/new$/);
    const form = page.locator('form#register');
    await form.locator('input[type=file]').setInputFiles(signedPath);
    const report = page.getByTestId('upload-signatures');
    await report.getByTestId('signature-status').waitFor();
    expect(await report.getByTestId('signature-status').innerText()).toBe('Hợp lệ');
    expect(await report.getByTestId('signature-sentence').innerText()).toBe('Chữ ký hợp lệ, tệp không bị sửa sau khi ký.');
    const text = await report.innerText();
    expect(text).toContain('Lò Văn Tiến');
    expect(text).toContain('UBND tỉnh Điện Biên');
    expect(text).toContain('VanPhong Test Root CA');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} \(giờ Việt Nam\)/);
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} – \d{2}\/\d{2}\/\d{4} \(còn hiệu lực khi ký\)/);
    expect(await report.getByTestId('signature-revocation').innerText()).toBe('Chưa kiểm tra thu hồi: hệ thống chưa tra cứu OCSP/CRL; chứng thư không khai báo máy chủ OCSP.');
    // @signpdf/placeholder-pdf-lib makes a zero-size widget: an invisible signature, said so.
    expect(await report.getByTestId('signature-appearance').innerText()).toBe('Chữ ký ẩn (không hiển thị trên trang)');
    await report.scrollIntoViewIfNeeded();
    await app.screenshot(page, 'register-form-signed-pdf');

    // A copy changed by one byte: broken, said in words.
    await form.locator('input[type=file]').setInputFiles(tamperedPath);
    const broken = page.getByTestId('upload-signatures').nth(1);
    await broken.getByTestId('signature-status').waitFor();
    expect(await broken.getByTestId('signature-status').innerText()).toBe('Không hợp lệ');
    expect(await broken.getByTestId('signature-sentence').innerText()).toBe('Tệp đã bị sửa sau khi ký — chữ ký không còn giá trị.');
    await app.screenshot(page, 'register-form-tampered-pdf');
  });

  it('after registration the document page shows the signatures of its PDF on request', async () => {
    const page = await app.signIn('vanthu');
    await page.goto(`${app.baseUrl}/incoming/new`);
    const form = page.locator('form#register');
    await form.getByLabel('Cơ quan ban hành').fill('UBND tỉnh Điện Biên');
    await form.getByLabel('Số', { exact: true }).fill('123');
    await form.getByLabel('Ký hiệu').fill('UBND-KT');
    await typeDate(page, form, 'Ngày văn bản', typedDate(-1));
    await form.getByLabel('Trích yếu').fill('V/v kiểm tra chữ ký số trên văn bản điện tử');
    await pick(page, form, 'Độ khẩn', 'Thường');
    await form.locator('input[type=file]').setInputFiles(signedPath);
    await page.getByTestId('upload-signatures').getByTestId('signature-status').waitFor();
    await page.getByTestId('register-submit').click();
    await page.waitForURL(/\/incoming\/[0-9a-f-]{36}$/);
    await page.getByTestId('document-page').waitFor();
    await page.getByTestId('attachment-signatures').first().click();
    const panel = page.getByTestId('attachment-signature-panel');
    await panel.getByTestId('signature-status').waitFor();
    expect(await panel.getByTestId('signature-status').innerText()).toBe('Hợp lệ');
    await app.screenshot(page, 'document-attachment-signatures');
  });

  it('an issued PDF shows the signer\'s certification (form filling and signing allowed, kept to) and each signature\'s page; a page changed afterwards is named', async () => {
    const { issued, changed } = await issuedAndChanged();
    const issuedPath = path.join(app.tmp, '01-STTTT-CNTT-ban-hanh.pdf');
    const changedPath = path.join(app.tmp, '01-STTTT-CNTT-bi-sua-trang.pdf');
    await fsp.writeFile(issuedPath, issued);
    await fsp.writeFile(changedPath, changed);
    const page = await app.signIn('vanthu');
    await page.goto(`${app.baseUrl}/incoming/new`);
    const form = page.locator('form#register');
    await form.locator('input[type=file]').setInputFiles(issuedPath);
    const report = page.getByTestId('upload-signatures');
    await report.getByTestId('signature-status').first().waitFor();
    expect(await report.getByTestId('signature-item').count()).toBe(2);
    expect(await report.getByTestId('signature-certification').innerText()).toBe('Chỉ cho phép điền biểu mẫu và ký thêm. Các thay đổi sau khi ký đều nằm trong quyền cho phép.');
    expect(await report.getByTestId('signature-appearance').allInnerTexts()).toEqual(['Chữ ký hiển thị ở trang 1', 'Chữ ký hiển thị ở trang 1']);
    await report.scrollIntoViewIfNeeded();
    await app.screenshot(page, 'register-form-issued-pdf-certified');

    await form.locator('input[type=file]').setInputFiles(changedPath);
    const second = page.getByTestId('upload-signatures').nth(1);
    await second.getByTestId('signature-certification').waitFor();
    expect(await second.getByTestId('signature-certification').innerText()).toBe('Chỉ cho phép điền biểu mẫu và ký thêm. Có thay đổi sau khi ký KHÔNG được chữ ký chứng thực cho phép: sửa nội dung trang (trang 1).');
    await second.scrollIntoViewIfNeeded();
    await app.screenshot(page, 'register-form-certified-pdf-page-changed');
  });
});

/**
 * A document as VanPhong issues it (the signer's certification signature, then the number and the
 * agency's signature as an incremental update), made with the signing functions and the demo CA;
 * and a copy with text added to page 1 in a later revision.
 */
async function issuedAndChanged(): Promise<{ issued: Buffer; changed: Buffer }> {
  const pdf = await renderSamplePdf({ issuer: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', reference: '01/STTTT-CNTT', issuedOn: '2026-12-01', summary: 'V/v triển khai chữ ký số', signer: 'Nguyễn Văn Hùng' });
  const ca = await demoCa('Sở Thông tin và Truyền thông tỉnh Điện Biên', [{ username: 'ld', fullName: 'Nguyễn Văn Hùng' }]);
  const at = new Date();
  const signWith = (p12: Buffer) => async (prepared: Buffer) => {
    const key = openPkcs12(p12, DEMO_KEY_PASSPHRASE);
    const placeholder = locatePlaceholder(prepared);
    return embedSignature(placeholder, await buildCms({ contentDigest: placeholder.digest, chainDer: key.chainDer, signingTime: at, sign: async (attributes) => rsaSign('sha256', attributes, key.privateKeyPem) }));
  };
  const rect: Rect = [360, 120, 486, 176];
  const signed = await signWith(ca.people.get('ld')!.p12)(await prepareSignerSignature(pdf, demoSignaturePng(1), () => rect, { fieldName: 'ChuKyNguoiKy', name: 'Nguyễn Văn Hùng', reason: 'Ký ban hành', location: 'Điện Biên', signingTime: at }));
  const issued = await signWith(ca.agency.p12)(await prepareAgencySignature(signed, demoSealPng(), sealRect(rect), {}, 'Số: 01/STTTT-CNTT, ngày 01/12/2026', { fieldName: 'ChuKyCoQuan', name: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', reason: 'Ký số cơ quan', location: 'Điện Biên', signingTime: at }));
  const doc = await PDFDocument.load(issued, { forIncrementalUpdate: true, updateMetadata: false });
  doc.getPages()[0]!.drawText('DA SUA', { x: 100, y: 400, size: 20, font: await doc.embedFont(StandardFonts.Helvetica) });
  return { issued, changed: Buffer.from(await doc.commit({ useObjectStreams: false })) };
}

// Digital signatures in the browser: the admin trusts the agency's root, the clerk picks a signed
// PDF in the registration form and sees its signature state before registering, a tampered copy
// shows as broken, and the registered document's file shows its signatures on request.
// Needs the built client (`npm run build` → dist/web). Screenshots go to e2e/screenshots/.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makePdf, makeTestPki, p12Signer, signFirst, type TestPki } from '../src/server/modules/signatures/pdf-verify.fixtures.js';
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
});

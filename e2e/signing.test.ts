// Digital signatures from the keys to the issued file, in the browser: the director finds his demo
// certificate and signature image on "Chữ ký số"; an official adds their own image and .p12 and sees
// each refusal next to its field; the admin sees the agency's certificate and seal and an official's
// keys; the director signs an approved draft in the "Ký số" dialog (a wrong passphrase first); the
// clerk issues it with the agency's passphrase; the issued PDF shows both images and the number, its
// two signatures check as valid on the page and with poppler's `pdfsig`, and its signed page is
// rendered to PNG with `pdftoppm` (e2e/screenshots/signing-issued-page-*.png) to be looked at.
// Needs the built client (`npm run build` → dist/web).
import { execFile } from 'node:child_process';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderSamplePdf } from '../src/server/modules/demo/demo.pdf.js';
import { DEMO_KEY_PASSPHRASE, certificatePem, demoRootsMade, issueCertificate, toPkcs12 } from '../src/server/modules/signatures/demo-ca.js';
import { type BrowserApp, DESKTOP, PHONE, expectNoProblems, shotsDir, startBrowserApp, approveThroughChain } from './harness.js';

const run = promisify(execFile);

// A browser step on a loaded 2-core machine can take most of a minute: give each one room.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 180_000 });

let app: BrowserApp;
const pages = new Map<string, Page>();

async function as(username: string): Promise<Page> {
  let page = pages.get(username);
  if (!page) {
    page = await app.signIn(username, DESKTOP);
    pages.set(username, page);
  }
  return page;
}

async function picture(page: Page, name: string, options: { dialog?: boolean } = {}) {
  await page.waitForTimeout(300); // a message fading in
  await app.screenshot(page, name, options);
}

/** A PNG with a stroke across it; `background` fills the rest (null: transparent). */
function strokePng(ink: [number, number, number], background: [number, number, number, number] | null): Buffer {
  const image = new PNG({ width: 240, height: 90 });
  for (let y = 0; y < 90; y++) for (let x = 0; x < 240; x++) {
    const onStroke = Math.abs(y - (45 + Math.sin(x / 14) * 18)) < 3 && x > 20 && x < 220;
    image.data.set(onStroke ? [...ink, 255] : background ?? [0, 0, 0, 0], (y * 240 + x) * 4);
  }
  return PNG.sync.write(image);
}

beforeAll(async () => {
  app = await startBrowserApp({ prefix: 'signing', signing: true });
  // The agency trusts its demo root, as an admin does on "Chứng thư gốc tin cậy" (e2e/signatures.test.ts shows that screen).
  const admin = await as('quantri');
  for (const root of await demoRootsMade()) {
    const response = await admin.request.post(`${app.baseUrl}/api/signatures/trusted-roots`, { data: { pem: certificatePem(root) } });
    expect([201, 409]).toContain(response.status());
  }
});
afterAll(async () => app?.close());
afterEach(() => expectNoProblems(app));

describe('keys and images on the "Chữ ký số" screens', () => {
  it('the director opens "Chữ ký số" and sees his demo certificate, marked as demo, and his signature image', async () => {
    const page = await as('giamdoc');
    await page.getByTestId('menu-signing').click();
    await page.waitForURL(/\/signing$/);
    const certificate = page.getByTestId('certificate').first();
    await certificate.waitFor();
    expect(await certificate.getByTestId('certificate-name').innerText()).toBe('Nguyễn Văn Hùng');
    expect(await certificate.getByTestId('certificate-state').innerText()).toBe('Còn hiệu lực');
    expect(await certificate.getByTestId('certificate-demo').innerText()).toBe('Demo — không dùng thật');
    expect(await certificate.getByTestId('certificate-fingerprint').innerText()).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(await certificate.getByTestId('certificate-validity').innerText()).toMatch(/^\d{2}\/\d{2}\/\d{4} – \d{2}\/\d{2}\/\d{4}$/);
    const text = await certificate.innerText();
    expect(text).toContain('Sở Thông tin và Truyền thông tỉnh Điện Biên');
    expect(text).toContain('CA DEMO');
    const image = page.getByTestId('image-signature-img');
    await image.waitFor();
    expect(await image.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(360);
    expect(await image.getAttribute('alt')).toBe('Ảnh chữ ký của Nguyễn Văn Hùng');
    await picture(page, 'director-keys');

    const phone = await app.signIn('giamdoc', PHONE);
    await phone.goto(`${app.baseUrl}/signing`);
    await phone.getByTestId('image-signature-img').waitFor();
    await picture(phone, 'director-keys-phone');
  });

  it('an official adds their signature image and .p12; a white background and a wrong passphrase are refused next to their fields', async () => {
    const page = await as('cv.cntt');
    await page.goto(`${app.baseUrl}/signing`);
    await page.getByTestId('no-certificate').waitFor();
    await page.getByTestId('image-signature-none').waitFor();

    const opaque = path.join(app.tmp, 'chu-ky-nen-trang.png');
    await fsp.writeFile(opaque, strokePng([25, 55, 190], [255, 255, 255, 255]));
    await page.getByTestId('image-signature').locator('input[type=file]').setInputFiles(opaque);
    const refusal = page.getByTestId('image-signature-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('Ảnh không có nền trong suốt');
    await picture(page, 'image-refused');

    const good = path.join(app.tmp, 'chu-ky.png');
    await fsp.writeFile(good, strokePng([25, 55, 190], null));
    await page.getByTestId('image-signature').locator('input[type=file]').setInputFiles(good);
    await page.getByTestId('image-signature-img').waitFor();
    expect(await refusal.count()).toBe(0);

    const now = Date.now();
    const field = (shortName: string, value: string): forge.pki.CertificateField => ({ shortName, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class });
    const root = await issueCertificate({ subject: [field('CN', 'CA thử nghiệm của tỉnh'), field('C', 'VN')], notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 5 * 365 * 86_400_000), ca: true });
    const leaf = await issueCertificate({ subject: [field('CN', 'Đặng Văn Long'), field('O', 'Sở Thông tin và Truyền thông tỉnh Điện Biên'), field('C', 'VN')], notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 365 * 86_400_000), ca: false }, root);
    const p12 = path.join(app.tmp, 'dang-van-long.p12');
    await fsp.writeFile(p12, toPkcs12(leaf, [root.cert], 'Long@2026', 'Đặng Văn Long'));
    const form = page.getByTestId('certificate-upload');
    await form.locator('input[type=file]').setInputFiles(p12);
    await form.getByLabel('Mật khẩu của tệp khóa').fill('sai-mat-khau');
    expect(await form.innerText()).toContain('không được lưu lại');
    await form.getByTestId('p12-submit').click();
    await expect.poll(() => form.innerText()).toContain('Mật khẩu của chứng thư số (tệp khóa PKCS#12) không đúng.');
    await picture(page, 'p12-wrong-passphrase');
    await form.getByLabel('Mật khẩu của tệp khóa').fill('Long@2026');
    await form.getByTestId('p12-submit').click();
    const certificate = page.getByTestId('certificate').first();
    await certificate.waitFor();
    expect(await certificate.getByTestId('certificate-name').innerText()).toBe('Đặng Văn Long');
    expect(await certificate.getByTestId('certificate-demo').count()).toBe(0);
    await picture(page, 'official-keys-added');
  });

  it('the admin sees the agency certificate and seal under Quản trị, and an official\'s keys by picking them', async () => {
    const page = await as('quantri');
    await page.getByTestId('menu-agency-signing').click();
    await page.waitForURL(/\/admin\/signing$/);
    const agency = page.getByTestId('agency-certificates');
    await agency.getByTestId('certificate').first().waitFor();
    expect(await agency.getByTestId('certificate-name').first().innerText()).toBe('Sở Thông tin và Truyền thông tỉnh Điện Biên');
    expect(await agency.getByTestId('certificate-demo').count()).toBe(1);
    const seal = page.getByTestId('image-seal-img');
    await seal.waitFor();
    expect(await seal.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(300);
    // Typed first: the list of officials is longer than the dropdown shows.
    await page.getByLabel('Cán bộ', { exact: true }).fill('Lê Minh');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title^="Lê Minh Tuấn"]').first().click();
    const official = page.getByTestId('official-keys');
    await official.getByTestId('certificate').first().waitFor();
    expect(await official.getByTestId('certificate-name').first().innerText()).toBe('Lê Minh Tuấn');
    await official.getByTestId('image-signature-img').waitFor();
    await picture(page, 'admin-agency-keys');

    const phone = await app.signIn('quantri', PHONE);
    await phone.goto(`${app.baseUrl}/admin/signing`);
    await phone.getByTestId('image-seal-img').waitFor();
    await picture(phone, 'admin-agency-keys-phone');
  });
});

describe('the director signs, the clerk issues, and the issued PDF carries both signatures', () => {
  let id = '';
  const summary = 'V/v triển khai chữ ký số trong cơ quan năm 2026';

  it('an approved draft: the director signs it in the "Ký số" dialog, after a wrong passphrase is refused in words', async () => {
    // The earlier steps through the API with the officials' own sessions (e2e/outgoing.test.ts shows them on screen).
    const drafter = await as('cv.cntt');
    const users = (await (await drafter.request.get(`${app.baseUrl}/api/org/users`)).json() as { items: { id: string; username: string }[] }).items;
    const pdf = await renderSamplePdf({ issuer: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', reference: '          /STTTT-CNTT', issuedOn: '2026-01-05', summary, signer: 'Nguyễn Văn Hùng' });
    const metadata = { documentType: 'official_letter', summary, urgency: 'normal', signerId: users.find((u) => u.username === 'giamdoc')!.id, recipients: [{ kind: 'external', name: 'UBND các huyện' }] };
    const created = await drafter.request.post(`${app.baseUrl}/api/outgoing-documents`, {
      multipart: { metadata: JSON.stringify(metadata), files: { name: 'du-thao.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) } },
    });
    expect(created.status()).toBe(201);
    id = (await created.json() as { id: string }).id;
    await approveThroughChain(app, as, drafter, id);

    const director = await as('giamdoc');
    await director.goto(`${app.baseUrl}/outgoing/${id}`);
    await director.getByTestId('outgoing-page').waitFor();
    await director.getByTestId('action-sign').click();
    const modal = director.locator('.ant-modal:visible').last();
    await modal.waitFor();
    await expect.poll(() => modal.getByTestId('sign-certificate').innerText()).toContain('Nguyễn Văn Hùng');
    await modal.getByTestId('sign-passphrase').fill('KySo@2025');
    await modal.getByTestId('dialog-ok').click();
    await expect.poll(() => modal.getByTestId('error-alert').innerText()).toContain('Mật khẩu của chứng thư số (tệp khóa PKCS#12) không đúng. Văn bản chưa được ký.');
    await picture(director, 'sign-wrong-passphrase', { dialog: true });
    await modal.getByTestId('sign-passphrase').fill(DEMO_KEY_PASSPHRASE);
    await modal.getByTestId('dialog-ok').click();
    await modal.waitFor({ state: 'hidden' });
    await expect.poll(() => director.getByTestId('outgoing-status').first().getAttribute('data-status')).toBe('signed');
    await expect.poll(() => director.getByTestId('signatures').innerText()).toContain('Nguyễn Văn Hùng');
    // The viewer swaps the draft for the signed file and shows it.
    await expect.poll(() => director.getByTestId('pdf-viewer').getAttribute('data-rendered-pages'), { timeout: 60_000 }).not.toBe('0');
    await picture(director, 'signed');
  });

  it('the clerk issues it with the agency passphrase; the viewer shows the number and both images, and the page reports two valid signatures', async () => {
    const clerk = await as('vanthu');
    await clerk.goto(`${app.baseUrl}/outgoing/${id}`);
    await clerk.getByTestId('outgoing-page').waitFor();
    await clerk.getByTestId('action-issue').click();
    const modal = clerk.locator('.ant-modal:visible').last();
    await modal.waitFor();
    const number = (await modal.getByTestId('next-number').innerText()).trim();
    expect(number).toMatch(/^\d+\/STTTT-CNTT$|^\d+\//);
    await modal.getByTestId('agency-passphrase').fill(DEMO_KEY_PASSPHRASE);
    await picture(clerk, 'issue-dialog', { dialog: true });
    await modal.getByTestId('dialog-ok').click();
    await modal.waitFor({ state: 'hidden' });
    await expect.poll(() => clerk.getByTestId('outgoing-status').first().getAttribute('data-status')).toBe('issued');

    // The viewer shows the issued file: the number is on its page (pdf.js's text or form layer).
    const viewer = clerk.getByTestId('pdf-viewer');
    await expect.poll(() => viewer.getAttribute('data-rendered-pages'), { timeout: 60_000 }).not.toBe('0');
    const serial = number.split('/')[0]!;
    await expect.poll(() => viewer.evaluate((el) => [el.textContent ?? '', ...[...el.querySelectorAll('input, textarea')].map((i) => (i as HTMLInputElement).value)].join(' ')), { timeout: 30_000 })
      .toMatch(new RegExp(`(^|\\D)${serial}(\\D|$)`));

    await clerk.getByTestId('verify-signed').click();
    const report = clerk.getByTestId('signature-report');
    await report.waitFor();
    const statuses = await report.getByTestId('signature-status').allInnerTexts();
    expect(statuses).toEqual(['Hợp lệ, có cập nhật sau khi ký', 'Hợp lệ']);
    const text = await report.innerText();
    expect(text).toContain('Nguyễn Văn Hùng');
    expect(text).toContain('Sở Thông tin và Truyền thông tỉnh Điện Biên');
    await picture(clerk, 'issued-signatures');
    // The signer block in the viewer: scroll the page's lower part into view and take it as it is.
    await clerk.locator('.vp-pdf-container').evaluate((el) => el.scrollTo(0, el.scrollHeight * 0.22));
    await clerk.waitForTimeout(800);
    await clerk.getByTestId('pdf-viewer').screenshot({ path: path.join(shotsDir, 'signing-viewer-signer-block.png') });

    // The file itself: poppler's pdfsig checks both signatures; pdftoppm renders the page to look at.
    const file = Buffer.from(await (await clerk.request.get(`${app.baseUrl}/api/outgoing-documents/${id}/signed-pdf`)).body());
    const issued = path.join(app.tmp, 'issued.pdf');
    await fsp.writeFile(issued, file);
    const { stdout } = await run('pdfsig', [issued]).catch((error: { stdout?: string; code?: number }) => ({ stdout: error.stdout ?? '' }));
    console.log(`pdfsig ${path.basename(issued)}:\n${stdout}`);
    expect(stdout.match(/Signature #\d/g)).toHaveLength(2);
    expect(stdout.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
    expect(stdout).toContain('Signer Certificate Common Name: Nguyễn Văn Hùng');
    expect(stdout).toContain('Signer Certificate Common Name: Sở Thông tin và Truyền thông tỉnh Điện Biên');
    const prefix = path.join(shotsDir, 'signing-issued-page');
    await run('pdftoppm', ['-r', '110', '-png', issued, prefix]);
    const rendered = (await fsp.readdir(shotsDir)).filter((f) => f.startsWith('signing-issued-page'));
    expect(rendered.length).toBeGreaterThan(0);
  });
});

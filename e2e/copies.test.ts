// Electronic copies in the browser: the clerk opens an incoming document with a three-page PDF,
// makes a trích sao of page 2 from the "Sao văn bản" dialog (agency passphrase), sees the copy
// listed with its number and signatures, and finds it in the copies register (Sổ sao văn bản).
// Needs the built client (`npm run build` → dist/web). Screenshots go to e2e/screenshots/.
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_KEY_PASSPHRASE } from '../src/server/modules/signatures/demo-ca.js';
import { type BrowserApp, expectNoProblems, startBrowserApp } from './harness.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

describe('electronic copies in the browser', () => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ prefix: 'copies', signing: true });
  });

  afterEach(() => expectNoProblems(app));

  afterAll(async () => {
    await app?.close();
  });

  it('the clerk makes a trích sao of page 2 and sees it on the document and in the copies register', async () => {
    const page = await app.signIn('vanthu');
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.TimesRoman);
    for (let n = 1; n <= 3; n++) doc.addPage([595, 842]).drawText(`Bao cao - trang ${n}`, { x: 72, y: 700, size: 18, font });
    const metadata = { issuer: 'UBND tỉnh Điện Biên', number: '77', notation: 'UBND-VX', issuedOn: '2026-01-02', documentType: 'report', summary: 'Báo cáo tình hình chuyển đổi số quý IV', urgency: 'normal', pageCount: 3 };
    const created = await page.request.post(`${app.baseUrl}/api/incoming-documents`, {
      headers: { Origin: app.baseUrl },
      multipart: { metadata: JSON.stringify(metadata), files: { name: 'bao-cao.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await doc.save()) } },
    });
    expect(created.status(), await created.text()).toBe(201);
    const id = (await created.json()).id as string;

    await page.goto(`${app.baseUrl}/incoming/${id}`);
    const card = page.getByTestId('copies-card');
    await card.getByText('Chưa có bản sao nào.').waitFor();
    await card.getByTestId('action-copy').click();
    const dialog = page.getByTestId('dialog-copy');
    await dialog.getByText('Trích sao', { exact: true }).click();
    await dialog.getByTestId('copy-pages').fill('5-2');
    await dialog.getByTestId('copy-passphrase').fill(DEMO_KEY_PASSPHRASE);
    await dialog.getByTestId('dialog-ok').click();
    await dialog.getByText('khoảng trang phải viết từ trang nhỏ đến trang lớn').waitFor();
    await app.screenshot(page, 'dialog-bad-pages', { dialog: true });
    await dialog.getByTestId('copy-pages').fill('2');
    await app.screenshot(page, 'dialog', { dialog: true });
    await dialog.getByTestId('dialog-ok').click();
    await card.getByTestId('copy-reference').first().waitFor();
    expect(await card.getByTestId('copy-reference').first().innerText()).toBe('Số 01/TrS');
    await app.screenshot(page, 'document-with-copy');
    await card.getByRole('button', { name: 'Chữ ký số 01/TrS' }).click();
    await page.getByTestId('dialog-copy-signatures').getByTestId('signature-report').waitFor();
    await app.screenshot(page, 'copy-signatures', { dialog: true });
    await page.getByTestId('dialog-copy-signatures').getByRole('button', { name: /close|đóng/i }).click();

    await page.getByTestId('menu-copies').click();
    await page.waitForURL(/\/copies$/);
    await page.getByTestId('copies-register-table').getByText('01/TrS').waitFor();
    await app.screenshot(page, 'register');
  });
});

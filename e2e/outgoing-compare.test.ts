// Comparing two versions of a draft in the real web client: a specialist's draft has a revised
// second version; on its page "So sánh" shows both texts side by side, the removed words struck
// through in the old one and the added words underlined in the new one, with the count of each.
// Needs the built client (`npm run build` → dist/web). Pictures go to e2e/screenshots/compare-*.png.
import { Document, Packer, Paragraph } from 'docx';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BrowserApp, DESKTOP, PHONE, startBrowserApp, expectNoProblems } from './harness.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 180_000 });

let app: BrowserApp;
let docId = '';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const docxOf = (...paragraphs: string[]) => Packer.toBuffer(new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph(p)) }] }));

beforeAll(async () => {
  app = await startBrowserApp({ prefix: 'compare' });
});
afterAll(async () => app?.close());

afterEach(() => expectNoProblems(app));

/** Through the API with the page's own session, as the draft form would send it. */
async function upload(page: Page, url: string, fields: Record<string, string>, name: string, content: Buffer) {
  const response = await page.request.post(`${app.baseUrl}${url}`, { multipart: { ...fields, files: { name, mimeType: DOCX_MIME, buffer: content } } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string };
}

async function openCompare(page: Page) {
  await page.goto(`${app.baseUrl}/outgoing/${docId}`);
  await page.getByTestId('compare-versions').click();
  const dialog = page.getByTestId('compare-dialog');
  await dialog.getByTestId('compare-summary').waitFor();
  return dialog;
}

describe('comparing two versions of a draft', () => {
  it('the drafter opens "So sánh": version 1 and 2 side by side, removed words struck through, added words underlined, and how many of each', async () => {
    const page = await app.signIn('cv.cntt', DESKTOP);
    const metadata = { documentType: 'official_letter', summary: 'V/v báo cáo kết quả chuyển đổi số năm 2026', recipients: [{ kind: 'external', name: 'UBND các huyện, thị xã, thành phố' }] };
    ({ id: docId } = await upload(page, '/api/outgoing-documents', { metadata: JSON.stringify(metadata) }, 'du-thao.docx', await docxOf(
      'Kính gửi: Sở Nội vụ tỉnh Điện Biên.',
      'Thực hiện Kế hoạch số 45/KH-UBND, Sở Thông tin và Truyền thông đề nghị các đơn vị báo cáo kết quả chuyển đổi số trước ngày 15 tháng 12 năm 2026.',
      'Nơi nhận: như trên; lưu VT.',
    )));
    await upload(page, `/api/outgoing-documents/${docId}/versions`, { note: 'Sửa theo góp ý' }, 'du-thao-v2.docx', await docxOf(
      'Kính gửi: Sở Tài chính tỉnh Điện Biên.',
      'Thực hiện Kế hoạch số 45/KH-UBND, Sở Thông tin và Truyền thông đề nghị các đơn vị báo cáo đầy đủ kết quả chuyển đổi số trước ngày 20 tháng 12 năm 2026.',
      'Nơi nhận: như trên; lưu VT.',
    ));

    const dialog = await openCompare(page);
    await expect.poll(() => dialog.getByTestId('compare-summary').textContent()).toBe('5 từ thêm, 3 từ bỏ');
    const oldColumn = dialog.getByTestId('compare-old');
    const newColumn = dialog.getByTestId('compare-new');
    expect(await oldColumn.locator('del').allTextContents()).toEqual(['Nội vụ', '15']);
    expect(await newColumn.locator('ins').allTextContents()).toEqual(['Tài chính', 'đầy đủ', '20']);
    // Each column shows only its own changes, and the words kept in both.
    expect(await oldColumn.locator('ins').count()).toBe(0);
    expect(await newColumn.locator('del').count()).toBe(0);
    await expect.poll(() => newColumn.textContent()).toContain('Thực hiện Kế hoạch số 45/KH-UBND');
    // Not by colour alone: the marks are struck through and underlined.
    expect(await oldColumn.locator('del').first().evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through');
    expect(await newColumn.locator('ins').first().evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('underline');
    // Two columns on a desktop.
    const [left, right] = [await oldColumn.boundingBox(), await newColumn.boundingBox()];
    expect(right!.x).toBeGreaterThan(left!.x + left!.width - 1);
    await app.screenshot(page, 'desktop', { dialog: true });
  });

  it('on a phone the two texts are stacked, the old one first', async () => {
    const page = await app.signIn('cv.cntt', PHONE);
    const dialog = await openCompare(page);
    const [old, fresh] = [await dialog.getByTestId('compare-old').boundingBox(), await dialog.getByTestId('compare-new').boundingBox()];
    expect(fresh!.y).toBeGreaterThan(old!.y + old!.height - 1);
    await app.screenshot(page, 'phone', { dialog: true });
  });
});

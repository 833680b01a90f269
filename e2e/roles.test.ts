// Each role of an agency walks the incoming workflow as it now is, in the real web client, on an
// office PC (1366×768) and on a phone (390×844): the clerk registers and submits; the director reads
// the PDF beside the direction and assigns a lead, a coordinator with its own due date and a
// for-information recipient; the coordinator reports an opinion to the lead; the unit head passes the
// work to a specialist; the specialist's result goes back up, is returned once with a reason, then
// confirmed by the unit head and the director; the recipient for information shows "Đã xem" once they
// have read it; the admin deactivates an official only after handing over their work.
// Every screenshot is audited by axe-core and any uncaught page error fails the test (e2e/harness.ts).
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderSamplePdf } from '../src/server/modules/demo/demo.pdf.js';
import { type BrowserApp, DESKTOP, PHONE, type Viewport, pick, startBrowserApp, typeDate, typedDate, expectNoProblems } from './harness.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

let app: BrowserApp;
beforeAll(async () => {
  app = await startBrowserApp({ prefix: 'roles', documents: true });
});
afterEach(() => expectNoProblems(app));
afterAll(async () => app?.close());

async function openDocument(page: Page, summary: string) {
  // The inbox is a table on a PC and a list of cards on a phone: the summary is a link in both.
  await page.getByText(summary, { exact: true }).first().click();
  await page.waitForURL(/\/incoming\/[0-9a-f-]{36}$/);
  await page.getByTestId('document-page').waitFor();
}

async function confirmDialog(page: Page) {
  const dialog = page.locator('.ant-modal:visible');
  await dialog.getByTestId('dialog-ok').click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Fills the text of an action's dialog (result, reason, note) and confirms it. */
async function textAction(page: Page, action: string, label: string, text: string, within?: Locator) {
  await (within ?? page).getByTestId(`action-${action}`).first().click();
  const dialog = page.locator('.ant-modal:visible');
  await dialog.getByLabel(label).fill(text);
  await confirmDialog(page);
}

async function showTab(page: Page, name: RegExp) {
  await page.getByRole('tab', { name }).click();
}

function node(page: Page, role: 'lead' | 'coordinate' | 'info', name: string) {
  return page.locator(`[data-testid="assignment-node"][data-role="${role}"]`).filter({ hasText: name });
}

const sizes: [string, Viewport][] = [
  ['office PC', DESKTOP],
  ['phone', PHONE],
];

describe.each(sizes)('the incoming workflow by role, on an %s', (size, viewport) => {
  const tag = size === 'phone' ? 'phone' : 'pc';
  const summary = `V/v báo cáo chuyển đổi số cấp xã năm 2026 (${size})`;
  const RESULT = `Đã tổng hợp báo cáo của 45 xã, dự thảo công văn trả lời (${size}).`;
  const OPINION = 'Phòng KHTC thống nhất, đề nghị bố trí kinh phí từ nguồn sự nghiệp.';

  it('the clerk registers the document with its PDF and submits it to the director', async () => {
    const pdf = path.join(app.tmp, `bao-cao-${tag}.pdf`);
    const issuedOn = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    await fsp.writeFile(pdf, await renderSamplePdf({ issuer: 'UBND tỉnh Điện Biên', reference: `88/UBND-${tag.toUpperCase()}`, issuedOn, summary, signer: 'Lò Văn Tiến' }));

    const page = await app.signIn('vanthu', viewport);
    await page.goto(`${app.baseUrl}/incoming/new`);
    const form = page.locator('form#register');
    await form.getByLabel('Cơ quan ban hành').fill('UBND tỉnh Điện Biên');
    await form.getByLabel('Số', { exact: true }).fill('88');
    await form.getByLabel('Ký hiệu').fill(`UBND-${tag.toUpperCase()}`);
    await typeDate(page, form, 'Ngày văn bản', typedDate(-3));
    await form.getByLabel('Trích yếu').fill(summary);
    await pick(page, form, 'Độ khẩn', 'Khẩn');
    await typeDate(page, form, 'Hạn xử lý', typedDate(10));
    await form.locator('input[type=file]').setInputFiles(pdf);
    await form.getByText(`bao-cao-${tag}.pdf`).waitFor();
    await app.screenshot(page, `${tag}-clerk-register-form`);
    await page.getByTestId('register-submit').click();
    await page.waitForURL(/\/incoming\/[0-9a-f-]{36}$/);
    await page.getByTestId('document-page').waitFor();
    expect(await page.getByTestId('document-status').first().getAttribute('data-status')).toBe('submitted');
    await app.screenshot(page, `${tag}-clerk-registered`);
  });

  it('the director reads the PDF while directing, and gives the lead, a coordinator with its own due date and an information copy', async () => {
    const page = await app.signIn('giamdoc', viewport);
    await app.screenshot(page, `${tag}-director-inbox`);
    await openDocument(page, summary);
    const firstPage = page.locator('[data-testid="pdf-viewer"] .page[data-loaded="true"]').first();
    await firstPage.waitFor();
    if (viewport === DESKTOP) {
      // On an office PC the first page of the document is in view without scrolling.
      const box = await firstPage.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y).toBeLessThan(viewport.height);
    }
    await page.getByTestId('action-assign').click();
    const panel = page.getByTestId('assign-panel');
    await panel.getByLabel('Ý kiến chỉ đạo').fill('Giao Phòng CNTT chủ trì, Phòng KHTC phối hợp, tham mưu trả lời.');
    await pick(page, panel, 'Chủ trì xử lý', 'Phòng Công nghệ thông tin');
    await typeDate(page, panel, 'Hạn xử lý của người chủ trì', typedDate(7));
    await pick(page, panel, 'Phối hợp', 'Phòng Kế hoạch - Tài chính');
    await page.keyboard.press('Escape'); // closes the still-open multiple choice list
    await typeDate(page, panel.getByTestId('coordinator-dues'), 'Phòng Kế hoạch - Tài chính', typedDate(5));
    await pick(page, panel, 'Nhận để biết', 'Lường Thị Duyên');
    await page.keyboard.press('Escape');
    if (viewport === DESKTOP) expect(await firstPage.isVisible()).toBe(true); // the document stays readable beside the form
    await app.screenshot(page, `${tag}-director-assign-panel`, { dialog: true });
    await panel.getByTestId('dialog-ok').click();
    await panel.waitFor({ state: 'detached' });

    await showTab(page, /Phân công xử lý/);
    await expect.poll(() => node(page, 'coordinate', 'Phòng Kế hoạch - Tài chính').innerText()).toContain(typedDate(5));
    expect(await node(page, 'lead', 'Phòng Công nghệ thông tin').innerText()).toContain(typedDate(7));
    expect(await node(page, 'info', 'Lường Thị Duyên').innerText()).toContain('Chưa xem');
    await app.screenshot(page, `${tag}-director-assigned`);
  });

  it('the recipient for information has nothing to handle, and is shown as having seen it once they read it', async () => {
    const page = await app.signIn('cv.bcvt', viewport);
    await page.goto(`${app.baseUrl}/inbox/info`);
    await openDocument(page, summary);
    await page.locator('[data-testid="pdf-viewer"] .page[data-loaded="true"]').first().waitFor();
    // No workflow action: keeping the document in one of their own case files, giving a colleague a
    // task from it (giao việc) or sharing it in a conversation is all they may do with it.
    const actions = await page.locator('[data-testid^="action-"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')));
    expect(actions.sort()).toEqual(['action-add-to-case-file', 'action-give-task', 'action-share-to-conversation']);
    await app.screenshot(page, `${tag}-info-recipient-document`);

    const director = await app.signIn('giamdoc', viewport);
    await director.goto(page.url());
    await showTab(director, /Phân công xử lý/);
    await expect.poll(() => node(director, 'info', 'Lường Thị Duyên').innerText()).toContain('Đã xem');
  });

  it('the coordinating unit reports its opinion, which the lead sees on its own card', async () => {
    const page = await app.signIn('tp.khtc', viewport);
    await openDocument(page, summary);
    await textAction(page, 'complete', 'Kết quả xử lý', OPINION, page.getByTestId('my-work'));
    await page.getByTestId('my-work').waitFor({ state: 'detached' });
    await app.screenshot(page, `${tag}-coordinator-done`);
  });

  it('the unit head sees the coordinator’s opinion and passes the work to a specialist', async () => {
    const page = await app.signIn('tp.cntt', viewport);
    await openDocument(page, summary);
    await page.getByTestId('my-work').getByTestId('coordinator-opinions').getByText(OPINION).waitFor();
    await page.getByTestId('action-forward').click();
    const panel = page.getByTestId('assign-panel');
    await panel.getByLabel('Ý kiến chỉ đạo').fill('Đồng chí Long tổng hợp, dự thảo văn bản trả lời.');
    await pick(page, panel, 'Người chủ trì (không bắt buộc)', 'Đặng Văn Long');
    await app.screenshot(page, `${tag}-head-forward-panel`, { dialog: true });
    await panel.getByTestId('dialog-ok').click();
    await panel.waitFor({ state: 'detached' });
    await showTab(page, /Phân công xử lý/);
    await node(page, 'lead', 'Đặng Văn Long').waitFor();
  });

  it('the specialist reports a result; the unit head returns it with a reason, which the specialist sees', async () => {
    const specialist = await app.signIn('cv.cntt', viewport);
    await openDocument(specialist, summary);
    await textAction(specialist, 'complete', 'Kết quả xử lý', 'Đã tổng hợp báo cáo của 40 xã.', specialist.getByTestId('my-work'));
    await specialist.getByTestId('my-work').waitFor({ state: 'detached' });

    const head = await app.signIn('tp.cntt', viewport);
    await head.getByTestId('to-confirm-tag').first().waitFor();
    await openDocument(head, summary);
    await head.getByTestId('result-to-confirm').getByText('Đã tổng hợp báo cáo của 40 xã.', { exact: false }).waitFor();
    await app.screenshot(head, `${tag}-head-result-to-confirm`);
    await textAction(head, 'reject_result', 'Lý do trả lại', 'Còn thiếu 5 xã, đề nghị tổng hợp đủ 45 xã.');

    // The returned work waits in the specialist's "Bị trả lại" box, marked as such.
    await specialist.goto(`${app.baseUrl}/inbox/returned`);
    const row = specialist.getByTestId(viewport === DESKTOP ? 'inbox-table' : 'inbox-list').locator(viewport === DESKTOP ? 'tr' : '.ant-list-item').filter({ hasText: summary });
    await row.getByTestId('returned-tag').waitFor();
    expect(await row.getByTestId('returned-tag').innerText()).toBe('Bị trả lại');
    await app.screenshot(specialist, `${tag}-specialist-returned-box`);
    await openDocument(specialist, summary);
    const banner = specialist.getByTestId('sent-back-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('Còn thiếu 5 xã');
    expect(await banner.innerText()).toContain('Lê Minh Tuấn');
    await app.screenshot(specialist, `${tag}-specialist-sent-back`);
    await textAction(specialist, 'complete', 'Kết quả xử lý', RESULT, specialist.getByTestId('my-work'));
    await specialist.getByTestId('my-work').waitFor({ state: 'detached' });
  });

  it('the unit head confirms, then the director: the document completes and the coordinator’s work is closed with its opinion kept', async () => {
    const head = await app.signIn('tp.cntt', viewport);
    await openDocument(head, summary);
    await head.getByTestId('result-to-confirm').getByText(RESULT, { exact: false }).waitFor();
    await head.getByTestId('action-confirm').click();
    await confirmDialog(head);
    await head.getByTestId('action-confirm').waitFor({ state: 'detached' });

    const director = await app.signIn('giamdoc', viewport);
    await openDocument(director, summary);
    await director.getByTestId('result-to-confirm').getByText(RESULT, { exact: false }).waitFor();
    await director.getByTestId('action-confirm').click();
    await confirmDialog(director);
    await director.getByTestId('completed-notice').waitFor();
    expect(await director.getByTestId('document-status').first().getAttribute('data-status')).toBe('completed');
    await showTab(director, /Phân công xử lý/);
    expect(await node(director, 'coordinate', 'Phòng Kế hoạch - Tài chính').innerText()).toContain(OPINION);
    await app.screenshot(director, `${tag}-director-completed`);
  });
});

describe('the admin deactivates an official who holds work', () => {
  it('is shown what they hold and hands it to a successor in the same step', async () => {
    const page = await app.signIn('quantri', DESKTOP);
    await page.getByTestId('menu-users').click();
    const row = page.locator('tr').filter({ hasText: 'Vũ Thị Hoa' });
    await row.getByTestId('user-deactivate').click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.getByTestId('held-work').waitFor();
    await app.screenshot(page, 'admin-deactivate-with-work', { dialog: true });
    await pick(page, dialog, 'Người nhận bàn giao', 'Hoàng Văn Nam');
    await confirmDialog(page);
    await row.getByRole('button', { name: /Mở khóa/ }).waitFor();
    expect(await row.innerText()).toContain('Đã khóa');
    await app.screenshot(page, 'admin-users-after-handover');
  });
});

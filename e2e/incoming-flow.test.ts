// The whole incoming-document flow through the real web client in headless Chromium:
// the clerk registers and submits (and corrects a detail), the director directs and assigns a unit, the unit head
// forwards to a specialist, the specialist records progress and completes.
// Needs the built client (`npm run build` → dist/web). Screenshots go to e2e/screenshots/.
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderSamplePdf } from '../src/server/modules/demo/demo.pdf.js';
import { type BrowserApp, expectNoProblems, typeDate as typeDateInto, pick, startBrowserApp, typedDate } from './harness.js';

const DOC = {
  issuer: 'UBND tỉnh Điện Biên',
  number: '1250',
  notation: 'UBND-KGVX',
  summary: 'V/v triển khai nền tảng họp trực tuyến đến cấp xã năm 2027',
  signer: 'Lò Văn Tiến',
};
const DIRECTION = 'Giao Phòng Công nghệ thông tin chủ trì, tham mưu văn bản trả lời UBND tỉnh.';
const FORWARD_DIRECTION = 'Đề nghị đồng chí Long nghiên cứu, dự thảo văn bản trả lời.';
const NOTE = 'Đã làm việc với VNPT, đang tổng hợp danh sách các xã.';
const RESULT = 'Đã dự thảo Công văn trả lời số 215/STTTT-CNTT, trình lãnh đạo Sở ký ban hành.';

// A browser step on a loaded 2-core machine can take most of a minute: give each one room.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

describe('incoming document, from the clerk to the specialist, in the browser', () => {
  let app: BrowserApp;
  let pdfPath: string;
  let documentUrl = '';

  const signIn = (username: string) => app.signIn(username, { width: 1366, height: 900 });
  /** A full-page picture, or with `dialog` the window as it is (an open modal stays in view); axe audits each. */
  const screenshot = (page: Page, name: string, dialog = false) => app.screenshot(page, name, { dialog });

  /** The harness's date typing, and the field keeps what was typed. */
  async function typeDate(page: Page, scope: Locator | Page, label: string, value: string) {
    await typeDateInto(page, scope, label, value);
    expect(await scope.getByLabel(label, { exact: true }).inputValue()).toBe(value);
  }

  async function openFromInbox(page: Page) {
    await page.getByRole('link', { name: DOC.summary }).click();
    await page.waitForURL(/\/incoming\/[0-9a-f-]{36}$/);
    await page.getByTestId('document-page').waitFor();
  }

  async function confirmDialog(page: Page) {
    const dialog = page.locator('.ant-modal:visible');
    await dialog.getByTestId('dialog-ok').click();
    await dialog.waitFor({ state: 'hidden' });
  }

  /** The direction form is a panel beside the document, not a dialog over it. */
  async function confirmPanel(page: Page) {
    const panel = page.getByTestId('assign-panel');
    await panel.getByTestId('dialog-ok').click();
    await panel.waitFor({ state: 'detached' });
  }

  /** Opens one of the document page's tabs (details, assignments, history, access log). */
  async function showTab(page: Page, name: RegExp) {
    await page.getByRole('tab', { name }).click();
  }

  beforeAll(async () => {
    app = await startBrowserApp({ prefix: 'flow' });
    pdfPath = path.join(app.tmp, `${DOC.number}-${DOC.notation}.pdf`);
    const issuedOn = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    await fsp.writeFile(pdfPath, await renderSamplePdf({ issuer: DOC.issuer, reference: `${DOC.number}/${DOC.notation}`, issuedOn, summary: DOC.summary, signer: DOC.signer }));
  }, 120_000);

  afterEach(() => expectNoProblems(app));

  afterAll(async () => {
    await app?.close();
  });

  it('the clerk registers a document with its PDF and submits it to the director', async () => {
    const page = await signIn('vanthu');
    await screenshot(page, 'clerk-inbox');
    await page.getByTestId('menu-register-new').click();
    await page.waitForURL(/\/incoming\/new$/);
    const form = page.locator('form#register');
    await form.getByLabel('Cơ quan ban hành').fill(DOC.issuer);
    await form.getByLabel('Số', { exact: true }).fill(DOC.number);
    await form.getByLabel('Ký hiệu').fill(DOC.notation);
    await typeDate(page, form, 'Ngày văn bản', typedDate(-2));
    await form.getByLabel('Trích yếu').fill(DOC.summary);
    await form.getByLabel('Người ký').fill(DOC.signer);
    await pick(page, form, 'Độ khẩn', 'Khẩn');
    await form.getByLabel('Số trang').fill('1');
    await typeDate(page, form, 'Hạn xử lý', typedDate(14));
    await form.locator('input[type=file]').setInputFiles(pdfPath);
    await form.getByText(`${DOC.number}-${DOC.notation}.pdf`).waitFor();
    // Submitting to the director right away is the default.
    expect(await form.getByLabel('Trình ngay cho lãnh đạo').isChecked()).toBe(true);
    await form.getByText('Nguyễn Văn Hùng — Giám đốc').waitFor();
    expect(await page.getByTestId('arrival-date').innerText()).toContain('hệ thống tự điền');
    await screenshot(page, 'clerk-register-form');

    await page.getByTestId('register-submit').click();
    await page.waitForURL(/\/incoming\/[0-9a-f-]{36}$/);
    documentUrl = page.url();
    await page.getByText('Đã vào sổ, số đến 1').first().waitFor();
    await page.getByTestId('document-page').waitFor();
    expect(await page.getByTestId('document-status').first().getAttribute('data-status')).toBe('submitted');
    expect(await page.getByTestId('arrival-number').innerText()).toBe('1');
    await screenshot(page, 'clerk-document-registered');

    // Until the director assigns it, the clerk can still correct a detail; the history keeps the old value.
    await page.getByTestId('action-edit').click();
    const dialog = page.locator('.ant-modal:visible');
    expect(await dialog.getByLabel('Trích yếu').inputValue()).toBe(DOC.summary);
    await pick(page, dialog, 'Độ khẩn', 'Thượng khẩn');
    await screenshot(page, 'clerk-correct-dialog', true);
    const patched = page.waitForRequest((request) => request.method() === 'PATCH');
    await confirmDialog(page);
    expect((await patched).postDataJSON()).toEqual({ urgency: 'very_urgent' }); // only what changed
    await page.getByText('Đã lưu thông tin đã sửa').first().waitFor();
    await showTab(page, /Quá trình xử lý/);
    const edited = page.locator('[data-testid="timeline-item"][data-action="edited"]');
    expect(await edited.innerText()).toContain('Độ khẩn: «Khẩn» → «Thượng khẩn»');
    expect(await page.getByTestId('document-status').first().getAttribute('data-status')).toBe('submitted');
    await screenshot(page, 'clerk-document-corrected');

    // The register lists it.
    await page.getByTestId('menu-register').click();
    await page.getByRole('link', { name: DOC.summary }).waitFor();
    await screenshot(page, 'clerk-register');
  });

  it('the director sees the PDF, writes a direction and assigns the IT department as lead', async () => {
    const page = await signIn('giamdoc');
    expect((await page.getByTestId('menu-todo-count').innerText()).trim()).toBe('1');
    await screenshot(page, 'director-inbox');
    await openFromInbox(page);
    expect(page.url()).toBe(documentUrl);
    await page.locator('[data-testid="pdf-viewer"] .page[data-loaded="true"]').first().waitFor();
    await screenshot(page, 'director-document-pdf');

    await page.getByTestId('action-assign').click();
    const dialog = page.getByTestId('assign-panel');
    // The PDF stays in view while the direction is written.
    expect(await page.locator('[data-testid="pdf-viewer"] .page[data-loaded="true"]').first().isVisible()).toBe(true);
    await dialog.getByLabel('Ý kiến chỉ đạo').fill(DIRECTION);
    await pick(page, dialog, 'Chủ trì xử lý', 'Phòng Công nghệ thông tin');
    await typeDate(page, dialog, 'Hạn xử lý của người chủ trì', typedDate(7));
    await screenshot(page, 'director-assign-panel', true);
    await confirmPanel(page);

    await showTab(page, /Phân công xử lý/);
    await page.getByTestId('assignment-tree').getByText('Phòng Công nghệ thông tin').waitFor();
    await page.getByTestId('action-assign').waitFor({ state: 'detached' });
    expect(await page.getByTestId('document-status').first().getAttribute('data-status')).toBe('in_progress');
    await screenshot(page, 'director-assigned');
  });

  it('the head of the IT department forwards it to a specialist', async () => {
    const page = await signIn('tp.cntt');
    await openFromInbox(page);
    await page.getByTestId('my-work').getByText(DIRECTION).waitFor();
    await page.getByTestId('action-forward').click();
    const dialog = page.getByTestId('assign-panel');
    await dialog.getByLabel('Ý kiến chỉ đạo').fill(FORWARD_DIRECTION);
    await pick(page, dialog, 'Người chủ trì (không bắt buộc)', 'Đặng Văn Long');
    await screenshot(page, 'head-forward-panel', true);
    await confirmPanel(page);
    await showTab(page, /Phân công xử lý/);
    await page.getByTestId('assignment-tree').getByText('Đặng Văn Long').waitFor();
    await screenshot(page, 'head-forwarded');
  });

  it('the specialist records progress and reports the result to the unit head', async () => {
    const page = await signIn('cv.cntt');
    await screenshot(page, 'specialist-inbox');
    await openFromInbox(page);

    await page.getByTestId('action-note').click();
    let dialog = page.locator('.ant-modal:visible');
    await dialog.getByLabel('Nội dung tiến độ').fill(NOTE);
    await confirmDialog(page);
    await showTab(page, /Quá trình xử lý/);
    await page.locator('[data-testid="timeline-item"][data-action="progress_noted"]').waitFor();

    await page.getByTestId('action-complete').click();
    dialog = page.locator('.ant-modal:visible');
    await dialog.getByLabel('Kết quả xử lý').fill(RESULT);
    await screenshot(page, 'specialist-complete-dialog', true);
    await confirmDialog(page);

    // The result goes to the unit head for confirmation: nothing left for the specialist to do.
    await showTab(page, /Phân công xử lý/);
    await page.locator('[data-testid="assignment-node"][data-status="awaiting_confirmation"]').first().waitFor();
    expect(await page.getByTestId('my-work').count()).toBe(0);
    expect(await page.getByTestId('document-status').first().getAttribute('data-status')).toBe('in_progress');
    await screenshot(page, 'specialist-result-proposed');
  });

  it('the unit head confirms the result, then the director does: the document is complete and the history tells the whole story', async () => {
    const head = await signIn('tp.cntt');
    await head.getByTestId('to-confirm-tag').first().waitFor();
    await screenshot(head, 'head-inbox-to-confirm');
    await openFromInbox(head);
    await head.getByTestId('result-to-confirm').getByText(RESULT).waitFor();
    await screenshot(head, 'head-result-to-confirm');
    await head.getByTestId('action-confirm').click();
    await confirmDialog(head);
    await head.getByTestId('action-confirm').waitFor({ state: 'detached' });

    const page = await signIn('giamdoc');
    await openFromInbox(page);
    await page.getByTestId('result-to-confirm').getByText(RESULT).waitFor();
    await page.getByTestId('action-confirm').click();
    await confirmDialog(page);
    await page.getByTestId('completed-notice').waitFor();
    expect(await page.getByTestId('document-status').first().getAttribute('data-status')).toBe('completed');
    expect(await page.getByTestId('my-work').count()).toBe(0);

    await showTab(page, /Quá trình xử lý/);
    await page.locator('[data-testid="timeline-item"][data-action="document_completed"]').waitFor();
    const items = page.locator('[data-testid="timeline-item"]');
    const entries = await items.evaluateAll((nodes) => nodes.map((n) => ({ action: n.getAttribute('data-action'), text: (n as HTMLElement).innerText })));
    const find = (action: string) => {
      const entry = entries.find((e) => e.action === action);
      expect(entry, `timeline entry ${action}`).toBeDefined();
      return entry!.text;
    };
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['registered', 'submitted', 'edited', 'assigned', 'forwarded', 'progress_noted', 'completion_proposed', 'completion_confirmed', 'document_completed']),
    );
    expect(find('registered')).toContain('Phạm Thị Lan');
    expect(find('registered')).toContain('Số đến 1');
    expect(find('submitted')).toContain('Trình Nguyễn Văn Hùng');
    expect(find('edited')).toContain('Phạm Thị Lan');
    expect(find('edited')).toContain('Độ khẩn: «Khẩn» → «Thượng khẩn»');
    expect(find('assigned')).toContain('Nguyễn Văn Hùng');
    expect(find('assigned')).toContain(DIRECTION);
    expect(find('assigned')).toContain('Phòng Công nghệ thông tin');
    expect(find('forwarded')).toContain('Lê Minh Tuấn');
    expect(find('forwarded')).toContain('Đặng Văn Long');
    expect(find('progress_noted')).toContain('Đặng Văn Long');
    expect(find('progress_noted')).toContain(NOTE);
    expect(find('completion_proposed')).toContain(RESULT);

    // Views of the document and its file are in the access log, not in the workflow history.
    expect(entries.some((e) => e.action === 'file_viewed')).toBe(false);
    await page.getByRole('tab', { name: /Nhật ký truy cập/ }).click();
    await page.getByTestId('access-log').getByText('Nguyễn Văn Hùng').first().waitFor();
    await page.getByRole('tab', { name: /Quá trình xử lý/ }).click();
    await screenshot(page, 'specialist-completed');
  });
});

// Live notifications in the browser: the director's page, already open, shows a hỏa tốc document
// the clerk registers and submits (the bell's count, the notice, the inbox count) without a reload.
// Also pictures of the new screens: the notifications page, the preferences, the working-day calendar.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderSamplePdf } from '../src/server/modules/demo/demo.pdf.js';
import { type BrowserApp, expectNoProblems, pick, startBrowserApp, typeDate, typedDate } from './harness.js';

const SUMMARY = 'V/v ứng phó khẩn cấp sự cố mất kết nối mạng truyền số liệu chuyên dùng';

// Three officials sign in and the clerk fills a form: on a loaded 2-core machine this takes minutes.
vi.setConfig({ testTimeout: 360_000, hookTimeout: 180_000 });

describe('live notifications in the browser', () => {
  let app: BrowserApp;
  let pdfPath: string;

  beforeAll(async () => {
    app = await startBrowserApp({ prefix: 'notify' });
    pdfPath = path.join(app.tmp, 'hoa-toc.pdf');
    await fsp.writeFile(pdfPath, await renderSamplePdf({ issuer: 'UBND tỉnh Điện Biên', reference: '88/UBND-KT', issuedOn: new Date().toISOString().slice(0, 10), summary: SUMMARY, signer: 'Lò Văn Tiến' }));
  }, 120_000);
  afterEach(() => expectNoProblems(app));
  afterAll(async () => { await app?.close(); });

  it('the clerk registers and submits a hỏa tốc document; the director\'s open page shows it at once, without a reload', async () => {
    const director = await app.signIn('giamdoc');
    await director.getByTestId('notification-bell').waitFor();
    expect(await director.getByTestId('notification-count').locator('.ant-badge-count').count()).toBe(0);
    // Nothing may reload the director's page: a marker on the window would be lost.
    await director.evaluate(() => { (window as unknown as { marker: number }).marker = 42; });

    const clerk = await app.signIn('vanthu');
    await clerk.getByTestId('menu-register-new').click();
    const form = clerk.locator('form#register');
    await form.getByLabel('Cơ quan ban hành').fill('UBND tỉnh Điện Biên');
    await form.getByLabel('Số', { exact: true }).fill('88');
    await form.getByLabel('Ký hiệu').fill('UBND-KT');
    await typeDate(clerk, form, 'Ngày văn bản', typedDate(0));
    await form.getByLabel('Trích yếu').fill(SUMMARY);
    await pick(clerk, form, 'Độ khẩn', 'Hỏa tốc');
    // Hỏa tốc: the rules suggest the due date of the same working day, filled in.
    await clerk.getByTestId('suggested-due-date').getByText('0 ngày làm việc').waitFor();
    expect(await form.getByLabel('Hạn xử lý', { exact: true }).inputValue()).not.toBe('');
    await form.locator('input[type=file]').setInputFiles(pdfPath);
    await form.getByText('hoa-toc.pdf').waitFor();
    await app.screenshot(clerk, 'clerk-register-suggested-due');
    await clerk.getByTestId('register-submit').click();
    await clerk.waitForURL(/\/incoming\/[0-9a-f-]{36}$/);

    // The director's page: the bell and the inbox count change by themselves.
    await director.getByTestId('notification-count').locator('.ant-badge-count').getByText('1').waitFor({ timeout: 30_000 });
    await director.getByTestId('menu-todo-count').getByText('1').waitFor();
    expect(await director.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await director.getByTestId('notification-bell').click();
    const item = director.getByTestId('notification-item').first();
    await item.getByText(`Văn bản Hỏa tốc: ${SUMMARY}`, { exact: false }).waitFor();
    await app.screenshot(director, 'director-bell', { dialog: true });
    await item.locator('button').click();
    await director.waitForURL(/\/incoming\/[0-9a-f-]{36}$/);
    await director.getByTestId('notification-count').locator('.ant-badge-count').waitFor({ state: 'detached' });

    await director.goto(`${app.baseUrl}/notifications`);
    await director.getByTestId('notifications-list').getByText(SUMMARY, { exact: false }).waitFor();
    await app.screenshot(director, 'notifications-page');
    await director.goto(`${app.baseUrl}/notifications/preferences`);
    await director.getByTestId('email-off').waitFor();
    await app.screenshot(director, 'notification-preferences');

    const admin = await app.signIn('quantri');
    await admin.goto(`${app.baseUrl}/admin/calendar`);
    await admin.getByTestId('calendar-days').getByText('Tết Nguyên đán').first().waitFor();
    await app.screenshot(admin, 'admin-calendar');
  });
});

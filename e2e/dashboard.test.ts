// The leader's dashboard in the browser, on the demo agency's documents: the director opens it
// from the menu, sees today's figures and the charts, clicks the overdue number through to the
// tracking register behind it, and downloads the report on handling as a PDF.
// Needs the built client (`npm run build` → dist/web). Screenshots go to e2e/screenshots/.
import fs from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BrowserApp, expectNoProblems, startBrowserApp } from './harness.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

describe("the leader's dashboard in the browser", () => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ prefix: 'dashboard', documents: true });
  });

  afterEach(() => expectNoProblems(app));

  afterAll(async () => {
    await app?.close();
  });

  it('the director sees the dashboard, follows the overdue number to the tracking register, sends a reminder from a row and downloads the report as PDF', async () => {
    const page = await app.signIn('giamdoc');
    await page.getByTestId('menu-dashboard').click();
    await page.waitForURL(/\/dashboard$/);
    await page.getByTestId('dashboard-overdue').waitFor();
    await page.getByText('Văn bản đến và đi theo tuần').waitFor();
    const overdue = Number((await page.getByTestId('dashboard-overdue').locator('.ant-statistic-content-value').innerText()).trim());
    expect(overdue).toBeGreaterThan(0);
    await app.screenshot(page, 'dashboard');

    await page.getByTestId('dashboard-overdue').click();
    await page.waitForURL(/\/tracking\?state=overdue$/);
    const rows = page.getByTestId('tracking-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(Math.min(overdue, 20));
    await expect.poll(() => page.getByTestId('tracking-table').getByText('Quá hạn', { exact: true }).count()).toBe(Math.min(overdue, 20));
    await app.screenshot(page, 'tracking-overdue');

    // Đôn đốc from a row of the tracking register: the same dialog as on the document's assignments.
    await page.getByTestId('tracking-table').getByTestId('remind-button').first().click();
    await page.getByTestId('remind-note').fill('Đề nghị khẩn trương hoàn thành, báo cáo trước thứ Sáu.');
    await app.screenshot(page, 'tracking-remind-dialog');
    await page.getByRole('button', { name: 'Đôn đốc' }).last().click();
    await page.getByText('Đã gửi đôn đốc').waitFor();

    await page.getByTestId('menu-reports').click();
    await page.waitForURL(/\/reports$/);
    await page.getByText('Theo đơn vị chủ trì').waitFor();
    await app.screenshot(page, 'reports');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-handling-pdf').click()]);
    expect(download.suggestedFilename()).toMatch(/^bao-cao-tinh-hinh-giai-quyet-van-ban-den_.*\.pdf$/);
    const file = await download.path();
    expect((await fs.readFile(file)).subarray(0, 5).toString()).toBe('%PDF-');

    await page.getByTestId('menu-statistics').click();
    await page.waitForURL(/\/statistics$/);
    await page.getByText('Tổng số văn bản đến').waitFor();
    await app.screenshot(page, 'statistics');
  });
});

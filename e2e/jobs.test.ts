// Quản trị → Tác vụ nền in the browser: the admin sees the queue (counts per kind of job, the jobs
// waiting, running, failed with their error, done today) and runs a failed job again.
// Needs the built client (`npm run build` → dist/web). Screenshots go to e2e/screenshots/.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { enqueue, type JobQueue, openJobQueue } from '../src/server/modules/jobs/jobs.js';
import { flakyJob } from '../src/server/modules/jobs/jobs.test-jobs.js';
import { type BrowserApp, DESKTOP, expectNoProblems, PHONE, startBrowserApp } from './harness.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

describe('the background-job queue in the browser', () => {
  let app: BrowserApp;
  let extra: JobQueue;
  let failing = true;

  beforeAll(async () => {
    // The demo documents' files are read by the queue's text-extraction jobs as the app starts.
    app = await startBrowserApp({ prefix: 'jobs', documents: true });
    // One more kind of job, worked on the same database, that fails until the test lets it pass.
    extra = await openJobQueue({ database: app.database, definitions: [flakyJob(() => failing, 'Máy chủ thư điện tử không trả lời (ECONNREFUSED 127.0.0.1:25)')], pollingSeconds: 0.5 });
    await extra.startWorkers({ files: app.files });
    await enqueue(app.database.db, 'test.flaky', { label: 'gửi thư thông báo' });
  });

  afterEach(() => expectNoProblems(app));

  afterAll(async () => {
    await extra?.stop();
    await app?.close();
  });

  it('the admin finds the queue under Quản trị, sees the failed job with its error, and runs it again', async () => {
    const page = await app.signIn('quantri', DESKTOP);
    await page.getByTestId('menu-jobs').click();
    await page.waitForURL(/\/admin\/jobs$/);
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('Tác vụ nền');
    const counts = page.getByTestId('jobs-counts');
    await counts.getByText('Đọc nội dung tệp').waitFor();
    // The failed job shows first (the page follows the queue every few seconds).
    await expect.poll(async () => page.getByTestId('job-error').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const failed = page.getByTestId('jobs-failed');
    await failed.getByText('ECONNREFUSED 127.0.0.1:25').waitFor();
    await app.screenshot(page, 'admin-failed');

    failing = false;
    await failed.getByTestId('job-retry').click();
    await page.getByText('Đã đưa tác vụ vào hàng đợi để chạy lại.').first().waitFor();
    await expect.poll(async () => page.getByTestId('jobs-completed').getByText('test.flaky').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByTestId('jobs-completed').getByText('files.extract-text').first().waitFor();
    await app.screenshot(page, 'admin-completed');
  });

  it('the page reads in English too, and fits a phone', async () => {
    const desktop = await app.signIn('quantri', DESKTOP);
    await desktop.goto(`${app.baseUrl}/admin/jobs`);
    await desktop.getByTestId('jobs-counts').getByText('Đọc nội dung tệp').waitFor();
    await desktop.getByTestId('language-switch').getByText('EN').click();
    await expect.poll(() => desktop.getByTestId('page-title').textContent()).toBe('Background jobs');
    await desktop.getByTestId('jobs-counts').getByText('Read the text of a file').waitFor();
    await app.screenshot(desktop, 'admin-english');
    await desktop.getByTestId('language-switch').getByText('VI').click();

    const phone = await app.signIn('quantri', PHONE);
    await phone.goto(`${app.baseUrl}/admin/jobs`);
    await phone.getByTestId('jobs-counts').getByText('Đọc nội dung tệp').waitFor();
    await app.screenshot(phone, 'admin-phone');
  });
});

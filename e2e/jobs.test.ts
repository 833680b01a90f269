// Quản trị → Tác vụ nền in the browser: the admin sees the queue (counts per kind of job, the jobs
// waiting, running, failed with their error, done today) and runs a failed job again. Quản trị → Tệp
// bị cách ly: the files the antivirus holds back (one step: the list at PC and phone width, a rescan).
// Needs the built client (`npm run build` → dist/web). Screenshots go to e2e/screenshots/.
import { sql } from 'kysely';
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
    // A scanner configured where nothing answers, uploads accepted unscanned (CLAMAV_UNAVAILABLE=accept):
    // the quarantine page's rescan is then possible (port 9 is the discard port: nothing listens there).
    app = await startBrowserApp({ prefix: 'jobs', documents: true, env: { CLAMAV_HOST: '127.0.0.1', CLAMAV_PORT: '9', CLAMAV_WAIT_MS: '300', CLAMAV_UNAVAILABLE: 'accept' } });
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

  it('the admin sees the quarantined file with its malware and the file waiting for its scan, with their documents, on a PC and a phone, and has the waiting one scanned now', async () => {
    // Two demo attachments as the antivirus left them: one found infected by a later scan, one accepted unscanned.
    const [first, second] = (await sql<{ file_hash: string; file_name: string; created_by: string; agency_id: string }>`
      SELECT a.file_hash, a.file_name, a.created_by, d.agency_id FROM attachments a JOIN documents d ON d.id = a.document_id
       WHERE d.direction = 'incoming' ORDER BY a.created_at LIMIT 2`.execute(app.database.db)).rows;
    await sql`INSERT INTO file_scans (file_hash, state, signature, agency_id, uploaded_by, file_name, scanned_at)
      VALUES (${first!.file_hash}, 'infected', 'Win.Trojan.Agent-1234567', ${first!.agency_id}, ${first!.created_by}, ${first!.file_name}, now()),
             (${second!.file_hash}, 'unscanned', NULL, ${second!.agency_id}, ${second!.created_by}, ${second!.file_name}, NULL)`.execute(app.database.db);

    const page = await app.signIn('quantri', DESKTOP);
    await page.getByTestId('menu-quarantine').click();
    await page.waitForURL(/\/admin\/quarantine$/);
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('Tệp bị cách ly');
    const list = page.getByTestId('quarantine-list');
    await list.getByText('Win.Trojan.Agent-1234567').waitFor();
    await list.getByText('Chờ quét').waitFor();
    expect(await list.getByTestId('quarantine-document').count()).toBe(2);
    await app.screenshot(page, 'quarantine');
    await page.getByTestId('quarantine-rescan').click();
    await page.getByText('Đã yêu cầu quét ngay 1 tệp đang chờ.', { exact: false }).first().waitFor();

    const phone = await app.signIn('quantri', PHONE);
    await phone.goto(`${app.baseUrl}/admin/quarantine`);
    await phone.getByTestId('quarantine-list').getByText('Win.Trojan.Agent-1234567').waitFor();
    await app.screenshot(phone, 'quarantine-phone');
  });
});

// A real deployment's first start through the web client in headless Chromium: the first
// administrator signs in with the one-time password printed on the console, must set a password of
// their own before anything else, names the agency, and finds the grant in "Nhật ký phân quyền".
// Needs the built client (`npm run build` → dist/web).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import type { OpenedDatabase } from '../src/server/db/database.js';
import { createDiskFileStore } from '../src/server/modules/files/file-store.js';
import { prepareFirstStart } from '../src/server/modules/setup/first-start.js';
import { openTestDatabase } from '../src/server/test-support/test-database.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const webRoot = path.resolve(here, '../dist/web');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';


// A browser step on a loaded 2-core machine can take most of a minute: give each one room.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

describe('the first start of a real deployment, in the browser', () => {
  let tmp: string;
  let database: OpenedDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let oneTimePassword: string;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(webRoot, 'index.html'))) {
      throw new Error('The web client is not built: run `npm run build` (dist/web) before the browser tests.');
    }
    tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'vanphong-e2e-first-'));
    database = await openTestDatabase();
    const files = createDiskFileStore(path.join(tmp, 'files'));
    const config = loadConfig({ DATA_DIR: tmp, DATABASE_URL: 'postgres://stands-for-a-real-deployment/vp', LOG_LEVEL: 'warn', MAX_EVENT_LOOP_DELAY_MS: '0' });
    const { demo, admin } = await prepareFirstStart(config, database.db, files);
    expect(demo).toBeNull();
    oneTimePassword = admin!.password;
    app = await buildApp({ config, db: database.db, files, webRoot });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    baseUrl = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await database?.close().catch(() => undefined);
    if (tmp) await fsp.rm(tmp, { recursive: true, force: true });
  });

  async function fillPasswords(page: Page, current: string, next: string) {
    const card = page.getByTestId('first-password-card');
    await card.getByLabel('Mật khẩu hiện tại').fill(current);
    await card.getByLabel('Mật khẩu mới', { exact: true }).fill(next);
    await card.getByLabel('Nhập lại mật khẩu mới').fill(next);
    await page.getByTestId('first-password-submit').click();
  }

  it('the administrator sets a password of their own first, then names the agency and sees the grant', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${baseUrl}/admin/users`);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(oneTimePassword);
    await page.getByTestId('login-submit').click();

    // Nothing but the password screen, wherever the administrator was going.
    await page.getByTestId('first-password-card').waitFor();
    expect(await page.getByTestId('menu-users').count()).toBe(0);
    await fillPasswords(page, oneTimePassword, oneTimePassword);
    await page.getByText('Mật khẩu mới phải khác mật khẩu hiện tại').waitFor();
    await fillPasswords(page, oneTimePassword, 'QuanTri@2027');
    await page.getByTestId('menu-users').waitFor();
    await page.waitForURL(/\/admin\/users$/);

    await page.getByTestId('menu-agency').click();
    await page.getByLabel('Tên cơ quan').fill('Sở Tư pháp tỉnh Lai Châu');
    await page.getByLabel('Tên viết tắt').fill('STP');
    await page.getByTestId('agency-save').click();
    await page.getByTestId('agency-name').filter({ hasText: 'Sở Tư pháp tỉnh Lai Châu' }).waitFor();

    await page.getByTestId('menu-role-log').click();
    await page.getByText('Hệ thống (khởi tạo)').waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});

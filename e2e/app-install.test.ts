// VanPhong as an installable app, in the real browser: the web app manifest and its icons, the
// service worker that keeps the shell and the hashed assets for fast repeat visits, never an /api/
// answer in Cache Storage, and nothing of the official left there after sign-out.
// Needs the built client (`npm run build` → dist/web).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import type { OpenedDatabase } from '../src/server/db/database.js';
import { DEMO_PASSWORD } from '../src/server/modules/demo/demo.data.js';
import { seedDemoIfEmpty } from '../src/server/modules/demo/demo.seed.js';
import { createDiskFileStore } from '../src/server/modules/files/file-store.js';
import { openTestDatabase } from '../src/server/test-support/test-database.js';
import { launchChromium } from './chromium.js';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/web');

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

interface CachedEntry { cache: string; path: string }

/** Every entry of Cache Storage in the page's origin: which cache, which address. */
function cacheEntries(page: Page): Promise<CachedEntry[]> {
  return page.evaluate(async () => {
    const entries: { cache: string; path: string }[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) entries.push({ cache: name, path: new URL(request.url).pathname });
    }
    return entries;
  });
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('installable app with a service worker', () => {
  let tmp: string;
  let database: OpenedDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  const pageProblems: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(webRoot, 'index.html'))) {
      throw new Error('The web client is not built: run `npm run build` (dist/web) before the browser tests.');
    }
    tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'vanphong-e2e-app-'));
    database = await openTestDatabase();
    const files = createDiskFileStore(path.join(tmp, 'files'));
    const config = loadConfig({ DATA_DIR: tmp, SEED_DEMO: 'false', LOG_LEVEL: 'warn', MAX_EVENT_LOOP_DELAY_MS: '0' });
    await seedDemoIfEmpty(database.db, files, { documents: false });
    app = await buildApp({ config, db: database.db, files, webRoot });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    // 127.0.0.1 is a secure context: service workers run on it without HTTPS.
    baseUrl = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await database?.close().catch(() => undefined);
    if (tmp) await fsp.rm(tmp, { recursive: true, force: true });
  });

  it('serves a valid web app manifest with its icons, linked from the page', async () => {
    const html = await (await fetch(`${baseUrl}/inbox/todo`)).text();
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest"');
    expect(html).toMatch(/<meta name="theme-color" content="#[0-9a-f]{6}"/);
    const response = await fetch(`${baseUrl}/manifest.webmanifest`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/manifest\+json/);
    const manifest = await response.json() as { name: string; short_name: string; start_url: string; display: string; theme_color: string; icons: { src: string; sizes: string; type: string; purpose: string }[] };
    expect(manifest).toMatchObject({ name: 'VanPhong – Văn phòng điện tử', short_name: 'VanPhong', start_url: '/inbox/todo', display: 'standalone' });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
    for (const [size, purpose] of [[192, 'any'], [512, 'any'], [192, 'maskable'], [512, 'maskable']] as const) {
      const icon = manifest.icons.find((i) => i.sizes === `${size}x${size}` && i.purpose === purpose && i.type === 'image/png');
      expect(icon, `${size} ${purpose}`).toBeDefined();
      const png = await fetch(`${baseUrl}${icon!.src}`);
      expect(png.headers.get('content-type')).toBe('image/png');
      expect(pngSize(Buffer.from(await png.arrayBuffer()))).toEqual([size, size]);
    }
  });

  it('the service worker controls the page, serves a repeat visit from its cache, never keeps /api/, and sign-out leaves nothing of the user', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      page.on('pageerror', (error) => pageProblems.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy|Refused to|service worker/i.test(message.text())) pageProblems.push(message.text());
      });

      await page.goto(`${baseUrl}/login`);
      await page.getByLabel('Tên đăng nhập').fill('vanthu');
      await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(/\/inbox\/todo$/);
      await page.getByTestId('page-title').waitFor();

      // Installed and active; a page opened before the worker activated is claimed by it.
      const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
      expect(scope).toBe(`${baseUrl}/`);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

      // A repeat visit: every script and style of the page comes from the worker's cache.
      const fromWorker: string[] = [];
      const fromNetwork: string[] = [];
      page.on('response', (response) => {
        const url = new URL(response.url());
        if (url.pathname.startsWith('/assets/')) (response.fromServiceWorker() ? fromWorker : fromNetwork).push(url.pathname);
      });
      await page.goto(`${baseUrl}/inbox/todo`);
      await page.getByTestId('page-title').waitFor();
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      expect(fromWorker.length).toBeGreaterThan(0);
      expect(fromWorker.some((p) => p.endsWith('.js'))).toBe(true);
      expect(fromWorker.some((p) => p.endsWith('.css'))).toBe(true);
      expect(fromNetwork).toEqual([]);

      // The register page's code (a lazily loaded page) is kept too once opened; its data never is.
      await page.getByTestId('menu-register').click();
      await page.waitForURL(/\/incoming$/);
      await page.getByTestId('page-title').waitFor();
      // The worker stores what it fetched after answering the page: wait for it rather than race it.
      await expect.poll(async () => (await cacheEntries(page)).some((e) => /\/assets\/RegisterListPage-.*\.js$/.test(e.path)), { timeout: 15_000 }).toBe(true);
      const entries = await cacheEntries(page);
      expect(entries.map((e) => e.path)).toEqual(expect.arrayContaining(['/index.html', '/manifest.webmanifest']));
      expect(entries.filter((e) => e.path.startsWith('/api/'))).toEqual([]);
      expect(new Set(entries.map((e) => e.cache)).size).toBe(1);

      // What some other code could have cached about the official (a runtime cache, an /api/
      // answer put into the shell's cache) is gone after sign-out too.
      const shellCache = entries[0]!.cache;
      await page.evaluate(async (shell) => {
        await (await caches.open('runtime-data')).put('/api/inbox?box=todo', new Response('{"items":[]}'));
        await (await caches.open(shell)).put('/api/auth/me', new Response('{"username":"vanthu"}'));
      }, shellCache);
      expect((await cacheEntries(page)).filter((e) => e.path.startsWith('/api/'))).toHaveLength(2);

      await page.getByTestId('user-menu').click();
      await page.getByTestId('menu-sign-out').click();
      await page.waitForURL(/\/login$/);
      const after = await cacheEntries(page);
      expect(after.filter((e) => e.path.startsWith('/api/'))).toEqual([]);
      expect([...new Set(after.map((e) => e.cache))]).toEqual([shellCache]);
      // The shell is still there for the next sign-in, and it knows nobody: the inbox asks to sign in.
      expect(after.some((e) => e.path === '/index.html')).toBe(true);
      await page.goto(`${baseUrl}/inbox/todo`);
      await page.waitForURL(/\/login$/);
      expect(pageProblems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

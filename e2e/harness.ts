// What every browser test shares: the real server on a fresh database with the demo agency, a real
// Chromium, sign-in as a demo official at an office PC's or a phone's size, and three checks that run
// without a test asking for them — no uncaught script error, nothing refused by the Content-Security-
// Policy, and no axe-core violation (WCAG 2.1 AA) on any screen a test takes a picture of.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import type { OpenedDatabase } from '../src/server/db/database.js';
import { DEMO_PASSWORD } from '../src/server/modules/demo/demo.data.js';
import { seedDemoIfEmpty } from '../src/server/modules/demo/demo.seed.js';
import { type FileStore, createDiskFileStore } from '../src/server/modules/files/file-store.js';
import { vaultFor } from '../src/server/modules/signatures/keys.js';
import { openTestDatabase } from '../src/server/test-support/test-database.js';
import { queueFor } from '../src/server/modules/jobs/jobs.js';
import { launchChromium } from './chromium.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const webRoot = path.resolve(here, '../dist/web');
export const shotsDir = path.join(here, 'screenshots');
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** An ordinary office PC's screen and a common phone's. */
export const DESKTOP = { width: 1366, height: 768 } as const;
export const PHONE = { width: 390, height: 844 } as const;
export type Viewport = { width: number; height: number };

export interface BrowserApp {
  baseUrl: string;
  tmp: string;
  database: OpenedDatabase;
  files: FileStore;
  browser: Browser;
  /** Script errors, CSP refusals and accessibility violations seen so far; tests expect it empty. */
  problems: string[];
  /** A new browser context (its own cookies) signed in as a demo official. */
  signIn(username: string, viewport?: Viewport): Promise<Page>;
  /** A new signed-out page at the given size. */
  newPage(viewport?: Viewport, label?: string): Promise<Page>;
  /** Takes a picture into e2e/screenshots/<prefix>-NN-name.png and audits the screen with axe-core. */
  screenshot(page: Page, name: string, options?: { dialog?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export interface BrowserAppOptions {
  /** Prefix of this test file's screenshots. */
  prefix: string;
  /** Seed the demo documents too (default: only the agency, its units and officials). */
  documents?: boolean;
  /** Seed the demo certificate authority too: certificates and signature images of the leaders, the agency's certificate and seal. */
  signing?: boolean;
  /** More settings for the app, as environment variables (e.g. CLAMAV_HOST). */
  env?: Record<string, string>;
}

export async function startBrowserApp(options: BrowserAppOptions): Promise<BrowserApp> {
  if (!fs.existsSync(path.join(webRoot, 'index.html'))) {
    throw new Error('The web client is not built: run `npm run build` (dist/web) before the browser tests.');
  }
  await fsp.mkdir(shotsDir, { recursive: true });
  for (const old of await fsp.readdir(shotsDir)) if (old.startsWith(`${options.prefix}-`)) await fsp.rm(path.join(shotsDir, old), { force: true });
  const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), `vanphong-e2e-${options.prefix}-`));
  const database = await openTestDatabase(); // PGlite, or a fresh database on DATABASE_URL
  const files = createDiskFileStore(path.join(tmp, 'files'));
  // Load shedding is for users, not for a test on a loaded CI machine: no event-loop check, and a
  // request may wait a minute for the database (as in test-app.ts) instead of 5 s before a 503.
  const config = loadConfig({ DATA_DIR: tmp, SEED_DEMO: 'false', LOG_LEVEL: 'warn', MAX_EVENT_LOOP_DELAY_MS: '0', DB_CONNECT_TIMEOUT_MS: '60000', ...options.env });
  // The app's vault is the one of its data directory, so the keys seeded here open in the app.
  await seedDemoIfEmpty(database.db, files, { documents: options.documents ?? false, vault: options.signing ? await vaultFor(tmp) : undefined });
  // The database's job queue works its jobs as on a real server (conversions, text extraction).
  const jobs = queueFor(database.db);
  await jobs.startWorkers({ files });
  const app: FastifyInstance = await buildApp({ config, db: database.db, files, webRoot });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  let shot = 0;

  async function newPage(viewport: Viewport = DESKTOP, label = 'guest'): Promise<Page> {
    // Reduced motion, as an official can ask of their system: no dialog or menu is caught half-open
    // (a click landing during an animation was the main source of flaky steps on a loaded machine).
    const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', isMobile: viewport.width < 600, hasTouch: viewport.width < 600, reducedMotion: 'reduce' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (error) => problems.push(`${label}: uncaught ${error.name}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to|Uncaught/i.test(message.text())) problems.push(`${label}: ${message.text()}`);
    });
    return page;
  }

  /**
   * Signs in through the API with the page's own cookie jar, then opens the inbox: the login form
   * is tested where it is the subject (first-start, accessibility), and typing it in every test cost
   * a page load and seconds per official on a loaded machine.
   */
  async function signIn(username: string, viewport: Viewport = DESKTOP): Promise<Page> {
    const page = await newPage(viewport, username);
    const response = await page.request.post(`${baseUrl}/api/auth/login`, { data: { username, password: DEMO_PASSWORD } });
    if (!response.ok()) throw new Error(`sign-in of ${username}: ${response.status()} ${await response.text()}`);
    await page.goto(`${baseUrl}/inbox/todo`);
    await page.getByTestId('page-title').waitFor();
    return page;
  }

  async function screenshot(page: Page, name: string, shotOptions: { dialog?: boolean } = {}) {
    shot += 1;
    const file = `${options.prefix}-${String(shot).padStart(2, '0')}-${name}.png`;
    if (!shotOptions.dialog) await page.evaluate(() => window.scrollTo(0, 0));
    // Animations run to their end first: a modal caught fading in is half transparent, to the eye and to axe's contrast check.
    await page.screenshot({ path: path.join(shotsDir, file), fullPage: !shotOptions.dialog, animations: 'disabled' });
    for (const violation of await axeViolations(page)) problems.push(`${file}: ${violation}`);
  }

  async function close() {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    await fsp.rm(tmp, { recursive: true, force: true });
  }

  return { baseUrl, tmp, database, files, browser, problems, signIn, newPage, screenshot, close };
}

/** After each browser step: the uncaught errors, CSP refusals and accessibility faults it caused, printed, and none expected. */
export async function expectNoProblems(app: BrowserApp) {
  // An unhandled rejection reaches the page a moment after the click that caused it.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const found = app.problems.splice(0);
  if (found.length) console.log(found.join('\n'));
  expect(found).toEqual([]);
}

/** A JSON call to the API as the official signed in on `page` (same cookies); fails the test on an error answer. */
export async function apiCall(app: BrowserApp, page: Page, method: 'GET' | 'POST', url: string, data?: object) {
  const response = await page.request.fetch(`${app.baseUrl}${url}`, { method, ...(data ? { data } : {}) });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return response.json();
}

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(async () => {
    // axe is a global the script tag above defines; the page's own types do not know it.
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[]; html: string }[] }[] }> } }).axe;
    const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)}`).join(', ')}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ''}`);
  });
  return results;
}

/** Opens an antd Select by its label and picks the option whose title starts with `text`. */
export async function pick(page: Page, scope: Locator | Page, label: string, text: string) {
  await scope.getByLabel(label, { exact: true }).click();
  const dropdown = page.locator('.ant-select-dropdown:visible').first();
  const option = dropdown.locator(`.ant-select-item-option[title^="${text}"]`).first();
  // On a loaded machine a click can land while the list is still animating in and be lost:
  // try again until the option is chosen; a list left open closes with the next click elsewhere.
  for (let attempt = 0; attempt < 3; attempt++) {
    await option.click();
    if (await dropdown.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false)) return;
    if (await option.evaluate((el) => el.classList.contains('ant-select-item-option-selected')).catch(() => true)) return;
  }
  throw new Error(`could not choose "${text}" in "${label}"`);
}

/** Types a date into an antd DatePicker found by its label; leaving the field commits it (Enter would submit the form). */
export async function typeDate(page: Page, scope: Locator | Page, label: string, value: string) {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(value);
  await input.evaluate((element) => (element as HTMLInputElement).blur());
  await page.locator('.ant-picker-dropdown:visible').first().waitFor({ state: 'hidden' });
}

/** dd/mm/yyyy, `days` from today in Vietnam time, as typed into the date pickers. */
export function typedDate(days: number): string {
  const d = new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

/** Submits a draft through the API with the drafter's session and has each holder of its chain approve it, each with their own page. */
export async function approveThroughChain(app: BrowserApp, as: (username: string) => Promise<Page>, drafter: Page, id: string) {
  const usernameOf = new Map((await (await drafter.request.get(`${app.baseUrl}/api/org/users`)).json() as { items: { id: string; username: string }[] }).items.map((u) => [u.id, u.username]));
  expect((await drafter.request.post(`${app.baseUrl}/api/outgoing-documents/${id}/submit`, { data: {} })).status()).toBe(200);
  for (let step = 0; step < 10; step++) {
    const doc = await (await drafter.request.get(`${app.baseUrl}/api/outgoing-documents/${id}`)).json() as { status: string; steps: { status: string; holder: { id: string } }[] };
    if (doc.status === 'approved') return;
    const holder = await as(usernameOf.get(doc.steps.find((s) => s.status === 'current')!.holder.id)!);
    expect((await holder.request.post(`${app.baseUrl}/api/outgoing-documents/${id}/approve`, { data: {} })).status()).toBe(200);
  }
  throw new Error('the chain did not end');
}

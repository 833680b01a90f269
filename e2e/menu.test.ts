// The side menu of each demo role: every item it shows opens a screen the server lets that official
// use (no request of the screen is refused 403), and the items of screens they cannot use are not
// shown at all (the server refuses them anyway). Screenshots of each role's whole menu go to
// e2e/screenshots/menu-*.png. Needs the built client (`npm run build` → dist/web).
import type { Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BrowserApp, expectNoProblems, startBrowserApp } from './harness.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 180_000 });

let app: BrowserApp;
beforeAll(async () => {
  app = await startBrowserApp({ prefix: 'menu' });
});
afterEach(() => expectNoProblems(app));
afterAll(async () => app?.close());

const INBOX = ['menu-todo', 'menu-in_progress', 'menu-returned', 'menu-overdue', 'menu-info', 'menu-done'];
const OUTGOING_ALL = ['menu-outgoing-new', 'menu-outgoing-mine', 'menu-outgoing-consult', 'menu-outgoing-received'];
const TRACKING = ['menu-tracking', 'menu-reports', 'menu-statistics'];
const RECORDS = ['menu-case-files', 'menu-file-plan'];
const ARCHIVE = [...RECORDS, 'menu-archive', 'menu-record-statistics'];
const COLLABORATION = ['menu-messages', 'menu-tasks', 'menu-meetings', 'menu-my-calendar', 'menu-work-schedule', 'menu-surveys'];

/** What each demo official's side menu holds, in order. */
const EXPECTED: Record<string, string[]> = {
  vanthu: [...INBOX, 'menu-register', 'menu-register-new', 'menu-outgoing-new', 'menu-outgoing-mine', 'menu-outgoing-consult', 'menu-outgoing-received', 'menu-outgoing-to_issue', 'menu-outgoing-issued',
    'menu-dashboard', ...TRACKING, 'menu-exchange-received', 'menu-exchange-sent', 'menu-copies', ...ARCHIVE, ...COLLABORATION, 'menu-signing'],
  giamdoc: ['menu-dashboard', ...INBOX, 'menu-register', 'menu-outgoing-new', 'menu-outgoing-review', 'menu-outgoing-mine', 'menu-outgoing-consult', 'menu-outgoing-received', 'menu-outgoing-issued',
    ...TRACKING, 'menu-exchange-sent', 'menu-copies', ...ARCHIVE, ...COLLABORATION, 'menu-delegations', 'menu-supervision', 'menu-signing', 'menu-role-log'],
  phogiamdoc: ['menu-dashboard', ...INBOX, 'menu-register', 'menu-outgoing-new', 'menu-outgoing-review', 'menu-outgoing-mine', 'menu-outgoing-consult', 'menu-outgoing-received', 'menu-outgoing-issued',
    ...TRACKING, 'menu-exchange-sent', 'menu-copies', ...RECORDS, ...COLLABORATION, 'menu-delegations', 'menu-supervision', 'menu-signing', 'menu-role-log'],
  'tp.cntt': [...INBOX, 'menu-register', 'menu-outgoing-new', 'menu-outgoing-review', 'menu-outgoing-mine', 'menu-outgoing-consult', 'menu-outgoing-received',
    'menu-dashboard', ...TRACKING, ...RECORDS, ...COLLABORATION, 'menu-delegations', 'menu-signing'],
  'cv.cntt': [...INBOX, 'menu-register', ...OUTGOING_ALL, ...RECORDS, ...COLLABORATION, 'menu-signing'],
  quantri: [...INBOX, 'menu-register', ...OUTGOING_ALL, ...RECORDS, ...COLLABORATION, 'menu-delegations', 'menu-signing',
    'menu-units', 'menu-users', 'menu-chains', 'menu-agency', 'menu-directory', 'menu-agency-signing', 'menu-trusted-roots', 'menu-role-log', 'menu-jobs', 'menu-quarantine', 'menu-calendar'],
};

async function menuItems(page: Page): Promise<string[]> {
  const sider = page.locator('.ant-layout-sider');
  await sider.getByTestId('menu-todo').waitFor();
  const ids = await sider.locator('[data-testid^="menu-"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid') ?? ''));
  return ids.filter((id) => !id.endsWith('-count'));
}

/**
 * Waits until the screen's API requests have all ended and none started for 250 ms (the live stream,
 * which never ends, aside), or 2 s at most: a fixed second per item cost minutes, and a counter that
 * waited without a bound once hung on a request that never reported its end.
 */
function quietNetwork(page: Page): () => Promise<void> {
  const pending = new Set<Request>();
  page.on('request', (request) => {
    const url = request.url();
    if (url.includes('/api/') && !url.includes('/stream')) pending.add(request);
  });
  const ended = (request: Request) => { pending.delete(request); };
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  return async () => {
    const deadline = Date.now() + 2000;
    let quietSince = Date.now();
    while (Date.now() < deadline) {
      if (pending.size) quietSince = Date.now();
      else if (Date.now() - quietSince >= 250) return;
      await page.waitForTimeout(50);
    }
  };
}

describe('the side menu by role', () => {
  for (const [username, expected] of Object.entries(EXPECTED)) {
    it(`shows ${username} only the screens they may use, and each opens without a refusal`, async () => {
      const page = await app.signIn(username);
      const refused: string[] = [];
      page.on('response', (response) => {
        if (response.status() === 403 && response.url().includes('/api/')) refused.push(`${response.request().method()} ${new URL(response.url()).pathname}`);
      });
      const settled = quietNetwork(page);
      const items = await menuItems(page);
      await app.screenshot(page, username.replace('.', '-'));
      expect(items).toEqual(expected);
      for (const item of items) {
        await page.locator('.ant-layout-sider').getByTestId(item).click();
        await page.locator('#main h1').first().waitFor();
        await settled();
        expect(refused, `${username} → ${item}`).toEqual([]);
      }
    });
  }
});

// Two app servers behind HAProxy (deploy/haproxy.cfg) on one PostgreSQL, started by
// scripts/two-servers.ts: what works on one server works on two — a session opened through the
// balancer is valid on both servers, a file uploaded to one is read on the other, jobs run once,
// arrival numbers issued by both at once have no gap and no duplicate, and a notice made on one server
// reaches a browser whose live stream is held by the other. Skips itself without haproxy or PostgreSQL.
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/modules/demo/demo.data.js';
import { renderSamplePdf } from '../src/server/modules/demo/demo.pdf.js';
import { multipartBody } from '../src/server/test-support/test-app.js';
import { startTopology, type Topology, unavailable } from '../scripts/two-servers.js';
import { launchChromium } from './chromium.js';

// The tests themselves take well under a minute; starting two servers on a fresh database (migrations,
// demo agency) takes 30 s on a quiet machine and minutes on a loaded one.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 900_000 });

const missing = await unavailable();
if (missing) console.warn(`e2e/two-servers.test.ts skipped: ${missing}`);
const PORT = Number(process.env.TWO_SERVERS_PORT ?? 3110);

describe.skipIf(Boolean(missing))('two app servers behind a load balancer', () => {
  let topology: Topology;
  let browser: Browser;
  let pdf: Buffer;
  let serial = 0;

  beforeAll(async () => {
    [topology, browser, pdf] = await Promise.all([
      startTopology({ port: PORT, demo: true, build: false }),
      launchChromium(),
      renderSamplePdf({ issuer: 'UBND tỉnh Điện Biên', reference: '9/UBND-KT', issuedOn: '2026-11-20', summary: 'V/v hai máy chủ', signer: 'Lò Văn Tiến' }).then((bytes) => Buffer.from(bytes)),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await topology?.stop();
  });

  async function signIn(username: string) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${topology.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    const session = (await context.cookies()).find((c) => c.name === 'vp_session');
    expect(session?.httpOnly).toBe(true);
    return { context, page, cookie: `vp_session=${session!.value}` };
  }

  async function register(server: string, cookie: string, extra: Record<string, unknown> = {}) {
    const n = ++serial;
    const metadata = { issuer: 'Sở Nội vụ tỉnh Điện Biên', number: String(500 + n), notation: 'SNV-TCBC', issuedOn: '2026-11-20', documentType: 'official_letter', summary: `V/v biên chế năm 2027 (${n})`, ...extra };
    const { payload, contentType } = await multipartBody({ metadata: JSON.stringify(metadata) }, [{ name: `bien-che-${n}.pdf`, content: Buffer.concat([pdf, Buffer.from(`%${n}`)]), type: 'application/pdf' }]);
    const answer = await fetch(`${server}/api/incoming-documents`, { method: 'POST', headers: { cookie, 'content-type': contentType }, body: payload });
    const body = await answer.json() as { id: string; arrivalNumber: number };
    expect(answer.status, JSON.stringify(body)).toBe(201);
    return body;
  }

  it('a session opened through the balancer works on both servers; a file uploaded to one is read on the other; numbers issued by both at once have no gap; each job runs once', async () => {
    const [app1, app2] = topology.servers;
    const clerk = await signIn('vanthu');
    for (const server of [app1, app2]) {
      const me = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: clerk.cookie } });
      expect(me.status).toBe(200);
    }
    // The balancer's answers come from both servers in turn (round robin): the session holds on each.
    for (let i = 0; i < 4; i++) expect((await fetch(`${topology.url}/api/auth/me`, { headers: { cookie: clerk.cookie } })).status).toBe(200);

    // Uploaded to server 1, opened on server 2 (and through the balancer, in the browser).
    const created = await register(app1.url, clerk.cookie);
    const detail = await (await fetch(`${app2.url}/api/incoming-documents/${created.id}`, { headers: { cookie: clerk.cookie } })).json() as { attachments: { id: string; fileName: string }[] };
    const file = await fetch(`${app2.url}/api/incoming-documents/${created.id}/attachments/${detail.attachments[0]!.id}`, { headers: { cookie: clerk.cookie } });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.concat([pdf, Buffer.from(`%${serial}`)]))).toBe(true);
    await clerk.page.goto(`${topology.url}/incoming/${created.id}`);
    await clerk.page.getByText(detail.attachments[0]!.fileName).first().waitFor();

    // Twenty registrations at once, half on each server: twenty consecutive arrival numbers.
    const numbers = (await Promise.all(Array.from({ length: 20 }, (_, i) => register((i % 2 ? app2 : app1).url, clerk.cookie)))).map((d) => d.arrivalNumber);
    const sorted = [...numbers, created.arrivalNumber].sort((a, b) => a - b);
    expect(new Set(sorted).size).toBe(21);
    expect(sorted.at(-1)! - sorted[0]!).toBe(20);

    // Each registration's text extraction ran once, on one of the servers: completed at the first try, one text per file.
    const client = new pg.Client({ connectionString: topology.databaseUrl });
    await client.connect();
    try {
      const deadline = Date.now() + 60_000;
      let jobs: { state: string; retry_count: number }[] = [];
      while (Date.now() < deadline) {
        jobs = (await client.query<{ state: string; retry_count: number }>(`SELECT state::text AS state, retry_count FROM pgboss.job WHERE name = 'files.extract-text' AND created_on > now() - interval '10 minutes'`)).rows;
        if (jobs.length >= 21 && jobs.every((j) => j.state === 'completed')) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(jobs.filter((j) => j.state === 'completed').length).toBeGreaterThanOrEqual(21);
      expect(jobs.every((j) => j.state === 'completed' && j.retry_count === 0)).toBe(true);
      const texts = await client.query<{ done: number }>(`SELECT count(*)::int AS done FROM file_texts WHERE status = 'done' AND file_hash IN (SELECT file_hash FROM attachments WHERE file_name LIKE 'bien-che-%')`);
      expect(texts.rows[0]!.done).toBeGreaterThanOrEqual(21);
    } finally {
      await client.end();
    }
    await clerk.context.close();
  });

  it('a notice made on one server reaches at once a browser whose live stream is held by the other', async () => {
    const [app1, app2] = topology.servers;
    const director = await signIn('giamdoc');
    // The director's page is served by server 2 (the session cookie is the same: cookies ignore the port).
    await director.page.goto(`${app2.url}/`);
    await director.page.getByTestId('notification-bell').waitFor();
    // The demo director has unread notices: the badge shows their number once the first counts arrive.
    const badge = director.page.getByTestId('notification-count').locator('.ant-badge-count');
    await badge.waitFor();
    const before = Number(await badge.getAttribute('title'));
    expect(before).toBeGreaterThan(0);
    const clerk = await signIn('vanthu');
    const submitTo = ((await (await fetch(`${app1.url}/api/auth/me`, { headers: { cookie: director.cookie } })).json()) as { id?: string; user?: { id: string } });
    await register(app1.url, clerk.cookie, { urgency: 'flash', submitTo: submitTo.user?.id ?? submitTo.id });
    await expect.poll(async () => Number(await badge.getAttribute('title')), { timeout: 30_000 }).toBe(before + 1);
    await director.context.close();
    await clerk.context.close();
  });
});

// The web client on a slow provincial line: bytes transferred and time until the page is usable,
// in headless Chromium on a line of 1.5 Mbit/s down, 0.75 Mbit/s up and 100 ms round trip, then
// Lighthouse (mobile) on six pages.
//
// The line: by default a shaping proxy between the browser and the server (bench/shaped-link.ts),
// which slows and counts every byte, those of the service worker and of pdf.js's worker included.
// --shaper=cdp uses Chromium's throttling instead (Network.emulateNetworkConditions, the same
// figures, bytes from Network.loadingFinished encodedDataLength): it applies to the page's own
// requests only, so a page the service worker controls, and the PDF worker, look faster and lighter
// than they are; it is kept to compare with figures measured that way.
//
// It builds if needed (scripts/build.mjs --if-stale), starts the built server (`node
// dist/server/main.js`) on a fresh temporary data directory with the demo agency, and measures:
//   - first visit: the inbox with an empty cache (signed in by the API beforehand: the session
//     cookie only), until its list shows;
//   - document page, cold: a document with its PDF, empty cache, until the PDF's first page is drawn;
//   - document page, from the inbox: the same, opened 5 s after the inbox showed (warm cache, and
//     what the inbox fetched in idle time meanwhile);
//   - second visit: the inbox again in a new tab of the same browser profile (warm cache, service worker).
// Each is measured twice on the same data: "optimised" (this release) and "baseline"
// (WEB_COMPRESSION=false: no compression, @fastify/static's max-age=0 revalidation, service worker
// blocked), so the comparison is made in the same conditions on the same machine.
//
// Bytes: what the server sent through the line (HTTP headers included) until the page was usable
// ("at ready"), and until the line has been quiet for 1.5 s (the inbox then fetches the document
// page's code and pdf.js in idle time, so a first visit's total includes them).
//
// Run: npm run bench:web [-- --runs=3] [--port=4103] [--shaper=proxy|cdp] [--no-lighthouse] [--no-baseline] [--out=file.json]
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchChromium, findChromium } from '../e2e/chromium.js';
import { DEMO_PASSWORD } from '../src/server/modules/demo/demo.data.js';
import { type ShapedLink, startShapedLink } from './shaped-link.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const RUNS = Number(arg('runs') ?? 3);
const port = Number(arg('port') ?? 4103);
const withLighthouse = !process.argv.includes('--no-lighthouse');
const withBaseline = !process.argv.includes('--no-baseline');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shaper = arg('shaper') ?? 'proxy';
/** The server itself (health checks, Lighthouse with its own simulated throttling). */
const direct = `http://127.0.0.1:${port}`;
/** What the browser measured talks to: the shaped line, or the server under CDP throttling. */
let base = direct;
let link: ShapedLink | null = null;

const LINE = { downBitsPerSecond: 1.5e6, upBitsPerSecond: 0.75e6, rttMs: 100 };
const NETWORK = { offline: false, latency: 100, downloadThroughput: LINE.downBitsPerSecond / 8, uploadThroughput: LINE.upBitsPerSecond / 8 };
const READY = {
  inbox: '[data-testid="inbox-table"] .ant-table-row, [data-testid="inbox-list"] .ant-list-item',
  pdf: '[data-testid="pdf-viewer"]:not([data-rendered-pages="0"])',
};
const LEADER = 'giamdoc';
/** Time spent on the inbox before opening a document. */
const THINK_MS = 5000;

function startServer(dataDir: string, extraEnv: Record<string, string>): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extraEnv };
  delete env.DATABASE_URL;
  return spawn(process.execPath, ['dist/server/main.js'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitHealthy(server: ChildProcess) {
  for (let i = 0; i < 1200; i++) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    if (await fetch(`${direct}/api/health`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

async function stopServer(server: ChildProcess) {
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  await exited;
}

interface Visit { ms: number; kb: number; kbAtReady: number }

/** Bytes so far: through the shaped line, or as Chromium counted them for the page (CDP). */
function byteCounter(cdp: CDPSession | null): { bytes(): number; stop(): void } {
  if (link) {
    link.reset();
    return { bytes: () => link!.counters().down, stop: () => undefined };
  }
  let bytes = 0;
  const onFinished = (event: { encodedDataLength: number }) => { bytes += event.encodedDataLength; };
  cdp!.on('Network.loadingFinished', onFinished);
  return { bytes: () => bytes, stop: () => cdp!.off('Network.loadingFinished', onFinished) };
}

/** Opens `url` in `page` and waits for `ready`; bytes are counted until the line is quiet. */
async function visit(page: Page, cdp: CDPSession | null, url: string, ready: string, thinkMs = 0): Promise<Visit> {
  const counter = byteCounter(cdp);
  const begun = performance.now();
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  await page.locator(ready).first().waitFor({ state: 'visible', timeout: 120_000 });
  const ms = performance.now() - begun;
  const bytesAtReady = counter.bytes();
  // What the page still loads after it is usable (lazily loaded chunks, counts, the service
  // worker filling its cache) belongs to the visit too.
  // `thinkMs`: an official reads the list before opening a document (the inbox prefetches meanwhile).
  await new Promise((r) => setTimeout(r, thinkMs));
  let last = counter.bytes();
  let quietSince = performance.now();
  while (performance.now() - quietSince < 1500) {
    await new Promise((r) => setTimeout(r, 250));
    if (counter.bytes() !== last) { last = counter.bytes(); quietSince = performance.now(); }
  }
  counter.stop();
  return { ms: Math.round(ms), kb: Math.round(counter.bytes() / 1024), kbAtReady: Math.round(bytesAtReady / 1024) };
}

async function throttledPage(context: BrowserContext): Promise<{ page: Page; cdp: CDPSession | null }> {
  const page = await context.newPage();
  if (link) return { page, cdp: null };
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  return { page, cdp };
}

async function signedInContext(browser: Browser, optimised: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', serviceWorkers: optimised ? 'allow' : 'block' });
  const login = await context.request.post(`${base}/api/auth/login`, { data: { username: LEADER, password: DEMO_PASSWORD } });
  if (!login.ok()) throw new Error(`sign-in failed: ${login.status()} ${await login.text()}`);
  return context;
}

/** A document of the leader's with a PDF attached (the demo's documents all have one). */
async function documentWithPdf(browser: Browser): Promise<string> {
  const context = await signedInContext(browser, false);
  const list = await (await context.request.get(`${base}/api/incoming-documents?pageSize=50`)).json() as { items: { id: string }[] };
  await context.close();
  if (!list.items[0]) throw new Error('no document in the demo register');
  return list.items[0].id;
}

async function measure(browser: Browser, optimised: boolean, documentId: string) {
  const result: Record<string, Visit> = {};
  // First visit to the inbox, then the document from it, then the inbox again in a new tab: one profile.
  const context = await signedInContext(browser, optimised);
  const first = await throttledPage(context);
  result.firstVisitInbox = await visit(first.page, first.cdp, `${base}/inbox/todo`, READY.inbox, THINK_MS);
  if (optimised) await first.page.evaluate(async () => { await navigator.serviceWorker.ready; });
  result.documentAfterInbox = await visit(first.page, first.cdp, `${base}/incoming/${documentId}`, READY.pdf);
  await first.page.close();
  const second = await throttledPage(context);
  result.secondVisitInbox = await visit(second.page, second.cdp, `${base}/inbox/todo`, READY.inbox);
  await context.close();
  // The document page as the first page of a visit, with an empty cache (a link in an e-mail).
  const cold = await signedInContext(browser, optimised);
  const coldPage = await throttledPage(cold);
  result.documentCold = await visit(coldPage.page, coldPage.cdp, `${base}/incoming/${documentId}`, READY.pdf);
  await cold.close();
  return result;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function summarise(runs: Record<string, Visit>[]) {
  return Object.fromEntries(Object.keys(runs[0]!).map((key) => {
    const visits = runs.map((r) => r[key]!);
    return [key, { msMedian: median(visits.map((v) => v.ms)), ms: visits.map((v) => v.ms), kbMedian: median(visits.map((v) => v.kb)), kbAtReadyMedian: median(visits.map((v) => v.kbAtReady)) }];
  }));
}

async function lighthouseScores(documentId: string): Promise<Record<string, { performance: number; accessibility: number; lcpMs: number; tbtMs: number }>> {
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const { executablePath } = await findChromium();
  const chrome = await chromeLauncher.launch({ chromePath: executablePath, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  const sessions = new Map<string, string>();
  const cookieOf = async (username: string) => {
    if (!sessions.has(username)) {
      const response = await fetch(`${direct}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
      sessions.set(username, response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '));
    }
    return sessions.get(username)!;
  };
  const pages: [string, string, string | null][] = [
    ['login', '/login', null],
    ['inbox', '/inbox/todo', LEADER],
    ['register list', '/incoming', 'vanthu'],
    ['register form', '/incoming/new', 'vanthu'],
    ['document page', `/incoming/${documentId}`, LEADER],
    ['users (admin)', '/admin/users', 'quantri'],
  ];
  const scores: Record<string, { performance: number; accessibility: number; lcpMs: number; tbtMs: number }> = {};
  try {
    for (const [name, urlPath, username] of pages) {
      // Lighthouse clears the origin's storage before it loads the page; the session goes as a header.
      const extraHeaders = username ? { Cookie: await cookieOf(username) } : undefined;
      const result = await lighthouse(`${direct}${urlPath}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'], ...(extraHeaders ? { extraHeaders } : {}) });
      const lhr = result!.lhr;
      scores[name] = {
        performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
        accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
        lcpMs: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? 0),
        tbtMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? 0),
      };
      console.log(`lighthouse ${name}: ${JSON.stringify(scores[name])}`);
    }
  } finally {
    chrome.kill();
  }
  return scores;
}

spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanphong-bench-web-'));
const report: Record<string, unknown> = { date: new Date().toISOString(), cpus: os.cpus().length, loadAverageBefore: os.loadavg().map((l) => l.toFixed(1)), line: `${LINE.downBitsPerSecond / 1e6} Mbit/s down, ${LINE.upBitsPerSecond / 1e6} Mbit/s up, ${LINE.rttMs} ms round trip (${shaper})`, runs: RUNS };
if (shaper === 'proxy') {
  link = await startShapedLink(port, LINE);
  base = `http://127.0.0.1:${link.port}`;
} else if (shaper !== 'cdp') {
  throw new Error(`--shaper=${shaper}: proxy or cdp`);
}
const browser = await launchChromium();
try {
  for (const optimised of withBaseline ? [true, false] : [true]) {
    const server = startServer(dataDir, { WEB_COMPRESSION: String(optimised) });
    try {
      await waitHealthy(server);
      const documentId = await documentWithPdf(browser);
      const runs: Record<string, Visit>[] = [];
      for (let i = 0; i < RUNS; i++) {
        runs.push(await measure(browser, optimised, documentId));
        console.log(`${optimised ? 'optimised' : 'baseline'} run ${i + 1}: ${JSON.stringify(runs.at(-1))}`);
      }
      report[optimised ? 'optimised' : 'baseline'] = summarise(runs);
      if (optimised && withLighthouse) report.lighthouse = await lighthouseScores(documentId);
    } finally {
      await stopServer(server);
    }
  }
} finally {
  await browser.close();
  await link?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
report.loadAverageAfter = os.loadavg().map((l) => l.toFixed(1));
console.log(JSON.stringify(report, null, 2));
const out = arg('out');
if (out) fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

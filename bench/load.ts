// Load test over real HTTP: N signed-in users working without pause (inbox lists and counts, register
// pages, document pages, attachment downloads, some registrations), while a separate sampler opens a
// new connection to /api/health every half second and the server's memory is read from /proc.
//
// Run: npm run bench:load -- --db=pglite|postgres [--users=200] [--seconds=60] [--out=file.json]
//   --server-dir=/path/to/checkout  start the server from another checkout (to measure older code)
//   --url=http://127.0.0.1:4101     drive a server that is already running (no memory figures)
// The load generator is this process; the server is a separate process (node src/server/main.ts) on
// 127.0.0.1, with a fresh data directory or a fresh PostgreSQL database, seeded with the demo agency.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DEMO_PASSWORD, DEMO_USERS } from '../src/server/modules/demo/demo.data.js';
import { renderSamplePdf } from '../src/server/modules/demo/demo.pdf.js';
import { multipartBody } from '../src/server/test-support/test-app.js';
import { treeRssMb } from './process-memory.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const USERS = Number(arg('users') ?? 200);
const SECONDS = Number(arg('seconds') ?? 60);
const TIMEOUT_MS = 30_000;
const db = (arg('db') ?? 'pglite') as 'pglite' | 'postgres';
const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverDir = path.resolve(arg('server-dir') ?? repoDir);
const baseDatabaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

type Kind = 'inbox' | 'counts' | 'register' | 'detail' | 'download' | 'registration';
/** Share of each kind in a reader's requests; clerks also register (see below). */
const MIX: [Kind, number][] = [['inbox', 25], ['counts', 20], ['register', 15], ['detail', 25], ['download', 15]];
/** One user in ten is a clerk session, and a clerk registers a document in one request of four. */
const CLERK_SHARE = 0.1;
const CLERK_REGISTERS = 0.25;

// ---- HTTP with keep-alive, one socket per user (as browsers hold theirs) -------------------------
const agent = new http.Agent({ keepAlive: true, maxSockets: USERS + 10 });

interface Answer { status: number; body: Buffer; headers: http.IncomingHttpHeaders; ms: number; timedOut: boolean; failed?: string }

function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer; fresh?: boolean } = {}): Promise<Answer> {
  const start = performance.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (answer: Omit<Answer, 'ms'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...answer, ms: performance.now() - start });
    };
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: options.fresh ? false : agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers, timedOut: false }));
      res.on('error', (e) => finish({ status: 0, body: Buffer.alloc(0), headers: {}, timedOut: false, failed: e.message }));
    });
    const timer = setTimeout(() => { finish({ status: 0, body: Buffer.alloc(0), headers: {}, timedOut: true }); req.destroy(); }, TIMEOUT_MS);
    req.on('error', (e) => finish({ status: 0, body: Buffer.alloc(0), headers: {}, timedOut: false, failed: e.message }));
    req.end(options.body);
  });
}

// ---- the server under test ------------------------------------------------------------------------
interface Server { url: string; pid?: number; stop(): Promise<void> }

async function startServer(): Promise<Server> {
  const given = arg('url');
  if (given) return { url: given.replace(/\/$/, ''), stop: async () => undefined };
  const port = Number(arg('port') ?? 4101);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wt-db-load-'));
  let databaseUrl: string | undefined;
  let dropDatabase = async () => undefined as unknown;
  if (db === 'postgres') {
    const name = `vp_load_${randomBytes(4).toString('hex')}`;
    const admin = async (statement: string) => {
      const client = new pg.Client({ connectionString: baseDatabaseUrl });
      await client.connect();
      try { await client.query(statement); } finally { await client.end(); }
    };
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(baseDatabaseUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', SEED_DEMO: 'true' };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: serverDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => { output += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { output += c.toString(); });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000; // a first start seeds the demo agency: slow on a busy machine
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    const answer = await request(`${url}/api/health`, { fresh: true });
    if (answer.status === 200) break;
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (/error/i.test(output)) console.error(`server output:\n${output.slice(-3000)}`);
    },
  };
}

// ---- statistics -------------------------------------------------------------------------------------
interface Sample { kind: Kind; ms: number; status: number; timedOut: boolean; failed?: string; why?: string; at?: number }

/**
 * Who gave a failed answer: the app's error code (e.g. SERVER_BUSY, DATABASE_UNAVAILABLE, INTERNAL),
 * HAProxy's own page ("no server is available"), or Fastify closing (a request on a kept-alive
 * connection after close() began: its generic 503).
 */
function whyFailed(answer: Answer): string | undefined {
  if (answer.status < 500) return undefined;
  const text = answer.body.toString('utf8', 0, 2000);
  try {
    // The app's errors: {"error": {"code": …}}; Fastify's own (its 503 while closing): {"error": "Service Unavailable", …}.
    const body = JSON.parse(text) as { code?: string; error?: string | { code?: string }; draining?: boolean };
    if (typeof body.error === 'object' && body.error?.code) return body.error.code;
    return body.code ?? (body.draining ? 'draining' : typeof body.error === 'string' ? `fastify: ${body.error}` : 'json');
  } catch {
    if (/No server is available/i.test(text)) return 'haproxy: no server available';
    return /haproxy|<html/i.test(text) ? `haproxy: ${text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 60)}` : 'other';
  }
}
function quantiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}
const round = (x: number) => Math.round(x * 10) / 10;

// ---- the run ----------------------------------------------------------------------------------------
const server = await startServer();
const base = server.url;
try {
  const pdf = Buffer.from(await renderSamplePdf({ issuer: 'UBND tỉnh Điện Biên', reference: '1/UBND-KT', issuedOn: '2026-01-02', summary: 'V/v đo tải hệ thống', signer: 'Lò Văn Tiến' }));
  const readers = DEMO_USERS.map((u) => u.username).filter((u) => u !== 'vanthu');

  // USERS simulated users; one in ten is the clerk.
  const accounts = Array.from({ length: USERS }, (_, i) => (i < Math.round(USERS * CLERK_SHARE) ? 'vanthu' : readers[i % readers.length]!));
  // One session per account, shared by that account's simulated users (each request costs the server
  // the same: a session lookup): signing in 200 times from one address at once is what the sign-in
  // throttle (login-throttle.ts) is there to refuse.
  const sessionOf = new Map<string, string>();
  for (const username of new Set(accounts)) {
    const answer = await request(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ username, password: DEMO_PASSWORD })) });
    if (answer.status !== 200) throw new Error(`login ${username}: ${answer.status} ${answer.body}`);
    sessionOf.set(username, String(answer.headers['set-cookie']?.find((c) => c.startsWith('vp_session='))).split(';')[0]!);
  }
  const cookies = accounts.map((username) => sessionOf.get(username)!);

  // What each account may open: documents from its register view, and their files.
  const visible = new Map<string, { docs: string[]; files: string[] }>();
  for (const username of new Set(accounts)) {
    const cookie = cookies[accounts.indexOf(username)]!;
    const list = await request(`${base}/api/incoming-documents?pageSize=200`, { headers: { cookie } });
    const docs = (JSON.parse(list.body.toString()) as { items: { id: string }[] }).items.map((d) => d.id);
    const files: string[] = [];
    for (const id of docs.slice(0, 12)) {
      const detail = JSON.parse((await request(`${base}/api/incoming-documents/${id}`, { headers: { cookie } })).body.toString()) as { attachments?: { id: string; canOpen: boolean }[] };
      for (const a of detail.attachments ?? []) if (a.canOpen) files.push(`/api/incoming-documents/${id}/attachments/${a.id}`);
    }
    visible.set(username, { docs, files });
  }

  const samples: Sample[] = [];
  const health: { ms: number; status: number; timedOut: boolean }[] = [];
  const peak: Record<string, number> = {};
  let serial = 0;
  let stop = false;
  const startedAt = performance.now();
  // For a driver that acts during the measured window (bench/rolling-restart.ts).
  process.stderr.write('load: measuring\n');
  const boxes = ['todo', 'in_progress', 'overdue', 'done', 'info'];
  const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;

  async function user(index: number) {
    const username = accounts[index]!;
    const cookie = cookies[index]!;
    const seen = visible.get(username)!;
    const total = MIX.reduce((s, [, w]) => s + w, 0);
    while (!stop) {
      let kind: Kind;
      if (username === 'vanthu' && Math.random() < CLERK_REGISTERS) kind = 'registration';
      else {
        let r = Math.random() * total;
        kind = MIX.find(([, w]) => (r -= w) < 0)![0];
      }
      if ((kind === 'detail' && !seen.docs.length) || (kind === 'download' && !seen.files.length)) kind = 'inbox';
      let answer: Answer;
      switch (kind) {
        case 'inbox': answer = await request(`${base}/api/inbox?box=${pick(boxes)}`, { headers: { cookie } }); break;
        case 'counts': answer = await request(`${base}/api/inbox/counts`, { headers: { cookie } }); break;
        case 'register': answer = await request(`${base}/api/incoming-documents?page=${1 + Math.floor(Math.random() * 3)}`, { headers: { cookie } }); break;
        case 'detail': answer = await request(`${base}/api/incoming-documents/${pick(seen.docs)}`, { headers: { cookie } }); break;
        case 'download': answer = await request(`${base}${pick(seen.files)}`, { headers: { cookie } }); break;
        case 'registration': {
          const n = ++serial;
          const metadata = { issuer: 'UBND tỉnh Điện Biên', number: `${n}`, notation: `TAI-${process.pid}`, issuedOn: '2026-01-02', documentType: 'official_letter', summary: `V/v đo tải ${n}` };
          const { payload, contentType } = await multipartBody({ metadata: JSON.stringify(metadata) }, [{ name: `vb-${n}.pdf`, content: Buffer.concat([pdf, Buffer.from(`%${n}-${process.pid}`)]), type: 'application/pdf' }]);
          answer = await request(`${base}/api/incoming-documents`, { method: 'POST', headers: { cookie, 'content-type': contentType }, body: payload });
          break;
        }
      }
      samples.push({ kind, ms: answer.ms, status: answer.status, timedOut: answer.timedOut, failed: answer.failed, why: whyFailed(answer), at: performance.now() - startedAt });
      // A server that says "busy" is honoured as a browser would: wait before the next request.
      if (answer.status === 503) await new Promise((r) => setTimeout(r, 1000 * Number(answer.headers['retry-after'] ?? 1)));
    }
  }

  const healthLoop = (async () => {
    while (!stop) {
      const answer = await request(`${base}/api/health`, { fresh: true });
      health.push({ ms: answer.ms, status: answer.status, timedOut: answer.timedOut });
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  const memoryLoop = setInterval(() => {
    if (!server.pid) return;
    // Peak of the whole tree, and each role's own peak.
    for (const [role, mb] of Object.entries(treeRssMb(server.pid))) peak[role] = Math.max(peak[role] ?? 0, mb);
  }, 250);

  const workers = Array.from({ length: USERS }, (_, i) => user(i));
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const measuredMs = performance.now() - startedAt;
  stop = true;
  await Promise.all([...workers, healthLoop]);
  clearInterval(memoryLoop);

  const inWindow = samples;
  const result = {
    date: new Date().toISOString(),
    db,
    serverDir,
    users: USERS,
    seconds: round(measuredMs / 1000),
    node: process.version,
    requests: inWindow.length,
    throughput: round(inWindow.length / (measuredMs / 1000)),
    ok: inWindow.filter((s) => s.status >= 200 && s.status < 400).length,
    errors: inWindow.filter((s) => !s.timedOut && s.status !== 503 && (s.status === 0 || s.status >= 400)).length,
    timeouts: inWindow.filter((s) => s.timedOut).length,
    busy503: inWindow.filter((s) => s.status === 503).length,
    overall: Object.fromEntries(Object.entries(quantiles(inWindow.map((s) => s.ms))).map(([k, v]) => [k, round(v)])),
    kinds: Object.fromEntries((['inbox', 'counts', 'register', 'detail', 'download', 'registration'] as Kind[]).map((kind) => {
      const of = inWindow.filter((s) => s.kind === kind);
      const q = quantiles(of.filter((s) => s.status >= 200 && s.status < 400).map((s) => s.ms));
      return [kind, { n: of.length, p50: round(q.p50), p95: round(q.p95), p99: round(q.p99), max: round(q.max), notOk: of.length - q.n }];
    })),
    statuses: inWindow.reduce<Record<string, number>>((acc, s) => { const key = s.timedOut ? 'timeout' : s.failed ? `failed:${s.failed}` : String(s.status); acc[key] = (acc[key] ?? 0) + 1; return acc; }, {}),
    // 5xx answers by who gave them and why (status, then the app's code or the balancer's page).
    failures: inWindow.filter((s) => s.why).reduce<Record<string, number>>((acc, s) => { const key = `${s.status} ${s.why}`; acc[key] = (acc[key] ?? 0) + 1; return acc; }, {}),
    // When they came (s since the measured window opened, at the answer), to set beside a restart's timeline.
    failureSeconds: inWindow.filter((s) => s.why || s.timedOut || s.failed).map((s) => round((s.at ?? 0) / 1000)).slice(0, 200),
    health: { ...Object.fromEntries(Object.entries(quantiles(health.map((h) => h.ms))).map(([k, v]) => [k, round(v)])), notOk: health.filter((h) => h.status !== 200).length },
    peakRssMb: server.pid ? Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, round(v)])) : null,
  };
  console.log(JSON.stringify(result, null, 2));
  const out = arg('out');
  if (out) fs.writeFileSync(out, JSON.stringify(result, null, 2));
} finally {
  agent.destroy();
  await server.stop();
}

import { createHash } from 'node:crypto';
import http from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { createTestApp, multipartBody, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';
import { defineJob, enqueue } from '../jobs/jobs.js';
import { ALL_JOBS } from '../jobs/jobs.catalog.js';
import '../jobs/jobs.test-jobs.js';
import { EXTRACT_TEXT_JOB } from '../files/file-texts.js';
import { gracefulShutdown } from './shutdown.js';

// A server told to stop (SIGTERM → gracefulShutdown, as main.ts does) on the suite's database.

/** What each job run did, by label and server. */
const runs: { label: string; server: string; outcome: 'done' | 'aborted' }[] = [];
let serverName = 'A';
const slow = defineJob('test.slow', async ({ label }, ctx) => {
  const server = serverName;
  // On server A it ends only when its claim is taken away (the stop's grace runs out); elsewhere in 0.4 s.
  const outcome = await new Promise<'done' | 'aborted'>((resolve) => {
    if (server !== 'A') setTimeout(() => resolve('done'), 400);
    ctx.signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  runs.push({ label, server, outcome });
  if (outcome === 'aborted') throw new Error('stopped');
}, { retryLimit: 3, retryDelaySeconds: 1, retryDelayMaxSeconds: 2 });
// A second kind, so that both run at once in batches of their own (a batch is settled as a whole).
const quickJob = defineJob('test.record', async () => {
  await new Promise((resolve) => setTimeout(resolve, 400));
  runs.push({ label: 'quick', server: serverName, outcome: 'done' });
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ jobs: { definitions: [...ALL_JOBS, slow, quickJob], workers: false } });
});
afterAll(async () => t?.close());

async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const serverConfig = () => ({ ...loadConfig({ MAX_EVENT_LOOP_DELAY_MS: '0' }), dataDir: t.fileRoot.replace(/\/files$/, ''), maxFileMb: 2 });

const stateOf = async (id: string) => (await sql<{ state: string }>`SELECT state::text AS state FROM pgboss.job WHERE id = ${id}::uuid`.execute(t.database.db)).rows[0]?.state;

describe('graceful shutdown of one server', () => {
  it('a registration in flight when the server is told to stop completes with 201; readiness said 503 first; then new connections are refused', async () => {
    // A second app server on the same database, listening on a real port.
    const server = await buildApp({ config: serverConfig(), db: t.database.db, files: t.files });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const port = (server.server.address() as { port: number }).port;
    const clerk = await t.as('vanthu');
    const { payload, contentType } = await multipartBody({
      metadata: JSON.stringify({ issuer: 'Sở Tài chính tỉnh Điện Biên', number: '15', notation: 'STC-NS', issuedOn: '2026-11-30', documentType: 'official_letter', summary: 'V/v dự toán ngân sách 2027' }),
    }, [{ name: 'du-toan.pdf', content: Buffer.from(await samplePdfBytes()), type: 'application/pdf' }]);

    // The upload starts: half of its body is sent, then the server gets SIGTERM, then the rest follows.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/api/incoming-documents', method: 'POST', headers: { cookie: clerk.cookie, 'content-type': contentType, 'content-length': payload.length } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => { body += c.toString(); });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write(payload.subarray(0, payload.length >> 1));
      setTimeout(() => req.end(payload.subarray(payload.length >> 1)), 3000);
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const stopping = gracefulShutdown({ app: server, drainMs: 2000, graceMs: 8000 });
    const ready = await fetch(`http://127.0.0.1:${port}/api/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, draining: true });
    // While draining, other routes still answer (the balancer may still send a request it had chosen).
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);

    const done = await answer;
    expect(done.status, done.body).toBe(201);
    await stopping;
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
    // The document is there, registered by the server that was stopping.
    const id = (JSON.parse(done.body) as { id: string }).id;
    expect((await clerk.get(`/api/incoming-documents/${id}`)).statusCode).toBe(200);
  });

  it('a registration still in flight while the stopping server\'s job queue stops taking jobs can still queue its jobs: the queue closes only after the last request, then the database', async () => {
    // The order of what the stop closes, and when the in-flight registration got its answer.
    const order: string[] = [];
    const queue = await t.openJobQueue({ pollingSeconds: 0.5 });
    const jobs = {
      stopWorking: async (graceMs?: number) => { order.push('jobs: working stopped'); await queue.stopWorking(graceMs); },
      stop: async (graceMs?: number) => { order.push('jobs: queue closed'); await queue.stop(graceMs); },
    };
    const server = await buildApp({ config: serverConfig(), db: t.database.db, files: t.files });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const port = (server.server.address() as { port: number }).port;
    const clerk = await t.as('vanthu');
    // A file of its own (new content is what queues a text extraction).
    const pdf = Buffer.concat([Buffer.from(await samplePdfBytes()), Buffer.from(`\n% thi tuyển ${Date.now()}\n`)]);
    const { payload, contentType } = await multipartBody({
      metadata: JSON.stringify({ issuer: 'Sở Nội vụ tỉnh Điện Biên', number: '27', notation: 'SNV-TCBC', issuedOn: '2026-11-30', documentType: 'official_letter', summary: 'V/v thi tuyển công chức 2027' }),
    }, [{ name: 'thi-tuyen.pdf', content: pdf, type: 'application/pdf' }]);
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/api/incoming-documents', method: 'POST', headers: { cookie: clerk.cookie, 'content-type': contentType, 'content-length': payload.length } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => { body += c.toString(); });
        res.on('end', () => { order.push(`request: answered ${res.statusCode}`); resolve({ status: res.statusCode ?? 0, body }); });
      });
      req.on('error', reject);
      req.write(payload.subarray(0, payload.length >> 1));
      // The rest of the body comes after the queue has stopped taking jobs.
      setTimeout(() => req.end(payload.subarray(payload.length >> 1)), 1500);
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const stopping = gracefulShutdown({ app: server, drainMs: 0, graceMs: 8000, jobs, database: { close: async () => { order.push('database: closed'); } } });
    const done = await answer;
    await stopping;
    expect(done.status, done.body).toBe(201);
    expect(order).toEqual(['jobs: working stopped', 'request: answered 201', 'jobs: queue closed', 'database: closed']);
    // Its text extraction was queued by the stopping server, for another one to run.
    const hash = createHash('sha256').update(pdf).digest('hex');
    const queued = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${EXTRACT_TEXT_JOB} AND data->>'hash' = ${hash}`.execute(t.database.db);
    expect(queued.rows[0]!.n).toBe(1);
  });

  it('a job that finishes within the grace completes on the stopping server; one still running returns to the queue and another server runs it once', async () => {
    const a = await t.openJobQueue({ pollingSeconds: 0.5 });
    await a.startWorkers({ files: t.files });
    const quick = await enqueue(t.database.db, 'test.record', { n: 1 });
    const long = await enqueue(t.database.db, 'test.slow', { label: 'long' });
    await until(() => Promise.all([stateOf(quick), stateOf(long)]), (states) => states.every((s) => s === 'active'));

    // Server A is stopped: its queue gets 1.5 s; "quick" needs 0.4 s, "long" would never end.
    const app = await buildApp({ config: serverConfig(), db: t.database.db, files: t.files });
    await gracefulShutdown({ app, drainMs: 0, graceMs: 1500, jobs: a });
    expect(await stateOf(quick)).toBe('completed');
    expect(await stateOf(long)).toBe('retry');
    expect(runs).toContainEqual({ label: 'long', server: 'A', outcome: 'aborted' });

    // Server B takes it up after its retry delay.
    serverName = 'B';
    const b = await t.openJobQueue({ pollingSeconds: 0.5 });
    await b.startWorkers({ files: t.files });
    expect(await until(() => stateOf(long), (s) => s === 'completed')).toBe('completed');
    expect(runs.filter((r) => r.outcome === 'done').map((r) => `${r.label}@${r.server}`).sort()).toEqual(['long@B', 'quick@A']);
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPGlite } from '../../db/database.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { defineJob, enqueue, openJobQueue } from './jobs.js';
import { ALL_JOBS } from './jobs.catalog.js';
import { slowJob } from './jobs.test-jobs.js';

// The queue itself, on the database the suite runs on (PGlite, or PostgreSQL with DATABASE_URL).

const seen: number[] = [];
const flaky = { failuresLeft: Number.POSITIVE_INFINITY, attempts: [] as number[] };
const running = new Map<number, number>();
const runs = new Map<number, number>();

const recordJob = defineJob('test.record', async ({ n }) => {
  if (running.get(n)) throw new Error(`job ${n} runs twice at once`);
  running.set(n, 1);
  runs.set(n, (runs.get(n) ?? 0) + 1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  seen.push(n);
  running.delete(n);
}, { concurrency: 2 });
const flakyJob = defineJob('test.flaky', async () => {
  flaky.attempts.push(Date.now());
  if (flaky.failuresLeft-- > 0) throw new Error('Máy chủ đích không trả lời (thử nghiệm)');
}, { retryLimit: 2, retryDelaySeconds: 1, retryDelayMaxSeconds: 30 });
// ('test.slow' is not worked here: the killed child worker must be the one holding it.)
const definitions = [...ALL_JOBS, recordJob, flakyJob];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ jobs: { definitions, workers: true } });
});
afterAll(async () => t?.close());

async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 50_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const jobRow = async (id: string) => (await sql<{ state: string; retry_count: number; output: { message?: string } | null }>`
  SELECT state::text AS state, retry_count, output FROM pgboss.job WHERE id = ${id}::uuid`.execute(t.database.db)).rows[0];

describe('background jobs', () => {
  it('a job enqueued in a transaction that rolls back never runs; one that commits runs once', async () => {
    await t.database.db.transaction().execute(async (tx) => {
      await enqueue(tx, 'test.record', { n: 1 });
    });
    await expect(t.database.db.transaction().execute(async (tx) => {
      await enqueue(tx, 'test.record', { n: 2 });
      throw new Error('the row that needed it was refused');
    })).rejects.toThrow('refused');
    await until(() => seen.length, (n) => n >= 1);
    // Long enough for a worker polling every 0.5 s to have taken it, had it existed.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(seen).toEqual([1]);
    const stored = await sql<{ n: number }>`SELECT (data->>'n')::int AS n FROM pgboss.job WHERE name = 'test.record'`.execute(t.database.db);
    expect(stored.rows).toEqual([{ n: 1 }]);
  });

  it('a failing job is retried with growing delays, then marked failed with its error; the admin sees it and runs it again', async () => {
    const id = await enqueue(t.database.db, 'test.flaky', { label: 'gửi thư' });
    const failed = await until(() => jobRow(id), (row) => row?.state === 'failed');
    expect(failed?.state).toBe('failed');
    expect(failed?.output?.message).toBe('Máy chủ đích không trả lời (thử nghiệm)');
    // First try and two retries; backoff: retryDelay · 2^n/2 · (1 + jitter) → the 2nd wait is at least the 1st's lower bound doubled.
    expect(flaky.attempts).toHaveLength(3);
    const [first, second] = [flaky.attempts[1]! - flaky.attempts[0]!, flaky.attempts[2]! - flaky.attempts[1]!];
    expect(first).toBeGreaterThanOrEqual(900);
    expect(second).toBeGreaterThanOrEqual(1900);

    const admin = await t.as('quantri');
    const queue = await admin.get('/api/admin/jobs');
    expect(queue.statusCode, queue.body).toBe(200);
    const listed = queue.json().failed.find((job: { id: string }) => job.id === id);
    expect(listed).toMatchObject({ name: 'test.flaky', state: 'failed', retryCount: 2, retryLimit: 2, error: 'Máy chủ đích không trả lời (thử nghiệm)' });
    expect(queue.json().counts).toContainEqual(expect.objectContaining({ name: 'test.flaky', failed: 1 }));
    expect(listed).not.toHaveProperty('data');

    // Nobody else sees the queue or retries a job.
    for (const username of ['vanthu', 'cv.cntt', 'giamdoc']) {
      expect((await (await t.as(username)).get('/api/admin/jobs')).statusCode).toBe(403);
      expect((await (await t.as(username)).post(`/api/admin/jobs/${id}/retry`)).statusCode).toBe(403);
    }
    expect((await t.anonymous().get('/api/admin/jobs')).statusCode).toBe(401);

    flaky.failuresLeft = 0;
    const retried = await admin.post(`/api/admin/jobs/${id}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect((await until(() => jobRow(id), (row) => row?.state === 'completed'))?.state).toBe('completed');
    expect(flaky.attempts).toHaveLength(4);
    const after = (await admin.get('/api/admin/jobs')).json();
    expect(after.completed.map((job: { id: string }) => job.id)).toContain(id);
    expect(after.failed.map((job: { id: string }) => job.id)).not.toContain(id);

    // Only a failed job can be retried; a bad id is a 400, an unknown one a 404.
    const again = await admin.post(`/api/admin/jobs/${id}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('JOB_NOT_FAILED');
    expect((await admin.post('/api/admin/jobs/not-a-job/retry')).statusCode).toBe(400);
    const unknown = await admin.post('/api/admin/jobs/00000000-0000-4000-8000-000000000000/retry');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('JOB_NOT_FOUND');
  });

  it('two servers working one queue never run the same job twice, and run each once', async () => {
    const other = await t.openJobQueue({ definitions });
    await other.startWorkers({ files: t.files });
    const numbers = Array.from({ length: 40 }, (_, i) => 100 + i);
    const started = Date.now();
    await t.database.db.transaction().execute(async (tx) => {
      for (const n of numbers) await enqueue(tx, 'test.record', { n });
    });
    await until(() => numbers.every((n) => runs.has(n)), Boolean);
    const elapsed = Date.now() - started;
    await other.stop();
    expect(numbers.map((n) => runs.get(n))).toEqual(numbers.map(() => 1));
    console.log(`jobs.test: 40 jobs of 20 ms on two servers (concurrency 2 each) in ${elapsed} ms on ${t.database.kind}`);
  });
});

const here = path.dirname(fileURLToPath(import.meta.url));

function startChild(env: Record<string, string>): { child: ChildProcess; lines: string[]; wait(text: string, timeoutMs?: number): Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'jobs.test-worker.ts')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => { errors += chunk.toString(); });
  return {
    child,
    lines,
    wait: async (text, timeoutMs = 60_000) => {
      const line = await until(() => lines.find((l) => l.startsWith(text)), (l) => l !== undefined || child.exitCode !== null, timeoutMs);
      if (!line) throw new Error(`the child worker never said "${text}" (exit ${child.exitCode}): ${errors.slice(-2000)}`);
      return line;
    },
  };
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) return resolve();
  child.once('exit', () => resolve());
  child.kill('SIGKILL');
});

describe('a server killed mid-job', () => {
  it.runIf(process.env.DATABASE_URL)('PostgreSQL: the job its worker held is taken up again by another server and finishes', async () => {
    const url = String(t.database.connection.connectionString);
    const worker = startChild({ VP_JOBS_DATABASE_URL: url, VP_JOBS_ENQUEUE: 'true' });
    try {
      const id = (await worker.wait('started ')).slice('started '.length);
      await killed(worker.child);
      expect((await jobRow(id))?.state).toBe('active');
      // Another server (this test's process) works the same queue: after the dead worker's
      // heartbeat lapses (10 s) its supervisor puts the job back and a worker finishes it.
      const finished: string[] = [];
      const server = await openJobQueue({ database: t.database, definitions: [slowJob(async (jobId) => { finished.push(jobId); })], pollingSeconds: 0.5, superviseSeconds: 1 });
      try {
        await server.startWorkers({ files: t.files });
        const row = await until(() => jobRow(id), (r) => r?.state === 'completed', 45_000);
        expect(row).toMatchObject({ state: 'completed', retry_count: 1 });
        expect(finished).toEqual([id]);
      } finally {
        await server.stop();
      }
    } finally {
      await killed(worker.child);
    }
  }, 90_000);

  it.runIf(!process.env.DATABASE_URL)('embedded PGlite: after kill -9 of the server (database and all), the restarted server finishes the job', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-jobs-restart-'));
    const dataDir = path.join(dir, 'pglite');
    const worker = startChild({ VP_JOBS_PGLITE_DIR: dataDir, VP_JOBS_PGLITE_SNAPSHOT: inject('pgliteSnapshot'), VP_JOBS_ENQUEUE: 'true' });
    try {
      const id = (await worker.wait('started ', 90_000)).slice('started '.length);
      await killed(worker.child);
      // The restart: the same data directory (its lock's holder is dead), the same queue.
      const database = await openPGlite(dataDir);
      const finished: string[] = [];
      const server = await openJobQueue({ database, definitions: [slowJob(async (jobId) => { finished.push(jobId); })], pollingSeconds: 0.5, superviseSeconds: 1 });
      try {
        const state = async () => (await sql<{ state: string; retry_count: number }>`SELECT state::text AS state, retry_count FROM pgboss.job WHERE id = ${id}::uuid`.execute(database.db)).rows[0];
        expect((await state())?.state).toBe('active');
        await server.startWorkers({ files: t.files });
        expect(await until(state, (r) => r?.state === 'completed', 45_000)).toMatchObject({ state: 'completed', retry_count: 1 });
        expect(finished).toEqual([id]);
      } finally {
        await server.stop();
        await database.close();
      }
    } finally {
      await killed(worker.child);
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 150_000);
});

import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { openPGlite, type OpenedDatabase } from '../../db/database.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { createDiskFileStore } from '../files/file-store.js';
import { openJobQueue } from '../jobs/jobs.js';
import { scanOf } from './digitization.fixtures.js';
import { ocrJob } from './ocr.job.js';

// Surviving a restart: a real server process (ocr.test-worker.ts) is killed with SIGKILL while it
// reads a scan; the restarted server (this process, on the same database and file store) finishes
// the OCR. On PGlite the database dies with the process and is reopened from its data directory.

const here = path.dirname(fileURLToPath(import.meta.url));
let dir: string;
let t: TestApp | undefined;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-ocr-restart-'));
  if (process.env.DATABASE_URL) t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

function startWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'ocr.test-worker.ts')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let errors = '';
  child.stdout!.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { errors += chunk.toString(); });
  const started = until(() => /started ([0-9a-f]{64})/.exec(out)?.[1], (hash) => hash !== undefined || child.exitCode !== null, 120_000)
    .then((hash) => hash ?? Promise.reject(new Error(`the worker never started the OCR (exit ${child.exitCode}): ${errors.slice(-2000)}`)));
  return { child, started };
}

async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) return resolve();
  child.once('exit', () => resolve());
  child.kill('SIGKILL');
});

it('a server killed with SIGKILL in the middle of an OCR is restarted, and the OCR finishes', async () => {
  const scanPath = path.join(dir, 'scan.png');
  await fs.writeFile(scanPath, await scanOf({ issuer: 'UBND huyện Mường Chà', reference: '45/KH-UBND', issuedOn: '2026-04-12', summary: 'Kế hoạch số hóa hồ sơ lưu trữ của huyện năm 2026', signer: 'Lò Văn Pọm' }, { dpi: 300 }));
  const fileRoot = path.join(dir, 'files');
  const pgliteDir = path.join(dir, 'pglite');
  const env: Record<string, string> = { VP_OCR_FILES: fileRoot, VP_OCR_SCAN: scanPath };
  if (t) env.VP_OCR_DATABASE_URL = String(t.database.connection.connectionString);
  else Object.assign(env, { VP_OCR_PGLITE_DIR: pgliteDir, VP_OCR_PGLITE_SNAPSHOT: inject('pgliteSnapshot') });

  const worker = startWorker(env);
  let database: OpenedDatabase | undefined;
  try {
    const hash = await worker.started;
    await killed(worker.child);
    // The restart: the same database (PGlite: its data directory, whose lock's holder is dead) and files.
    database = t ? t.database : await openPGlite(pgliteDir);
    const row = () => database!.db.selectFrom('file_texts').select(['status', 'text', 'method', 'ocr_engine']).where('file_hash', '=', hash).executeTakeFirstOrThrow();
    expect((await row()).status).toBe('reading');
    const server = await openJobQueue({ database, definitions: [ocrJob], pollingSeconds: 0.5, superviseSeconds: 1 });
    try {
      await server.startWorkers({ files: createDiskFileStore(fileRoot) });
      const done = await until(row, (r) => r.status === 'done', 300_000); // generous: OCR on a loaded shared machine
      expect(done).toMatchObject({ status: 'done', method: 'ocr' });
      expect(done.text).toContain('Kế hoạch số hóa hồ sơ lưu trữ');
      // The handler writes the text before pg-boss marks its job completed (a moment later, in its own statement).
      const jobs = () => sql<{ state: string; retry_count: number }>`SELECT state::text AS state, retry_count FROM pgboss.job WHERE name = 'files.ocr' AND data->>'hash' = ${hash}`.execute(database!.db).then((r) => r.rows);
      const job = await until(jobs, (rows) => rows[0]?.state === 'completed', 30_000);
      expect(job).toEqual([{ state: 'completed', retry_count: 1 }]);
    } finally {
      await server.stop();
    }
  } finally {
    await killed(worker.child);
    if (!t) await database?.close();
  }
}, 420_000);

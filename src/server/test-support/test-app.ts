import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import type { OpenedDatabase, PoolOptions } from '../db/database.js';
import { seedDemoIfEmpty } from '../modules/demo/demo.seed.js';
import { vaultFor } from '../modules/signatures/keys.js';
import { DEMO_PASSWORD } from '../modules/demo/demo.data.js';
import { renderSamplePdf } from '../modules/demo/demo.pdf.js';
import type { FileStore } from '../modules/files/file-store.js';
import { fileStoreConfigFrom, openFileStore } from '../modules/files/file-store.open.js';
import { type JobDefinition, type JobQueue, type JobQueueOptions, openJobQueue, queueFor } from '../modules/jobs/jobs.js';
import { ALL_JOBS } from '../modules/jobs/jobs.catalog.js';
import type { Clock } from '../time.js';
import { openNotificationBus } from '../modules/notifications/notifications.bus.js';
import { openTestDatabase } from './test-database.js';

export interface UploadFile { name: string; content: Buffer | Uint8Array; type?: string }

export interface Client {
  cookie: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  upload(url: string, fields: Record<string, string>, files: UploadFile[]): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  app: FastifyInstance;
  database: OpenedDatabase;
  files: FileStore;
  fileRoot: string;
  /** The job queue: jobs are enqueued into it; they run only where the test asked for workers (`jobs.workers`). */
  jobs: JobQueue;
  /** Another queue (a second server) on the same database, stopped with the app. */
  openJobQueue(options?: Partial<JobQueueOptions>): Promise<JobQueue>;
  /** The test's clock (moved by setNow). */
  clock: Clock;
  /** Moves "now" for the server (arrival dates, overdue). */
  setNow(date: Date | null): void;
  people: Map<string, { id: string; unitId: string | null; agencyId: string }>;
  as(username: string): Promise<Client>;
  anonymous(): Client;
  close(): Promise<void>;
}

/** Multipart body built by the platform's own FormData, as a browser would send it. */
export async function multipartBody(fields: Record<string, string>, files: UploadFile[]) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  for (const file of files) form.append('files', new Blob([new Uint8Array(file.content)], { type: file.type ?? 'application/octet-stream' }), file.name);
  const response = new Response(form);
  return { payload: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type')! };
}

let samplePdf: Uint8Array | undefined;
export async function samplePdfBytes(): Promise<Uint8Array> {
  samplePdf ??= await renderSamplePdf({ issuer: 'UBND tỉnh Điện Biên', reference: '123/UBND-KT', issuedOn: '2026-11-20', summary: 'V/v thử nghiệm hệ thống văn phòng điện tử', signer: 'Lò Văn Tiến' });
  return samplePdf;
}

/** `webRoot`: the built web client to serve too (dist/web), for tests of how it is delivered. */
/** `signing`: the demo agency also gets its demo CA, certificates and images (about 2 s the first time in a process). */
/** `jobs`: the job definitions (all of the program's by default) and whether this app works them (default: it only enqueues). */
export async function createTestApp(options: { fileStore?: (real: FileStore) => FileStore; pool?: PoolOptions; config?: Partial<Config>; webRoot?: string; signing?: boolean; jobs?: { definitions?: readonly JobDefinition[]; workers?: boolean } & Partial<JobQueueOptions> } = {}): Promise<TestApp> {
  const database = await openTestDatabase(options.pool);
  // As in production: the file store is a folder of the data directory, which also holds the signing keys' secret.
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-data-'));
  const fileRoot = path.join(dataDir, 'files');
  // FILES_BACKEND=s3 (with the S3_* of scripts/ceph-s3.sh) runs the tests on the object store, each app under a prefix of its own.
  const realStore = await openFileStore(fileStoreConfigFrom({ ...process.env, S3_PREFIX: `test-${path.basename(dataDir)}` }, dataDir));
  const files = options.fileStore ? options.fileStore(realStore) : realStore;
  await seedDemoIfEmpty(database.db, realStore, { documents: false, vault: options.signing ? await vaultFor(dataDir) : undefined });
  let fixedNow: Date | null = null;
  const clock: Clock = { now: () => fixedNow ?? new Date() };
  const config = { ...loadConfig({}), dataDir, maxFileMb: 2, maxFiles: 5, dbConnectTimeoutMs: 60_000, maxEventLoopDelayMs: 0, ...options.config };
  const queues: JobQueue[] = [];
  const openQueue = async (extra: Partial<JobQueueOptions> = {}) => {
    const queue = await openJobQueue({ database, definitions: options.jobs?.definitions ?? ALL_JOBS, pollingSeconds: 0.5, superviseSeconds: 2, ...options.jobs, ...extra });
    queues.push(queue);
    return queue;
  };
  // The database's own queue (test-database.ts) enqueues; one with other definitions replaces it here.
  const jobs = options.jobs?.definitions ? await openQueue() : queueFor(database.db);
  if (options.jobs?.workers) await jobs.startWorkers({ files, clock });
  // As main.ts: LISTEN/NOTIFY on PostgreSQL, in-process on PGlite.
  const bus = await openNotificationBus(database);
  const app = await buildApp({ config, db: database.db, pool: database.pool, files, clock, bus, webRoot: options.webRoot ?? null });

  const users = await database.db.selectFrom('users').select(['id', 'username', 'unit_id', 'agency_id']).execute();
  const people = new Map(users.map((u) => [u.username, { id: u.id, unitId: u.unit_id, agencyId: u.agency_id }]));

  const client = (cookie: string): Client => ({
    cookie,
    get: (url) => app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url, body) => app.inject({ method: 'POST', url, headers: { cookie }, ...(body === undefined ? {} : { payload: body as object }) }),
    patch: (url, body) => app.inject({ method: 'PATCH', url, headers: { cookie }, payload: body as object }),
    put: (url, body) => app.inject({ method: 'PUT', url, headers: { cookie }, payload: body as object }),
    delete: (url) => app.inject({ method: 'DELETE', url, headers: { cookie } }),
    upload: async (url, fields, uploads) => {
      const { payload, contentType } = await multipartBody(fields, uploads);
      return app.inject({ method: 'POST', url, headers: { cookie, 'content-type': contentType }, payload });
    },
  });

  const sessions = new Map<string, Client>();
  return {
    app,
    database,
    files,
    fileRoot,
    jobs,
    openJobQueue: openQueue,
    clock,
    setNow: (date) => { fixedNow = date; },
    people,
    async as(username) {
      const cached = sessions.get(username);
      if (cached) return cached;
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
      if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
      const cookie = String(response.cookies.find((c) => c.name === 'vp_session')?.value);
      const made = client(`vp_session=${cookie}`);
      sessions.set(username, made);
      return made;
    },
    anonymous: () => client(''),
    async close() {
      // No worker outlives its test file: running jobs get a moment, then the queues close.
      await Promise.all(queues.map((q) => q.stop(2000)));
      await app.close();
      await bus.close();
      await database.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Files stored under a test app's root (excluding the upload staging folder). */
export async function storedFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string) {
    for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (entry.name === 'tmp') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else found.push(entry.name);
    }
  }
  await walk(root);
  return found;
}

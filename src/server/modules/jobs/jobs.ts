/**
 * Background work: one job queue for the whole program, stored in the database.
 *
 * WHAT AND WHY. pg-boss 12 (a maintained PostgreSQL queue: SKIP LOCKED claims, retries with
 * exponential backoff, heartbeats, expiry, its own schema and migrations) rather than a table of
 * our own. It runs unchanged on both databases because both are reached the same way: pg-boss gets
 * a small `pg` pool of its own (`JOBS_DB_POOL_MAX`, default 2) to the same database as the app —
 * the PostgreSQL URL, or the Unix socket of the embedded PGlite's worker thread (embedded-database.ts).
 * No PGlite adapter is needed: the socket's session queue hands PGlite's one session to one
 * connection at a time, whole transactions included, so pg-boss's BEGIN…COMMIT blocks and
 * transaction-scoped advisory locks behave as on PostgreSQL (the DESIGN.md caution about
 * statements landing in another caller's transaction is handled by that queue, not here).
 *
 * - Stored and restart-proof: a job is a row of pgboss.job. A job whose server dies mid-run has no
 *   heartbeat (every job sends one every heartbeatSeconds / 2 while it runs) and is put back for
 *   another try by the supervisor of any live server within heartbeatSeconds + superviseInterval.
 * - Never twice at once: claims are `FOR UPDATE SKIP LOCKED`; a running job keeps its claim by heartbeat.
 * - Bounded: each job name runs at most `concurrency` at a time per server, and all of them
 *   together at most `JOBS_CONCURRENCY` (default 2: two cores, the server must stay responsive).
 * - Several servers: all of them work the same queue on one PostgreSQL.
 * - Enqueued inside the caller's transaction (`enqueue(tx, …)` through pg-boss's `fromKysely`):
 *   the job exists exactly when the row that needs it commits.
 * - The schema is installed by `migrate()` (database.ts) under the migration lock, so the migrated
 *   PGlite test snapshot already holds it; pg-boss upgrades it itself at start (its own advisory lock).
 * - Waking: on PostgreSQL, LISTEN/NOTIFY wakes workers at the commit of an enqueuing transaction;
 *   polling every JOBS_POLL_SECONDS (default 1) remains as a floor and is all PGlite has (its one
 *   session cannot deliver a NOTIFY to another socket connection).
 *
 * MEASURED (`npm run bench:jobs`, this 2-core machine while shared: load average 15): installing
 * the schema 123 ms on PGlite, 413 ms on PostgreSQL (once per database; the test snapshot holds it);
 * opening the queue on an installed schema (the time a start gains) 165 ms on PGlite, 395 ms on
 * PostgreSQL; 500 no-op jobs worked at the default concurrency 2 in 3.3 s / 2.8 s (150–180 jobs/s),
 * at concurrency 4 in 1.2 s (about 420 jobs/s) on both; 500 enqueued in one transaction 0.7–2.6 s.
 * Real jobs (a PDF's text: tens of ms; LibreOffice: 1.5–3 s) are bounded by their own work.
 */
import { fromKysely, PgBoss } from 'pg-boss';
import type { Job, Queue } from 'pg-boss';
import { JOB_QUEUE_SCHEMA, type Db, type Executor, type OpenedDatabase } from '../../db/database.js';
import type { FileStore } from '../files/file-store.js';
import { type Clock, systemClock } from '../../time.js';

/**
 * Payload of each job name. A module adds its jobs by augmenting this interface:
 * `declare module '../jobs/jobs.js' { interface JobPayloads { 'files.extract-text': { hash: string } } }`.
 */
// Empty here on purpose: each module adds its own jobs' payloads by declaration merging.
export interface JobPayloads {}
export type JobName = keyof JobPayloads & string;

export type JobLog = (message: string, error?: unknown) => void;

export interface JobContext {
  db: Db;
  files: FileStore;
  jobId: string;
  /** 0 on the first try, 1 on the first retry… */
  attempt: number;
  /** Aborted when the server stops or the job's claim is lost. */
  signal: AbortSignal;
  /** The server's clock (tests move it). */
  clock: Clock;
  log: JobLog;
}

export interface JobOptions {
  /** At most this many jobs of this name at once on one server (also bounded by JOBS_CONCURRENCY). */
  concurrency?: number;
  /** Tries after the first one before the job is marked failed. */
  retryLimit?: number;
  /** First delay before a retry, doubled at each retry (with jitter) up to retryDelayMaxSeconds. */
  retryDelaySeconds?: number;
  retryDelayMaxSeconds?: number;
  /** A running job proves it is alive this often (÷2); one silent this long is tried again elsewhere. */
  heartbeatSeconds?: number;
  /** Longest run of one try. */
  expireInSeconds?: number;
  /** Completed jobs are kept this long (the admin sees recent ones). */
  keepCompletedSeconds?: number;
}

export interface JobDefinition {
  name: string;
  options: Required<JobOptions>;
  run(payload: unknown, ctx: JobContext): Promise<void>;
}

const DEFAULTS: Required<JobOptions> = {
  concurrency: 1,
  retryLimit: 4,
  retryDelaySeconds: 30,
  retryDelayMaxSeconds: 3600,
  heartbeatSeconds: 30,
  expireInSeconds: 3600,
  keepCompletedSeconds: 7 * 24 * 3600,
};

/** A kind of job: its name, what it does, how it is retried. Register it in jobs.catalog.ts. */
export function defineJob<N extends JobName>(name: N, handler: (payload: JobPayloads[N], ctx: JobContext) => Promise<void>, options: JobOptions = {}): JobDefinition {
  return {
    name,
    options: { ...DEFAULTS, ...options },
    // The payload was written by enqueue(), whose signature is typed by the same name.
    run: (payload, ctx) => handler(payload as JobPayloads[N], ctx),
  };
}

export interface EnqueueOptions {
  /** Not before this time (or this many seconds from now). */
  startAfter?: Date | number;
  /** While a job with this key is waiting, another one with the same key is not added. */
  singletonKey?: string;
  priority?: number;
}

export interface JobQueueOptions {
  database: Pick<OpenedDatabase, 'db' | 'connection' | 'kind'>;
  definitions: readonly JobDefinition[];
  /** All jobs of this server together (JOBS_CONCURRENCY). */
  concurrency?: number;
  /** Connections of the queue's own pool (JOBS_DB_POOL_MAX). */
  poolMax?: number;
  pollingSeconds?: number;
  /** How often this server looks for jobs whose server died (seconds). */
  superviseSeconds?: number;
  log?: JobLog;
}

export interface JobQueue {
  readonly boss: PgBoss;
  readonly definitions: ReadonlyMap<string, JobDefinition>;
  /** Starts working the queue on this server (without it, this server only enqueues). */
  startWorkers(deps: { files: FileStore; clock?: Clock }): Promise<void>;
  /**
   * Stops taking jobs and lets running ones finish (up to `graceMs`; one still running then returns to
   * the queue as a retry). Jobs can still be ENQUEUED afterwards: requests still in flight on a stopping
   * server add theirs in their own transactions (shutdown.ts closes the queue after the last request).
   */
  stopWorking(graceMs?: number): Promise<void>;
  /** stopWorking(), then the queue is closed: enqueue() no longer finds it, its connections close. */
  stop(graceMs?: number): Promise<void>;
}

// The started queues by database: enqueue(tx) finds the queue of the transaction's database through
// the Kysely adapter, the one object a Kysely instance shares with all its transactions.
const queuesByDatabase = new WeakMap<object, Set<JobQueue>>();
const databaseKey = (db: Executor): object => db.getExecutor().adapter;

/**
 * Adds a job in the caller's transaction (or at once, given the database): the job commits or rolls
 * back with the row that needs it. The queue of that database must be open (main.ts, the test app).
 */
export async function enqueue<N extends JobName>(tx: Executor, name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<string> {
  const queue = queueFor(tx, name);
  // pg-boss reads the queue's settings from its cache, filled at start (openJobQueue creates every
  // defined queue), so this is one INSERT on the caller's connection. A cache miss would read the
  // queue through pg-boss's own pool while the caller's transaction is open — on PGlite, whose one
  // session that transaction holds, it would wait for ever: hence no enqueue of an undefined job.
  const id = await queue.boss.send(name, payload as object, { ...options, db: fromKysely(tx) });
  if (!id) throw new Error(`Job ${name} was not added.`);
  return id;
}

/** The open queue of this database (or of the database of this transaction); the latest opened that knows `name`. */
export function queueFor(db: Executor, name?: string): JobQueue {
  const open = [...(queuesByDatabase.get(databaseKey(db)) ?? [])].reverse();
  if (!open.length) throw new Error('No job queue is open for this database: open it at start (openJobQueue).');
  const queue = name === undefined ? open[0] : open.find((q) => q.definitions.has(name));
  if (!queue) throw new Error(`Unknown job ${name}: add it to jobs.catalog.ts.`);
  return queue;
}

/**
 * A periodic scan: queues job `name` with `payload` now and every `minutes` on each server, one per
 * slot between all servers sharing the database (a pg-boss singleton), so a restart or a second
 * server neither loses nor doubles a scan, and a scan left by a stopped server is worked by the
 * next one. Returns the stop function.
 */
export function schedulePeriodicJob<N extends JobName>(db: Executor, name: N, payload: JobPayloads[N], log: JobLog, minutes = 1): () => void {
  const queueScan = () => {
    queueFor(db, name).boss.send(name, payload as object, { singletonKey: name, singletonSeconds: minutes * 60 })
      .catch((error: unknown) => log(`${name} not queued`, error));
  };
  queueScan();
  const timer = setInterval(queueScan, minutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** The queue's options for a definition, as pg-boss stores them per queue. */
function queueOptions(options: Required<JobOptions>): Omit<Queue, 'name'> {
  return {
    retryLimit: options.retryLimit,
    retryDelay: options.retryDelaySeconds,
    retryBackoff: true,
    retryDelayMax: options.retryDelayMaxSeconds,
    heartbeatSeconds: options.heartbeatSeconds,
    expireInSeconds: options.expireInSeconds,
    deleteAfterSeconds: options.keepCompletedSeconds,
  };
}

/** A counting semaphore: all job names of one server share JOBS_CONCURRENCY slots. */
function slots(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (free > 0) free -= 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free += 1;
    }
  };
}

/**
 * Starts the queue on the database: checks (or upgrades) its schema, creates or updates a queue
 * per job definition, and lets enqueue() reach it. Workers start with startWorkers().
 */
export async function openJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const log = options.log ?? (() => undefined);
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const boss = new PgBoss({
    ...options.database.connection,
    max: options.poolMax ?? 2,
    schema: JOB_QUEUE_SCHEMA,
    application_name: 'vanphong-jobs',
    schedule: false,
    supervise: true,
    // Expiry and lapsed heartbeats are checked per queue at most every monitorIntervalSeconds (a
    // time stored in the database, shared by all servers): both intervals together bound how long
    // a dead server's job waits before it is tried again.
    superviseIntervalSeconds: options.superviseSeconds ?? 30,
    monitorIntervalSeconds: options.superviseSeconds ?? 30,
    registerInstance: false,
    useListenNotify: options.database.kind === 'postgres',
  });
  boss.on('error', (error) => log('job queue error', error));
  await boss.start();
  const definitions = new Map(options.definitions.map((d) => [d.name, d]));
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  for (const definition of definitions.values()) {
    const settings = { ...queueOptions(definition.options), notify: true };
    if (existing.has(definition.name)) await boss.updateQueue(definition.name, settings);
    else await boss.createQueue(definition.name, settings);
  }

  const run = slots(concurrency);
  const pollingIntervalSeconds = options.pollingSeconds ?? 1;
  let stopped = false;
  let workingStopped: Promise<void> | undefined;
  const queue: JobQueue = {
    boss,
    definitions,
    async startWorkers({ files, clock = systemClock }) {
      for (const definition of definitions.values()) {
        const size = Math.min(definition.options.concurrency, concurrency);
        // One fetch brings up to `size` jobs, run side by side; a full batch fetches again at once.
        await boss.work<unknown>(definition.name, {
          batchSize: size,
          perJobResults: true,
          burstWhenBatchFull: size > 1,
          // NOTIFY only announces new jobs, not a retry whose backoff has run out: the polling floor
          // stays the same with or without it (pg-boss would otherwise slow it to 30 s).
          pollingIntervalSeconds,
          notifyPollingIntervalSeconds: pollingIntervalSeconds,
        }, async (jobs: Job<unknown>[]) =>
          Promise.all(jobs.map(async (job) => {
            try {
              await run(() => definition.run(job.data, { db: options.database.db, files, jobId: job.id, attempt: job.retryCount, signal: job.signal, log, clock }));
              return { id: job.id, status: 'completed' as const };
            } catch (error) {
              log(`job ${definition.name} ${job.id} failed (try ${job.retryCount + 1})`, error);
              return { id: job.id, status: 'failed' as const, output: { message: errorMessage(error) } };
            }
          })));
      }
    },
    stopWorking(graceMs = 10_000) {
      // pg-boss stopped without closing its pool: no fetching, running jobs settled or failed back to
      // the queue; send() still works (the queues' settings are cached, the insert is on the caller's connection).
      workingStopped ??= boss.stop({ graceful: true, timeout: graceMs, close: false });
      return workingStopped;
    },
    async stop(graceMs = 10_000) {
      if (stopped) return;
      stopped = true;
      await queue.stopWorking(graceMs);
      queuesByDatabase.get(databaseKey(options.database.db))?.delete(queue);
      await boss.stop({ close: true });
    },
  };
  const key = databaseKey(options.database.db);
  if (!queuesByDatabase.has(key)) queuesByDatabase.set(key, new Set());
  queuesByDatabase.get(key)!.add(queue);
  return queue;
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 2000);
}

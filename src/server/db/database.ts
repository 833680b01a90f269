import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, sql } from 'kysely';
import pg from 'pg';
import { getConstructionPlans } from 'pg-boss';
import { DomainError, ServerBusyError } from '../http/errors.js';
import { type EmbeddedDatabase, startEmbeddedDatabase } from './embedded-database.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
/** Either the database or an open transaction: repositories accept both. */
export type Executor = Kysely<Database>;

const DATE_OID = 1082;
const INT8_OID = 20;

// Calendar dates come back as 'YYYY-MM-DD' (no time-zone shift) and int8 as numbers.
pg.types.setTypeParser(DATE_OID, (value: string) => value);
pg.types.setTypeParser(INT8_OID, (value: string) => Number(value));

export interface PoolOptions {
  /** Connections to the database (DB_POOL_MAX). */
  max?: number;
  /** How long a request may wait for a free connection before it is answered 503 (DB_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
}

const DEFAULT_POOL: Required<PoolOptions> = { max: 10, connectTimeoutMs: 5000 };

/**
 * How much longer the current HTTP request may wait for database connections, in all (set per
 * request by the app). A request makes several queries, each taking a connection: without one
 * budget for all of them, each wait could be the full timeout. Time spent elsewhere (receiving an
 * upload, hashing a password) does not count.
 */
export const connectionWaitBudget = new AsyncLocalStorage<{ remainingMs: number }>();

export interface OpenedDatabase {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** How to open more connections to the same database (the job queue keeps a small pool of its own). */
  connection: pg.PoolConfig;
  /** The app's connection pool (its use is a metric). */
  pool: pg.Pool;
  /** Runs a script of several statements in one transaction (migrations). */
  runScript(script: string): Promise<void>;
  /** Runs `work` while holding the migration lock, so servers starting together migrate once. */
  withMigrationLock<T>(work: () => Promise<T>): Promise<T>;
  /** PGlite only: the database thread (dump the data directory, hear of a crash). */
  embedded?: EmbeddedDatabase;
  close(): Promise<void>;
}

/**
 * Embedded PGlite in a worker thread (see embedded-database.ts), reached through `pg` over a Unix
 * socket: the same driver and dialect as PostgreSQL, and the app's event loop stays free.
 */
export async function openPGlite(dataDir: string | undefined, options: { loadDataDir?: string; lockWaitMs?: number; pool?: PoolOptions } = {}): Promise<OpenedDatabase> {
  const embedded = await startEmbeddedDatabase({ dataDir, loadDataDir: options.loadDataDir, lockWaitMs: options.lockWaitMs });
  const opened = openPool({ host: embedded.socketDir, port: 5432, user: 'postgres', database: 'postgres' }, options.pool);
  // One server owns a data directory (startEmbeddedDatabase locks it), so an in-process lock is enough;
  // an advisory lock would not be: every connection shares PGlite's single session, which re-enters it.
  let migrations: Promise<unknown> = Promise.resolve();
  return {
    ...opened,
    kind: 'pglite',
    withMigrationLock(work) {
      const run = migrations.then(work, work);
      migrations = run.catch(() => undefined);
      return run;
    },
    embedded,
    close: async () => {
      await opened.close();
      await embedded.close();
    },
  };
}

export function openPostgres(connectionString: string, pool?: PoolOptions): OpenedDatabase {
  // No JIT: its compile (about a second on 2 loaded cores) goes to any query whose estimated cost
  // passes jit_above_cost, and a page that stops after 20 rows of a 6,000-row nested loop is costed
  // as the whole loop: a 100 ms search took 1.2 s (BENCHMARKS.md, search at 100,000). Our queries
  // are short; none needs it. (PGlite has no JIT.)
  return { ...openPool({ connectionString, options: '-c jit=off' }, pool), kind: 'postgres' };
}

function openPool(connection: pg.PoolConfig, options: PoolOptions = {}): Omit<OpenedDatabase, 'kind'> {
  const { max, connectTimeoutMs } = { ...DEFAULT_POOL, ...options };
  const pool = new pg.Pool({ ...connection, max, connectionTimeoutMillis: connectTimeoutMs });
  // An idle connection dropped by the server (restart, failover) must not take the process down.
  pool.on('error', (error) => console.error('Database connection lost:', error.message));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: answeringBusy(pool) }) });
  return {
    db,
    connection,
    pool,
    runScript: async (script) => {
      const client = await pool.connect();
      try {
        await client.query(`BEGIN;\n${script}\n;COMMIT;`);
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    async withMigrationLock(work) {
      // The lock's own connection, outside the pool: the migrations need pool connections meanwhile
      // (with DB_POOL_MAX=1 holding the lock on a pooled one would wait for itself).
      const client = new pg.Client(connection);
      await client.connect();
      try {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]).catch(() => undefined);
        await client.end();
      }
    },
    close: () => db.destroy(),
  };
}

/**
 * The pool as Kysely sees it, with the two failures a user can only wait out turned into 503s:
 * no free connection within the wait (SERVER_BUSY) and a database that cannot be reached
 * (DATABASE_UNAVAILABLE). Every other error passes unchanged (services read constraint codes).
 */
function answeringBusy(pool: pg.Pool): PostgresPool {
  const busy = () => new ServerBusyError();
  const translate = (error: unknown): unknown => {
    const { message = '', code = '' } = error as { message?: string; code?: string };
    // Waiting for a pooled connection, or for a new one to be let in, took too long: busy, not down.
    if (/timeout exceeded when trying to connect|connection timeout/i.test(message)) return busy();
    if (['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', '57P01', '57P03'].includes(code) || /Connection terminated/i.test(message)) {
      return new DomainError('DATABASE_UNAVAILABLE', 503, { seconds: 30 });
    }
    return error;
  };
  /** A connection, or SERVER_BUSY once the request's waiting budget is spent (the pool's own timeout still applies). */
  const connectWithin = async (budget: { remainingMs: number } | undefined): Promise<pg.PoolClient> => {
    if (budget === undefined) return pool.connect();
    if (budget.remainingMs <= 0) throw busy();
    const started = Date.now();
    const pending = pool.connect();
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([pending, new Promise<never>((_, reject) => {
        // A timer may fire a millisecond early by the wall clock: once it has, the budget is spent.
        timer = setTimeout(() => { budget.remainingMs = 0; reject(busy()); }, budget.remainingMs);
      })]);
    } catch (error) {
      // Given up on: hand the connection back whenever the pool gets to it.
      pending.then((client) => client.release(), () => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
      if (budget.remainingMs > 0) budget.remainingMs -= Date.now() - started;
    }
  };
  // One wrapper per pooled connection: Kysely keys its connection state by the client object.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient) => {
    // A connection that drops while checked out emits 'error' with no listener of the pool's: the
    // query in flight already fails with it, so it must not also end the process.
    client.on('error', () => undefined);
    return {
      query: (sql: string, parameters: readonly unknown[]) => client.query(sql, parameters as unknown[]).catch((error: unknown) => { throw translate(error); }),
      release: () => client.release(),
    } as unknown as PostgresPoolClient; // Kysely calls only query(sql, parameters) and release(); no cursors here
  };
  return {
    options: pool.options,
    async connect() {
      const client = await connectWithin(connectionWaitBudget.getStore()).catch((error: unknown) => { throw translate(error); });
      let wrapped = wrappers.get(client);
      if (!wrapped) wrappers.set(client, wrapped = wrap(client));
      return wrapped;
    },
    end: () => pool.end(),
  };
}

export async function openDatabase(options: { databaseUrl?: string; dataDir: string; pool?: PoolOptions }): Promise<OpenedDatabase> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.pool);
  const dir = path.join(options.dataDir, 'pglite');
  await fs.mkdir(dir, { recursive: true });
  return openPGlite(dir, { pool: options.pool });
}

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export async function listMigrations(): Promise<{ name: string; sql: string }[]> {
  const names = (await fs.readdir(migrationsDir)).filter((f) => /^\d{4}-.*\.sql$/.test(f)).sort();
  return Promise.all(names.map(async (name) => ({ name, sql: await fs.readFile(path.join(migrationsDir, name), 'utf8') })));
}

const MIGRATION_LOCK = 'vanphong-migrations';

/** The schema of the background-job queue (pg-boss: src/server/modules/jobs/jobs.ts). */
export const JOB_QUEUE_SCHEMA = 'pgboss';

/**
 * Applies the numbered migrations not yet applied, each in its own transaction, then installs the
 * job queue's tables where they are missing, under the same lock. pg-boss upgrades its own schema
 * when the queue starts (under its own advisory lock); installing it here puts it in the migrated
 * test snapshot, so test files do not each pay for it.
 */
export async function migrate(opened: Pick<OpenedDatabase, 'db' | 'runScript' | 'withMigrationLock'>): Promise<string[]> {
  return opened.withMigrationLock(() => applyPending(opened));
}

async function applyPending({ db, runScript }: Pick<OpenedDatabase, 'db' | 'runScript'>): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(db);
  const applied = new Set((await db.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name));
  const done: string[] = [];
  for (const migration of await listMigrations()) {
    if (applied.has(migration.name)) continue;
    const record = `INSERT INTO schema_migrations (name) VALUES ('${migration.name.replace(/'/g, "''")}')`;
    await runScript(`${migration.sql}\n;${record}`);
    done.push(migration.name);
  }
  const installed = await sql<{ found: string | null }>`SELECT to_regclass(${`${JOB_QUEUE_SCHEMA}.version`}) AS found`.execute(db);
  if (!installed.rows[0]?.found) {
    // A whole script with its own BEGIN/COMMIT and advisory lock: sent as one simple query.
    await sql.raw(getConstructionPlans(JOB_QUEUE_SCHEMA)).execute(db);
    done.push(`${JOB_QUEUE_SCHEMA} (job queue)`);
  }
  return done;
}

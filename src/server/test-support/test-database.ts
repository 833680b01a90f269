import { inject } from 'vitest';
import { migrate, type OpenedDatabase, openPGlite, type PoolOptions } from '../db/database.js';
import { openScratchPostgres } from '../db/scratch-database.js';
import { openJobQueue } from '../modules/jobs/jobs.js';
import { ALL_JOBS } from '../modules/jobs/jobs.catalog.js';

/**
 * A fresh, migrated database for one test file: PGlite started from the migrated snapshot, or,
 * when DATABASE_URL is set, a new database on that PostgreSQL server, dropped at close. Its job
 * queue is open (so registering a document can enqueue its jobs) but works nothing unless a test
 * starts its workers (`queueFor(db).startWorkers({ files })`, or createTestApp's `jobs.workers`).
 */
export async function openTestDatabase(options?: PoolOptions): Promise<OpenedDatabase> {
  const opened = await openMigrated(options);
  const jobs = await openJobQueue({ database: opened, definitions: ALL_JOBS, pollingSeconds: 0.5, superviseSeconds: 2 });
  return {
    ...opened,
    close: async () => {
      await jobs.stop(2000);
      await opened.close();
    },
  };
}

async function openMigrated(options?: PoolOptions): Promise<OpenedDatabase> {
  // Tests wait for connections as long as a test may take: on a busy CI machine the production
  // default (5 s) would turn slowness into failures. Overload tests pass their own limits.
  const pool: PoolOptions = { connectTimeoutMs: 60_000, ...options };
  if (process.env.DATABASE_URL) return openScratchPostgres(process.env.DATABASE_URL, 'vp_test', pool, inject('postgresTemplate') || undefined);
  const snapshot = inject('pgliteSnapshot');
  if (snapshot) return openPGlite(undefined, { loadDataDir: snapshot, pool });
  const opened = await openPGlite(undefined, { pool });
  await migrate(opened);
  return opened;
}

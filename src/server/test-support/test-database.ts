import { inject } from 'vitest';
import { migrate, type OpenedDatabase, openPGlite } from '../db/database.js';
import { openScratchPostgres } from '../db/scratch-database.js';

/**
 * A fresh, migrated database for one test file: PGlite started from the migrated snapshot, or,
 * when DATABASE_URL is set, a new database on that PostgreSQL server, dropped at close.
 */
export async function openTestDatabase(): Promise<OpenedDatabase> {
  if (process.env.DATABASE_URL) return openScratchPostgres(process.env.DATABASE_URL, 'vp_test');
  const snapshot = inject('pgliteSnapshot');
  if (snapshot) return openPGlite(undefined, { loadDataDir: snapshot });
  const opened = await openPGlite(undefined);
  await migrate(opened);
  return opened;
}

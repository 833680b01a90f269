import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate, type OpenedDatabase, openPGlite, openPostgres } from '../db/database.js';

/**
 * A fresh, migrated database for one test file: PGlite started from the migrated snapshot, or,
 * when DATABASE_URL is set, a new database on that PostgreSQL server, dropped at close.
 */
export async function openTestDatabase(): Promise<OpenedDatabase> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const snapshot = inject('pgliteSnapshot');
    if (snapshot) return openPGlite(undefined, new Blob([await fs.readFile(snapshot)]));
    const opened = await openPGlite(undefined);
    await migrate(opened);
    return opened;
  }
  const name = `vp_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const opened = openPostgres(url.toString());
  await migrate(opened);
  return {
    ...opened,
    close: async () => {
      await opened.close();
      const cleanup = new pg.Client({ connectionString: baseUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

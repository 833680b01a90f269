import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, type OpenedDatabase, openPostgres, type PoolOptions } from './database.js';

/**
 * A new, migrated database on the PostgreSQL server of `baseUrl`, dropped again at close:
 * for test files and benchmarks that must not share state.
 */
export async function openScratchPostgres(baseUrl: string, prefix: string, pool?: PoolOptions): Promise<OpenedDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const opened = openPostgres(url.toString(), pool);
  await migrate(opened);
  return {
    ...opened,
    close: async () => {
      await opened.close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

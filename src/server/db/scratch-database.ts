import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, type OpenedDatabase, openPostgres, type PoolOptions } from './database.js';

/**
 * A new, migrated database on the PostgreSQL server of `baseUrl`, dropped again at close:
 * for test files and benchmarks that must not share state.
 */
export async function openScratchPostgres(baseUrl: string, prefix: string, pool?: PoolOptions, template?: string): Promise<OpenedDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = adminOf(baseUrl);
  // From a migrated template (tests): the migrations below then find nothing left to apply.
  await admin(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
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

function adminOf(baseUrl: string) {
  return async (statement: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
}

/**
 * A migrated database to copy test databases from (CREATE DATABASE … TEMPLATE): made once per test
 * run, closed at once (PostgreSQL copies a template only while nobody is connected to it).
 */
export async function createPostgresTemplate(baseUrl: string, prefix: string): Promise<{ name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = adminOf(baseUrl);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const opened = openPostgres(url.toString());
  try {
    await migrate(opened);
  } finally {
    await opened.close();
  }
  return { name, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

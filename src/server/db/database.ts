import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createPGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
/** Either the database or an open transaction: repositories accept both. */
export type Executor = Kysely<Database>;

const DATE_OID = 1082;
const INT8_OID = 20;

// Both drivers return calendar dates as 'YYYY-MM-DD' (no time-zone shift) and int8 as numbers.
pg.types.setTypeParser(DATE_OID, (value: string) => value);
pg.types.setTypeParser(INT8_OID, (value: string) => Number(value));

export interface OpenedDatabase {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs a script of several statements in one transaction (migrations). */
  runScript(script: string): Promise<void>;
  /** Runs `work` while holding the migration lock, so servers starting together migrate once. */
  withMigrationLock<T>(work: () => Promise<T>): Promise<T>;
  /** PGlite only: the whole data directory as a tarball, to start other instances from. */
  dump?: () => Promise<Blob>;
  close(): Promise<void>;
}

export async function openPGlite(dataDir: string | undefined, loadDataDir?: Blob): Promise<OpenedDatabase> {
  const pglite = await PGlite.create({
    dataDir,
    loadDataDir,
    parsers: { [DATE_OID]: (value: string) => value, [INT8_OID]: (value: string) => Number(value) },
  });
  const db = new Kysely<Database>({ dialect: createPGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    // PGlite's exec speaks the simple protocol, which takes several statements at once.
    runScript: async (script) => { await pglite.exec(`BEGIN;\n${script}\n;COMMIT;`); },
    dump: () => pglite.dumpDataDir('none'),
    // One process owns a PGlite data directory: nobody else can migrate it at the same time.
    withMigrationLock: (work) => work(),
    close: async () => { await db.destroy(); await pglite.close(); },
  };
}

export function openPostgres(connectionString: string): OpenedDatabase {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle connection dropped by the server (restart, failover) must not take the process down.
  pool.on('error', (error) => console.error('PostgreSQL connection lost:', error.message));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
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
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]).catch(() => undefined);
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

export async function openDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<OpenedDatabase> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  const dir = path.join(options.dataDir, 'pglite');
  await fs.mkdir(dir, { recursive: true });
  return openPGlite(dir);
}

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export async function listMigrations(): Promise<{ name: string; sql: string }[]> {
  const names = (await fs.readdir(migrationsDir)).filter((f) => /^\d{4}-.*\.sql$/.test(f)).sort();
  return Promise.all(names.map(async (name) => ({ name, sql: await fs.readFile(path.join(migrationsDir, name), 'utf8') })));
}

/** Applies the numbered migrations not yet applied, each in its own transaction. */
const MIGRATION_LOCK = 'vanphong-migrations';

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
  return done;
}

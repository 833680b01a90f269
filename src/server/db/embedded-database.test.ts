import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DomainError } from '../http/errors.js';
import { type OpenedDatabase, openPGlite } from './database.js';
import { startEmbeddedDatabase } from './embedded-database.js';

// These tests are about the embedded database itself; on PostgreSQL there is nothing to test.
const embedded = !process.env.DATABASE_URL;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function until(condition: () => boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  return condition();
}

// Start from the migrated snapshot: an empty PGlite runs initdb first, which takes seconds.
const snapshot = () => inject('pgliteSnapshot') || undefined;

const tempDirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanphong-embedded-test-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => { for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true }); });

describe.runIf(embedded)('the embedded database keeps each transaction to itself', () => {
  let database: OpenedDatabase;
  beforeAll(async () => { database = await openPGlite(undefined, { loadDataDir: snapshot(), pool: { connectTimeoutMs: 60_000 } }); });
  afterAll(async () => database?.close());

  it('a read on another connection waits for an open transaction and never sees its uncommitted rows', async () => {
    await sql`CREATE TABLE t_iso (n int)`.execute(database.db);
    let seenInside: number | undefined;
    const writer = database.db.transaction().execute(async (tx) => {
      await sql`INSERT INTO t_iso SELECT generate_series(1, 5)`.execute(tx);
      await new Promise((r) => setTimeout(r, 200));
      await sql`INSERT INTO t_iso VALUES (6)`.execute(tx);
    });
    await new Promise((r) => setTimeout(r, 50));
    const reader = sql<{ n: number }>`SELECT count(*)::int AS n FROM t_iso`.execute(database.db).then((r) => { seenInside = r.rows[0]!.n; });
    await Promise.all([writer, reader]);
    expect(seenInside).toBe(6); // ran after the commit, not in the middle of the transaction
  });

  it('a rolled-back transaction leaves nothing behind for the next connection', async () => {
    await sql`CREATE TABLE t_rollback (n int)`.execute(database.db);
    await expect(database.db.transaction().execute(async (tx) => {
      await sql`INSERT INTO t_rollback VALUES (1)`.execute(tx);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM t_rollback`.execute(database.db);
    expect(rows[0]!.n).toBe(0);
  });

  it('statements with large parameters on many connections each get their own answer', async () => {
    // A 300 KB parameter arrives in several socket reads: another connection must not slip in between.
    const results = await Promise.all(Array.from({ length: 120 }, async (_, i) => {
      if (i % 2) return (await sql<{ a: number }>`SELECT ${i}::int + 1 AS a`.execute(database.db)).rows[0]!.a === i + 1;
      const big = `${i}${' '.repeat(i % 4 === 0 ? 300_000 : 10)}`;
      const row = (await sql<{ b: string }>`SELECT trim(${big}::text) AS b`.execute(database.db)).rows[0];
      return row?.b === String(i);
    }));
    expect(results.every(Boolean)).toBe(true);
  });
});

describe.runIf(embedded)('the embedded database lives and dies with its server', () => {
  it('a second server cannot open a data directory in use, and is told so clearly', async () => {
    const dir = path.join(tempDir(), 'pglite');
    const first = await startEmbeddedDatabase({ dataDir: dir, loadDataDir: snapshot() });
    try {
      await expect(startEmbeddedDatabase({ dataDir: dir, lockWaitMs: 200 })).rejects.toThrow(/in use by another VanPhong server \(process \d+\)/);
    } finally {
      await first.close();
    }
    // Released at close: the next start opens it.
    const again = await startEmbeddedDatabase({ dataDir: dir });
    await again.close();
  });

  it('after the server is killed with kill -9, the data directory opens again at once', async () => {
    const dir = path.join(tempDir(), 'pglite');
    const launcher = path.join(path.dirname(fileURLToPath(import.meta.url)), 'embedded-database.ts');
    const script = `const { startEmbeddedDatabase } = await import(${JSON.stringify(launcher)});
      const db = await startEmbeddedDatabase({ dataDir: ${JSON.stringify(dir)}, loadDataDir: ${JSON.stringify(snapshot())} });
      console.log(JSON.stringify({ socketDir: db.socketDir }));
      setInterval(() => undefined, 1000);`;
    const server = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const socketDir = await new Promise<string>((resolve, reject) => {
      server.stdout!.on('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()).socketDir));
      server.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
    });
    expect(fs.readFileSync(`${dir}.lock`, 'utf8')).toBe(String(server.pid));
    server.kill('SIGKILL');
    expect(await until(() => !alive(server.pid!), 5000)).toBe(true);
    tempDirs.push(socketDir); // a killed process cleans nothing up
    // The database died with the server's process (it is a thread of it); its lock is taken over.
    const next = await openPGlite(dir, { lockWaitMs: 0 });
    try {
      const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(next.db);
      expect(rows[0]!.one).toBe(1);
    } finally {
      await next.close();
    }
  });

  it('a crash of the database thread gives a clear 503 error and a notice, not a hang', async () => {
    const database = await openPGlite(undefined, { loadDataDir: snapshot() });
    const lost = new Promise<string>((resolve) => database.embedded!.onLost(resolve));
    try {
      const inFlight = sql`SELECT count(*) FROM generate_series(1, 3000000)`.execute(database.db);
      const failure = inFlight.then(() => null, (error: unknown) => error);
      await new Promise((r) => setTimeout(r, 100));
      await database.embedded!.terminate();

      expect(await lost).toMatch(/embedded database ended unexpectedly/);
      const inFlightError = await failure;
      expect(inFlightError).toBeInstanceOf(DomainError);
      expect(inFlightError).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503 });

      const start = performance.now();
      const next = await sql`SELECT 1`.execute(database.db).then(() => null, (error: unknown) => error);
      expect(next).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503 });
      expect(performance.now() - start).toBeLessThan(1000);
    } finally {
      await database.close().catch(() => undefined);
    }
  });

  it('the database is reached through a private socket, not a network port', async () => {
    const db = await startEmbeddedDatabase({ loadDataDir: snapshot() });
    try {
      expect(fs.statSync(db.socketDir).mode & 0o077).toBe(0);
      const client = new pg.Client({ host: db.socketDir, port: 5432, user: 'postgres', database: 'postgres' });
      await client.connect();
      expect((await client.query('SELECT 41 + 1 AS n')).rows[0].n).toBe(42);
      await client.end();
    } finally {
      await db.close();
    }
  });
});

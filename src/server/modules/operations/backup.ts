/**
 * Backup and restore of a deployment: its database and its files, with a manifest of SHA-256 checksums.
 *
 * A backup is a folder:
 *   manifest.json        what is inside, the checksum of every part, the row counts at the snapshot
 *   database.tar         PGlite: the data directory as a tarball (PGlite's own dump), or
 *   database.dump        PostgreSQL: pg_dump's custom format
 *   files/ab/cd/abcd…    every stored file, named by its SHA-256 (the disk store's layout); in an
 *                        INCREMENTAL backup (`since`: an earlier backup) only the files that backup's
 *                        manifest does not list: content is named by its hash and never changes, so a
 *                        hash already backed up is exactly that file. The manifest still lists every
 *                        file, each one the earlier backup holds with `in` (which of `bases`).
 *   signing-key-secret   the secret that seals the signing keys (when it is a file of DATA_DIR and
 *                        not SIGNING_KEY_SECRET): without it the restored keys cannot be opened.
 *                        A backup is therefore as secret as the server's data directory.
 *
 * CONSISTENT WHILE SERVING. The database is copied at one instant: on PostgreSQL pg_dump runs on a
 * snapshot exported by a REPEATABLE READ transaction of ours, in which the row counts and the file
 * hashes the rows name are read too; on PGlite the database thread waits until no connection is
 * inside a transaction, holds every connection back for the moment of the copy (a CHECKPOINT, the
 * same two queries, the tarball: embedded-database.ts `snapshot`), and lets them go. The files are
 * copied afterwards: content is never changed once stored (its name is its hash) and only the
 * collector removes content, once no row names it for an hour, so everything the snapshot's rows
 * name is still there. What they name and the store lacks is reported (`missing`), not hidden.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import type { OpenedDatabase } from '../../db/database.js';
import { startEmbeddedDatabase } from '../../db/embedded-database.js';
import type { FileStore } from '../files/file-store.js';

export const MANIFEST = 'manifest.json';
const FORMAT = 'vanphong-backup';

export interface BackupManifest {
  format: typeof FORMAT;
  /** 1: a full backup; 2: an incremental one (with `bases`), which a program that knows only 1 refuses. */
  version: 1 | 2;
  createdAt: string;
  /**
   * Incremental backups only: the earlier backups that hold the files this one did not copy, the
   * nearest first. `path` is relative to this backup's folder (keep a chain's folders side by side);
   * `manifestSha256` is the SHA-256 of that backup's manifest.json, checked by the restore.
   */
  bases?: BackupBase[];
  database: {
    kind: 'pglite' | 'postgres';
    /** pglite-tar: PGlite's dump of its data directory; pg_dump-custom: `pg_dump -Fc`. */
    format: 'pglite-tar' | 'pg_dump-custom';
    file: string;
    size: number;
    sha256: string;
    /** Applied migrations, newest last (a restore needs a program at least this new). */
    migrations: string[];
    /** Rows of every table of the app's schema (public) and of the job queue, at the snapshot. */
    rowCounts: Record<string, number>;
  };
  files: {
    count: number;
    bytes: number;
    /**
     * Every stored file: its hash (its name) and size; the checksum of each is its name. `in`: the
     * index in `bases` of the earlier backup that holds it (absent: this backup's own files/).
     */
    items: BackupItem[];
    /** What this backup copied itself (all of `count`/`bytes` in a full backup). */
    copied?: { count: number; bytes: number };
    /** Named by a row of the snapshot but absent from the store (lost before the backup). */
    missing: string[];
  };
  /** DATA_DIR's signing-key-secret, when there is one. */
  secrets: { file: string; sha256: string }[];
  /** Backup time, in ms, of each part. */
  timings: { databaseMs: number; filesMs: number };
}

export interface BackupItem { hash: string; size: number; in?: number }

export interface BackupBase { path: string; createdAt: string; manifestSha256: string }

/**
 * Every file hash a row names, as SQL (the same tables as the collector's referencedHashes in
 * file-collector.ts; a capability that keeps files adds its table there and here).
 */
const REFERENCED_SQL = `
  SELECT file_hash AS h FROM attachments
  UNION SELECT file_hash FROM document_versions
  UNION SELECT pdf_hash FROM document_versions WHERE pdf_hash IS NOT NULL
  UNION SELECT file_hash FROM consultation_files
  UNION SELECT file_hash FROM document_signatures
  UNION SELECT file_hash FROM document_copies
  UNION SELECT searchable_pdf_hash FROM file_texts WHERE searchable_pdf_hash IS NOT NULL
  UNION SELECT file_hash FROM prefill_uploads WHERE created_at > now() - interval '1 day'
  UNION SELECT file_hash FROM attachment_signatures
  UNION SELECT prepared_hash FROM external_signing_sessions WHERE status = 'pending' AND expires_at > now()`;

const TABLES_SQL = `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
  WHERE table_schema IN ('public', 'pgboss') AND table_type = 'BASE TABLE' ORDER BY 1, 2`;

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const countSql = (tables: { s: string; t: string }[]) => tables.length
  ? tables.map(({ s, t }) => `SELECT '${s}.${t}' AS name, count(*)::bigint AS n FROM ${quoteIdent(s)}.${quoteIdent(t)}`).join('\nUNION ALL ')
  : `SELECT '' AS name, 0 AS n WHERE false`;

/** Row counts of every table of the app and the job queue (tests and restores compare them). */
export async function rowCounts(query: (text: string) => Promise<unknown[]>): Promise<Record<string, number>> {
  const tables = await query(TABLES_SQL) as { s: string; t: string }[];
  const rows = await query(countSql(tables)) as { name: string; n: number | string }[];
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
}

export interface BackupProgress { phase: 'database' | 'files'; done: number; total: number }

export interface BackupOptions {
  database: OpenedDatabase;
  files: FileStore;
  /** An empty or new folder. */
  out: string;
  onProgress?: (progress: BackupProgress) => void;
  /** PostgreSQL client programs (pg_dump, pg_restore) live here (PG_BIN_DIR; default: the PATH). */
  pgBinDir?: string;
  /** DATA_DIR, whose signing-key-secret is copied too. */
  dataDir?: string;
  /** An earlier backup's folder: files its manifest lists are not copied again (incremental backup). */
  since?: string;
}

const SECRET_FILES = ['signing-key-secret'];

export async function createBackup(options: BackupOptions): Promise<BackupManifest> {
  const { database, files, out } = options;
  await fs.mkdir(out, { recursive: true });
  if ((await fs.readdir(out)).length) throw new Error(`The backup folder ${out} is not empty.`);
  // The earlier backup first: a wrong --since fails before the database is dumped.
  const previous = options.since ? await previousBackup(options.since, out, database.kind) : null;
  const onProgress = options.onProgress ?? (() => undefined);
  onProgress({ phase: 'database', done: 0, total: 1 });

  const dbStarted = Date.now();
  let snapshot: { file: string; format: BackupManifest['database']['format']; counts: Record<string, number>; referenced: string[]; migrations: string[] };
  if (database.kind === 'pglite') {
    if (!database.embedded) throw new Error('unreachable: PGlite without its database thread');
    const file = 'database.tar';
    // The table list first (migrations run only at start: it does not change while serving).
    const tables = (await database.pool.query<{ s: string; t: string }>(TABLES_SQL)).rows;
    const [counts, referenced, migrations] = await database.embedded.snapshot(path.join(out, file), [
      countSql(tables), REFERENCED_SQL, 'SELECT name FROM schema_migrations ORDER BY name',
    ]) as [{ name: string; n: number | string }[], { h: string }[], { name: string }[]];
    snapshot = { file, format: 'pglite-tar', counts: Object.fromEntries(counts.map((r) => [r.name, Number(r.n)])), referenced: referenced.map((r) => r.h), migrations: migrations.map((r) => r.name) };
  } else {
    snapshot = await dumpPostgres(database, out, options.pgBinDir);
  }
  const dbFile = path.join(out, snapshot.file);
  const databaseMs = Date.now() - dbStarted;
  onProgress({ phase: 'database', done: 1, total: 1 });

  const filesStarted = Date.now();
  const hashes: string[] = [];
  for await (const batch of files.list()) hashes.push(...batch);
  hashes.sort();
  const items: BackupItem[] = [];
  let bytes = 0;
  let copiedCount = 0;
  const copiedTotals = { count: 0, bytes: 0 };
  // A few at a time: each file is small work (open, stream, hash) with waits on the store between.
  await inParallel(hashes, FILE_CONCURRENCY, async (hash) => {
    const held = previous?.held.get(hash);
    if (held) {
      // Already in the chain: the same hash is the same bytes (checked again by the restore).
      items.push({ hash, size: held.size, in: held.in });
      bytes += held.size;
      if (++copiedCount % 50 === 0) onProgress({ phase: 'files', done: copiedCount, total: hashes.length });
      return;
    }
    const target = path.join(out, 'files', hash.slice(0, 2), hash.slice(2, 4), hash);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const copied = await copyHashing(await files.get(hash), target);
    if (copied.sha256 !== hash) {
      // Damaged in the store: kept out of the backup (a restore would refuse it) and reported as missing.
      await fs.rm(target);
    } else {
      items.push({ hash, size: copied.size });
      bytes += copied.size;
      copiedTotals.count++;
      copiedTotals.bytes += copied.size;
    }
    if (++copiedCount % 50 === 0) onProgress({ phase: 'files', done: copiedCount, total: hashes.length });
  });
  items.sort((a, b) => (a.hash < b.hash ? -1 : 1));
  onProgress({ phase: 'files', done: hashes.length, total: hashes.length });
  const have = new Set(items.map((i) => i.hash));
  const missing = [...new Set(snapshot.referenced)].filter((h) => !have.has(h)).sort();

  const secrets: BackupManifest['secrets'] = [];
  for (const name of options.dataDir ? SECRET_FILES : []) {
    const copied = await fs.copyFile(path.join(options.dataDir!, name), path.join(out, name)).then(() => true, () => false);
    if (copied) secrets.push({ file: name, sha256: (await hashFile(path.join(out, name))).sha256 });
  }

  const dbHash = await hashFile(dbFile);
  const manifest: BackupManifest = {
    format: FORMAT,
    version: previous ? 2 : 1,
    createdAt: new Date().toISOString(),
    ...(previous ? { bases: previous.bases } : {}),
    database: { kind: database.kind, format: snapshot.format, file: snapshot.file, size: dbHash.size, sha256: dbHash.sha256, migrations: snapshot.migrations, rowCounts: snapshot.counts },
    files: { count: items.length, bytes, items, missing, copied: copiedTotals },
    secrets,
    timings: { databaseMs, filesMs: Date.now() - filesStarted },
  };
  // Written last: a folder without a manifest is an unfinished backup.
  await fs.writeFile(path.join(out, MANIFEST), JSON.stringify(manifest, null, 1));
  return manifest;
}

/**
 * The earlier backup an incremental one builds on: its chain of bases as seen from the new folder
 * (the earlier backup first, then its own bases) and, for every file it lists, which of them holds it.
 */
async function previousBackup(since: string, out: string, kind: BackupManifest['database']['kind']) {
  const folder = path.resolve(since);
  const { manifest, sha256 } = await readManifest(folder).catch((error: unknown) => {
    throw new Error(`--since ${since}: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (manifest.database.kind !== kind) throw new Error(`--since ${since}: that backup is of a ${manifest.database.kind} database, this deployment's is ${kind}.`);
  const relative = (target: string) => path.relative(path.resolve(out), target) || '.';
  const bases: BackupBase[] = [
    { path: relative(folder), createdAt: manifest.createdAt, manifestSha256: sha256 },
    // Its own bases, shifted by one (index 0 is the earlier backup itself).
    ...(manifest.bases ?? []).map((base) => ({ ...base, path: relative(path.resolve(folder, base.path)) })),
  ];
  const held = new Map<string, { size: number; in: number }>();
  for (const item of manifest.files.items) held.set(item.hash, { size: item.size, in: item.in === undefined ? 0 : item.in + 1 });
  return { bases, held };
}

/** A backup folder's manifest, and the SHA-256 of its bytes (what an incremental backup records of its base). */
async function readManifest(folder: string): Promise<{ manifest: BackupManifest; sha256: string }> {
  const bytes = await fs.readFile(path.join(folder, MANIFEST)).catch(() => {
    throw new RestoreRefused(`${folder} holds no ${MANIFEST}: not a backup, or an unfinished one.`);
  });
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as BackupManifest;
  } catch {
    throw new RestoreRefused(`${folder}/${MANIFEST} is not a VanPhong backup manifest.`);
  }
  if (manifest.format !== FORMAT || (manifest.version !== 1 && manifest.version !== 2)) throw new RestoreRefused(`${folder}/${MANIFEST} is not a VanPhong backup manifest.`);
  return { manifest, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** pg_dump on a snapshot exported by our own REPEATABLE READ transaction, in which the counts and hashes are read too. */
async function dumpPostgres(database: OpenedDatabase, out: string, binDir?: string) {
  const client = new pg.Client(database.connection);
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows: [{ snapshot: id }] } = await client.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot') as unknown as { rows: [{ snapshot: string }] };
    const serverVersion = Number((await client.query<{ v: string }>('SHOW server_version_num')).rows[0]!.v);
    const dumpVersion = await programMajor(pgProgram('pg_dump', binDir));
    if (dumpVersion < Math.floor(serverVersion / 10000)) {
      throw new Error(`pg_dump ${dumpVersion} cannot dump a PostgreSQL ${Math.floor(serverVersion / 10000)} server: install its client programs (or set PG_BIN_DIR).`);
    }
    const file = 'database.dump';
    const dumping = run(pgProgram('pg_dump', binDir), ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${id}`, '--file', path.join(out, file), '--dbname', connectionUri(database.connection)]);
    dumping.catch(() => undefined); // its failure is thrown below, where it is awaited
    const query = async (text: string) => (await client.query(text)).rows;
    // One after the other on the snapshot's connection (pg runs one query at a time per client), while pg_dump works.
    const counts = await rowCounts(query);
    const referenced = await query(REFERENCED_SQL) as { h: string }[];
    const migrations = await query('SELECT name FROM schema_migrations ORDER BY name') as { name: string }[];
    await dumping;
    await client.query('COMMIT');
    return { file, format: 'pg_dump-custom' as const, counts, referenced: referenced.map((r) => r.h), migrations: migrations.map((r) => r.name) };
  } finally {
    await client.end();
  }
}

export interface RestoreOptions {
  from: string;
  /** PostgreSQL: the empty database to restore into. PGlite: the data directory (DATA_DIR/pglite), absent or empty. */
  target: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  files: FileStore;
  /** DATA_DIR of the restored deployment (the signing-key secret goes there). */
  dataDir?: string;
  onProgress?: (progress: { phase: 'verify' | 'database' | 'files'; done: number; total: number }) => void;
  pgBinDir?: string;
}

export interface RestoreReport {
  manifest: BackupManifest;
  /** The earlier backups an incremental one's files were read from, nearest first (none for a full one). */
  bases: string[];
  files: { restored: number; skipped: number };
  /** Named by the restored rows but not in the backup. */
  missing: string[];
}

/** Thrown before anything is written: a damaged backup, or a target that is not empty. */
export class RestoreRefused extends Error {}

/**
 * Verifies every checksum of the backup (and of the earlier backups an incremental one needs), refuses a target that already holds a database, then
 * restores the database and puts every file into the store (each one's hash checked again by the store).
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreReport> {
  const { from, target, files } = options;
  const onProgress = options.onProgress ?? (() => undefined);
  const { manifest } = await readManifest(from);
  if (manifest.database.kind !== target.kind) {
    throw new RestoreRefused(`This backup is of a ${manifest.database.kind} database; it restores into ${manifest.database.kind} only (the target is ${target.kind}).`);
  }

  // An incremental backup: the earlier backups holding the files it did not copy, each exactly the
  // one it was made on (its manifest's SHA-256).
  const holders: string[] = [];
  for (const base of manifest.bases ?? []) {
    const folder = path.resolve(from, base.path);
    const found = await readManifest(folder).catch(() => null);
    if (!found) throw new RestoreRefused(`This backup is incremental: it needs the backup of ${base.createdAt} at ${folder} (keep the folders of a chain side by side), which is not there. Nothing was restored.`);
    if (found.sha256 !== base.manifestSha256) throw new RestoreRefused(`${folder} is not the backup this one was made on (its manifest's checksum differs). Nothing was restored.`);
    holders.push(folder);
  }
  const holderOf = (item: BackupItem) => {
    if (item.in === undefined) return from;
    const folder = holders[item.in];
    if (!folder) throw new RestoreRefused(`${from}/${MANIFEST} names a base backup it does not list (${item.in}).`);
    return folder;
  };

  // 1. Every checksum, before anything is written.
  const damaged: string[] = [];
  const db = await hashFile(path.join(from, manifest.database.file)).catch(() => null);
  if (!db || db.sha256 !== manifest.database.sha256 || db.size !== manifest.database.size) damaged.push(manifest.database.file);
  let verified = 0;
  await inParallel(manifest.files.items, FILE_CONCURRENCY, async (item) => {
    const holder = holderOf(item);
    const got = await hashFile(fileIn(holder, item.hash)).catch(() => null);
    if (!got || got.sha256 !== item.hash || got.size !== item.size) damaged.push(`${holder === from ? '' : `${holder}/`}files/${item.hash}`);
    if (++verified % 100 === 0) onProgress({ phase: 'verify', done: verified, total: manifest.files.items.length });
  });
  for (const secret of manifest.secrets ?? []) {
    const got = await hashFile(path.join(from, secret.file)).catch(() => null);
    if (got?.sha256 !== secret.sha256) damaged.push(secret.file);
  }
  if (damaged.length) throw new RestoreRefused(`The backup is damaged: ${damaged.length} part(s) do not match the manifest's checksums (${damaged.slice(0, 5).join(', ')}${damaged.length > 5 ? '…' : ''}). Nothing was restored.`);

  // 2. The database, into an empty target only.
  onProgress({ phase: 'database', done: 0, total: 1 });
  let referenced: string[];
  if (target.kind === 'postgres') {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`);
      if (Number(rows[0]!.n) > 0) throw new RestoreRefused('The target database is not empty: a backup is restored into a new, empty database only (createdb, then DATABASE_URL).');
    } finally {
      await client.end();
    }
    await run(pgProgram('pg_restore', options.pgBinDir), ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '--dbname', target.url, path.join(from, manifest.database.file)]);
    const after = new pg.Client({ connectionString: target.url });
    await after.connect();
    try {
      referenced = (await after.query<{ h: string }>(REFERENCED_SQL)).rows.map((r) => r.h);
    } finally {
      await after.end();
    }
  } else {
    const present = await fs.readdir(target.dataDir).catch(() => [] as string[]);
    if (present.length) throw new RestoreRefused(`The data directory ${target.dataDir} is not empty: a backup is restored into a new, empty DATA_DIR only.`);
    await fs.mkdir(target.dataDir, { recursive: true });
    const embedded = await startEmbeddedDatabase({ dataDir: target.dataDir, loadDataDir: path.join(from, manifest.database.file) });
    try {
      const client = new pg.Client({ host: embedded.socketDir, port: 5432, user: 'postgres', database: 'postgres' });
      await client.connect();
      try {
        referenced = (await client.query<{ h: string }>(REFERENCED_SQL)).rows.map((r) => r.h);
      } finally {
        await client.end();
      }
    } finally {
      await embedded.close();
    }
  }
  onProgress({ phase: 'database', done: 1, total: 1 });

  for (const secret of options.dataDir ? manifest.secrets ?? [] : []) {
    await fs.mkdir(options.dataDir!, { recursive: true });
    const target = path.join(options.dataDir!, secret.file);
    const existing = await hashFile(target).catch(() => null);
    if (existing && existing.sha256 !== secret.sha256) throw new RestoreRefused(`${target} exists with another secret: move it away (the restored signing keys need the backup's).`);
    if (!existing) await fs.copyFile(path.join(from, secret.file), target, fs.constants.COPYFILE_EXCL);
    await fs.chmod(target, 0o600);
  }

  // 3. The files, through the deployment's store (disk or object store); a second run skips what is there.
  const report = { restored: 0, skipped: 0 };
  let doneCount = 0;
  await inParallel(manifest.files.items, FILE_CONCURRENCY, async (item) => {
    const there = await files.stat(item.hash);
    if (there && there.size === item.size) report.skipped++;
    else {
      const staged = await files.stage(createReadStream(fileIn(holderOf(item), item.hash)), item.size);
      if (staged.truncated || staged.hash !== item.hash) {
        if (!staged.truncated) await staged.discard();
        throw new Error(`files/${item.hash} changed while it was being restored.`);
      }
      await staged.commit();
      report.restored++;
    }
    if (++doneCount % 50 === 0) onProgress({ phase: 'files', done: doneCount, total: manifest.files.items.length });
  });
  const inBackup = new Set(manifest.files.items.map((i) => i.hash));
  const missing = [...new Set(referenced)].filter((h) => !inBackup.has(h)).sort();
  return { manifest, bases: holders, files: report, missing };
}

/** Files copied, verified or restored at once. */
const FILE_CONCURRENCY = 8;

/** Runs `work` on every item, at most `limit` at a time; the first failure stops the rest and is thrown. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const fileIn = (root: string, hash: string) => path.join(root, 'files', hash.slice(0, 2), hash.slice(2, 4), hash);

async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const digest = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    digest.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: digest.digest('hex'), size };
}

async function copyHashing(source: NodeJS.ReadableStream, target: string): Promise<{ sha256: string; size: number }> {
  const digest = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      digest.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(source, meter, createWriteStream(target, { flags: 'wx' }));
  return { sha256: digest.digest('hex'), size };
}

const pgProgram = (name: string, binDir?: string) => (binDir ? path.join(binDir, name) : name);

function connectionUri(connection: pg.PoolConfig): string {
  if (connection.connectionString) return connection.connectionString;
  const url = new URL('postgres://localhost');
  if (connection.host) url.hostname = String(connection.host);
  if (connection.port) url.port = String(connection.port);
  if (connection.user) url.username = connection.user;
  if (typeof connection.password === 'string') url.password = connection.password;
  url.pathname = `/${connection.database ?? ''}`;
  return url.toString();
}

async function programMajor(program: string): Promise<number> {
  let output = '';
  await run(program, ['--version'], (text) => { output += text; });
  const match = /(\d+)(?:\.\d+)?/.exec(output);
  return match ? Number(match[1]) : 0;
}

function run(program: string, args: string[], onOutput?: (text: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    child.stdout.on('data', (data: Buffer) => onOutput?.(data.toString()));
    child.stderr.on('data', (data: Buffer) => { errors += data.toString(); });
    child.once('error', (error) => reject(new Error(`${program} could not be started (${error.message}): install PostgreSQL's client programs or set PG_BIN_DIR.`)));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${program} failed (exit ${code}): ${errors.trim().slice(0, 2000)}`))));
  });
}

// Backup and restore round trip: a deployment with documents, their files, signatures and history is
// backed up while it serves, restored into an empty deployment, and compared table by table and
// file by file; the history's hash chains still verify. On PGlite by default, on PostgreSQL with
// DATABASE_URL (restored into a new, empty database of that server).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedDatabase, openPGlite, openPostgres } from '../../db/database.js';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';
import { approveThroughChain } from '../../test-support/outgoing-flow.js';
import { DEMO_KEY_PASSPHRASE } from '../signatures/demo-ca.js';
import { verifyDocumentChain } from '../events/events.repository.js';
import { createDiskFileStore, type FileStore } from '../files/file-store.js';
import { type BackupManifest, createBackup, MANIFEST, type RestoreOptions, RestoreRefused, restoreBackup, rowCounts } from './backup.js';

let t: TestApp;
let work: string;
const databases: { close(): Promise<void> }[] = [];
const scratch: string[] = [];

/** An empty deployment to restore into: a new database (or data directory) and an empty file store. */
async function emptyTarget(): Promise<{ target: RestoreOptions['target']; files: FileStore; dataDir: string; open(): Promise<OpenedDatabase> }> {
  const dataDir = await fs.mkdtemp(path.join(work, 'target-'));
  const files = createDiskFileStore(path.join(dataDir, 'files'));
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `vp_restore_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    scratch.push(name);
    const url = new URL(base);
    url.pathname = `/${name}`;
    return { target: { kind: 'postgres', url: url.toString() }, files, dataDir, open: async () => remember(openPostgres(url.toString())) };
  }
  const pgliteDir = path.join(dataDir, 'pglite');
  return { target: { kind: 'pglite', dataDir: pgliteDir }, files, dataDir, open: async () => remember(await openPGlite(pgliteDir)) };
}
const remember = (opened: OpenedDatabase) => { databases.push(opened); return opened; };

async function hashesOf(store: FileStore): Promise<string[]> {
  const all: string[] = [];
  for await (const batch of store.list()) all.push(...batch);
  return all.sort();
}

const publicOnly = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([name]) => name.startsWith('public.')));
const countsOf = (opened: OpenedDatabase) => rowCounts(async (text) => (await opened.pool.query(text)).rows);

beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-backup-'));
  t = await createTestApp({ signing: true });
  const pdf = Buffer.from(await samplePdfBytes());
  const clerk = await t.as('vanthu');
  // Incoming documents with their files (each registration starts its history).
  for (let i = 0; i < 3; i++) {
    const registered = await clerk.upload('/api/incoming-documents', {
      metadata: JSON.stringify({ issuer: 'Sở Tài chính tỉnh Điện Biên', number: String(100 + i), notation: 'STC-NS', issuedOn: '2026-01-02', documentType: 'official_letter', summary: `V/v sao lưu lần ${i}` }),
    }, [{ name: `cong-van-${i}.pdf`, content: Buffer.concat([pdf, Buffer.from(`\n% ${i}\n`)]) }]);
    expect(registered.statusCode, registered.body).toBe(201);
  }
  // An outgoing document approved and signed by the director (a signature and its signed PDF).
  const drafter = await t.as('cv.cntt');
  const created = await drafter.upload('/api/outgoing-documents', { metadata: JSON.stringify({ documentType: 'official_letter', summary: 'V/v sao lưu dữ liệu', urgency: 'normal', signerId: t.people.get('giamdoc')!.id, recipients: [{ kind: 'external', name: 'UBND các huyện' }] }) }, [{ name: 'du-thao.pdf', content: pdf }]);
  expect(created.statusCode, created.body).toBe(201);
  const docId = await approveThroughChain(t, created.json().id);
  const director = await t.as('giamdoc');
  const certificate = (await director.get('/api/signing/certificates')).json().items[0].id as string;
  const signed = await director.post(`/api/outgoing-documents/${docId}/sign`, { certificateId: certificate, passphrase: DEMO_KEY_PASSPHRASE });
  expect(signed.statusCode, signed.body).toBe(200);
}, 90_000);

afterAll(async () => {
  await Promise.all(databases.map((d) => d.close().catch(() => undefined)));
  await t?.close();
  if (process.env.DATABASE_URL && scratch.length) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    for (const name of scratch) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  await fs.rm(work, { recursive: true, force: true });
});

describe('a deployment is backed up while serving and restored into an empty one', () => {
  let out: string;
  let manifest: BackupManifest;

  it('the backup holds the database and every file, each with its SHA-256 in the manifest, and the restore gives the same rows, files and valid history', async () => {
    out = path.join(work, 'backup-1');
    // A request served while the backup runs: the backup does not stop the server.
    const [made, served] = await Promise.all([
      createBackup({ database: t.database, files: t.files, out, dataDir: path.dirname(t.fileRoot) }),
      (async () => (await t.as('giamdoc')).get('/api/inbox?box=todo'))(),
    ]);
    manifest = made;
    expect(served.statusCode).toBe(200);
    const sourceCounts = await countsOf(t.database);
    expect(publicOnly(manifest.database.rowCounts)).toEqual(publicOnly(sourceCounts));
    expect(manifest.database.rowCounts['public.document_signatures']).toBeGreaterThan(0);
    expect(manifest.files.items.map((i) => i.hash)).toEqual(await hashesOf(t.files));
    expect(manifest.files.missing).toEqual([]);
    expect(manifest.secrets.map((s) => s.file)).toEqual(['signing-key-secret']);
    expect(JSON.parse(await fs.readFile(path.join(out, MANIFEST), 'utf8')).database.sha256).toMatch(/^[0-9a-f]{64}$/);

    const empty = await emptyTarget();
    const report = await restoreBackup({ from: out, target: empty.target, files: empty.files, dataDir: empty.dataDir });
    expect(report.missing).toEqual([]);
    expect(report.files.restored).toBe(manifest.files.count);
    const restored = await empty.open();
    expect(publicOnly(await countsOf(restored))).toEqual(publicOnly(sourceCounts));
    expect(await hashesOf(empty.files)).toEqual(await hashesOf(t.files));
    expect(await fs.readFile(path.join(empty.dataDir, 'signing-key-secret'), 'utf8')).toBe(await fs.readFile(path.join(path.dirname(t.fileRoot), 'signing-key-secret'), 'utf8'));
    const documents = await restored.db.selectFrom('documents').select('id').execute();
    expect(documents.length).toBeGreaterThanOrEqual(4);
    for (const { id } of documents) expect(await verifyDocumentChain(restored.db, id), id).toBe(true);
  }, 60_000);

  it('a restore refuses a database that is not empty and a backup whose checksums do not match, before writing anything; files the rows name but the backup lacks are reported', async () => {
    const used = await emptyTarget();
    if (used.target.kind === 'postgres') {
      const client = new pg.Client({ connectionString: used.target.url });
      await client.connect();
      await client.query('CREATE TABLE something_already_here (id int)');
      await client.end();
    } else {
      await fs.mkdir(used.target.dataDir, { recursive: true });
      await fs.writeFile(path.join(used.target.dataDir, 'PG_VERSION'), '17\n');
    }
    await expect(restoreBackup({ from: out, target: used.target, files: used.files })).rejects.toThrow(/not empty/);

    const damaged = path.join(work, 'backup-damaged');
    await fs.cp(out, damaged, { recursive: true });
    const victim = manifest.files.items[0]!.hash;
    await fs.appendFile(path.join(damaged, 'files', victim.slice(0, 2), victim.slice(2, 4), victim), 'x');
    const empty = await emptyTarget();
    const refused = restoreBackup({ from: damaged, target: empty.target, files: empty.files });
    await expect(refused).rejects.toBeInstanceOf(RestoreRefused);
    await expect(refused).rejects.toThrow(new RegExp(`damaged.*${victim}`));
    expect(await hashesOf(empty.files)).toEqual([]);

    // The same file left out of the backup altogether: the restore goes through and names it.
    const edited = { ...manifest, files: { ...manifest.files, items: manifest.files.items.slice(1), count: manifest.files.count - 1 } };
    await fs.writeFile(path.join(damaged, MANIFEST), JSON.stringify(edited));
    await fs.rm(path.join(damaged, 'files', victim.slice(0, 2), victim.slice(2, 4), victim));
    const report = await restoreBackup({ from: damaged, target: empty.target, files: empty.files });
    expect(report.missing).toEqual([victim]);
  }, 60_000);

  it('an incremental backup after new documents copies only the new files, names the earlier backup for the others, and the chain restores the deployment whole', async () => {
    // New documents since the full backup: two new files, and one that repeats an old file's content.
    const pdf = Buffer.from(await samplePdfBytes());
    const clerk = await t.as('vanthu');
    for (const [i, tail] of [[200, '\n% new 1\n'], [201, '\n% new 2\n'], [202, '\n% 0\n']] as const) {
      const registered = await clerk.upload('/api/incoming-documents', {
        metadata: JSON.stringify({ issuer: 'Sở Nội vụ tỉnh Điện Biên', number: String(i), notation: 'SNV-TCBC', issuedOn: '2026-02-03', documentType: 'official_letter', summary: `V/v sao lưu gia tăng ${i}` }),
      }, [{ name: `gia-tang-${i}.pdf`, content: Buffer.concat([pdf, Buffer.from(tail)]) }]);
      expect(registered.statusCode, registered.body).toBe(201);
    }
    const before = new Set(manifest.files.items.map((i) => i.hash));
    const now = await hashesOf(t.files);
    const added = now.filter((h) => !before.has(h));
    expect(added.length).toBeGreaterThanOrEqual(2);

    const second = path.join(work, 'backup-2');
    const incremental = await createBackup({ database: t.database, files: t.files, out: second, since: out, dataDir: path.dirname(t.fileRoot) });
    expect(incremental.version).toBe(2);
    expect(incremental.bases).toEqual([{ path: '../backup-1', createdAt: manifest.createdAt, manifestSha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    // The manifest lists every file; only the new ones are in this folder, the others are held by backup-1.
    expect(incremental.files.items.map((i) => i.hash)).toEqual(now);
    expect(incremental.files.copied).toEqual({ count: added.length, bytes: expect.any(Number) });
    for (const item of incremental.files.items) expect(item.in, item.hash).toBe(before.has(item.hash) ? 0 : undefined);
    const copiedHere: string[] = [];
    for (const a of await fs.readdir(path.join(second, 'files'))) for (const b of await fs.readdir(path.join(second, 'files', a))) copiedHere.push(...await fs.readdir(path.join(second, 'files', a, b)));
    expect(copiedHere.sort()).toEqual(added);

    // A third backup on the incremental one: nothing new to copy, every file named in one of the two.
    const third = await createBackup({ database: t.database, files: t.files, out: path.join(work, 'backup-3'), since: second });
    expect(third.files.copied).toEqual({ count: 0, bytes: 0 });
    expect(third.bases!.map((b) => b.path)).toEqual(['../backup-2', '../backup-1']);
    expect(new Set(third.files.items.map((i) => i.in))).toEqual(new Set([0, 1]));

    // The chain restores into an empty deployment: the database of the last backup, the files of all three.
    const empty = await emptyTarget();
    const report = await restoreBackup({ from: path.join(work, 'backup-3'), target: empty.target, files: empty.files, dataDir: empty.dataDir });
    expect(report.bases).toEqual([second, out]);
    expect(report.missing).toEqual([]);
    expect(report.files.restored).toBe(now.length);
    expect(await hashesOf(empty.files)).toEqual(now);
    const restored = await empty.open();
    expect(publicOnly(await countsOf(restored))).toEqual(publicOnly(await countsOf(t.database)));
    expect((await restored.db.selectFrom('documents').select('id').where('summary', 'like', 'V/v sao lưu gia tăng%').execute()).length).toBe(3);
  }, 90_000);

  it('an incremental backup is refused before writing anything when an earlier backup of its chain is damaged, replaced or missing', async () => {
    const chain = path.join(work, 'chain');
    await fs.mkdir(chain);
    await fs.cp(out, path.join(chain, 'backup-1'), { recursive: true });
    await fs.cp(path.join(work, 'backup-2'), path.join(chain, 'backup-2'), { recursive: true });
    // A file held by the base only, damaged there.
    const incremental = JSON.parse(await fs.readFile(path.join(chain, 'backup-2', MANIFEST), 'utf8')) as BackupManifest;
    const victim = incremental.files.items.find((i) => i.in === 0)!.hash;
    const inBase = path.join(chain, 'backup-1', 'files', victim.slice(0, 2), victim.slice(2, 4), victim);
    const original = await fs.readFile(inBase);
    await fs.writeFile(inBase, Buffer.concat([original, Buffer.from('x')]));
    let empty = await emptyTarget();
    await expect(restoreBackup({ from: path.join(chain, 'backup-2'), target: empty.target, files: empty.files })).rejects.toThrow(new RegExp(`damaged.*backup-1/files/${victim}`));
    expect(await hashesOf(empty.files)).toEqual([]);
    await fs.writeFile(inBase, original);

    // Another backup put in the base's place (its manifest differs).
    const manifestFile = path.join(chain, 'backup-1', MANIFEST);
    await fs.writeFile(manifestFile, JSON.stringify({ ...manifest, createdAt: new Date().toISOString() }));
    empty = await emptyTarget();
    await expect(restoreBackup({ from: path.join(chain, 'backup-2'), target: empty.target, files: empty.files })).rejects.toThrow(/not the backup this one was made on/);

    // The base gone.
    await fs.rm(path.join(chain, 'backup-1'), { recursive: true });
    await expect(restoreBackup({ from: path.join(chain, 'backup-2'), target: empty.target, files: empty.files })).rejects.toThrow(/incremental: it needs the backup of/);
    expect(await hashesOf(empty.files)).toEqual([]);
  }, 60_000);
});

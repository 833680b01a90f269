// The two file-store backends keep the same promises: content addressed by SHA-256, never
// overwritten, never lost to the collector while a request names it, byte ranges for the PDF
// viewer, and a move from one to the other that checks every byte. The object store is a real one:
// scripts/ceph-s3.sh starts a one-node Ceph with its S3 gateway and prints the S3_* settings, which
// .ci/run exports; without S3_ENDPOINT the object-store half says so and is skipped.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';
import { collectUnreferencedFiles } from './file-collector.js';
import { createDiskFileStore, type FileStore, readAll } from './file-store.js';
import { moveFiles } from './file-store.move.js';
import { createS3FileStore, type S3FileStore } from './file-store.s3.js';
import { fileStoreConfigFrom } from './file-store.open.js';
import { parseRange } from './send-file.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const s3Available = Boolean(process.env.S3_ENDPOINT);
if (!s3Available) console.warn('S3_ENDPOINT is not set: the object-store tests are skipped (start one with `npm run ceph -- start`).');

let root: string;
beforeAll(async () => { root = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-stores-')); });
afterAll(async () => { await fs.rm(root, { recursive: true, force: true }); });

async function s3Store(name: string): Promise<S3FileStore> {
  const config = fileStoreConfigFrom({ ...process.env, FILES_BACKEND: 's3', S3_PREFIX: `test-${name}-${randomUUID()}` }, path.join(root, name));
  if (config.backend !== 's3') throw new Error('not s3');
  const store = createS3FileStore(config.s3, config.stagingRoot);
  await store.ensureBucket();
  return store;
}

async function put(store: FileStore, bytes: Buffer) {
  const staged = await store.stage(Readable.from([bytes]), bytes.length);
  if (staged.truncated) throw new Error('truncated');
  await staged.commit();
  return staged.hash;
}

const backends: [string, boolean, (name: string) => Promise<FileStore>][] = [
  ['on the local disk', true, async (name) => createDiskFileStore(path.join(root, name, 'files'))],
  ['in the S3 object store (Ceph RADOS Gateway)', s3Available, s3Store],
];

for (const [where, available, open] of backends) {
  describe.runIf(available)(`files kept ${where}`, () => {
    it('come back byte for byte under their SHA-256, whole or by byte range, and a second commit of the same bytes changes nothing', async () => {
      const store = await open('roundtrip');
      const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3 * 1024 * 1024, 7), Buffer.from(randomUUID())]);
      const hash = await put(store, bytes);
      expect(hash).toBe(sha(bytes));
      expect(sha(await readAll(await store.get(hash)))).toBe(hash);
      expect(await readAll(await store.get(hash, { start: 0, end: 8 }))).toEqual(bytes.subarray(0, 9));
      expect(await readAll(await store.get(hash, { start: bytes.length - 36, end: bytes.length - 1 }))).toEqual(bytes.subarray(bytes.length - 36));
      expect((await store.stat(hash))?.size).toBe(bytes.length);
      // The same bytes again (the same signed PDF sent to two agencies): no overwrite, no error.
      expect(await put(store, bytes)).toBe(hash);
      expect(sha(await readAll(await store.get(hash)))).toBe(hash);
      expect(await store.stat('0'.repeat(64))).toBeNull();
      await expect(store.get('0'.repeat(64))).rejects.toThrow(/missing/);
    });

    it('an upload past its limit is cut off and stores nothing', async () => {
      const store = await open('limit');
      const staged = await store.stage(Readable.from([Buffer.alloc(2048, 1)]), 1024);
      expect(staged).toEqual({ truncated: true, size: expect.any(Number) });
      const all: string[] = [];
      for await (const batch of store.list()) all.push(...batch);
      expect(all).toEqual([]);
    });

    it('the collector removes only what no row names, and content committed again while it decides is never lost', async () => {
      const store = await open('collector');
      const orphan = await put(store, Buffer.from(`orphan ${randomUUID()}`));
      const named = await put(store, Buffer.from(`named ${randomUUID()}`));
      const racing = await put(store, Buffer.from('same signed PDF, uploaded twice'));
      // Object stores keep times to the second; a grace of half a second leaves what a request commits during the run young
      // (file systems stamp times from a clock that may lag by a few milliseconds).
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const report = await store.collect({
        graceMs: 500,
        referenced: async (hashes) => {
          // Between the collector's look at the rows and its decision, a request commits the racing bytes again and names them.
          if (hashes.includes(racing)) await put(store, Buffer.from('same signed PDF, uploaded twice'));
          return new Set(hashes.filter((h) => h === named));
        },
      });
      expect(report.kept).toBe(1);
      expect(await store.stat(orphan)).toBeNull();
      expect(await store.stat(named)).not.toBeNull();
      // Whatever the collector did with it, the racing content still opens, and survives the next run now that a row names it.
      expect(sha(await readAll(await store.get(racing)))).toBe(racing);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await store.collect({ graceMs: 500, referenced: async (hashes) => new Set(hashes.filter((h) => h === named || h === racing)) });
      expect(sha(await readAll(await store.get(racing)))).toBe(racing);
      expect(sha(await readAll(await store.get(named)))).toBe(named);
    });
  });
}

describe.runIf(s3Available)('a deployment on the object store', () => {
  let t: TestApp;
  let store: S3FileStore;
  beforeAll(async () => {
    store = await s3Store('app');
    t = await createTestApp({ fileStore: () => store });
  });
  afterAll(async () => t?.close());

  it('registers documents whose files race with identical uploads and with the collector, and serves them whole and by range', async () => {
    const clerk = await t.as('vanthu');
    const pdf = Buffer.from(await samplePdfBytes());
    const register = (summary: string, content: Buffer) => clerk.upload('/api/incoming-documents', {
      metadata: JSON.stringify({ issuer: 'Sở Tài chính tỉnh Điện Biên', number: String(Math.floor(Math.random() * 1e6)), notation: 'STC-NS', issuedOn: '2026-01-02', documentType: 'official_letter', summary }),
    }, [{ name: 'cong-van.pdf', content, type: 'application/pdf' }]);
    const pairs = Array.from({ length: 10 }, (_, i) => {
      const content = Buffer.concat([pdf, Buffer.from(`\n% ${i} ${randomUUID()}\n`)]);
      return Promise.all([register(`V/v dự toán ${i}`, content), register('', content)]); // the twin is refused (no summary)
    });
    const collecting = collectUnreferencedFiles(t.database.db, t.files, 0);
    const results = (await Promise.all(pairs)).flat();
    await collecting;
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(10);
    expect(results.filter((r) => r.statusCode >= 500)).toEqual([]);
    const rows = await t.database.db.selectFrom('attachments').select(['document_id', 'id', 'file_hash']).execute();
    for (const row of rows) expect(sha(await readAll(await t.files.get(row.file_hash)))).toBe(row.file_hash);

    const row = rows[0]!;
    const url = `/api/incoming-documents/${row.document_id}/attachments/${row.id}`;
    const whole = await clerk.get(url);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    const size = whole.rawPayload.length;
    const part = await t.app.inject({ method: 'GET', url, headers: { cookie: clerk.cookie, range: 'bytes=100-199' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${size}`);
    expect(part.rawPayload).toEqual(whole.rawPayload.subarray(100, 200));
    const beyond = await t.app.inject({ method: 'GET', url, headers: { cookie: clerk.cookie, range: `bytes=${size}-` } });
    expect(beyond.statusCode).toBe(416);
  });

  it('moves every file from the disk to the object store and back, checking each hash, and a second run copies nothing', async () => {
    const disk = createDiskFileStore(path.join(root, 'move', 'files'));
    const contents = Array.from({ length: 12 }, (_, i) => Buffer.from(`tệp ${i} ${randomUUID()}`.repeat(50 + i)));
    const hashes = await Promise.all(contents.map((c) => put(disk, c)));
    // A damaged file on disk (its bytes no longer hash to its name) is reported and not copied.
    const damaged = hashes[11]!;
    await fs.writeFile(path.join(root, 'move', 'files', damaged.slice(0, 2), damaged.slice(2, 4), damaged), 'changed by hand');
    const target = await s3Store('move');
    const first = await moveFiles(disk, target);
    expect(first).toMatchObject({ total: 12, copied: 11, skipped: 0, damaged: [damaged], missing: [] });
    const again = await moveFiles(disk, target);
    expect(again).toMatchObject({ copied: 0, skipped: 11 });
    const back = createDiskFileStore(path.join(root, 'move-back', 'files'));
    expect(await moveFiles(target, back)).toMatchObject({ total: 11, copied: 11, damaged: [] });
    for (const hash of hashes.slice(0, 11)) expect(sha(await readAll(await back.get(hash)))).toBe(hash);
  });
});

describe('byte ranges asked by a PDF viewer', () => {
  it('are read as RFC 9110 says: one range, a suffix, an open end; several or malformed ranges get the whole file', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=990-5000', 1000)).toEqual({ start: 990, end: 999 });
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=5-1', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 1000)).toBe('ignore');
    expect(parseRange('items=0-1', 1000)).toBe('ignore');
  });
});

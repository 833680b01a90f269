// Upload and download throughput of the file store, on the local disk and in the S3 object store
// (Ceph RADOS Gateway of scripts/ceph-s3.sh, its S3_* settings in the environment), side by side, for
// 100 KB and 10 MB files, 4 at a time (a few officials at once). "Upload" is what a registration
// does with a file: staged on local disk while it is hashed, then committed to the store; "download"
// is the store's stream read to its end (what a GET of an attachment sends).
//
// Run: S3_ENDPOINT=… (scripts/ceph-s3.sh start prints them) node --import tsx bench/file-throughput.ts [--out=file.json]
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createDiskFileStore, type FileStore } from '../src/server/modules/files/file-store.js';
import { fileStoreConfigFrom, openFileStore } from '../src/server/modules/files/file-store.open.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const PARALLEL = 4;
const SIZES = [{ label: '100 KB', bytes: 100 * 1024, count: 80 }, { label: '10 MB', bytes: 10 * 1024 * 1024, count: 8 }];
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vanphong-throughput-'));

async function inParallel<T>(items: T[], work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: PARALLEL }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

async function measure(store: FileStore, size: { bytes: number; count: number }) {
  const files = Array.from({ length: size.count }, () => randomBytes(size.bytes));
  const hashes: string[] = [];
  let started = performance.now();
  await inParallel(files, async (bytes) => {
    // In chunks of 64 KB, as a multipart upload arrives.
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
    const staged = await store.stage(Readable.from(chunks), bytes.length + 1);
    if (staged.truncated) throw new Error('truncated');
    await staged.commit();
    hashes.push(staged.hash);
  });
  const uploadS = (performance.now() - started) / 1000;
  started = performance.now();
  let read = 0;
  await inParallel(hashes, async (hash) => {
    for await (const chunk of await store.get(hash)) read += (chunk as Buffer).length;
  });
  const downloadS = (performance.now() - started) / 1000;
  const mb = (size.bytes * size.count) / 1024 / 1024;
  if (read !== size.bytes * size.count) throw new Error(`read ${read} bytes`);
  return { files: size.count, totalMb: Math.round(mb * 10) / 10, uploadMBps: Math.round((mb / uploadS) * 10) / 10, downloadMBps: Math.round((mb / downloadS) * 10) / 10, uploadFilesPerS: Math.round(size.count / uploadS), downloadFilesPerS: Math.round(size.count / downloadS) };
}

const stores: [string, () => Promise<FileStore>][] = [['disk', async () => createDiskFileStore(path.join(root, 'disk', 'files'))]];
if (process.env.S3_ENDPOINT) {
  stores.push(['s3 (Ceph RGW)', async () => openFileStore(fileStoreConfigFrom({ ...process.env, FILES_BACKEND: 's3', S3_PREFIX: `bench-${path.basename(root)}` }, path.join(root, 's3')))]);
} else console.error('S3_ENDPOINT is not set: only the disk is measured (start Ceph with `npm run ceph -- start`).');

const results: Record<string, Record<string, unknown>> = {};
try {
  for (const [name, open] of stores) {
    const store = await open();
    results[name] = {};
    for (const size of SIZES) {
      results[name][size.label] = await measure(store, size);
      console.error(name, size.label, JSON.stringify(results[name][size.label]));
    }
  }
  const out = { date: new Date().toISOString(), machine: `${os.cpus().length} cores shared with other work, load average ${os.loadavg()[0]!.toFixed(1)}`, parallel: PARALLEL, results };
  console.log(JSON.stringify(out, null, 2));
  if (arg('out')) fs.writeFileSync(arg('out')!, JSON.stringify(out, null, 2));
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}

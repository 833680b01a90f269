/**
 * Moves a deployment's files between the data directory's disk and an S3-compatible object store:
 *
 *   npm run files:move -- --to s3     DATA_DIR/files → the store of the S3_* settings
 *   npm run files:move -- --to disk   and back
 *
 * Every file's SHA-256 is checked on the way; an interrupted move is resumed by running it again
 * (what is already there is skipped). Nothing is deleted from the source. Then set FILES_BACKEND and
 * restart the servers.
 */
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from './config.js';
import { createDiskFileStore } from './modules/files/file-store.js';
import { createS3FileStore } from './modules/files/file-store.s3.js';
import { fileStoreConfigFrom } from './modules/files/file-store.open.js';
import { moveFiles } from './modules/files/file-store.move.js';

const to = process.argv[process.argv.indexOf('--to') + 1];
if (!process.argv.includes('--to') || (to !== 's3' && to !== 'disk')) {
  console.error('Usage: npm run files:move -- --to s3|disk   (with DATA_DIR and the S3_* settings of the object store)');
  process.exit(2);
}
const config = loadConfig();
const s3Config = fileStoreConfigFrom({ ...process.env, FILES_BACKEND: 's3' }, config.dataDir);
if (s3Config.backend !== 's3') throw new Error('unreachable');
const disk = createDiskFileStore(s3Config.stagingRoot);
const s3 = createS3FileStore(s3Config.s3, s3Config.stagingRoot);
await s3.ensureBucket();
const [source, target] = to === 's3' ? [disk, s3] : [s3, disk];

const bar = new SingleBar({ format: 'files {bar} {value}/{total} · {copied} copied, {skipped} already there · {mb} MB', hideCursor: true }, Presets.shades_classic);
let started = false;
const result = await moveFiles(source, target, (p) => {
  const payload = { copied: p.copied, skipped: p.skipped, mb: (p.bytes / 1048576).toFixed(1) };
  if (!started) { bar.start(p.total, 0, payload); started = true; }
  bar.update(p.done, payload);
});
bar.stop();
console.log(`${result.copied} file(s) copied to ${to === 's3' ? `s3://${s3Config.s3.bucket}` : s3Config.stagingRoot}, ${result.skipped} already there.`);
for (const hash of result.damaged) console.error(`DAMAGED (its bytes do not hash to its name; not copied): ${hash}`);
for (const hash of result.missing) console.error(`MISSING in the source: ${hash}`);
process.exit(result.damaged.length || result.missing.length ? 1 : 0);

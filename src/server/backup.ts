/**
 * A consistent backup of this deployment (database and files, with a manifest of SHA-256 checksums):
 *
 *   npm run backup -- --out /srv/backups/2026-12-01
 *   npm run backup -- --out /srv/backups/2026-12-02 --since /srv/backups/2026-12-01   (incremental)
 *
 * --since: copy only the files the earlier backup (full or itself incremental) does not hold; the
 * database is dumped whole every time. The restore needs the chain's folders (kept side by side).
 * With the same settings as the server (DATA_DIR, DATABASE_URL, FILES_BACKEND and S3_*). It may run
 * while the servers serve: on PostgreSQL this command runs pg_dump on a snapshot; on PGlite it asks the
 * running server (DATA_DIR/backup.sock) or, when none runs, opens the data directory itself.
 * See docs/OPERATIONS.md.
 */
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { loadConfig } from './config.js';
import { type OpenedDatabase, openDatabase } from './db/database.js';
import { openFileStore } from './modules/files/file-store.open.js';
import { type BackupProgress, createBackup } from './modules/operations/backup.js';
import { backupThroughServer } from './modules/operations/backup.socket.js';

const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const outArg = option('--out');
const sinceArg = option('--since');
if (!outArg || (process.argv.includes('--since') && !sinceArg)) {
  console.error('Usage: npm run backup -- --out <empty folder> [--since <earlier backup folder>]   (with the server\'s DATA_DIR, DATABASE_URL and file store settings)');
  process.exit(2);
}
const out = path.resolve(outArg);
const since = sinceArg ? path.resolve(sinceArg) : undefined;
const config = loadConfig();
const bar = new SingleBar({ format: '{phase} {bar} {value}/{total}', hideCursor: true }, Presets.shades_classic);
let phase = '';
const onProgress = (p: BackupProgress) => {
  if (p.phase !== phase) {
    if (phase) bar.stop();
    phase = p.phase;
    bar.start(p.total, p.done, { phase: p.phase.padEnd(8) });
  }
  bar.update(p.done);
};

try {
  let summary = config.databaseUrl ? null : await backupThroughServer(config.dataDir, out, onProgress, since);
  if (summary) console.log('\n(taken by the running server)');
  else {
    const database: OpenedDatabase = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const files = await openFileStore(config.files);
      summary = await createBackup({ database, files, out, since, dataDir: config.dataDir, onProgress, pgBinDir: process.env.PG_BIN_DIR });
    } finally {
      await database.close();
    }
  }
  bar.stop();
  const mb = (bytes: number) => (bytes / 1048576).toFixed(1);
  const copied = summary.files.copied ?? { count: summary.files.count, bytes: summary.files.bytes };
  const filesPart = since
    ? `${summary.files.count} file(s) (${mb(summary.files.bytes)} MB), of which ${copied.count} new ones copied (${mb(copied.bytes)} MB, ${summary.timings.filesMs} ms) and the rest held by ${since} and its bases`
    : `${summary.files.count} file(s) (${mb(summary.files.bytes)} MB, ${summary.timings.filesMs} ms)`;
  console.log(`Backup in ${out}: database (${summary.database.format}, ${mb(summary.database.size)} MB, ${summary.timings.databaseMs} ms), ${filesPart}.`);
  if (summary.files.missing.length) {
    console.error(`WARNING: ${summary.files.missing.length} file(s) named by rows are missing from the file store (lost before this backup):`);
    for (const hash of summary.files.missing) console.error(`  ${hash}`);
    process.exit(1);
  }
  process.exit(0);
} catch (error) {
  bar.stop();
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

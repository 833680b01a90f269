/**
 * Restores a backup made by `npm run backup` into an EMPTY deployment:
 *
 *   npm run restore -- --from /srv/backups/2026-12-01
 *
 * With the new deployment's settings: DATABASE_URL of a new, empty database (createdb), or a DATA_DIR
 * without a database (PGlite); FILES_BACKEND and S3_* for where the files go. Every checksum of the
 * backup is verified before anything is written; a database that is not empty is refused. Files that
 * rows name but the backup lacks are listed (exit code 1). Then start the servers.
 *
 * An incremental backup (`npm run backup -- --since …`) is restored the same way, from its own folder:
 * the files it did not copy are read from the earlier backups its manifest names (relative paths:
 * keep a chain's folders side by side), each of them checked (its manifest's SHA-256, every file's).
 */
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { loadConfig } from './config.js';
import { openFileStore } from './modules/files/file-store.open.js';
import { RestoreRefused, restoreBackup } from './modules/operations/backup.js';

const at = process.argv.indexOf('--from');
const fromArg = at > 0 ? process.argv[at + 1] : undefined;
if (!fromArg) {
  console.error('Usage: npm run restore -- --from <backup folder>   (DATABASE_URL of an empty database, or an empty DATA_DIR)');
  process.exit(2);
}
const config = loadConfig();
const bar = new SingleBar({ format: '{phase} {bar} {value}/{total}', hideCursor: true }, Presets.shades_classic);
let phase = '';
try {
  const files = await openFileStore(config.files);
  const report = await restoreBackup({
    from: path.resolve(fromArg),
    target: config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') },
    files,
    dataDir: config.dataDir,
    pgBinDir: process.env.PG_BIN_DIR,
    onProgress: (p) => {
      if (p.phase !== phase) {
        if (phase) bar.stop();
        phase = p.phase;
        bar.start(p.total, p.done, { phase: p.phase.padEnd(8) });
      }
      bar.update(p.done);
    },
  });
  bar.stop();
  const chain = report.bases.length ? ` (incremental: files also read from ${report.bases.join(', ')})` : '';
  console.log(`Restored the backup of ${report.manifest.createdAt}${chain}: database (${report.manifest.database.format}), ${report.files.restored} file(s) restored, ${report.files.skipped} already there.`);
  if (report.missing.length) {
    console.error(`WARNING: ${report.missing.length} file(s) named by the restored rows are not in the backup:`);
    for (const hash of report.missing) console.error(`  ${hash}`);
    process.exit(1);
  }
  process.exit(0);
} catch (error) {
  bar.stop();
  console.error(`${error instanceof RestoreRefused ? 'Restore refused' : 'Restore failed'}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

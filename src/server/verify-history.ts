/**
 * Verifies the hash chains of every agency's history and prints the first broken link of each
 * broken chain (which document, which event, what differs):
 *
 *   npm run verify-history
 *
 * With the server's DATA_DIR or DATABASE_URL; on PGlite a running server does it (DATA_DIR/backup.sock).
 * Exit code 1 when a chain is broken. The servers also do it every night and notify the agency's
 * head and administrators (events.verify.ts).
 */
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { describeBrokenLink, type HistoryReport, verifyHistory } from './modules/events/events.verify.js';
import { verifyThroughServer } from './modules/operations/backup.socket.js';

const config = loadConfig();
try {
  let report: HistoryReport | null = config.databaseUrl ? null : await verifyThroughServer(config.dataDir);
  if (!report) {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      report = await verifyHistory(database.db, { onProgress: (n) => process.stderr.write(`\r${n} events checked`) });
      process.stderr.write('\n');
    } finally {
      await database.close();
    }
  }
  console.log(`${report.events} events of ${report.documents} documents in ${report.agencies} agencies checked in ${report.ms} ms.`);
  if (!report.broken.length) {
    console.log('Every chain is intact.');
    process.exit(0);
  }
  console.error(`${report.broken.length} broken chain(s), each by its first broken link:`);
  for (const link of report.broken) console.error(`  ${describeBrokenLink(link)}`);
  process.exit(1);
} catch (error) {
  console.error(`Verification failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

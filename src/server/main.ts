import path from 'node:path';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { migrate, openDatabase } from './db/database.js';
import { DEMO_PASSWORD } from './modules/demo/demo.seed.js';
import { scheduleFileCollector } from './modules/files/file-collector.js';
import { openJobQueue } from './modules/jobs/jobs.js';
import { openNotificationBus } from './modules/notifications/notifications.bus.js';
import { scheduleReminderScans } from './modules/notifications/notifications.reminders.js';
import { scheduleEventReminderScans } from './modules/personal-calendar/personal-calendar.reminders.js';
import { scheduleMeetingReminderScans } from './modules/meetings/meetings.reminders.js';
import { scheduleUnreadMessageScans } from './modules/messages/messages.unread-mails.js';
import { ALL_JOBS } from './modules/jobs/jobs.catalog.js';
import { openFileStore } from './modules/files/file-store.open.js';
import { describeIssuedAdmin, prepareFirstStart } from './modules/setup/first-start.js';
import { serveBackups } from './modules/operations/backup.socket.js';
import { scheduleHistoryVerification } from './modules/events/events.verify.js';
import { scheduleRescans } from './modules/antivirus/antivirus.service.js';
import { gracefulShutdown } from './modules/operations/shutdown.js';

const config = loadConfig();
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  pool: { max: config.dbPoolMax, connectTimeoutMs: config.dbConnectTimeoutMs },
}).catch((error: unknown) => {
  // Say what is wrong (a data directory in use, an unreachable server) without a stack trace.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
const applied = await migrate(database);
const files = await openFileStore(config.files).catch((error: unknown) => {
  console.error(`The file store cannot be opened: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
// The queue is open before anything registers a document (the demo does): jobs are enqueued with their rows.
const jobLog = (message: string, error?: unknown) => (error ? app.log.error({ err: error }, message) : app.log.info(message));
const jobs = await openJobQueue({ database, definitions: ALL_JOBS, concurrency: config.jobsConcurrency, poolMax: config.jobsDbPoolMax, log: jobLog });
const { demo: seeded, admin, demoLeftOver } = await prepareFirstStart(config, database.db, files);

// Notices reach the browsers held by every server: LISTEN/NOTIFY on PostgreSQL, in-process on PGlite.
const bus = await openNotificationBus(database, (message, error) => app.log.error({ err: error }, message));
const app = await buildApp({ config, db: database.db, pool: database.pool, files, bus, logger: { level: config.logLevel } });
// Without its database the server can only answer 503: say why, finish what is in flight, and exit
// non-zero so the service manager restarts it.
database.embedded?.onLost((reason) => {
  app.log.fatal(reason);
  void app.close().finally(() => process.exit(1));
});
await app.listen({ port: config.port, host: config.host });
// Jobs start once the server answers: what a previous run left waiting is taken up now.
if (config.jobsWorkers) await jobs.startWorkers({ files });
// Every periodic task started here, stopped together when the server shuts down.
const schedules: Array<() => unknown> = [];
if (config.jobsWorkers) {
  schedules.push(scheduleReminderScans(database.db, jobLog), scheduleEventReminderScans(database.db, jobLog), scheduleHistoryVerification(database.db, jobLog));
  schedules.push(scheduleMeetingReminderScans(database.db, config.meetingReminders, jobLog), scheduleUnreadMessageScans(database.db, config.unreadMessageMails, jobLog));
  // Content accepted unscanned while the scanner was down (CLAMAV_UNAVAILABLE=accept) is scanned when it returns.
  if (config.clamav?.whenDown === 'accept') schedules.push(scheduleRescans(database.db, jobLog));
}
if (!config.mail) app.log.info('No SMTP configured (SMTP_URL or SMTP_HOST): notices are not sent by e-mail.');
schedules.push(scheduleFileCollector(database.db, files, (message, error) => (error ? app.log.error({ err: error }, message) : app.log.info(message))));
// On PGlite only this server can read the database: `npm run backup` asks it through DATA_DIR/backup.sock.
if (database.kind === 'pglite') schedules.push(await serveBackups({ database, files, dataDir: config.dataDir, log: jobLog }));

const url = `http://localhost:${config.port}`;
const lines = [
  '',
  `VanPhong is running at ${url}   (API docs: ${url}/api/docs)`,
  `Database: ${database.kind === 'pglite' ? `embedded PGlite in ${path.join(config.dataDir, 'pglite')}` : 'PostgreSQL (DATABASE_URL)'}${applied.length ? `; applied ${applied.length} migration(s)` : ''}`,
];
if (seeded) {
  lines.push(`Demo data loaded: ${seeded.agency}, ${seeded.documents} incoming documents.`, `Demo accounts (password ${DEMO_PASSWORD}):`);
  for (const account of seeded.accounts) lines.push(`  ${account.username.padEnd(18)} ${account.description}`);
}
if (admin) lines.push('', ...describeIssuedAdmin(admin), '');
if (demoLeftOver) lines.push('', `WARNING: this database holds the demo agency, whose accounts use the published password ${DEMO_PASSWORD}. Deactivate them or change their passwords.`, '');
console.log(lines.join('\n'));

// Stopped by the service manager (SIGTERM) or a terminal (SIGINT): readiness turns 503 so the load
// balancer drains this server, requests in flight and running jobs finish (or the jobs return to the
// queue), live streams end (browsers reconnect elsewhere), then the database closes (shutdown.ts).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void gracefulShutdown({
      app,
      drainMs: config.shutdownDrainMs,
      graceMs: config.shutdownGraceMs,
      stopTimers: () => { for (const stop of schedules) void stop(); },
      jobs,
      bus,
      database,
      log: (message) => app.log.info(message),
    }).then(() => process.exit(0), (error: unknown) => {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  });
}

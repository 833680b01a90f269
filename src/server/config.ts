import path from 'node:path';
import { type ScannerConfig, scannerConfigFrom } from './modules/antivirus/antivirus.scanner.js';
import { type FileStoreConfig, fileStoreConfigFrom } from './modules/files/file-store.open.js';
import type { MeetingReminderSettings } from './modules/meetings/meetings.reminders.js';
import type { UnreadMailSettings } from './modules/messages/messages.unread-mails.js';
import { type MailConfig, mailConfigFrom } from './modules/notifications/notifications.email.js';

export interface Config {
  port: number;
  host: string;
  /** Data directory: embedded database (pglite/) and stored files (files/). */
  dataDir: string;
  /** When set, a real PostgreSQL server is used instead of the embedded PGlite. */
  databaseUrl: string | undefined;
  /** Mark the session cookie Secure (set behind HTTPS). */
  secureCookies: boolean;
  sessionHours: number;
  maxFileMb: number;
  maxFiles: number;
  /** The largest edXML package accepted (its files base64-encoded inside), in MB. */
  edxmlMaxMb: number;
  /** Load the demo agency when the database is empty (else the first start creates an agency and its first administrator). */
  seedDemo: boolean;
  /** Name of the agency created at the first start of a real deployment. */
  agencyName: string;
  /**
   * Addresses or CIDRs of the reverse proxies whose X-Forwarded-For/-Proto/-Host are believed.
   * Empty: nobody's are, so a client cannot choose the address that limits and the audit trail see.
   */
  trustProxy: string[];
  logLevel: string;
  /** Database connections, and how long a request may wait for one before it gets 503 SERVER_BUSY. */
  dbPoolMax: number;
  dbConnectTimeoutMs: number;
  /** Event-loop delay past which requests get 503 SERVER_BUSY; 0 turns the check off. */
  maxEventLoopDelayMs: number;
  /**
   * Compression (brotli/gzip) and long-lived caching of the web client and compression of API
   * answers. `WEB_COMPRESSION=false` serves everything as before issue 6: for bench/web.ts's baseline.
   */
  webCompression: boolean;
  /** Background jobs run at once on this server, all kinds together (JOBS_CONCURRENCY, default 2). */
  jobsConcurrency: number;
  /** Connections of the job queue's own pool (JOBS_DB_POOL_MAX, default 2), on top of DB_POOL_MAX. */
  jobsDbPoolMax: number;
  /** Whether this server works the job queue (JOBS_WORKERS=false: it only serves and enqueues). */
  jobsWorkers: boolean;
  /** How long a signature prepared for a key held outside (token, remote service) waits for its completion. */
  externalSigningMinutes: number;
  /** SMTP for notices by e-mail (SMTP_URL, or SMTP_HOST…, SMTP_FROM); null: the e-mail channel is off. */
  mail: MailConfig | null;
  /** Reminders before meetings (MEETING_REMINDER_MINUTES, default 60; MEETING_REMINDER_MORNING_HOUR, default 7, `off`: none). */
  meetingReminders: MeetingReminderSettings;
  /** Mail about messages unread this long (MESSAGE_EMAIL_AFTER_MINUTES, default 15; 0: none). */
  unreadMessageMails: UnreadMailSettings;
  /** Where files are kept: DATA_DIR/files, or an S3-compatible object store (FILES_BACKEND=s3, S3_*). */
  files: FileStoreConfig;
  /** The bearer token that opens GET /api/metrics (Prometheus); unset: no metrics endpoint. */
  metricsToken: string | undefined;
  /** clamd scanning every upload (CLAMAV_SOCKET or CLAMAV_HOST/CLAMAV_PORT, CLAMAV_WAIT_MS); null: no scanner. */
  clamav: ScannerConfig | null;
  /** At SIGTERM, how long readiness answers 503 before the server stops listening (the balancer drains it); 0 without a balancer. */
  shutdownDrainMs: number;
  /** At SIGTERM, how long requests in flight and running jobs get to finish (SHUTDOWN_GRACE_MS, default 25 s). */
  shutdownGraceMs: number;
}

export const DEFAULT_AGENCY_NAME = 'Cơ quan chưa đặt tên';

function intFrom(value: string | undefined, fallback: number): number {
  const parsed = Number.parseInt(value ?? '', 10);
  return Number.isFinite(parsed) ? parsed : fallback;
}

/** An hour of the day, or null for `off` (or empty). */
function hourFrom(value: string | undefined, fallback: number): number | null {
  if (value === undefined) return fallback;
  if (!value.trim() || value.trim() === 'off') return null;
  const hour = intFrom(value, fallback);
  return hour >= 0 && hour <= 23 ? hour : fallback;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  return {
    port: intFrom(env.PORT, 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    secureCookies: env.SECURE_COOKIES === 'true',
    sessionHours: intFrom(env.SESSION_HOURS, 12),
    maxFileMb: intFrom(env.MAX_FILE_MB, 30),
    maxFiles: intFrom(env.MAX_FILES, 20),
    edxmlMaxMb: intFrom(env.EDXML_MAX_MB, 100),
    // The demo (with its published password) only where asked, or on the embedded quick start.
    seedDemo: env.SEED_DEMO === 'true' || (env.SEED_DEMO !== 'false' && !env.DATABASE_URL),
    agencyName: env.AGENCY_NAME?.trim() || DEFAULT_AGENCY_NAME,
    trustProxy: (env.TRUST_PROXY ?? '').split(',').map((entry) => entry.trim()).filter(Boolean),
    logLevel: env.LOG_LEVEL ?? 'info',
    dbPoolMax: intFrom(env.DB_POOL_MAX, 10),
    dbConnectTimeoutMs: intFrom(env.DB_CONNECT_TIMEOUT_MS, 5000),
    maxEventLoopDelayMs: intFrom(env.MAX_EVENT_LOOP_DELAY_MS, 1000),
    webCompression: env.WEB_COMPRESSION !== 'false',
    jobsConcurrency: Math.max(1, intFrom(env.JOBS_CONCURRENCY, 2)),
    jobsDbPoolMax: Math.max(1, intFrom(env.JOBS_DB_POOL_MAX, 2)),
    jobsWorkers: env.JOBS_WORKERS !== 'false',
    externalSigningMinutes: Math.max(1, intFrom(env.EXTERNAL_SIGNING_MINUTES, 15)),
    mail: mailConfigFrom(env),
    meetingReminders: { leadMinutes: Math.max(0, intFrom(env.MEETING_REMINDER_MINUTES, 60)), morningHour: hourFrom(env.MEETING_REMINDER_MORNING_HOUR, 7) },
    unreadMessageMails: { afterMinutes: Math.max(0, intFrom(env.MESSAGE_EMAIL_AFTER_MINUTES, 15)) },
    files: fileStoreConfigFrom(env, dataDir),
    metricsToken: env.METRICS_TOKEN?.trim() || undefined,
    clamav: scannerConfigFrom(env),
    shutdownDrainMs: Math.max(0, intFrom(env.SHUTDOWN_DRAIN_MS, 0)),
    shutdownGraceMs: Math.max(1000, intFrom(env.SHUTDOWN_GRACE_MS, 25_000)),
  };
}

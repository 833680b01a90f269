import path from 'node:path';

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
  /** Load the demo agency when the database is empty. */
  seedDemo: boolean;
  logLevel: string;
  /** Database connections, and how long a request may wait for one before it gets 503 SERVER_BUSY. */
  dbPoolMax: number;
  dbConnectTimeoutMs: number;
}

function intFrom(value: string | undefined, fallback: number): number {
  const parsed = Number.parseInt(value ?? '', 10);
  return Number.isFinite(parsed) ? parsed : fallback;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFrom(env.PORT, 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    secureCookies: env.SECURE_COOKIES === 'true',
    sessionHours: intFrom(env.SESSION_HOURS, 12),
    maxFileMb: intFrom(env.MAX_FILE_MB, 30),
    maxFiles: intFrom(env.MAX_FILES, 20),
    seedDemo: env.SEED_DEMO !== 'false',
    logLevel: env.LOG_LEVEL ?? 'info',
    dbPoolMax: intFrom(env.DB_POOL_MAX, 10),
    dbConnectTimeoutMs: intFrom(env.DB_CONNECT_TIMEOUT_MS, 5000),
  };
}

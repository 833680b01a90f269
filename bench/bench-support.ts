import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/server/app.js';
import { type Config, loadConfig } from '../src/server/config.js';
import { migrate, type OpenedDatabase, openPGlite } from '../src/server/db/database.js';
import { openScratchPostgres } from '../src/server/db/scratch-database.js';
import { DEMO_PASSWORD } from '../src/server/modules/demo/demo.data.js';
import { seedDemoIfEmpty } from '../src/server/modules/demo/demo.seed.js';
import { createDiskFileStore } from '../src/server/modules/files/file-store.js';
import { openJobQueue } from '../src/server/modules/jobs/jobs.js';
import { ALL_JOBS } from '../src/server/modules/jobs/jobs.catalog.js';

/** A fresh database of the requested kind: in-memory PGlite, or a new database on BENCH_DATABASE_URL. */
export async function freshDatabase(kind: 'pglite' | 'postgres'): Promise<OpenedDatabase> {
  if (kind === 'postgres') return openScratchPostgres(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', 'vp_bench');
  const opened = await openPGlite(undefined);
  await migrate(opened);
  return opened;
}

/**
 * `now`: the server's clock stands still at this instant (a fixed "today" for dated figures); the
 * rest overrides the configuration, e.g. `maxEventLoopDelayMs: 0` where a loaded machine must not answer 503.
 * `webRoot`: the built web client to serve too (dist/web), for a browser's measurements.
 */
export async function benchApp(database: OpenedDatabase, options: { now?: Date; workers?: boolean; webRoot?: string | null } & Partial<Config> = {}) {
  const { now, workers, webRoot = null, ...config } = options;
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-bench-'));
  const files = createDiskFileStore(root);
  // Registrations enqueue their jobs (text extraction, conversions); nothing works them here unless `workers`.
  const jobs = await openJobQueue({ database, definitions: ALL_JOBS });
  await seedDemoIfEmpty(database.db, files, { documents: false });
  // `workers`: this server also works the jobs (text extraction…), as a real one does.
  if (workers) await jobs.startWorkers({ files });
  const clock = now ? { now: () => now } : undefined;
  const app = await buildApp({ config: { ...loadConfig({}), dataDir: root, ...config }, db: database.db, files, webRoot, clock });
  const cookies = new Map<string, string>();
  return {
    app,
    files,
    /** The disk store's folder (generators may write content there directly). */
    root,
    async cookie(username: string) {
      if (!cookies.has(username)) {
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
        cookies.set(username, `vp_session=${res.cookies[0]!.value}`);
      }
      return cookies.get(username)!;
    },
    async close() {
      await app.close();
      await jobs.stop();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

export async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

export function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), min: sorted[0]!, n: sorted.length };
}

export const kinds = (): ('pglite' | 'postgres')[] => {
  const only = process.argv.find((a) => a.startsWith('--db='))?.slice(5);
  return only === 'pglite' || only === 'postgres' ? [only] : ['pglite', 'postgres'];
};

export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

/**
 * Times a GET of the API as a signed-in user (or any query) `repeat` times after 3 warm-ups:
 * p50/p95 and the `total` of the last answer, for the tables of BENCHMARKS.md.
 */
export function measurer(bench: Awaited<ReturnType<typeof benchApp>>, repeat: number) {
  return async (label: string, username: string | null, url: string | (() => Promise<unknown>)) => {
    const cookie = username ? await bench.cookie(username) : '';
    const run = typeof url === 'string'
      ? async () => {
        const res = await bench.app.inject({ method: 'GET', url, headers: { cookie } });
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.body}`);
        return res.json();
      }
      : url;
    for (let i = 0; i < 3; i++) await run();
    const samples: number[] = [];
    let last: unknown;
    for (let i = 0; i < repeat; i++) {
      const r = await time(run);
      samples.push(r.ms);
      last = r.result;
    }
    return { label, ...stats(samples), total: (last as { total?: number })?.total };
  };
}

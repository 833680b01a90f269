import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import type { FileStore } from '../files/file-store.js';
import { createJobsRepository } from '../jobs/jobs.repository.js';
import { createMetrics } from './metrics.js';
import type { Scanner } from '../antivirus/antivirus.scanner.js';
import { isDraining } from './shutdown.js';

export interface Check {
  ok: boolean;
  ms: number;
  error?: string;
}

const CHECK_TIMEOUT_MS = 3000;

/** Runs one readiness check with a time limit: a hung dependency makes the server "not ready", never a hung probe. */
async function check(work: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([work(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS); })]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * For the load balancer and the operator:
 * - GET /api/health: liveness, answered without touching anything (the process is up);
 * - GET /api/ready: readiness, 200 when the database, the file store, the job queue (and the antivirus, when configured) answer, else
 *   503 with the failing checks (the load balancer stops sending requests here);
 * - GET /api/metrics: Prometheus metrics, only with `Authorization: Bearer <METRICS_TOKEN>`; without a
 *   configured token it does not exist (404).
 */
export async function operationsRoutes(app: FastifyInstance, deps: { db: Db; files: FileStore; pool?: pg.Pool; scanner?: Scanner | null; metricsToken?: string }) {
  const metrics = createMetrics(app, deps);
  const jobs = createJobsRepository(deps.db);

  app.get('/api/health', { schema: { hide: true } }, async () => ({ ok: true }));

  app.get('/api/ready', { schema: { tags: ['system'], summary: 'Readiness: the database, the file store and the job queue answer' } }, async (_request, reply) => {
    // A server that is shutting down says so first, so the load balancer stops sending it requests.
    if (isDraining(app)) return reply.code(503).header('Cache-Control', 'no-store').header('Connection', 'close').send({ ready: false, draining: true, checks: {} });
    const scanner = deps.scanner;
    const [database, files, queue, antivirus] = await Promise.all([
      check(() => sql`SELECT 1`.execute(deps.db)),
      check(() => deps.files.ready()),
      check(() => jobs.counts()),
      scanner ? check(() => scanner.ping()) : Promise.resolve(undefined),
    ]);
    const ready = database.ok && files.ok && queue.ok && (antivirus?.ok ?? true);
    return reply.code(ready ? 200 : 503).header('Cache-Control', 'no-store').send({ ready, checks: { database, files, jobs: queue, ...(antivirus ? { antivirus } : {}) } });
  });

  const expected = deps.metricsToken ? Buffer.from(`Bearer ${deps.metricsToken}`) : null;
  app.get('/api/metrics', { schema: { hide: true } }, async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (!expected || given.length !== expected.length || !timingSafeEqual(given, expected)) throw notFound();
    return reply.header('Content-Type', metrics.registry.contentType).header('Cache-Control', 'no-store').send(await metrics.registry.metrics());
  });
  return metrics;
}

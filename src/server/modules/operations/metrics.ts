import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../../db/database.js';
import { createJobsRepository } from '../jobs/jobs.repository.js';

export interface Metrics {
  registry: Registry;
  /** Uploads scanned by the antivirus, by result (clean, infected, unscanned). */
  uploadsScanned: Counter<'result'>;
}

/**
 * The server's Prometheus metrics (GET /api/metrics): request rate and latency per route, the job
 * queue's depth and failures, the database pool's use, and the process's own (memory, event loop,
 * CPU). One registry per app, so several apps in one process (tests) do not share counters.
 */
export function createMetrics(app: FastifyInstance, deps: { db: Db; pool?: pg.Pool }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vanphong_' });
  const requests = new Histogram({
    name: 'vanphong_http_request_duration_seconds',
    help: 'HTTP requests by method, route (its pattern, never the ids in it) and status code, with their duration.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // Unmatched addresses are one label, so a scan of random URLs cannot grow the series without bound.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  const jobs = createJobsRepository(deps.db);
  new Gauge({
    name: 'vanphong_jobs',
    help: 'Background jobs by name and state (waiting, running, failed; completed in the last 24 hours).',
    labelNames: ['name', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await jobs.counts().catch(() => [])) {
        for (const state of ['waiting', 'running', 'failed', 'completed'] as const) this.set({ name: row.name, state }, row[state]);
      }
    },
  });
  if (deps.pool) {
    const pool = deps.pool;
    new Gauge({
      name: 'vanphong_db_pool_connections',
      help: "The database pool's connections: total open, idle, and requests waiting for one.",
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }
  const uploadsScanned = new Counter({ name: 'vanphong_uploads_scanned_total', help: 'Uploaded files scanned by the antivirus, by result.', labelNames: ['result'] as const, registers: [registry] });
  return { registry, uploadsScanned };
}

/**
 * Graceful shutdown of one app server (SIGTERM from the service manager, SIGINT from a terminal),
 * so that a rolling restart behind a load balancer loses no request and no job:
 *
 * 1. Draining: `/api/ready` answers 503 at once while everything else is still served; the load
 *    balancer's health check sees it and stops sending new requests here. We wait SHUTDOWN_DRAIN_MS
 *    (longer than the balancer's check interval × the checks it needs to mark a server down:
 *    deploy/haproxy.cfg checks every second and needs 2, so 3 s). 0 on a machine without a balancer.
 * 2. Closing: the server stops accepting connections, closes idle keep-alive connections, ends the
 *    live-update streams (server-sent events: the browser's EventSource reconnects, through the
 *    balancer, to another server and refetches), and lets requests in flight finish. Whatever is
 *    still running after SHUTDOWN_GRACE_MS has its connection cut.
 * 3. At the same time the job queue stops taking jobs; a running job has the same grace to finish.
 *    One still running then is failed by pg-boss ("shut down while active") and so returns to the
 *    queue as a retry, which another server (or this one, restarted) runs: never lost, never twice
 *    at once (its claim is released before its signal is aborted). The queue stays open for ADDING
 *    jobs until the last request has finished: a registration in flight queues its text extraction
 *    in its own transaction (closing the queue first answered such a request 500, seen in a rolling
 *    restart under load).
 * 4. Last, once no request runs any more, the job queue, the notification bus (LISTEN connection) and
 *    the database pool close, in that order.
 */
import type { FastifyInstance } from 'fastify';

export interface ShutdownSteps {
  app: FastifyInstance;
  /** How long readiness says 503 before the server stops listening (SHUTDOWN_DRAIN_MS). */
  drainMs: number;
  /** How long requests in flight and running jobs get to finish (SHUTDOWN_GRACE_MS). */
  graceMs: number;
  /** Timers that start work of their own (collector, reminder scans). */
  stopTimers?: () => void;
  /** stopWorking at step 3 (enqueueing still works), stop once the requests have finished. */
  jobs?: { stopWorking(graceMs?: number): Promise<void>; stop(graceMs?: number): Promise<void> };
  bus?: { close(): Promise<void> };
  database?: { close(): Promise<void> };
  log?: (message: string) => void;
}

const draining = new WeakSet<FastifyInstance>();

/** From now on this server's readiness answers 503 (the balancer drains it); its other routes still answer. */
export function markDraining(app: FastifyInstance): void {
  draining.add(app);
}

export function isDraining(app: FastifyInstance): boolean {
  return draining.has(app);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Closes the server, cutting the connections of requests still running after `graceMs`; true when all finished in time. */
async function closeWithin(app: FastifyInstance, graceMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), graceMs); });
  const closing = app.close().then(() => true as const);
  const inTime = await Promise.race([closing, late]);
  clearTimeout(timer);
  if (!inTime) {
    app.server.closeAllConnections();
    await closing;
  }
  return inTime;
}

/** Runs the steps above once; later calls wait for the first. */
export function gracefulShutdown(steps: ShutdownSteps): Promise<void> {
  const running = shutdowns.get(steps.app);
  if (running) return running;
  const done = (async () => {
    const log = steps.log ?? (() => undefined);
    const started = Date.now();
    markDraining(steps.app);
    log(`shutting down: not ready any more, draining for ${steps.drainMs} ms`);
    if (steps.drainMs > 0) await sleep(steps.drainMs);
    steps.stopTimers?.();
    const [inTime] = await Promise.all([
      closeWithin(steps.app, steps.graceMs),
      steps.jobs?.stopWorking(steps.graceMs),
    ]);
    if (!inTime) log(`shutting down: requests still running after ${steps.graceMs} ms were cut`);
    await steps.jobs?.stop();
    await steps.bus?.close();
    await steps.database?.close();
    log(`shut down in ${Date.now() - started} ms`);
  })();
  shutdowns.set(steps.app, done);
  return done;
}
const shutdowns = new WeakMap<FastifyInstance, Promise<void>>();

import { defineJob } from './jobs.js';

// Jobs that exist only for the queue's own tests (jobs.test.ts and its child worker).

declare module './jobs.js' {
  interface JobPayloads {
    'test.slow': { label: string };
    'test.record': { n: number };
    'test.flaky': { label: string };
  }
}

/** A job whose work the test supplies; a heartbeat every 5 s, so a dead worker's job is free again after 10 s. */
export const slowJob = (work: (id: string) => Promise<void>) =>
  defineJob('test.slow', async (_payload, ctx) => work(ctx.jobId), { heartbeatSeconds: 10, retryLimit: 3, retryDelaySeconds: 1 });

/** A job that fails with `message` while `failing()` says so, and is tried only once per run. */
export const flakyJob = (failing: () => boolean, message: string) =>
  defineJob('test.flaky', async () => {
    if (failing()) throw new Error(message);
  }, { retryLimit: 0 });

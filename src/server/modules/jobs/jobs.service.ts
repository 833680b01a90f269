import type { Db } from '../../db/database.js';
import { conflict, notFound } from '../../http/errors.js';
import type { ActionContext } from '../auth/current-user.js';
import { queueFor } from './jobs.js';
import { requireQueueAdmin } from './jobs.policies.js';
import { createJobsRepository } from './jobs.repository.js';
import type { JobsOverview, JobView } from './jobs.schemas.js';

export interface JobsDeps { db: Db }

/** The admin's view of the queue: counts per job name and the jobs waiting, running, failed and recently completed. */
export async function overview(deps: JobsDeps, ctx: ActionContext): Promise<JobsOverview> {
  requireQueueAdmin(ctx);
  const repo = createJobsRepository(deps.db);
  const [counts, waiting, running, failed, completed] = await Promise.all([repo.counts(), repo.waiting(), repo.running(), repo.failed(), repo.completed()]);
  return { counts, waiting, running, failed, completed };
}

/** The admin runs a failed job again (its tries start over). */
export async function retry(deps: JobsDeps, ctx: ActionContext, id: string): Promise<JobView> {
  requireQueueAdmin(ctx);
  const repo = createJobsRepository(deps.db);
  const job = await repo.find(id);
  if (!job) throw notFound('JOB_NOT_FOUND');
  if (job.state !== 'failed') throw conflict('JOB_NOT_FAILED');
  // pg-boss declares CommandResponse empty; at run time it carries the number of jobs changed.
  const { affected } = (await queueFor(deps.db).boss.retry(job.name, id)) as { affected?: number };
  if (!affected) throw conflict('JOB_NOT_FAILED');
  return (await repo.find(id)) ?? job;
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actionContext } from '../auth/current-user.js';
import { jobIdParams } from './jobs.schemas.js';
import { type JobsDeps, overview, retry } from './jobs.service.js';

export async function jobRoutes(app: FastifyInstance, deps: JobsDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['jobs'];
  api.get('/api/admin/jobs', { schema: { tags, summary: 'The background-job queue: counts per job, and jobs waiting, running, failed (with the error) and completed in the last day (admin)' } }, async (req) =>
    overview(deps, actionContext(req)));
  api.post('/api/admin/jobs/:id/retry', { schema: { tags, summary: 'Run a failed job again (admin)', params: jobIdParams } }, async (req) =>
    retry(deps, actionContext(req), req.params.id));
}

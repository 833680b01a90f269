import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import { trackingQuery } from './reports.schemas.js';
import * as reports from './reports.service.js';

export async function reportsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  api.get('/api/tracking', { schema: { tags, summary: 'The tracking register: incoming documents with lead, coordinators, due date, progress and reply (filtered, paged)', querystring: trackingQuery } }, async (req) =>
    reports.tracking(deps, actionContext(req), req.query));
}

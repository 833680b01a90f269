import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { actionContext } from '../auth/current-user.js';
import { activityQuery, documentsQuery } from './supervision.schemas.js';
import { activity, documents } from './supervision.service.js';

export async function supervisionRoutes(app: FastifyInstance, deps: { db: Db }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['supervision'];
  api.get('/api/supervision/documents', {
    schema: { tags, summary: "Every document of my agency, with who holds it now, filtered by direction, state, unit, official and period (the agency's leaders)", querystring: documentsQuery },
  }, async (req) => documents(deps, actionContext(req), req.query));
  api.get('/api/supervision/activity', {
    schema: { tags, summary: "Every step of my agency's history (who did what, on behalf of whom, on which document), filtered by unit, official, action and period (the agency's leaders)", querystring: activityQuery },
  }, async (req) => activity(deps, actionContext(req), req.query));
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import * as dashboard from './dashboard.service.js';

export async function dashboardRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['dashboard'];
  api.get('/api/dashboard', { schema: { tags, summary: "The leader's day: received today by urgency, waiting for me, overdue by unit and person, due in 3 working days" } }, async (req) =>
    dashboard.summary(deps, actionContext(req)));
  api.get('/api/dashboard/charts', { schema: { tags, summary: 'Documents in and out per week, on-time rate per unit, backlog by age (last 12 weeks)' } }, async (req) =>
    dashboard.charts(deps, actionContext(req)));
}

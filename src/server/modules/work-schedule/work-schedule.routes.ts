import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { type Clock, vietnamDate } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import { workSchedulePdf } from './work-schedule.pdf.js';
import { createBody, entryBody, entryParams, idParams, listQuery } from './work-schedule.schemas.js';
import * as service from './work-schedule.service.js';

export async function workScheduleRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['work-schedule'];

  api.get('/api/work-schedules', { schema: { tags, summary: "The agency's weekly work schedules, newest first (drafts only for the office and the leaders); `week`: the one of the week holding that date", querystring: listQuery } }, async (req) =>
    service.listSchedules(deps, actionContext(req), req.query));
  api.post('/api/work-schedules', { schema: { tags, summary: 'Start the draft of a week (the office); `weekStart` is its Monday', body: createBody } }, async (req, reply) =>
    reply.status(201).send(await service.createSchedule(deps, actionContext(req), req.body.weekStart)));
  api.get('/api/work-schedules/:id', { schema: { tags, summary: 'A weekly schedule: entries (changed ones marked with their version), versions, what I may do', params: idParams } }, async (req) =>
    service.getSchedule(deps, actionContext(req), req.params.id));
  api.post('/api/work-schedules/:id/entries', { schema: { tags, summary: 'Add an entry (the office); after publication: a new version, those concerned notified', params: idParams, body: entryBody } }, async (req, reply) =>
    reply.status(201).send(await service.addEntry(deps, actionContext(req), req.params.id, req.body)));
  api.put('/api/work-schedules/:id/entries/:entryId', { schema: { tags, summary: 'Change an entry (the office); after publication: a new version, marked, those concerned notified', params: entryParams, body: entryBody } }, async (req) =>
    service.changeEntry(deps, actionContext(req), req.params.id, req.params.entryId, req.body));
  api.delete('/api/work-schedules/:id/entries/:entryId', { schema: { tags, summary: 'Remove an entry from a draft, or cancel it once published (kept struck out, a new version)', params: entryParams } }, async (req) =>
    service.removeEntry(deps, actionContext(req), req.params.id, req.params.entryId));
  api.post('/api/work-schedules/:id/approve', { schema: { tags, summary: 'Approve the draft (a leader)', params: idParams } }, async (req) =>
    service.approveSchedule(deps, actionContext(req), req.params.id));
  api.post('/api/work-schedules/:id/publish', { schema: { tags, summary: 'Publish the approved schedule to the agency (the office or a leader); those it names are notified', params: idParams } }, async (req) =>
    service.publishSchedule(deps, actionContext(req), req.params.id));
  api.get('/api/work-schedules/:id/pdf', { schema: { tags, summary: 'The schedule printed on one A4 landscape page (PDF)', params: idParams } }, async (req, reply) => {
    const { schedule, agency } = await service.printable(deps, actionContext(req), req.params.id);
    const pdf = await workSchedulePdf(agency, schedule, vietnamDate(deps.clock.now()));
    return reply.header('Content-Type', 'application/pdf')
      .header('Content-Disposition', `inline; filename="lich-cong-tac-tuan-${schedule.weekStart}.pdf"`)
      .header('Cache-Control', 'private, no-store').send(pdf);
  });
}

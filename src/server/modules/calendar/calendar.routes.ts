import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import { calendarDayInput, dayParams, dueDateSettingsInput, suggestDueDateQuery, yearQuery } from './calendar.schemas.js';
import * as calendar from './calendar.service.js';

export async function calendarRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['calendar'];
  api.get('/api/calendar', { schema: { tags, summary: "The agency's working-day calendar for a year: public holidays (lunar ones computed), days in lieu, the agency's own changes", querystring: yearQuery } }, async (req) =>
    calendar.calendarYear(deps.db, actionContext(req).user.agencyId, req.query.year));
  api.put('/api/calendar/days', { schema: { tags, summary: 'Make a day a working day (make-up Saturday) or a day off (admin)', body: calendarDayInput } }, async (req) => {
    await calendar.setCalendarDay(deps.db, actionContext(req), req.body);
    return { ok: true };
  });
  api.delete('/api/calendar/days/:day', { schema: { tags, summary: "Remove the agency's change of a day: it follows the national calendar again (admin)", params: dayParams } }, async (req) => {
    await calendar.removeCalendarDay(deps.db, actionContext(req), req.params.day);
    return { ok: true };
  });
  api.get('/api/calendar/due-date-rules', { schema: { tags, summary: 'Working days to the default due date by urgency and document type, and the reminder lead time' } }, async (req) =>
    calendar.dueDateSettings(deps.db, actionContext(req).user.agencyId));
  api.put('/api/calendar/due-date-rules', { schema: { tags, summary: 'Set the due-date rules and the reminder lead time (admin)', body: dueDateSettingsInput } }, async (req) =>
    calendar.saveDueDateSettings(deps.db, actionContext(req), req.body));
  api.get('/api/calendar/suggested-due-date', { schema: { tags, summary: 'The due date suggested for a document of this urgency and type, from today or a given date, in working days', querystring: suggestDueDateQuery } }, async (req) =>
    calendar.suggestDueDate(deps.db, deps.clock, actionContext(req).user.agencyId, req.query));
}

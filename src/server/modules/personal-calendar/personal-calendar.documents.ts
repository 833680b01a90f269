import { sql } from 'kysely';
import type { CalendarItem } from '../../../shared/calendar-items.js';
import { hasRole } from '../auth/current-user.js';
import { shiftDay } from '../calendar/calendar.holidays.js';
import { reference } from '../documents/documents.presenters.js';
import type { CalendarSource } from './personal-calendar.sources.js';
import { vnMidnight } from './personal-calendar.time.js';

const OPEN = ['pending', 'in_progress'] as const;

/**
 * The due dates of the documents the official holds: their open lead or coordinating assignments
 * with a due date in the range, their own or (for a unit head) their unit's, as all-day items that
 * open the document. The SQL is the scope: nothing of an assignment they do not hold is read.
 */
export const documentDueSource: CalendarSource = async (db, ctx, range) => {
  const user = ctx.user;
  const rows = await db.selectFrom('assignments')
    .innerJoin('documents', 'documents.id', 'assignments.document_id')
    .select(['assignments.id', 'assignments.document_id', sql<string>`assignments.due_date`.as('due_date'), 'documents.summary', 'documents.number', 'documents.notation', 'documents.direction'])
    .where('assignments.agency_id', '=', user.agencyId)
    .where('assignments.status', 'in', [...OPEN])
    .where('assignments.role', 'in', ['lead', 'coordinate'])
    .where('assignments.due_date', '>=', range.from).where('assignments.due_date', '<=', range.to)
    .where((eb) => {
      const mine = eb('assignments.assignee_user_id', '=', user.id);
      return user.unitId && hasRole(user, 'unit_head') ? eb.or([mine, eb('assignments.assignee_unit_id', '=', user.unitId)]) : mine;
    })
    .orderBy('assignments.due_date').orderBy('assignments.id')
    .execute();
  return rows.map((r): CalendarItem => {
    const ref = reference(r.number, r.notation);
    return {
      key: `document_due:${r.id}`, source: 'document_due', title: `Hạn xử lý: ${ref ? `${ref} - ` : ''}${r.summary}`,
      start: vnMidnight(r.due_date).toISOString(), end: vnMidnight(shiftDay(r.due_date, 1)).toISOString(), allDay: true, place: null,
      link: r.direction === 'outgoing' ? `/outgoing/${r.document_id}` : `/incoming/${r.document_id}`,
    };
  });
};

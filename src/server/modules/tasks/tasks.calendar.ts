import { sql } from 'kysely';
import type { CalendarItem } from '../../../shared/calendar-items.js';
import type { CalendarSource } from '../personal-calendar/personal-calendar.sources.js';

/**
 * The due dates of my open tasks (those I hold or gave) in the range, as all-day items on my
 * personal calendar; the link opens the task (which checks my permission again).
 */
export const taskCalendarItems: CalendarSource = async (db, ctx, range) => {
  const user = ctx.user;
  const unitHead = user.roles.includes('unit_head') && Boolean(user.unitId);
  const rows = await db.selectFrom('tasks')
    .select(['tasks.id', 'tasks.title', sql<string>`to_char(tasks.due_date, 'YYYY-MM-DD')`.as('due_date')])
    .where('tasks.agency_id', '=', user.agencyId)
    .where('tasks.status', '!=', 'accepted')
    .where('tasks.due_date', '>=', range.from).where('tasks.due_date', '<=', range.to)
    .where((eb) => eb.or([
      eb('tasks.assigned_by', '=', user.id),
      unitHead
        ? sql<boolean>`EXISTS (SELECT 1 FROM task_assignees a WHERE a.task_id = tasks.id AND a.status = 'active' AND (a.user_id = ${user.id} OR (a.user_id IS NULL AND a.unit_id = ${user.unitId})))`
        : sql<boolean>`EXISTS (SELECT 1 FROM task_assignees a WHERE a.task_id = tasks.id AND a.status = 'active' AND a.user_id = ${user.id})`,
    ]))
    .orderBy('tasks.due_date').limit(1000).execute();
  return rows.map((r): CalendarItem => ({
    key: `task_due:${r.id}`, source: 'task_due', title: r.title,
    // All day: from 00:00 Vietnam time (UTC+7) of the due date.
    start: new Date(`${r.due_date}T00:00:00+07:00`).toISOString(), end: null, allDay: true, place: null, link: `/tasks/${r.id}`,
  }));
};

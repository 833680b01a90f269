import { sql } from 'kysely';
import type { CalendarItem } from '../../../shared/calendar-items.js';
import type { CalendarSource } from '../personal-calendar/personal-calendar.sources.js';

/** Hours of a session without a time (the usual office day): morning 08:00–11:30, afternoon 14:00–17:00, evening 19:00–21:00. */
const SESSION_HOURS = { morning: ['08:00', '11:30'], afternoon: ['14:00', '17:00'], evening: ['19:00', '21:00'] } as const;

/**
 * The published weekly schedules' entries that concern the official (as a leader, a participant named,
 * or a member of a unit named), not cancelled, in the range; they open the week's schedule.
 */
export const workScheduleSource: CalendarSource = async (db, ctx, range) => {
  const user = ctx.user;
  const rows = await db.selectFrom('work_schedule_entries as e')
    .innerJoin('work_schedules as s', 's.id', 'e.schedule_id')
    .select(['e.id', 'e.schedule_id', sql<string>`e.day`.as('day'), 'e.session', 'e.start_time', 'e.content', 'e.place', 'e.changed_in_version'])
    .where('s.agency_id', '=', user.agencyId).where('s.status', '=', 'published')
    .where('e.cancelled', '=', false)
    .where('e.day', '>=', range.from).where('e.day', '<=', range.to)
    .where((eb) => eb.or([
      sql<boolean>`e.leader_ids @> ARRAY[${user.id}]::uuid[]`,
      sql<boolean>`e.participant_user_ids @> ARRAY[${user.id}]::uuid[]`,
      ...(user.unitId ? [sql<boolean>`e.participant_unit_ids @> ARRAY[${user.unitId}]::uuid[]`] : []),
    ].map((condition) => eb(condition, '=', true))))
    .orderBy('e.day').execute();
  return rows.map((r): CalendarItem => {
    const [from, to] = SESSION_HOURS[r.session];
    const start = new Date(`${r.day}T${r.start_time ?? from}:00+07:00`);
    const sessionEnd = new Date(`${r.day}T${to}:00+07:00`);
    return {
      key: `work_schedule:${r.id}`, source: 'work_schedule', title: `${r.changed_in_version ? '(Thay đổi) ' : ''}${r.content}`,
      start: start.toISOString(), end: (sessionEnd > start ? sessionEnd : new Date(start.getTime() + 3_600_000)).toISOString(),
      allDay: false, place: r.place, link: `/work-schedule/${r.schedule_id}`,
    };
  });
};

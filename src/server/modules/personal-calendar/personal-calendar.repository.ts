import type { Selectable } from 'kysely';
import type { CalendarRange } from '../../../shared/calendar-items.js';
import type { Executor } from '../../db/database.js';
import type { PersonalEventsTable } from '../../db/schema.js';
import type { CurrentUser } from '../auth/current-user.js';

export type EventRow = Selectable<PersonalEventsTable>;

/** One of the official's own events; anyone else's is not found (another official's, another agency's). */
export function findOwnEvent(db: Executor, user: CurrentUser, id: string): Promise<EventRow | undefined> {
  return db.selectFrom('personal_events').selectAll()
    .where('id', '=', id).where('owner_id', '=', user.id).where('agency_id', '=', user.agencyId)
    .executeTakeFirst();
}

/** The official's events that may have an occurrence in [start, end): single ones overlapping it, series not over before it. */
export function ownEventsIn(db: Executor, user: CurrentUser, range: CalendarRange, start: Date, end: Date): Promise<EventRow[]> {
  return db.selectFrom('personal_events').selectAll()
    .where('owner_id', '=', user.id).where('agency_id', '=', user.agencyId)
    .where('starts_at', '<', end)
    .where((eb) => eb.or([
      eb.and([eb('repeat_freq', 'is', null), eb('ends_at', '>=', start)]),
      // A series' last occurrence starts on repeat_until at the latest, and an event lasts at most 366 days.
      eb.and([eb('repeat_freq', 'is not', null), eb('repeat_until', '>=', dayBefore(range.from, 367))]),
    ]))
    .orderBy('starts_at')
    .execute();
}

function dayBefore(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

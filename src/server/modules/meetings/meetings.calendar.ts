import type { CalendarItem } from '../../../shared/calendar-items.js';
import type { CalendarSource } from '../personal-calendar/personal-calendar.sources.js';

// The official's meetings on their personal calendar: those they take part in (not declined, not
// sent a substitute to) or convened, not cancelled, within the range of Vietnam dates.

const dayStart = (date: string) => new Date(`${date}T00:00:00+07:00`);

export const meetingCalendarItems: CalendarSource = async (db, ctx, range) => {
  const from = dayStart(range.from);
  const to = new Date(dayStart(range.to).getTime() + 24 * 3600_000);
  const user = ctx.user;
  const rows = await db.selectFrom('meetings')
    .leftJoin('meeting_rooms as r', 'r.id', 'meetings.room_id')
    .select(['meetings.id', 'meetings.title', 'meetings.starts_at', 'meetings.ends_at', 'meetings.place', 'r.name as room_name'])
    .where('meetings.agency_id', '=', user.agencyId)
    .where('meetings.status', '=', 'scheduled')
    .where('meetings.starts_at', '<', to)
    .where('meetings.ends_at', '>', from)
    .where((eb) => eb.or([
      eb('meetings.organizer_id', '=', user.id),
      eb.exists(eb.selectFrom('meeting_participants as mp').select('mp.user_id').whereRef('mp.meeting_id', '=', 'meetings.id')
        .where('mp.user_id', '=', user.id).where('mp.response', 'in', ['pending', 'attend'])),
    ]))
    .orderBy('meetings.starts_at')
    .execute();
  return rows.map((m): CalendarItem => ({
    key: `meeting:${m.id}`, source: 'meeting', title: m.title, start: m.starts_at.toISOString(), end: m.ends_at.toISOString(), allDay: false,
    place: [m.room_name, m.place].filter(Boolean).join(', ') || null, link: `/meetings/${m.id}`,
  }));
};

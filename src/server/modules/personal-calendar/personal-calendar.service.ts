import { createHash, randomBytes } from 'node:crypto';
import ical, { ICalAlarmType, type ICalCalendar } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import type { CalendarItem, CalendarRange } from '../../../shared/calendar-items.js';
import type { CalendarFeedInfo, PersonalEvent } from '../../../shared/personal-calendar.js';
import type { Db } from '../../db/database.js';
import { badRequest, notFound, ValidationError } from '../../http/errors.js';
import { AGENCY_TIME_ZONE, type Clock, vietnamDate } from '../../time.js';
import { type ActionContext, type CurrentUser, toCurrentUser } from '../auth/current-user.js';
import { shiftDay } from '../calendar/calendar.holidays.js';
import { CALENDAR_SOURCES } from './personal-calendar.sources.js';
import * as repo from './personal-calendar.repository.js';
import { type EventBody, RANGE_MAX_DAYS } from './personal-calendar.schemas.js';
import { occurrences, rangeInstants, rruleOf, vnMidnight } from './personal-calendar.time.js';

// An official's own calendar: events only they read and change (another official, of this agency or
// another, gets 404), repeating events expanded server-side within the requested range, and the items
// every registered source (documents' due dates, the weekly work schedule, later meetings and tasks)
// puts on it. Exported as iCalendar, signed in or through a private subscription address.

export interface CalendarDeps { db: Db; clock: Clock }

export function present(row: repo.EventRow): PersonalEvent {
  return {
    id: row.id, title: row.title, start: row.starts_at.toISOString(), end: row.ends_at.toISOString(), allDay: row.all_day,
    place: row.place, note: row.note, reminderMinutes: row.reminder_minutes,
    repeat: row.repeat_freq && row.repeat_until ? { freq: row.repeat_freq, until: row.repeat_until } : null,
  };
}

/** The stored columns of an event as the client described it, or a 400 naming the field at fault. */
function columnsOf(body: EventBody) {
  let starts: Date;
  let ends: Date;
  if (body.allDay) {
    if (body.endDate < body.startDate) throw ValidationError.field('endDate', 'END_BEFORE_START');
    starts = vnMidnight(body.startDate);
    ends = vnMidnight(shiftDay(body.endDate, 1));
  } else {
    starts = new Date(body.start);
    ends = new Date(body.end);
    if (ends <= starts) throw ValidationError.field('end', 'END_BEFORE_START');
  }
  if (ends.getTime() - starts.getTime() > 366 * 86_400_000) throw ValidationError.field(body.allDay ? 'endDate' : 'end', 'EVENT_TOO_LONG');
  if (body.repeat && body.repeat.until < vietnamDate(starts)) throw ValidationError.field('repeat.until', 'REPEAT_UNTIL_BEFORE_START');
  return {
    title: body.title, starts_at: starts, ends_at: ends, all_day: body.allDay, place: body.place, note: body.note,
    reminder_minutes: body.reminderMinutes, repeat_freq: body.repeat?.freq ?? null, repeat_until: body.repeat?.until ?? null,
  };
}

export async function createEvent(deps: CalendarDeps, ctx: ActionContext, body: EventBody): Promise<PersonalEvent> {
  const row = await deps.db.insertInto('personal_events')
    .values({ ...columnsOf(body), agency_id: ctx.user.agencyId, owner_id: ctx.user.id })
    .returningAll().executeTakeFirstOrThrow();
  return present(row as repo.EventRow);
}

export async function getEvent(deps: CalendarDeps, ctx: ActionContext, id: string): Promise<PersonalEvent> {
  const row = await repo.findOwnEvent(deps.db, ctx.user, id);
  if (!row) throw notFound('PERSONAL_EVENT_NOT_FOUND');
  return present(row);
}

export async function updateEvent(deps: CalendarDeps, ctx: ActionContext, id: string, body: EventBody): Promise<PersonalEvent> {
  const row = await deps.db.updateTable('personal_events').set({ ...columnsOf(body), updated_at: new Date() })
    .where('id', '=', id).where('owner_id', '=', ctx.user.id).where('agency_id', '=', ctx.user.agencyId)
    .returningAll().executeTakeFirst();
  if (!row) throw notFound('PERSONAL_EVENT_NOT_FOUND');
  return present(row as repo.EventRow);
}

export async function deleteEvent(deps: CalendarDeps, ctx: ActionContext, id: string): Promise<{ ok: true }> {
  const gone = await deps.db.deleteFrom('personal_events').where('id', '=', id).where('owner_id', '=', ctx.user.id).where('agency_id', '=', ctx.user.agencyId).executeTakeFirst();
  if (!gone.numDeletedRows) throw notFound('PERSONAL_EVENT_NOT_FOUND');
  return { ok: true };
}

function checkRange(range: CalendarRange) {
  if (range.to < range.from) throw ValidationError.field('to', 'END_BEFORE_START');
  if (shiftDay(range.from, RANGE_MAX_DAYS) < range.to) throw badRequest('CALENDAR_RANGE_TOO_LONG', { days: RANGE_MAX_DAYS });
}

/** The official's own events as calendar items: one per occurrence within the range. */
export async function ownItems(db: Db, user: CurrentUser, range: CalendarRange): Promise<CalendarItem[]> {
  const { start, end } = rangeInstants(range);
  const rows = await repo.ownEventsIn(db, user, range, start, end);
  return rows.flatMap((row) => occurrences(row, start, end).map((o): CalendarItem => ({
    key: `event:${row.id}:${o.start.toISOString()}`, source: 'event', title: row.title, start: o.start.toISOString(), end: o.end.toISOString(),
    allDay: row.all_day, place: row.place, link: null,
  })));
}

async function sourceItems(db: Db, ctx: ActionContext, range: CalendarRange): Promise<CalendarItem[]> {
  return (await Promise.all(CALENDAR_SOURCES.map((source) => source(db, ctx, range)))).flat();
}

/** The calendar feed: own events and every registered source, by start. */
export async function listItems(deps: CalendarDeps, ctx: ActionContext, range: CalendarRange): Promise<CalendarItem[]> {
  checkRange(range);
  const [own, others] = await Promise.all([ownItems(deps.db, ctx.user, range), sourceItems(deps.db, ctx, range)]);
  return [...own, ...others].sort((a, b) => a.start.localeCompare(b.start) || a.key.localeCompare(b.key));
}

// ---------------------------------------------------------------- iCalendar

/** Asia/Ho_Chi_Minh has kept UTC+7 without daylight saving since 1975: one STANDARD component says it all. */
const VTIMEZONE = [
  'BEGIN:VTIMEZONE', `TZID:${AGENCY_TIME_ZONE}`, `X-LIC-LOCATION:${AGENCY_TIME_ZONE}`,
  'BEGIN:STANDARD', 'TZOFFSETFROM:+0700', 'TZOFFSETTO:+0700', 'TZNAME:+07', 'DTSTART:19750613T000000', 'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

const zoned = (instant: Date | string) => Temporal.Instant.from(new Date(instant).toISOString()).toZonedDateTimeISO(AGENCY_TIME_ZONE);

/** The window of a subscription feed: what a phone's calendar needs, not the whole history. */
export const FEED_DAYS_BACK = 60;
export const FEED_DAYS_AHEAD = 365;

/**
 * The calendar as iCalendar (RFC 5545): the official's own events with their RRULE and reminder
 * (VALARM), and the items of every source in the window; times with TZID=Asia/Ho_Chi_Minh.
 */
export async function calendarIcs(deps: CalendarDeps, ctx: ActionContext, appUrl: string | null): Promise<string> {
  const today = vietnamDate(deps.clock.now());
  const range = { from: shiftDay(today, -FEED_DAYS_BACK), to: shiftDay(today, FEED_DAYS_AHEAD) };
  const { start, end } = rangeInstants(range);
  const calendar: ICalCalendar = ical({
    name: `Lịch công tác - ${ctx.user.fullName}`,
    prodId: { company: 'VanPhong', product: 'personal-calendar', language: 'VI' },
    timezone: { name: AGENCY_TIME_ZONE, generator: () => VTIMEZONE },
  });
  const stamp = deps.clock.now();
  for (const row of await repo.ownEventsIn(deps.db, ctx.user, range, start, end)) {
    calendar.createEvent({
      id: `event-${row.id}@vanphong`, timezone: AGENCY_TIME_ZONE, stamp,
      start: zoned(row.starts_at), end: zoned(row.ends_at), allDay: row.all_day,
      summary: row.title, location: row.place, description: row.note,
      repeating: row.repeat_freq && row.repeat_until ? rruleOf(row.repeat_freq, row.repeat_until) : null,
      alarms: row.reminder_minutes === null ? [] : [{ type: ICalAlarmType.display, trigger: row.reminder_minutes * 60 }],
    });
  }
  for (const item of await sourceItems(deps.db, ctx, range)) {
    calendar.createEvent({
      id: `${item.key.replace(/:/g, '-')}@vanphong`, timezone: AGENCY_TIME_ZONE, stamp,
      start: zoned(item.start), end: zoned(item.end ?? item.start), allDay: item.allDay,
      summary: item.title, location: item.place, url: item.link && appUrl ? `${appUrl}${item.link}` : null,
    });
  }
  return withUtcStamps(calendar.toString(), stamp);
}

/**
 * ical-generator writes DTSTAMP in the calendar's time zone without a zone, a floating time RFC 5545
 * (3.8.7.2) does not allow: it must be UTC. Every event here has the same stamp, written again so.
 */
function withUtcStamps(ics: string, stamp: Date): string {
  const utc = `${stamp.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
  return ics.replace(/^DTSTAMP:\d{8}T\d{6}(?=\r?$)/gm, `DTSTAMP:${utc}`);
}

// ---------------------------------------------------------------- the subscription address

/** 256 random bits, base64url; only its SHA-256 is stored. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function feedInfo(deps: CalendarDeps, ctx: ActionContext): Promise<CalendarFeedInfo> {
  const row = await deps.db.selectFrom('calendar_feed_tokens').select('created_at').where('user_id', '=', ctx.user.id).executeTakeFirst();
  return { exists: Boolean(row), createdAt: row?.created_at.toISOString() ?? null, path: null };
}

/** Makes the address, or a new one in place of the old (which stops working at once). */
export async function renewFeed(deps: CalendarDeps, ctx: ActionContext): Promise<CalendarFeedInfo> {
  const token = randomBytes(32).toString('base64url');
  const createdAt = deps.clock.now();
  await deps.db.insertInto('calendar_feed_tokens').values({ user_id: ctx.user.id, token_hash: hashToken(token), created_at: createdAt })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ token_hash: hashToken(token), created_at: createdAt }))
    .execute();
  return { exists: true, createdAt: createdAt.toISOString(), path: `/ical/${token}.ics` };
}

export async function revokeFeed(deps: CalendarDeps, ctx: ActionContext): Promise<CalendarFeedInfo> {
  await deps.db.deleteFrom('calendar_feed_tokens').where('user_id', '=', ctx.user.id).execute();
  return { exists: false, createdAt: null, path: null };
}

/** The official a subscription address belongs to (an active account), or a 404. */
export async function feedOwner(deps: CalendarDeps, file: string): Promise<CurrentUser> {
  const token = /^([A-Za-z0-9_-]{43})\.ics$/.exec(file)?.[1];
  if (!token) throw notFound();
  const row = await deps.db.selectFrom('calendar_feed_tokens')
    .innerJoin('users', 'users.id', 'calendar_feed_tokens.user_id')
    .select(['users.id', 'users.agency_id', 'users.unit_id', 'users.username', 'users.full_name', 'users.position', 'users.roles'])
    .where('calendar_feed_tokens.token_hash', '=', hashToken(token)).where('users.active', '=', true)
    .executeTakeFirst();
  if (!row) throw notFound();
  return toCurrentUser(row);
}

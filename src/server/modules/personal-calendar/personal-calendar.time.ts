import { RRuleTemporal } from 'rrule-temporal';
import { shiftDay } from '../calendar/calendar.holidays.js';
import { AGENCY_TIME_ZONE } from '../../time.js';
import type { RepeatFrequency } from '../../../shared/personal-calendar.js';

// Vietnam time for the calendar: the agency's zone (UTC+7 all year, no daylight saving).

/** 00:00 in Vietnam of a 'YYYY-MM-DD' day. */
export const vnMidnight = (day: string) => new Date(`${day}T00:00:00+07:00`);

/** The instants a range of Vietnam dates covers: [00:00 of `from`, 00:00 of the day after `to`). */
export const rangeInstants = (range: { from: string; to: string }) => ({ start: vnMidnight(range.from), end: vnMidnight(shiftDay(range.to, 1)) });

const pad = (n: number) => String(n).padStart(2, '0');

/** iCalendar's basic format of an instant as Vietnam wall-clock time ('20261201T080000'). */
function vnBasic(instant: Date): string {
  const v = new Date(instant.getTime() + 7 * 3_600_000);
  return `${v.getUTCFullYear()}${pad(v.getUTCMonth() + 1)}${pad(v.getUTCDate())}T${pad(v.getUTCHours())}${pad(v.getUTCMinutes())}${pad(v.getUTCSeconds())}`;
}

/** iCalendar's basic format of an instant in UTC ('20261201T010000Z'). */
export const utcBasic = (instant: Date) => `${instant.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;

/** The RRULE of a repeating event: until the end of its last Vietnam day (UNTIL in UTC, as RFC 5545 asks with a TZID start). */
export function rruleOf(freq: RepeatFrequency, until: string): string {
  return `FREQ=${freq.toUpperCase()};UNTIL=${utcBasic(new Date(vnMidnight(shiftDay(until, 1)).getTime() - 1000))}`;
}

export interface Series {
  starts_at: Date;
  ends_at: Date;
  repeat_freq: RepeatFrequency | null;
  repeat_until: string | null;
}

export interface Occurrence { start: Date; end: Date }

/**
 * The occurrences of an event that overlap [from, to). A repeating one is expanded by rrule-temporal
 * (RFC 5545 semantics: a monthly event on the 31st skips the shorter months) in Vietnam time.
 */
export function occurrences(series: Series, from: Date, to: Date): Occurrence[] {
  const duration = series.ends_at.getTime() - series.starts_at.getTime();
  const overlaps = (start: Date) => start < to && (start.getTime() + duration > from.getTime() || (duration === 0 && start >= from));
  if (!series.repeat_freq || !series.repeat_until) {
    return overlaps(series.starts_at) ? [{ start: series.starts_at, end: series.ends_at }] : [];
  }
  const rule = new RRuleTemporal({
    rruleString: `DTSTART;TZID=${AGENCY_TIME_ZONE}:${vnBasic(series.starts_at)}\nRRULE:${rruleOf(series.repeat_freq, series.repeat_until)}`,
  });
  return rule.between(new Date(from.getTime() - duration), to, true)
    .map((z) => new Date(z.epochMilliseconds))
    .filter(overlaps)
    .map((start) => ({ start, end: new Date(start.getTime() + duration) }));
}

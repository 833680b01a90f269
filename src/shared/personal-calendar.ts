// The personal calendar's own events (issue 12), shared by server and web. What the calendar shows
// (own events and what other modules put on it) is a CalendarItem (calendar-items.ts).

export const REPEAT_FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
export type RepeatFrequency = (typeof REPEAT_FREQUENCIES)[number];

export interface PersonalEvent {
  id: string;
  title: string;
  /** ISO instants (UTC). All-day: 00:00 Vietnam time of the first day to 00:00 of the day after the last. */
  start: string;
  end: string;
  allDay: boolean;
  place: string | null;
  note: string | null;
  /** Minutes before each occurrence's start at which a notice is sent (null: none). */
  reminderMinutes: number | null;
  /** Repeats until `repeat.until` (a Vietnam date, inclusive), or null for a single event. */
  repeat: { freq: RepeatFrequency; until: string } | null;
}

/**
 * What the client sends to create or replace an event. Timed: `start`/`end` ISO date-times with an
 * offset. All-day: `startDate`/`endDate` Vietnam dates (inclusive).
 */
export type PersonalEventInput = {
  title: string;
  place?: string | null;
  note?: string | null;
  reminderMinutes?: number | null;
  repeat?: { freq: RepeatFrequency; until: string } | null;
} & ({ allDay: false; start: string; end: string } | { allDay: true; startDate: string; endDate: string });

/** The private subscription address (shown once when made or renewed; afterwards only whether one exists). */
export interface CalendarFeedInfo {
  exists: boolean;
  createdAt: string | null;
  /** Only in the answer that made it: the secret address's path (`/ical/<token>.ics`, after the app's address), never stored in clear. */
  path: string | null;
}

// What a personal calendar shows (issue 12), shared by server and web: the official's own events and
// what other modules put on it without retyping (due dates of documents and tasks, meetings).

export const CALENDAR_ITEM_SOURCES = ['event', 'document_due', 'meeting', 'task_due', 'work_schedule'] as const;
export type CalendarItemSource = (typeof CALENDAR_ITEM_SOURCES)[number];

export interface CalendarItem {
  /** Unique across sources, stable between requests (e.g. `meeting:<id>`, `event:<id>:<occurrence date>`). */
  key: string;
  source: CalendarItemSource;
  title: string;
  /** ISO 8601 instants (UTC); an all-day item starts at 00:00 Vietnam time of its day. */
  start: string;
  end: string | null;
  allDay: boolean;
  place: string | null;
  /** The app's path that opens it (it checks the reader's permission again), or null. */
  link: string | null;
}

/** A range of Vietnam dates, inclusive, 'YYYY-MM-DD'. */
export interface CalendarRange {
  from: string;
  to: string;
}

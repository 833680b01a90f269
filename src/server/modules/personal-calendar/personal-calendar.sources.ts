/**
 * Where a personal calendar's items come from. Each module that puts something on an official's
 * calendar (documents' due dates, meetings, tasks) exports one CalendarSource and adds it to
 * CALENDAR_SOURCES; the calendar's views and its iCalendar export read them all. A source returns only
 * what the official may see (its own SQL scope), within the range.
 */
import type { Db } from '../../db/database.js';
import type { CalendarItem, CalendarRange } from '../../../shared/calendar-items.js';
import type { ActionContext } from '../auth/current-user.js';
import { workScheduleSource } from '../work-schedule/work-schedule.source.js';
import { meetingCalendarItems } from '../meetings/meetings.calendar.js';
import { documentDueSource } from './personal-calendar.documents.js';
import { taskCalendarItems } from '../tasks/tasks.calendar.js';

export type CalendarSource = (db: Db, ctx: ActionContext, range: CalendarRange) => Promise<CalendarItem[]>;

export const CALENDAR_SOURCES: CalendarSource[] = [
  documentDueSource,
  workScheduleSource,
  meetingCalendarItems,
  taskCalendarItems,
];

/**
 * The working-day calendar (lịch ngày làm việc) of an agency: weekends and public holidays
 * computed for any year (calendar.holidays.ts), then the agency's own changes (make-up working
 * Saturdays, days the government moved, extra days off). Dates are Vietnam dates, 'YYYY-MM-DD'.
 *
 * Other modules call the plain functions: isWorkingDay, addWorkingDays, workingDaysBetween (one
 * query each), or loadWorkingCalendar once and its synchronous methods for many dates (reports).
 */
import type { Db, Executor } from '../../db/database.js';
import { DEFAULT_DUE_WORKING_DAYS, type CalendarYearView, type DueDateSettings, type SuggestedDueDate } from '../../../shared/calendar.js';
import type { Urgency } from '../../../shared/enums.js';
import { type Clock, vietnamDate } from '../../time.js';
import type { ActionContext } from '../auth/current-user.js';
import { appendEvent } from '../events/events.repository.js';
import { notFound } from '../../http/errors.js';
import { type Holiday, isWeekend, nationalHolidays, shiftDay } from './calendar.holidays.js';
import * as repo from './calendar.repository.js';
import { requireCalendarAdmin } from './calendar.policies.js';
import type { CalendarDayInput, DueDateSettingsInput } from './calendar.schemas.js';

export interface WorkingCalendar {
  isWorkingDay(day: string): boolean;
  /** The public holiday of that day, if any (before the agency's changes). */
  holiday(day: string): Holiday['key'] | null;
  /**
   * n > 0: the n-th working day after `from`; n < 0: the n-th before it; n = 0: `from` itself when
   * it is a working day, else the next working day (a hỏa tốc document received on a Saturday is
   * due on Monday).
   */
  addWorkingDays(from: string, n: number): string;
  /** Working days d with from < d ≤ to (negative when `to` is before `from`): "overdue by 2 working days". */
  workingDaysBetween(from: string, to: string): number;
}

// Holidays are pure functions of the year: computed once per process.
const holidaysByYear = new Map<number, Map<string, Holiday['key']>>();
function holidaysOf(year: number): Map<string, Holiday['key']> {
  let found = holidaysByYear.get(year);
  if (!found) {
    found = new Map(nationalHolidays(year).map((h) => [h.day, h.key]));
    holidaysByYear.set(year, found);
  }
  return found;
}

/** A calendar from the agency's entries (day → working), for synchronous use. */
export function workingCalendarFrom(entries: readonly repo.AgencyDayEntry[]): WorkingCalendar {
  const overrides = new Map(entries.map((e) => [e.day, e.working]));
  const holiday = (day: string) => holidaysOf(Number(day.slice(0, 4))).get(day) ?? null;
  const isWorkingDay = (day: string) => overrides.get(day) ?? (!isWeekend(day) && holiday(day) === null);
  // No year has fewer than 200 working days: a walk this long means a calendar with no working day at all.
  const guard = (steps: number) => { if (steps > 4000) throw new Error('The calendar has no working day in reach.'); };
  return {
    isWorkingDay,
    holiday,
    addWorkingDays(from, n) {
      let day = from;
      let steps = 0;
      if (n === 0) {
        while (!isWorkingDay(day)) { day = shiftDay(day, 1); guard(++steps); }
        return day;
      }
      const step = n > 0 ? 1 : -1;
      for (let left = Math.abs(n); left > 0;) {
        day = shiftDay(day, step);
        guard(++steps);
        if (isWorkingDay(day)) left -= 1;
      }
      return day;
    },
    workingDaysBetween(from, to) {
      if (to < from) return -this.workingDaysBetween(to, from);
      let count = 0;
      for (let day = shiftDay(from, 1); day <= to; day = shiftDay(day, 1)) if (isWorkingDay(day)) count += 1;
      return count;
    },
  };
}

export async function loadWorkingCalendar(db: Executor, agencyId: string): Promise<WorkingCalendar> {
  return workingCalendarFrom(await repo.agencyDays(db, agencyId));
}

export async function isWorkingDay(db: Executor, agencyId: string, day: string): Promise<boolean> {
  return (await loadWorkingCalendar(db, agencyId)).isWorkingDay(day);
}

export async function addWorkingDays(db: Executor, agencyId: string, from: string, n: number): Promise<string> {
  return (await loadWorkingCalendar(db, agencyId)).addWorkingDays(from, n);
}

export async function workingDaysBetween(db: Executor, agencyId: string, from: string, to: string): Promise<number> {
  return (await loadWorkingCalendar(db, agencyId)).workingDaysBetween(from, to);
}

/** The year as the calendar screen shows it: every holiday, every agency entry, every day off that is not a weekend. */
export async function calendarYear(db: Executor, agencyId: string, year: number): Promise<CalendarYearView> {
  const entries = await repo.agencyDays(db, agencyId);
  const calendar = workingCalendarFrom(entries);
  const own = new Map(entries.map((e) => [e.day, e]));
  const days: CalendarYearView['days'] = [];
  let workingDays = 0;
  for (let day = `${year}-01-01`; day.startsWith(String(year)); day = shiftDay(day, 1)) {
    const working = calendar.isWorkingDay(day);
    if (working) workingDays += 1;
    const holiday = calendar.holiday(day);
    const entry = own.get(day);
    if (holiday || entry) days.push({ day, working, holiday, agencyEntry: entry ? { working: entry.working, note: entry.note } : null });
  }
  return { year, days, workingDays };
}

export async function setCalendarDay(db: Db, ctx: ActionContext, input: CalendarDayInput): Promise<void> {
  requireCalendarAdmin(ctx);
  await db.transaction().execute(async (tx) => {
    await repo.upsertAgencyDay(tx, ctx.user.agencyId, { day: input.day, working: input.working, note: input.note }, ctx.user.id);
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, action: 'calendar_day_set', payload: { ...input } });
  });
}

export async function removeCalendarDay(db: Db, ctx: ActionContext, day: string): Promise<void> {
  requireCalendarAdmin(ctx);
  await db.transaction().execute(async (tx) => {
    if (!await repo.deleteAgencyDay(tx, ctx.user.agencyId, day)) throw notFound();
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, action: 'calendar_day_removed', payload: { day } });
  });
}

/** The agency's rules, with the program's defaults for urgencies it has not set. */
export async function dueDateSettings(db: Executor, agencyId: string): Promise<DueDateSettings> {
  const rows = await repo.dueDateRules(db, agencyId);
  const rules = rows.map((r) => ({ urgency: r.urgency, documentType: r.document_type || null, workingDays: r.working_days }));
  for (const [urgency, workingDays] of Object.entries(DEFAULT_DUE_WORKING_DAYS) as [Urgency, number][]) {
    if (!rules.some((r) => r.urgency === urgency && r.documentType === null)) rules.push({ urgency, documentType: null, workingDays });
  }
  return { rules, reminderLeadDays: await repo.reminderLeadDays(db, agencyId) };
}

export async function saveDueDateSettings(db: Db, ctx: ActionContext, input: DueDateSettingsInput): Promise<DueDateSettings> {
  requireCalendarAdmin(ctx);
  // One rule per (urgency, type): the last one given wins.
  const unique = new Map(input.rules.map((r) => [`${r.urgency}/${r.documentType ?? ''}`, { urgency: r.urgency, document_type: r.documentType ?? '', working_days: r.workingDays }]));
  await db.transaction().execute(async (tx) => {
    await repo.replaceDueDateRules(tx, ctx.user.agencyId, [...unique.values()]);
    await repo.setReminderLeadDays(tx, ctx.user.agencyId, input.reminderLeadDays);
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, action: 'due_date_rules_updated', payload: { ...input } });
  });
  return dueDateSettings(db, ctx.user.agencyId);
}

/** Working days the agency gives a document of this urgency and type: its type's rule, else the urgency's. */
export function dueWorkingDays(settings: DueDateSettings, urgency: Urgency, documentType?: string | null): number {
  const own = documentType ? settings.rules.find((r) => r.urgency === urgency && r.documentType === documentType) : undefined;
  const general = settings.rules.find((r) => r.urgency === urgency && r.documentType === null);
  return own?.workingDays ?? general?.workingDays ?? DEFAULT_DUE_WORKING_DAYS[urgency];
}

/** The due date suggested when registering or assigning: the rule's working days from `from` (today by default). */
export async function suggestDueDate(db: Executor, clock: Clock, agencyId: string, input: { urgency: Urgency; documentType?: string; from?: string }): Promise<SuggestedDueDate> {
  const from = input.from ?? vietnamDate(clock.now());
  const [settings, calendar] = await Promise.all([dueDateSettings(db, agencyId), loadWorkingCalendar(db, agencyId)]);
  const workingDays = dueWorkingDays(settings, input.urgency, input.documentType);
  return { dueDate: calendar.addWorkingDays(from, workingDays), workingDays, from };
}

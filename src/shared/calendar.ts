// The working-day calendar and default due dates (issue 11), shared by server and web.
import type { Urgency } from './enums.js';

/** Public holidays the program knows (labels in the web's i18n: calendar.holiday.<key>). */
export const HOLIDAY_KEYS = ['new_year', 'lunar_new_year_eve', 'lunar_new_year', 'hung_kings', 'reunification', 'labour_day', 'national_day', 'in_lieu'] as const;
export type HolidayKey = (typeof HOLIDAY_KEYS)[number];

/** A day that is not an ordinary weekday or weekend day, as the calendar screen lists them. */
export interface CalendarDayView {
  day: string;
  /** Whether work is done that day, after the agency's own changes. */
  working: boolean;
  /** The public holiday it is (computed), if any. */
  holiday: HolidayKey | null;
  /** The agency's own entry for that day, if any. */
  agencyEntry: { working: boolean; note: string } | null;
}

export interface CalendarYearView {
  year: number;
  days: CalendarDayView[];
  /** Working days in the year, after the agency's changes. */
  workingDays: number;
}

/** Defaults of Decree 30 practice: hỏa tốc the same day, thượng khẩn 1, khẩn 2 working days; thường the agency's rule. */
export const DEFAULT_DUE_WORKING_DAYS: Record<Urgency, number> = { flash: 0, very_urgent: 1, urgent: 2, normal: 10 };

export interface DueDateRule {
  urgency: Urgency;
  /** null: every document type without a rule of its own. */
  documentType: string | null;
  workingDays: number;
}

export interface DueDateSettings {
  rules: DueDateRule[];
  /** Working days before the due date that holders are reminded. */
  reminderLeadDays: number;
}

export interface SuggestedDueDate {
  dueDate: string;
  workingDays: number;
  from: string;
}

import { z } from 'zod';
import { DOCUMENT_TYPES, URGENCIES } from '../../../shared/enums.js';

/** A Vietnam calendar date, 'YYYY-MM-DD', that exists. */
export const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => {
    const parsed = new Date(`${v}T00:00:00Z`);
    // 2026-02-30 parses to nothing or rolls over into March: both are refused.
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(v);
  }, 'invalid date');

export const calendarDayInput = z.object({
  day: calendarDate,
  working: z.boolean(),
  note: z.string().trim().max(200).default(''),
});
export type CalendarDayInput = z.infer<typeof calendarDayInput>;

export const dueDateSettingsInput = z.object({
  rules: z.array(z.object({
    urgency: z.enum(URGENCIES),
    documentType: z.enum(DOCUMENT_TYPES).nullable(),
    workingDays: z.number().int().min(0).max(366),
  })).max(200),
  reminderLeadDays: z.number().int().min(0).max(30),
});
export type DueDateSettingsInput = z.infer<typeof dueDateSettingsInput>;

export const suggestDueDateQuery = z.object({
  urgency: z.enum(URGENCIES),
  documentType: z.enum(DOCUMENT_TYPES).optional(),
  /** From this Vietnam date (default: today). */
  from: calendarDate.optional(),
});

export const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2199) });
export const dayParams = z.object({ day: calendarDate });

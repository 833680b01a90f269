import { z } from 'zod';
import { REPEAT_FREQUENCIES } from '../../../shared/personal-calendar.js';

export const idParams = z.object({ id: z.uuid() });
export const feedParams = z.object({ file: z.string().max(200) });

/** A date or time a calendar can hold (years 1900–2199): no year 0 or 9999 reaching the arithmetic. */
const inYears = (value: string) => value >= '1900' && value < '2200';
const date = z.iso.date().refine(inYears, { params: { vi: 'năm từ 1900 đến 2199', en: 'a year from 1900 to 2199' } });
const dateTime = z.iso.datetime({ offset: true }).refine(inYears, { params: { vi: 'năm từ 1900 đến 2199', en: 'a year from 1900 to 2199' } });
const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => v || null);

/** A range of Vietnam dates, inclusive; at most RANGE_MAX_DAYS days. */
export const rangeQuery = z.object({ from: date, to: date });
export const RANGE_MAX_DAYS = 400;

const common = {
  title: z.string().trim().min(1).max(300),
  place: optionalText(300),
  note: optionalText(4000),
  /** Up to four weeks before. */
  reminderMinutes: z.number().int().min(0).max(40320).nullish().transform((v) => v ?? null),
  repeat: z.strictObject({ freq: z.enum(REPEAT_FREQUENCIES), until: date }).nullish().transform((v) => v ?? null),
};

export const eventBody = z.discriminatedUnion('allDay', [
  z.strictObject({ ...common, allDay: z.literal(false), start: dateTime, end: dateTime }),
  z.strictObject({ ...common, allDay: z.literal(true), startDate: date, endDate: date }),
]);
export type EventBody = z.infer<typeof eventBody>;

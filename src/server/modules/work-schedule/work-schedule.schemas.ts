import { z } from 'zod';
import { WORK_SESSIONS } from '../../../shared/work-schedule.js';

export const idParams = z.object({ id: z.uuid() });
export const entryParams = z.object({ id: z.uuid(), entryId: z.uuid() });

const date = z.iso.date().refine((value) => value >= '1900' && value < '2200', { params: { vi: 'năm từ 1900 đến 2199', en: 'a year from 1900 to 2199' } });
const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => v || null);
const ids = z.array(z.uuid()).max(100).default([]).transform((v) => [...new Set(v)]);

export const listQuery = z.object({
  /** Only the schedule of the week holding this date. */
  week: date.optional(),
});

export const createBody = z.strictObject({ weekStart: date });

export const entryBody = z.strictObject({
  day: date,
  session: z.enum(WORK_SESSIONS),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).nullish().transform((v) => v ?? null),
  leaderIds: ids,
  content: z.string().trim().min(1).max(2000),
  place: optionalText(300),
  participants: optionalText(1000),
  participantUserIds: ids,
  participantUnitIds: ids,
  preparingUnitId: z.uuid().nullish().transform((v) => v ?? null),
});
export type EntryBody = z.infer<typeof entryBody>;

import { z } from 'zod';
import { URGENCIES } from '../../../shared/enums.js';
import { STATISTICS_DIMENSIONS, TRACKING_STATES } from '../../../shared/reports.js';

const isoDate = z.iso.date();

/** The filters of the tracking register, its exports and the statistics (received in a period, and so on). */
export const trackingFilter = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  dueFrom: isoDate.optional(),
  dueTo: isoDate.optional(),
  unitId: z.uuid().optional(),
  userId: z.uuid().optional(),
  state: z.enum(TRACKING_STATES).optional(),
  urgency: z.enum(URGENCIES).optional(),
});
export type TrackingFilter = z.infer<typeof trackingFilter>;

export const trackingQuery = trackingFilter.extend({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const EXPORT_FORMATS = ['xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const formatParams = z.object({ format: z.enum(EXPORT_FORMATS) });

/** A register or report covers a period of arrival dates: one year at most, so a printed book stays a book. */
export const periodQuery = z.object({ from: isoDate, to: isoDate }).refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { path: ['to'], message: 'the period is at most one year' });

export const trackingExportQuery = z.object({ ...trackingFilter.shape, from: isoDate, to: isoDate })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { path: ['to'], message: 'the period is at most one year' });

export const statisticsQuery = periodQuery;
export const dimensionsList = STATISTICS_DIMENSIONS;

export const idParams = z.object({ id: z.uuid() });
export const formatIdParams = z.object({ id: z.uuid(), format: z.enum(EXPORT_FORMATS) });

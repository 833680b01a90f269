import { z } from 'zod';
import { SUPERVISION_DIRECTIONS } from '../../../shared/delegation.js';
import { DOCUMENT_STATUSES, EVENT_ACTIONS, OUTGOING_STATUSES } from '../../../shared/enums.js';

const day = z.iso.date();

/** The filters both views share: a unit, a person, a period (Vietnam dates, both days included). */
const common = {
  unitId: z.uuid().optional(),
  userId: z.uuid().optional(),
  from: day.optional(),
  to: day.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

export const documentsQuery = z.object({
  ...common,
  direction: z.enum(SUPERVISION_DIRECTIONS).optional(),
  status: z.enum([...new Set([...DOCUMENT_STATUSES, ...OUTGOING_STATUSES])] as [string, ...string[]]).optional(),
});
export type DocumentsQuery = z.infer<typeof documentsQuery>;

export const activityQuery = z.object({
  ...common,
  action: z.enum(EVENT_ACTIONS).optional(),
});
export type ActivityQuery = z.infer<typeof activityQuery>;

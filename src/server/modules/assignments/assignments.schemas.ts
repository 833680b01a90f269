import { z } from 'zod';
import { ASSIGNMENT_ROLES } from '../../../shared/enums.js';

export const reasonBody = z.object({ reason: z.string().trim().min(1).max(2000) });
export const noteBody = z.object({ note: z.string().trim().min(1).max(4000) });
export const completeBody = z.object({
  result: z.string().trim().min(1).max(4000),
  /** The issued outgoing document that answers this incoming one; its number goes into the tracking columns. */
  replyDocumentId: z.uuid().optional(),
});
export type CompleteBody = z.infer<typeof completeBody>;

const assigneeInput = z
  .object({
    role: z.enum(ASSIGNMENT_ROLES),
    userId: z.uuid().optional(),
    unitId: z.uuid().optional(),
    dueDate: z.iso.date().optional(),
  })
  .refine((a) => Boolean(a.userId) !== Boolean(a.unitId), {
    params: { vi: 'chọn một đơn vị hoặc một cán bộ', en: 'choose either a unit or an official' },
  });
export type AssigneeInput = z.infer<typeof assigneeInput>;

export const assignBody = z.object({
  direction: z.string().trim().min(1).max(4000),
  assignments: z.array(assigneeInput).min(1).max(100),
});
export type AssignBody = z.infer<typeof assignBody>;

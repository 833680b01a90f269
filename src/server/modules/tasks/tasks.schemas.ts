import { z } from 'zod';
import { TASK_PRIORITIES, TASK_SOURCE_KINDS, TASK_STATUSES, TASK_VIEWS } from '../../../shared/tasks.js';

export const idParams = z.object({ id: z.uuid() });
export const itemParams = z.object({ id: z.uuid(), itemId: z.uuid() });
export const fileParams = z.object({ id: z.uuid(), fileId: z.uuid() });

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => v || null);

/** An official or a unit of the agency (exactly one). */
export const assigneeRef = z.strictObject({ userId: z.uuid().optional(), unitId: z.uuid().optional() })
  .refine((a) => Boolean(a.userId) !== Boolean(a.unitId), { message: 'give either userId or unitId' });
export type AssigneeRef = z.infer<typeof assigneeRef>;

export const createTaskBody = z.strictObject({
  title: text(500),
  description: optionalText(10_000),
  priority: z.enum(TASK_PRIORITIES).default('normal'),
  dueDate: z.iso.date().nullish().transform((v) => v ?? null),
  lead: assigneeRef,
  coordinators: z.array(assigneeRef).max(50).default([]),
  checklist: z.array(text(500)).max(100).default([]),
  /** A document (the assigner must be allowed to see it), a meeting (its conclusion) or a parent task. */
  source: z.strictObject({ kind: z.enum(TASK_SOURCE_KINDS), id: z.uuid() }).nullish().transform((v) => v ?? null),
});
export type CreateTaskInput = z.input<typeof createTaskBody>;
export type CreateTaskBody = z.infer<typeof createTaskBody>;

export const editTaskBody = z.strictObject({
  title: text(500).optional(),
  description: optionalText(10_000).optional(),
  priority: z.enum(TASK_PRIORITIES).optional(),
  dueDate: z.iso.date().nullish(),
  version: z.number().int().min(1).optional(),
});
export type EditTaskBody = z.infer<typeof editTaskBody>;

export const listQuery = z.object({
  view: z.enum(TASK_VIEWS).default('mine'),
  status: z.enum([...TASK_STATUSES, 'open']).optional(),
  overdue: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
  unitId: z.uuid().optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

/** `version`: the version the client saw; refused with 409 TASK_CHANGED when another change came first. */
export const progressBody = z.strictObject({ progress: z.number().int().min(0).max(100), note: optionalText(2000), version: z.number().int().min(1).optional() });
export const commentBody = z.strictObject({ text: text(5000) });
export const noteBody = z.strictObject({ note: optionalText(2000) });
export const reasonBody = z.strictObject({ reason: text(2000) });
export const remindBody = z.strictObject({ note: text(1000) });
export const passOnBody = z.strictObject({ assigneeId: z.uuid(), userId: z.uuid() });
export const checklistBody = z.strictObject({ text: text(500) });
export const checklistPatch = z.strictObject({ done: z.boolean() });

import { z } from 'zod';
import { REJECT_REASONS } from '../../../shared/exchange.js';

const isoDate = z.iso.date();
const optionalText = (max: number) => z.string().trim().max(max).optional().transform((v) => (v ? v : undefined));
const page = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const deliveryParams = z.object({ id: z.uuid() });
export const deliveryFileParams = z.object({ id: z.uuid(), fileId: z.union([z.literal('main'), z.uuid()]) });
export const documentParams = z.object({ documentId: z.uuid() });

/** The queue: what waits for the clerk, or everything that reached the agency. */
export const queueQuery = z.object({ ...page, box: z.enum(['waiting', 'all']).default('waiting') });
export type QueueQuery = z.infer<typeof queueQuery>;
export const sentQuery = z.object(page);

/**
 * Accepting: what the receiving clerk adds to the sender's metadata (which is taken as sent, never
 * retyped): the due date, the page count, a leader to submit to, the duplicate confirmation.
 */
export const acceptBody = z.object({
  dueDate: isoDate.optional(),
  pageCount: z.number().int().min(1).max(9999).optional(),
  submitTo: z.uuid().optional(),
  confirmDuplicate: z.boolean().optional(),
}).strict();
export type AcceptBody = z.infer<typeof acceptBody>;

export const rejectBody = z.object({ reason: z.enum(REJECT_REASONS), note: optionalText(1000) }).strict()
  .superRefine((b, ctx) => {
    if (b.reason === 'other' && !b.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'required', params: { vi: 'cần ghi rõ lý do', en: 'state the reason' } });
  });
export type RejectBody = z.infer<typeof rejectBody>;

export const recallBody = z.object({ reason: z.string().trim().min(1).max(1000) }).strict();

export const recallAnswerBody = z.object({ agree: z.boolean(), note: optionalText(1000) }).strict()
  .superRefine((b, ctx) => {
    if (!b.agree && !b.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'required', params: { vi: 'cần ghi rõ lý do từ chối thu hồi', en: 'state why the recall is refused' } });
  });
export type RecallAnswerBody = z.infer<typeof recallAnswerBody>;

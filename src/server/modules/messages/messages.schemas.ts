import { z } from 'zod';
import { CONVERSATION_NAME_MAX, GROUP_MAX_MEMBERS, MESSAGE_MAX_LENGTH } from '../../../shared/chat.js';

export const idParams = z.object({ id: z.uuid() });
export const memberParams = z.object({ id: z.uuid(), userId: z.uuid() });
export const fileParams = z.object({ id: z.uuid(), fileId: z.uuid() });

/** A direct conversation names the other official; a group names itself and its members. */
export const createBody = z.union([
  z.strictObject({ kind: z.literal('direct'), userId: z.uuid() }),
  z.strictObject({ kind: z.literal('group'), name: z.string().trim().min(1).max(CONVERSATION_NAME_MAX), memberIds: z.array(z.uuid()).max(GROUP_MAX_MEMBERS) }),
]);
export type CreateBody = z.infer<typeof createBody>;

export const membersBody = z.strictObject({ userIds: z.array(z.uuid()).min(1).max(GROUP_MAX_MEMBERS) });

// NUL and lone surrogates never get here: the input boundary (http/input-text.ts) refuses them with 400 VALIDATION.
export const messageBody = z.strictObject({
  text: z.string().trim().max(MESSAGE_MAX_LENGTH).default(''),
  link: z.strictObject({ kind: z.enum(['document', 'task']), id: z.uuid() }).nullish(),
}).refine((b) => b.text.length > 0 || b.link, { path: ['text'], params: { vi: 'không được để trống', en: 'is required' } });
export type MessageBody = z.infer<typeof messageBody>;

export const pageQuery = z.object({ before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) });
export const readBody = z.strictObject({ seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
export const searchQuery = z.object({ q: z.string().trim().min(1).max(200), conversationId: z.uuid().optional() });

import { z } from 'zod';
import { NOTIFICATION_KINDS } from '../../../shared/notifications.js';

export const listQuery = z.object({
  before: z.iso.datetime({ offset: true }).optional(),
  unreadOnly: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const readBody = z.object({ ids: z.array(z.uuid()).min(1).max(500) });

export const preferencesBody = z.object({
  kinds: z.array(z.object({ kind: z.enum(NOTIFICATION_KINDS), inApp: z.boolean(), email: z.boolean() })).max(NOTIFICATION_KINDS.length),
  dailyDigest: z.boolean(),
});

export const assignmentParams = z.object({ id: z.uuid() });
export const reminderBody = z.object({ note: z.string().trim().max(1000).default('') });

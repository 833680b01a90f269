import { z } from 'zod';
import { DELEGATION_SCOPES, DELEGATION_VIEWS } from '../../../shared/delegation.js';

export const idParams = z.object({ id: z.uuid() });

/** Instants with their offset (the web sends Vietnam time, +07:00). */
const instant = z.iso.datetime({ offset: true });

export const createBody = z.strictObject({
  delegateId: z.uuid(),
  scopes: z.array(z.enum(DELEGATION_SCOPES)).min(1).max(DELEGATION_SCOPES.length),
  startsAt: instant,
  endsAt: instant,
  note: z.string().trim().max(1000).optional(),
});
export type CreateBody = z.infer<typeof createBody>;

export const listQuery = z.object({
  view: z.enum(DELEGATION_VIEWS).default('given'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListQuery = z.infer<typeof listQuery>;

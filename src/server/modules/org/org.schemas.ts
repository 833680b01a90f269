import { z } from 'zod';
import { COMPLETION_CONFIRMATIONS, POSITIONS, ROLES } from '../../../shared/enums.js';
import { passwordRule } from '../auth/auth.schemas.js';

export const idParams = z.object({ id: z.uuid() });

export const unitBody = z.object({
  name: z.string().trim().min(1).max(200),
  shortName: z.string().trim().max(20).nullish(),
  parentId: z.uuid().nullish(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
  /** Lãnh đạo phụ trách: the agency leader in charge of the unit (null clears it). */
  supervisorId: z.uuid().nullish(),
});
export const unitPatchBody = unitBody.partial().extend({
  active: z.boolean().optional(),
  /** Whether the unit's heads confirm their people's results ('required'), or results go on up at once ('automatic'); null: the agency's rule. */
  completionConfirmation: z.enum(COMPLETION_CONFIRMATIONS).nullish(),
});

const userFields = {
  fullName: z.string().trim().min(1).max(100),
  email: z.email().max(200).nullish().or(z.literal('').transform(() => null)),
  phone: z.string().trim().max(20).nullish(),
  position: z.enum(POSITIONS),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  unitId: z.uuid().nullish(),
};

export const userBody = z.object({
  username: z.string().trim().min(3).max(50).refine((value) => /^[a-zA-Z0-9._-]+$/.test(value), {
    params: { vi: 'chỉ gồm chữ không dấu, số và . _ -', en: 'only letters, digits and . _ -' },
  }),
  password: passwordRule,
  ...userFields,
});
export const userPatchBody = z.object(userFields).partial();
export const resetPasswordBody = z.object({ newPassword: passwordRule });
export const usersQuery = z.object({ includeInactive: z.enum(['true', 'false']).optional() });

/** Body-less for an official who holds nothing; otherwise who takes their work over. */
export const deactivateBody = z.object({ successorId: z.uuid().optional() }).strict().nullish();

/** Mã định danh (QCVN 102 OrganId), e.g. 000.00.15.H12: letters, digits and dots, at most 13. */
const organId = z.string().trim().toUpperCase().refine((value) => /^[0-9A-Z.]{1,13}$/.test(value), {
  params: { vi: 'gồm tối đa 13 chữ cái, chữ số và dấu chấm, ví dụ 000.00.15.H12', en: 'up to 13 letters, digits and dots, e.g. 000.00.15.H12' },
});

export const agencyPatchBody = z.object({
  name: z.string().trim().min(1).max(300).optional(),
  shortName: z.string().trim().min(1).max(20).optional(),
  organId: organId.nullish().or(z.literal('').transform(() => null)),
  /** Whether leaders confirm the results of the work they assigned ('required'), or results complete documents at once. */
  completionConfirmation: z.enum(COMPLETION_CONFIRMATIONS).optional(),
});

export const roleChangesQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

import { z } from 'zod';

/** QCVN 102 OrganId: 13 characters in four dotted groups, e.g. 000.00.00.H17. */
export const ORGAN_ID = /^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[0-9A-Z]{3}$/;

const organId = z.string().trim().toUpperCase().refine((v) => ORGAN_ID.test(v), {
  params: { vi: 'mã định danh gồm 13 ký tự dạng 000.00.00.H17', en: 'an OrganId of 13 characters such as 000.00.00.H17' },
});

export const entryBody = z.object({
  name: z.string().trim().min(1).max(200),
  shortName: z.string().trim().max(50).nullish().transform((v) => v || null),
  organId: organId.nullish().or(z.literal('').transform(() => null)),
}).strict();
export type EntryBody = z.infer<typeof entryBody>;

export const entryPatchBody = entryBody.partial().extend({ active: z.boolean().optional() }).strict();
export type EntryPatchBody = z.infer<typeof entryPatchBody>;

export const directoryQuery = z.object({
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  includeInactive: z.enum(['true', 'false']).optional(),
});
export type DirectoryQuery = z.infer<typeof directoryQuery>;

/** A CSV file's text: name, short name, code per line (a header line is recognised and skipped). */
export const importBody = z.object({ csv: z.string().min(1).max(1_000_000) }).strict();

export const idParams = z.object({ id: z.uuid() });

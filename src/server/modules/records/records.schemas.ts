import { z } from 'zod';
import { ACCESS_REGIMES, CASE_FILE_VIEWS, RECORD_NUMBERINGS, RELIABILITIES, RETENTIONS } from '../../../shared/records.js';

export const idParams = z.object({ id: z.uuid() });
export const yearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const documentParams = z.object({ id: z.uuid(), documentId: z.uuid() });
export const shareParams = z.object({ id: z.uuid(), userId: z.uuid() });

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => v || null);
const date = z.iso.date();

export const createPlanBody = z.strictObject({ year: z.number().int().min(2000).max(2100) });

export const settingsBody = z.strictObject({ numbering: z.enum(RECORD_NUMBERINGS) });

export const headingBody = z.strictObject({
  /** A sub-heading names its top-level heading; headings go two levels deep (chapters, sub-headings). */
  parentId: z.uuid().nullish(),
  code: optionalText(20),
  title: text(500),
});
export type HeadingBody = z.infer<typeof headingBody>;

export const headingPatch = z.strictObject({ code: text(20).optional(), title: text(500).optional() });
export type HeadingPatch = z.infer<typeof headingPatch>;

export const entryBody = z.strictObject({
  headingId: z.uuid(),
  notation: optionalText(20),
  title: text(500),
  retention: z.enum(RETENTIONS),
  accessRegime: z.enum(ACCESS_REGIMES),
  keeperUnitId: z.uuid().nullish(),
  keeperUserId: z.uuid().nullish(),
});
export type EntryBody = z.infer<typeof entryBody>;

export const entryPatch = z.strictObject({
  notation: optionalText(20).optional(),
  title: text(500).optional(),
  retention: z.enum(RETENTIONS).optional(),
  accessRegime: z.enum(ACCESS_REGIMES).optional(),
  keeperUnitId: z.uuid().nullish(),
  keeperUserId: z.uuid().nullish(),
});
export type EntryPatch = z.infer<typeof entryPatch>;

export const openBody = z.strictObject({ planEntryId: z.uuid() });

export const listQuery = z.object({
  view: z.enum(CASE_FILE_VIEWS).default('mine'),
  status: z.enum(['open', 'closed']).optional(),
  /** Only the files holding this document (as far as the reader may see them). */
  documentId: z.uuid().optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

export const metadataPatch = z.strictObject({
  title: text(500).optional(),
  retention: z.enum(RETENTIONS).optional(),
  accessRegime: z.enum(ACCESS_REGIMES).optional(),
  language: text(50).optional(),
  keywords: optionalText(500).optional(),
  description: optionalText(500).optional(),
  // null: computed from the documents again.
  startDate: date.nullish(),
  endDate: date.nullish(),
  pageTotal: z.number().int().min(0).max(9999).nullish(),
  reliability: z.enum(RELIABILITIES).nullish(),
});
export type MetadataPatch = z.infer<typeof metadataPatch>;

export const addDocumentBody = z.strictObject({ documentId: z.uuid() });
export const shareBody = z.strictObject({ userId: z.uuid() });

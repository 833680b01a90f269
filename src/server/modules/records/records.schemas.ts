import { z } from 'zod';
import { ACCESS_REGIMES, ARCHIVE_VIEWS, CASE_FILE_STATUSES, CASE_FILE_VIEWS, RECORD_NUMBERINGS, RELIABILITIES, RETENTIONS } from '../../../shared/records.js';

export const idParams = z.object({ id: z.uuid() });
export const yearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const documentParams = z.object({ id: z.uuid(), documentId: z.uuid() });
export const shareParams = z.object({ id: z.uuid(), userId: z.uuid() });

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => v || null);
const date = z.iso.date();

/** A window of the plan's printed lines (headings and files): the plan screen asks for one page of a large plan. */
export const planQuery = z.object({
  lineOffset: z.coerce.number().int().min(0).max(100_000).optional(),
  lineLimit: z.coerce.number().int().min(1).max(500).optional(),
});

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
  status: z.enum(CASE_FILE_STATUSES).optional(),
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

// ---------------------------------------------------------------- the agency archive (0033)

export const depositBody = z.strictObject({
  caseFileIds: z.array(z.uuid()).min(1).max(500),
  /** The day the archive received them (default: today, Vietnam time). */
  depositedOn: date.optional(),
  note: optionalText(1000),
});
export type DepositBody = z.infer<typeof depositBody>;

export const archiveQuery = z.object({ view: z.enum(ARCHIVE_VIEWS).default('closed') });

export const retentionBody = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('extend'), years: z.number().int().min(1).max(70), decisionNumber: optionalText(50), note: optionalText(1000) }),
  z.strictObject({ decision: z.literal('destroy'), decisionNumber: text(50), note: optionalText(1000) }),
]);
export type RetentionBody = z.infer<typeof retentionBody>;

export const printParams = z.object({ id: z.uuid(), attachmentId: z.uuid() });

export const planExportQuery = z.object({ format: z.enum(['xlsx', 'pdf']).default('pdf') });
/** A plan spreadsheet, base64 (a few hundred kilobytes at most). */
export const planImportBody = z.strictObject({ xlsx: z.string().min(1).max(2_000_000) });

// ---------------------------------------------------------------- unplanned files, statistics (0036)

/** A case file the plan does not list: the official who opens it keeps it (their unit with them). */
export const unplannedBody = z.strictObject({
  /** Default: this year (Vietnam time). */
  year: z.number().int().min(2000).max(2100).optional(),
  title: text(500),
  retention: z.enum(RETENTIONS),
  accessRegime: z.enum(ACCESS_REGIMES),
  keywords: optionalText(500).optional(),
  description: optionalText(500).optional(),
});
export type UnplannedBody = z.infer<typeof unplannedBody>;

/** Where the office puts an unplanned file in the plan of its year. */
export const planFileBody = z.strictObject({ headingId: z.uuid(), notation: optionalText(20) });
export type PlanFileBody = z.infer<typeof planFileBody>;

export const unplannedQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

export const statisticsQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  unitId: z.uuid().optional(),
});
export type StatisticsQuery = z.infer<typeof statisticsQuery>;

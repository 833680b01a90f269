import { z } from 'zod';
import { DOCUMENT_STATUSES, DOCUMENT_TYPES, INBOX_BOXES, SECRECIES, URGENCIES } from '../../../shared/enums.js';

const isoDate = z.iso.date();
const optionalText = (max: number) => z.string().trim().max(max).optional().transform((v) => (v ? v : undefined));

/** Decree 30 (PL VI) fields the clerk enters; arrival number and date are filled by the system. */
export const registerMetadata = z.object({
  issuer: z.string().trim().min(1).max(200),
  /** The directory entry the issuer was picked from; absent for a sender typed by hand. */
  issuerId: z.uuid().optional(),
  number: optionalText(11),
  notation: optionalText(30),
  issuedOn: isoDate,
  documentType: z.enum(DOCUMENT_TYPES),
  summary: z.string().trim().min(1).max(500),
  signer: optionalText(100),
  urgency: z.enum(URGENCIES).default('normal'),
  secrecy: z.enum(SECRECIES).default('none'),
  pageCount: z.number().int().min(1).max(9999).optional(),
  dueDate: isoDate.optional(),
  /** The clerk saw the duplicate warning and registers anyway. */
  confirmDuplicate: z.boolean().optional(),
  /** Submit to this leader right after registering. */
  submitTo: z.uuid().optional(),
}).strict();
export type RegisterMetadata = z.infer<typeof registerMetadata>;

/** Corrections by the clerk before the leader has acted: any of the registered fields. */
export const editBody = registerMetadata
  .omit({ confirmDuplicate: true, submitTo: true })
  .partial()
  .extend({
    // null clears an optional field, as '' does for text
    issuerId: z.uuid().nullable().optional(),
    number: optionalText(11).nullable(),
    notation: optionalText(30).nullable(),
    signer: optionalText(100).nullable(),
    urgency: z.enum(URGENCIES).optional(),
    secrecy: z.enum(SECRECIES).optional(),
    dueDate: isoDate.nullish(),
    pageCount: z.number().int().min(1).max(9999).nullish(),
  })
  .strict();
export type EditBody = z.infer<typeof editBody>;

export const idParams = z.object({ id: z.uuid() });
export const attachmentParams = z.object({ id: z.uuid(), attachmentId: z.uuid() });

export const submitBody = z.object({ leaderId: z.uuid(), note: optionalText(2000) });
export const duplicatesQuery = z.object({
  issuer: z.string().trim().min(1).max(200),
  number: z.string().trim().max(11).optional(),
  notation: z.string().trim().max(30).optional(),
});

const page = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const listQuery = z.object({
  ...page,
  from: isoDate.optional(),
  to: isoDate.optional(),
  issuer: z.string().trim().max(200).optional(),
  documentType: z.enum(DOCUMENT_TYPES).optional(),
  status: z.enum(DOCUMENT_STATUSES).optional(),
  urgency: z.enum(URGENCIES).optional(),
  q: z.string().trim().max(200).optional(),
  /** Documents submitted to this leader (the dashboard's "waiting for my direction"). */
  submittedTo: z.uuid().optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

export const inboxQuery = z.object({ ...page, box: z.enum(INBOX_BOXES).default('todo') });

import { z } from 'zod';
import { APPROVAL_STEP_KINDS, DOCUMENT_TYPES, RECIPIENT_KINDS, SECRECIES, SIGNING_FORMS, URGENCIES } from '../../../shared/enums.js';

const isoDate = z.iso.date();
const optionalText = (max: number) => z.string().trim().max(max).optional().transform((v) => (v ? v : undefined));

/** Nơi nhận: a unit or person of this agency, another agency of the deployment, or an outside address. */
export const recipientInput = z
  .object({
    kind: z.enum(RECIPIENT_KINDS),
    unitId: z.uuid().optional(),
    userId: z.uuid().optional(),
    agencyId: z.uuid().optional(),
    name: optionalText(300),
    /** Inside the agency: to handle (with a due date) or for information. */
    purpose: z.enum(['handle', 'info']).default('info'),
    dueDate: isoDate.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const needs = { unit: 'unitId', user: 'userId', agency: 'agencyId', external: 'name' } as const;
    const field = needs[r.kind];
    if (!r[field]) ctx.addIssue({ code: 'custom', path: [field], message: `required for a recipient of kind ${r.kind}` });
  });
export type RecipientInput = z.infer<typeof recipientInput>;

/** A new draft (dự thảo): the `metadata` field of the multipart form. */
export const draftMetadata = z
  .object({
    documentType: z.enum(DOCUMENT_TYPES),
    summary: z.string().trim().min(1).max(500),
    urgency: z.enum(URGENCIES).default('normal'),
    secrecy: z.enum(SECRECIES).default('none'),
    /** Defaults to the drafter's unit. */
    draftingUnitId: z.uuid().optional(),
    signerId: z.uuid().optional(),
    signingForm: z.enum(SIGNING_FORMS).default('none'),
    /** The incoming document this draft answers. */
    replyToId: z.uuid().optional(),
    recipients: z.array(recipientInput).max(200).default([]),
    /** A note on the first version. */
    note: optionalText(1000),
  })
  .strict()
  .superRefine((d, ctx) => {
    // Decree 30, PL I §II.3b: a công văn's trích yếu starts with "V/v".
    if (d.documentType === 'official_letter' && !/^V\/v\s/u.test(d.summary)) {
      ctx.addIssue({ code: 'custom', path: ['summary'], message: 'must start with "V/v " for a công văn' });
    }
  });
export type DraftMetadata = z.infer<typeof draftMetadata>;

export const versionFields = z.object({ note: optionalText(1000) }).strict();

export const idParams = z.object({ id: z.uuid() });
export const fileParams = z.object({ id: z.uuid(), fileId: z.uuid() });
export const versionParams = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1).max(100_000) });

export const submitBody = z.object({ comment: optionalText(4000) }).strict();
export const approveBody = z.object({ comment: optionalText(4000) }).strict();
export const returnBody = z.object({ comment: z.string().trim().min(1).max(4000) }).strict();
export const forwardBody = z.object({ userId: z.uuid(), comment: optionalText(4000) }).strict();
export const issueBody = z.object({ issuedOn: isoDate.optional(), copies: z.number().int().min(1).max(1000).default(1) }).strict();

export const OUTGOING_BOXES = ['review', 'mine', 'to_issue', 'issued'] as const;
export type OutgoingBox = (typeof OUTGOING_BOXES)[number];
export const boxQuery = z.object({
  box: z.enum(OUTGOING_BOXES),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const chainBody = z
  .object({
    /** null: the agency's default chain, used for types without their own. */
    documentType: z.enum(DOCUMENT_TYPES).nullable(),
    steps: z.array(z.enum(APPROVAL_STEP_KINDS)).min(1).max(10),
  })
  .strict();
export type ChainBody = z.infer<typeof chainBody>;

export const chainPreviewQuery = z.object({
  drafterId: z.uuid(),
  documentType: z.enum(DOCUMENT_TYPES),
  signerId: z.uuid().optional(),
});

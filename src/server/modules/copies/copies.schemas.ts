import { z } from 'zod';

// Electronic copies (Decree 30, Art. 25–27; PL I Phần II; PL III for the notations).

export const COPY_FORMS = ['sao_y', 'sao_luc', 'trich_sao'] as const;
export type CopyForm = (typeof COPY_FORMS)[number];

/** The notation of each form (PL III: "Bản sao y" SY, "Bản sao lục" SL, "Bản trích sao" TrS). */
export const COPY_NOTATIONS: Record<CopyForm, string> = { sao_y: 'SY', sao_luc: 'SL', trich_sao: 'TrS' };
/** What the marking on the copy says (legal content of the copy, not screen text). */
export const COPY_TITLES: Record<CopyForm, string> = { sao_y: 'SAO Y', sao_luc: 'SAO LỤC', trich_sao: 'TRÍCH SAO' };

export const documentParams = z.object({ id: z.uuid() });
export const copyParams = z.object({ copyId: z.uuid() });

export const makeCopyBody = z.strictObject({
  /** The document's signed PDF (an issued outgoing document) or one of its PDF attachments. */
  source: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('signed_pdf') }),
    z.strictObject({ kind: z.literal('attachment'), attachmentId: z.uuid() }),
  ]),
  form: z.enum(COPY_FORMS),
  /** Only for trích sao: "2", "1-2,5". */
  pages: z.string().max(200).optional(),
  /** Opens the agency's certificate for this signature; never stored. */
  agencyPassphrase: z.string().min(1).max(200),
});
export type MakeCopyBody = z.infer<typeof makeCopyBody>;

export const registerQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type CopiesRegisterQuery = z.infer<typeof registerQuery>;

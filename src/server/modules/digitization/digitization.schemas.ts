import { z } from 'zod';

export { attachmentParams } from '../incoming/incoming.schemas.js';

/** The clerk's correction of a file's text (at most the readers' own limit of 300,000 characters). */
export const correctionBody = z.object({ text: z.string().max(300_000) });
export type CorrectionBody = z.infer<typeof correctionBody>;

export const prefillParams = z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/) });

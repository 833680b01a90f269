import type { Executor } from '../../db/database.js';
import { DomainError, forbidden, notFound } from '../../http/errors.js';
import type { ActionContext } from '../auth/current-user.js';
import { assignmentsOf } from '../assignments/assignments.repository.js';
import { findVisibleDocument } from '../documents/documents.visibility.js';
import { type FileStore, openStoredFile } from '../files/file-store.js';
import { canOpenFiles } from '../incoming/incoming.policies.js';
import type { Clock } from '../../time.js';
import { type PdfVerificationReport, VERIFY_LIMITS, verifyPdf } from './pdf-verify.js';
import { trustAnchors } from './trust.service.js';
import { readStream } from './verification.upload.js';

// Verifying a stored PDF follows exactly the rule for opening it: whoever may open the file may
// see its signatures, nobody else learns it exists (404), and a secret incoming document's files
// stay with those its policy names (403 SECRET_FILE). Files come from the store, never a path.

export interface VerificationDeps { db: Executor; files: FileStore; clock: Clock }

/** The signatures of an attachment (incoming or outgoing) still on its document. */
export async function verifyAttachment(deps: VerificationDeps, ctx: ActionContext, attachmentId: string): Promise<PdfVerificationReport> {
  const attachment = await deps.db.selectFrom('attachments').select(['document_id', 'file_hash', 'file_name', 'size_bytes'])
    .where('id', '=', attachmentId).where('removed_at', 'is', null).executeTakeFirst();
  const doc = attachment && await findVisibleDocument(deps.db, ctx.user, attachment.document_id);
  if (!attachment || !doc) throw notFound();
  if (doc.direction === 'incoming' && !canOpenFiles(ctx.user, doc, await assignmentsOf(deps.db, doc.id))) throw forbidden('SECRET_FILE');
  // An outgoing attachment the agency signed at issuance is served signed: that is the file checked.
  const signed = await deps.db.selectFrom('attachment_signatures').select(['file_hash', 'size_bytes']).where('attachment_id', '=', attachmentId).executeTakeFirst();
  if (signed) return verifyStored(deps, ctx, signed.file_hash, attachment.file_name, signed.size_bytes);
  return verifyStored(deps, ctx, attachment.file_hash, attachment.file_name, attachment.size_bytes);
}

/** The signatures of an outgoing version's PDF: the upload itself when a PDF, else its finished conversion. */
export async function verifyVersion(deps: VerificationDeps, ctx: ActionContext, documentId: string, version: number): Promise<PdfVerificationReport> {
  const doc = await findVisibleDocument(deps.db, ctx.user, documentId);
  if (!doc || doc.direction !== 'outgoing') throw notFound('DOCUMENT_NOT_FOUND');
  const row = await deps.db.selectFrom('document_versions').selectAll().where('document_id', '=', documentId).where('version', '=', version).executeTakeFirst();
  if (!row) throw notFound('VERSION_NOT_FOUND');
  const hash = row.mime_type === 'application/pdf' ? row.file_hash : row.pdf_status === 'done' ? row.pdf_hash : null;
  if (!hash) throw new DomainError('PDF_NOT_READY', 409, { reason: row.pdf_error ?? '' });
  const size = row.mime_type === 'application/pdf' ? row.size_bytes : (await deps.files.stat(hash))?.size ?? 0;
  return verifyStored(deps, ctx, hash, row.file_name.replace(/\.[^.]+$/, '') + '.pdf', size);
}

/** The signatures of an outgoing document's digitally signed PDF (after issuance: with the agency's), for whoever may open the document. */
export async function verifySignedOutgoing(deps: VerificationDeps, ctx: ActionContext, documentId: string): Promise<PdfVerificationReport> {
  const doc = await findVisibleDocument(deps.db, ctx.user, documentId);
  if (!doc || doc.direction !== 'outgoing') throw notFound('DOCUMENT_NOT_FOUND');
  const rows = await deps.db.selectFrom('document_signatures').select(['kind', 'file_hash', 'size_bytes']).where('document_id', '=', documentId).execute();
  const row = rows.find((r) => r.kind === 'agency') ?? rows.find((r) => r.kind === 'signer');
  if (!row) throw notFound('SIGNED_PDF_MISSING');
  return verifyStored(deps, ctx, row.file_hash, 'van-ban-ky-so.pdf', row.size_bytes);
}

/** A PDF the clerk has not registered yet (DOMAIN.md 1.5: check authenticity before registering): nothing is kept. */
export async function verifyUpload(deps: VerificationDeps, ctx: ActionContext, bytes: Buffer): Promise<PdfVerificationReport> {
  return verifyPdf(bytes, { trustedRoots: await trustAnchors(deps.db, ctx.user.agencyId), now: deps.clock.now() });
}

/** The signatures of stored content the caller has already been allowed to open. */
export async function verifyStored(deps: VerificationDeps, ctx: ActionContext, hash: string, fileName: string, size: number): Promise<PdfVerificationReport> {
  const now = deps.clock.now();
  const tooLarge = (fileSize: number): PdfVerificationReport => ({ status: 'unsupported', reason: 'too_large', fileSize, revisions: 0, signatures: [], verifiedAt: now.toISOString() });
  if (size > VERIFY_LIMITS.maxBytes) return tooLarge(size);
  const bytes = await readStream(await openStoredFile(deps.files, hash, fileName), VERIFY_LIMITS.maxBytes);
  if (!bytes) return tooLarge(size);
  return verifyPdf(bytes, { trustedRoots: await trustAnchors(deps.db, ctx.user.agencyId), now });
}

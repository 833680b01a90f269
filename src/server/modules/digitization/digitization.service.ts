import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { FileTextView } from '../../../shared/digitization.js';
import { conflict, forbidden, notFound } from '../../http/errors.js';
import { assignmentsOf } from '../assignments/assignments.repository.js';
import type { ActionContext } from '../auth/current-user.js';
import { appendEvent } from '../events/events.repository.js';
import { openStoredFile } from '../files/file-store.js';
import { withDocument, type IncomingDeps } from '../incoming/incoming.context.js';
import { canOpenFiles } from '../incoming/incoming.policies.js';
import { createIncomingRepository } from '../incoming/incoming.repository.js';
import { canCorrectText } from './digitization.policies.js';
import { fileTextRow, presentFileText } from './digitization.repository.js';

// A file's text on the document page: its state, page count, SHA-256 and text, and the clerk's
// correction of what the machine read (kept in the history).

/** The attachment of a visible incoming document whose files this user may open; else 404/403. */
async function openableAttachment(deps: IncomingDeps, ctx: ActionContext, documentId: string, attachmentId: string) {
  const repo = createIncomingRepository(deps.db);
  const doc = await repo.findVisible(ctx.user, documentId);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  const [attachment, assignments] = await Promise.all([repo.attachment(documentId, attachmentId), assignmentsOf(deps.db, documentId)]);
  if (!attachment || attachment.removed_at) throw notFound();
  if (!canOpenFiles(ctx.user, doc, assignments)) throw forbidden('SECRET_FILE');
  return attachment;
}

export async function fileText(deps: IncomingDeps, ctx: ActionContext, documentId: string, attachmentId: string): Promise<FileTextView & { correctedByName: string | null }> {
  const attachment = await openableAttachment(deps, ctx, documentId, attachmentId);
  const row = await fileTextRow(deps.db, attachment.file_hash);
  const by = row?.corrected_by ? await deps.db.selectFrom('users').select('full_name').where('id', '=', row.corrected_by).executeTakeFirst() : undefined;
  return { ...presentFileText(attachment.file_hash, row, canCorrectText(ctx.user)), correctedByName: by?.full_name ?? null };
}

/**
 * The clerk replaces the read text by their correction: search indexes `text`, so the correction
 * is what is found; the machine's reading stays in machine_text. An event records it in the same
 * transaction (with the length before and after, not the text: the file's words stay with the file).
 */
export async function correctText(deps: IncomingDeps, ctx: ActionContext, documentId: string, attachmentId: string, text: string): Promise<void> {
  await withDocument(deps, ctx, documentId, async (tx, doc) => {
    if (!canCorrectText(ctx.user)) throw forbidden('ONLY_CLERK_CORRECTS_TEXT');
    const attachment = await createIncomingRepository(tx).attachment(documentId, attachmentId);
    if (!attachment || attachment.removed_at) throw notFound();
    const corrected = text.normalize('NFC');
    const before = await tx.selectFrom('file_texts').select(['text', 'status']).where('file_hash', '=', attachment.file_hash).forUpdate().executeTakeFirst();
    if (before?.status !== 'done') throw conflict('FILE_TEXT_NOT_READY');
    if (before.text === corrected) return;
    await tx.updateTable('file_texts').set({
      machine_text: sql<string>`coalesce(machine_text, text)`,
      text: corrected,
      corrected_at: sql<Date>`now()`,
      corrected_by: ctx.user.id,
    }).where('file_hash', '=', attachment.file_hash).execute();
    await appendEvent(tx, ctx, {
      agencyId: doc.agency_id, documentId, action: 'file_text_corrected',
      payload: { file: attachment.file_name, attachmentId, sha256: attachment.file_hash, charsBefore: before.text?.length ?? 0, charsAfter: corrected.length },
    });
  });
}

/** OCR's searchable PDF/A copy of a scan (the original stays as it was). */
export async function searchableCopy(deps: IncomingDeps, ctx: ActionContext, documentId: string, attachmentId: string): Promise<{ stream: Readable; mimeType: string; fileName: string; size: number }> {
  const attachment = await openableAttachment(deps, ctx, documentId, attachmentId);
  const row = await fileTextRow(deps.db, attachment.file_hash);
  if (!row?.searchable_pdf_hash) throw notFound();
  const fileName = `${attachment.file_name.replace(/\.[^.]+$/, '')}.ocr.pdf`;
  const stat = await deps.files.stat(row.searchable_pdf_hash);
  return { stream: await openStoredFile(deps.files, row.searchable_pdf_hash, fileName), mimeType: 'application/pdf', fileName, size: stat?.size ?? 0 };
}

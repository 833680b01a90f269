import type { Readable } from 'node:stream';
import fontkit from '@cantoo/fontkit';
import { PDFDocument, rgb, degrees } from '@cantoo/pdf-lib';
import { DomainError, notFound } from '../../http/errors.js';
import { timesCompatibleFonts } from '../../pdf/times-fonts.js';
import type { ActionContext } from '../auth/current-user.js';
import { findVisibleDocument } from '../documents/documents.visibility.js';
import { appendEvent } from '../events/events.repository.js';
import type { FileStore } from '../files/file-store.js';
import * as incoming from '../incoming/incoming.service.js';
import * as outgoing from '../outgoing/outgoing.service.js';
import type { RecordsDeps } from './records.service.js';

// Printouts (annex VI §III.6): every print of a document's file is logged (who, when, which
// document and file) and what is printed is a separate copy marked on every page with
// "In bởi <name> — <agency> — <time>". The stored file (a signed PDF) is only read: its bytes
// stay as they are and its signatures keep verifying; the marked copy carries no signature.

const two = (n: number) => String(n).padStart(2, '0');
/** dd/mm/yyyy HH:mm, Vietnam time. */
export function vietnamTime(at: Date): string {
  const v = new Date(at.getTime() + 7 * 3_600_000);
  return `${two(v.getUTCDate())}/${two(v.getUTCMonth() + 1)}/${v.getUTCFullYear()} ${two(v.getUTCHours())}:${two(v.getUTCMinutes())}`;
}

export const printMarking = (name: string, agency: string, at: Date) => `In bởi ${name} — ${agency} — ${vietnamTime(at)}`;

/** A new PDF: the source's pages with the marking at the foot of each and a light diagonal watermark. */
export async function markPdf(source: Uint8Array, marking: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(source, { updateMetadata: false });
  doc.registerFontkit(fontkit);
  const fonts = await timesCompatibleFonts();
  const font = await doc.embedFont(fonts.regular, { subset: true });
  for (const page of doc.getPages()) {
    const { width, height } = page.getSize();
    const size = 8;
    const textWidth = font.widthOfTextAtSize(marking, size);
    const x = Math.max(10, (width - textWidth) / 2);
    page.drawRectangle({ x: x - 4, y: 8, width: Math.min(textWidth, width - 20) + 8, height: size + 6, color: rgb(1, 1, 1), opacity: 0.85 });
    page.drawText(marking, { x, y: 12, size, font, color: rgb(0.25, 0.25, 0.25) });
    page.drawText('BẢN IN', { x: width * 0.3, y: height * 0.45, size: 60, font, color: rgb(0.85, 0.85, 0.85), opacity: 0.35, rotate: degrees(35) });
  }
  // A copy, not the signed document: no signature fields, no incremental update of the original.
  return doc.save({ useObjectStreams: false });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** The marked copy of one PDF file of a document the user may open; the print is logged in the document's history. */
export async function printMarked(deps: RecordsDeps & { files: FileStore }, ctx: ActionContext, documentId: string, attachmentId: string): Promise<{ fileName: string; pdf: Uint8Array }> {
  const doc = await findVisibleDocument(deps.db, ctx.user, documentId);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  // Each direction's own rule for opening the file (secret files, the signed version after issuance); it logs the view too.
  const opened = doc.direction === 'incoming'
    ? await incoming.openAttachment(deps, ctx, documentId, attachmentId)
    : await outgoing.openAttachment(deps, ctx, documentId, attachmentId);
  const bytes = await readAll(opened.stream);
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new DomainError('PRINT_PDF_ONLY', 415);
  const now = deps.clock.now();
  const agency = await deps.db.selectFrom('agencies').select('name').where('id', '=', ctx.user.agencyId).executeTakeFirstOrThrow();
  let pdf: Uint8Array;
  try {
    pdf = await markPdf(bytes, printMarking(ctx.user.fullName, agency.name, now));
  } catch {
    throw new DomainError('FILE_UNREADABLE', 422, { name: opened.fileName });
  }
  await deps.db.transaction().execute(async (tx) => {
    await tx.selectFrom('documents').select('id').where('id', '=', documentId).forUpdate().executeTakeFirstOrThrow();
    await tx.insertInto('document_printouts').values({ agency_id: doc.agency_id, document_id: documentId, attachment_id: attachmentId, user_id: ctx.user.id, printed_at: now, marked: true, ip: ctx.ip ?? null }).execute();
    await appendEvent(tx, { ...ctx, at: now }, { agencyId: doc.agency_id, documentId, action: 'document_printed', payload: { attachmentId, fileName: opened.fileName, marked: true } });
  });
  return { fileName: opened.fileName.replace(/(\.pdf)?$/i, '-ban-in.pdf'), pdf };
}

import { sql } from 'kysely';
import type { Db, Executor } from '../../db/database.js';
import { DomainError } from '../../http/errors.js';
import { formatMessage } from '../../../shared/messages.js';
import { defineJob, enqueue, type JobContext } from '../jobs/jobs.js';
import { requestOcr } from '../digitization/ocr.job.js';
import type { FileStore } from './file-store.js';
import { DOCX_MIME, extractText, PDF_MIME, XLSX_MIME } from './text-extraction.js';

// The text of every stored file (attachments and versions), read in the background for search:
// one row of file_texts per content hash, filled by the 'files.extract-text' job enqueued in the
// transaction that stores the row naming the file. Files are only read, never written: a signed
// PDF stays byte for byte what it was. Scans (image-only PDFs, images) go 'needs_ocr' and to the
// OCR job (digitization/ocr.job.ts).

export const EXTRACT_TEXT_JOB = 'files.extract-text';

declare module '../jobs/jobs.js' {
  interface JobPayloads {
    'files.extract-text': { hash: string };
  }
}

const READABLE = new Set([PDF_MIME, DOCX_MIME, XLSX_MIME]);
const SCANS = new Set(['image/jpeg', 'image/png', 'image/tiff']);
/** Fewer letters than this per page: the PDF is a scan (its text, if any, is a stray header), OCR reads it. */
const MIN_LETTERS_PER_PAGE = 20;

export interface StoredFileRef { hash: string; mimeType: string }

/**
 * Records that these files' text is wanted, in the caller's transaction: a file not seen before
 * gets its row and (if it can be read without OCR) its job; images wait for OCR at once; other
 * types are marked unsupported. A file already known (attached elsewhere) is not read again.
 */
export async function requestTextExtraction(tx: Executor, files: readonly StoredFileRef[]): Promise<void> {
  const unique = [...new Map(files.map((f) => [f.hash, f])).values()];
  if (!unique.length) return;
  const added = await tx
    .insertInto('file_texts')
    .values(unique.map((f) => ({
      file_hash: f.hash,
      mime_type: f.mimeType,
      status: READABLE.has(f.mimeType) ? 'waiting' as const : SCANS.has(f.mimeType) ? 'needs_ocr' as const : 'unsupported' as const,
    })))
    .onConflict((oc) => oc.column('file_hash').doNothing())
    .returning(['file_hash', 'status'])
    .execute();
  for (const row of added) {
    if (row.status === 'waiting') await enqueue(tx, EXTRACT_TEXT_JOB, { hash: row.file_hash });
    if (row.status === 'needs_ocr') await requestOcr(tx, row.file_hash);
  }
}

/**
 * Reads one file's text into file_texts. An unreadable file (damaged, a ZIP bomb, too large) is
 * the file's answer, recorded as failed with its reason and not tried again; a failure of the
 * store or the database is thrown, so the queue tries again later.
 */
export async function extractFileText(db: Db, files: FileStore, hash: string): Promise<void> {
  const row = await db.updateTable('file_texts').set({ status: 'reading', error: null })
    .where('file_hash', '=', hash).where('status', 'in', ['waiting', 'reading', 'failed'])
    .returning(['mime_type']).executeTakeFirst();
  if (!row) return; // read already
  try {
    const stream = await files.get(hash);
    const result = await extractText(stream, { fileName: hash.slice(0, 12), mimeType: row.mime_type });
    const method = row.mime_type === PDF_MIME ? 'pdf_text' as const : row.mime_type === DOCX_MIME ? 'docx' as const : 'xlsx' as const;
    const scanned = method === 'pdf_text' && letters(result.text) < MIN_LETTERS_PER_PAGE * Math.max(1, Math.min(result.pageCount ?? 1, 500));
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('file_texts').set({
        status: scanned ? 'needs_ocr' : 'done',
        method,
        page_count: result.pageCount ?? null,
        text: result.text,
        truncated: result.truncated,
        error: null,
        extracted_at: sql<Date>`now()`,
      }).where('file_hash', '=', hash).execute();
      if (scanned) await requestOcr(tx, hash);
    });
  } catch (error) {
    if (!(error instanceof DomainError)) {
      await db.updateTable('file_texts').set({ status: 'waiting' }).where('file_hash', '=', hash).where('status', '=', 'reading').execute();
      throw error;
    }
    // The code (for the clerk's screen, in their language) and the parser's own words.
    const detail = (error.details as { reason?: string } | undefined)?.reason;
    const reason = detail ?? formatMessage(error.code, error.params).en;
    await db.updateTable('file_texts').set({ status: 'failed', error: `${error.code}: ${reason}`.slice(0, 1000), extracted_at: sql<Date>`now()` })
      .where('file_hash', '=', hash).execute();
  }
}

const letters = (text: string) => (text.match(/\p{L}/gu) ?? []).length;

export const extractTextJob = defineJob(EXTRACT_TEXT_JOB, ({ hash }, ctx: JobContext) => extractFileText(ctx.db, ctx.files, hash), {
  // pdf.js and mammoth run in this process: two at a time at most.
  concurrency: 2,
  retryLimit: 4,
  retryDelaySeconds: 30,
  heartbeatSeconds: 30,
  expireInSeconds: 15 * 60,
});

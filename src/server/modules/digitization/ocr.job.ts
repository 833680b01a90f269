import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Db, Executor } from '../../db/database.js';
import { readAll, type FileStore } from '../files/file-store.js';
import { defineJob, enqueue, type JobContext } from '../jobs/jobs.js';
import { ocr, OcrFailed, type OcrEngine } from './ocr.js';
import { scanQuality } from './scan-quality.js';

// The OCR of one stored file (a scanned PDF or an image) into file_texts, in the background.
// The original is only read: its OCR text goes to file_texts and the searchable PDF/A copy is a
// new stored file named by searchable_pdf_hash — a signed PDF stays byte for byte what it was.

export const OCR_JOB = 'files.ocr';

declare module '../jobs/jobs.js' {
  interface JobPayloads {
    'files.ocr': { hash: string };
  }
}

/** A searchable copy larger than this is not kept (the text still is). */
const MAX_COPY_BYTES = 200 * 1024 * 1024;
/** Files larger than this are not OCR'd (TEXT_LIMITS.maxBytes of the text readers). */
const MAX_OCR_BYTES = 50 * 1024 * 1024;

/** Puts a file waiting for OCR on the queue, in the caller's transaction. */
export const requestOcr = (tx: Executor, hash: string) => enqueue(tx, OCR_JOB, { hash }, { singletonKey: hash });

/**
 * Reads the file by OCR. The file's own faults (damaged, encrypted, too large) are its answer,
 * recorded as failed with the reason; anything else (the store, the database, a killed engine) is
 * thrown so the queue tries again — a server killed mid-OCR leaves the row 'reading', which the
 * next try takes up.
 */
export async function ocrStoredFile(db: Db, files: FileStore, hash: string, options: { engine?: OcrEngine; signal?: AbortSignal } = {}): Promise<void> {
  const row = await db.updateTable('file_texts').set({ status: 'reading', error: null })
    .where('file_hash', '=', hash)
    .where((eb) => eb.or([eb('status', 'in', ['needs_ocr', 'reading']), eb.and([eb('status', '=', 'failed'), eb('method', '=', 'ocr')])]))
    .returning(['mime_type']).executeTakeFirst();
  if (!row) return; // read already, or not a scan
  try {
    const stat = await files.stat(hash);
    if (stat && stat.size > MAX_OCR_BYTES) throw new OcrFailed(`FILE_TOO_LARGE_TO_READ: more than ${MAX_OCR_BYTES / 1024 / 1024} MB`, 2);
    const bytes = await readAll(await files.get(hash));
    const quality = await scanQuality(bytes, row.mime_type);
    const result = await ocr({ bytes, mimeType: row.mime_type, dpiHint: quality.dpi ?? undefined, signal: options.signal }, options.engine);
    const copyHash = result.searchablePdf && result.searchablePdf.length <= MAX_COPY_BYTES ? await storeCopy(files, result.searchablePdf) : null;
    await db.updateTable('file_texts').set({
      status: 'done',
      method: 'ocr',
      ocr_engine: result.engine,
      page_count: result.pageCount,
      machine_text: result.text,
      // A person's correction made meanwhile (of an earlier reading) wins over the machine.
      text: sql<string>`CASE WHEN corrected_at IS NULL THEN ${result.text} ELSE text END`,
      truncated: false,
      searchable_pdf_hash: copyHash,
      scan_dpi: quality.dpi,
      scan_colour: quality.colour,
      error: null,
      extracted_at: sql<Date>`now()`,
    }).where('file_hash', '=', hash).execute();
  } catch (error) {
    if (error instanceof OcrFailed && error.fileFault) {
      await db.updateTable('file_texts').set({ status: 'failed', method: 'ocr', error: error.message.slice(0, 1000), extracted_at: sql<Date>`now()` })
        .where('file_hash', '=', hash).execute();
      return;
    }
    await db.updateTable('file_texts').set({ status: 'needs_ocr', error: (error as Error).message?.slice(0, 1000) ?? null })
      .where('file_hash', '=', hash).where('status', '=', 'reading').execute();
    throw error;
  }
}

async function storeCopy(files: FileStore, pdf: Buffer): Promise<string> {
  const staged = await files.stage(Readable.from([pdf]), MAX_COPY_BYTES + 1);
  if (staged.truncated) throw new Error('searchable copy larger than its limit');
  await staged.commit();
  return staged.hash;
}

export const ocrJob = defineJob(OCR_JOB, ({ hash }, ctx: JobContext) => ocrStoredFile(ctx.db, ctx.files, hash, { signal: ctx.signal }), {
  // Each OCR is one tesseract thread: two at a time on the two cores, within JOBS_CONCURRENCY.
  concurrency: 2,
  retryLimit: 3,
  retryDelaySeconds: 30,
  // A server that dies mid-OCR frees its job within about 10 s (plus the supervisor's interval).
  heartbeatSeconds: 10,
  expireInSeconds: 30 * 60,
});

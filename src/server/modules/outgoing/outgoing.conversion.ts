import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { FileStore } from '../files/file-store.js';
import { ConversionError, convertToPdf, findLibreOffice } from '../files/office-to-pdf.js';

// DOCX versions of drafts become PDF in the background. A version is claimed with
// FOR UPDATE SKIP LOCKED, so with several app servers (or a timer firing while a run is still going)
// no version is ever converted twice at once; a claim left by a server killed mid-conversion is
// taken again after STALE_MINUTES.

const STALE_MINUTES = 10;
const MAX_PDF_BYTES = 200 * 1024 * 1024;

export interface ConversionDeps {
  db: Db;
  files: FileStore;
  /** The LibreOffice binary, or null where it is not installed. */
  soffice?: string | null;
}

/** Converts pending versions one at a time until none is left; returns how many it handled. */
export async function convertPendingVersions(deps: ConversionDeps): Promise<number> {
  const soffice = deps.soffice === undefined ? findLibreOffice() : deps.soffice;
  let handled = 0;
  for (;;) {
    const claimed = await claimNext(deps.db);
    if (!claimed) return handled;
    handled += 1;
    if (!soffice) {
      await finish(deps.db, claimed.id, { pdf_status: 'unavailable', pdf_error: 'LibreOffice is not installed on the server: upload the PDF of this version yourself.' });
      continue;
    }
    try {
      const source = await readAll(await deps.files.get(claimed.file_hash));
      const pdf = await convertToPdf(soffice, source, 'docx');
      const staged = await deps.files.stage(Readable.from([pdf]), MAX_PDF_BYTES);
      if (staged.truncated) throw new ConversionError('the PDF is larger than 200 MB');
      await staged.commit();
      await finish(deps.db, claimed.id, { pdf_status: 'done', pdf_hash: staged.hash, pdf_error: null });
    } catch (error) {
      const reason = error instanceof ConversionError ? error.message : `conversion failed: ${(error as Error).message}`;
      await finish(deps.db, claimed.id, { pdf_status: 'failed', pdf_error: reason.slice(0, 1000) });
    }
  }
}

async function claimNext(db: Db) {
  const row = await sql<{ id: string; file_hash: string }>`
    UPDATE document_versions SET pdf_status = 'converting', pdf_attempted_at = now()
    WHERE id = (
      SELECT id FROM document_versions
      WHERE pdf_status = 'pending'
         OR (pdf_status = 'converting' AND pdf_attempted_at < now() - make_interval(mins => ${STALE_MINUTES}))
      ORDER BY created_at
      LIMIT 1
      FOR UPDATE SKIP LOCKED)
    RETURNING id, file_hash`.execute(db);
  return row.rows[0];
}

function finish(db: Db, id: string, values: { pdf_status: 'done' | 'failed' | 'unavailable'; pdf_hash?: string; pdf_error: string | null }) {
  return db.updateTable('document_versions').set(values).where('id', '=', id).execute();
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Runs the converter when a version was added (`kick`) and every half minute for what a restart
 * left pending; one run at a time in this process. Returns kick and stop.
 */
export function scheduleConversions(deps: ConversionDeps, log: (message: string, error?: unknown) => void) {
  let running: Promise<void> | null = null;
  let again = false;
  const kick = () => {
    if (running) { again = true; return; }
    running = convertPendingVersions(deps)
      .then((n) => { if (n) log(`converted ${n} draft version(s) to PDF`); })
      .catch((error: unknown) => log('PDF conversion failed', error))
      .finally(() => { running = null; if (again) { again = false; kick(); } });
  };
  const every = setInterval(kick, 30_000);
  every.unref();
  return { kick, stop: () => clearInterval(every) };
}

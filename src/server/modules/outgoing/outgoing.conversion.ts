import { Readable } from 'node:stream';
import type { Db } from '../../db/database.js';
import { type FileStore, readAll } from '../files/file-store.js';
import { ConversionError, convertToPdf, findLibreOffice } from '../files/office-to-pdf.js';
import { defineJob, type JobContext } from '../jobs/jobs.js';

// DOCX versions of drafts become PDF in the background, one job a version, enqueued in the
// transaction that adds the version (outgoing.service.ts). The job queue (jobs.ts) runs each job on
// one server at a time and tries again a job whose server died; the version's pdf_status shows
// the drafter where it is.

const MAX_PDF_BYTES = 200 * 1024 * 1024;
export const CONVERT_DOCX_JOB = 'outgoing.convert-docx';

declare module '../jobs/jobs.js' {
  interface JobPayloads {
    'outgoing.convert-docx': { versionId: string };
  }
}

export interface ConversionDeps {
  db: Db;
  files: FileStore;
  /** The LibreOffice binary, or null where it is not installed. */
  soffice?: string | null;
}

/**
 * Converts one version. A failure of LibreOffice itself (a damaged file) is the version's answer
 * and is not tried again; any other failure (the file store, the database) is thrown, so the queue
 * tries again, and recorded on the version at the last try.
 */
export async function convertVersion(deps: ConversionDeps, versionId: string, lastTry = true): Promise<void> {
  const soffice = deps.soffice === undefined ? findLibreOffice() : deps.soffice;
  const claimed = await deps.db.updateTable('document_versions').set({ pdf_status: 'converting', pdf_attempted_at: new Date() })
    .where('id', '=', versionId).where('pdf_status', 'in', ['pending', 'converting']).returning(['id', 'file_hash']).executeTakeFirst();
  if (!claimed) return; // done already (a retry after the result was written), or not a DOCX
  if (!soffice) {
    await finish(deps.db, claimed.id, { pdf_status: 'unavailable', pdf_error: 'LibreOffice is not installed on the server: upload the PDF of this version yourself.' });
    return;
  }
  try {
    const source = await readAll(await deps.files.get(claimed.file_hash));
    const pdf = await convertToPdf(soffice, source, 'docx');
    const staged = await deps.files.stage(Readable.from([pdf]), MAX_PDF_BYTES);
    if (staged.truncated) throw new ConversionError('the PDF is larger than 200 MB');
    await staged.commit();
    await finish(deps.db, claimed.id, { pdf_status: 'done', pdf_hash: staged.hash, pdf_error: null });
  } catch (error) {
    if (error instanceof ConversionError) {
      await finish(deps.db, claimed.id, { pdf_status: 'failed', pdf_error: error.message.slice(0, 1000) });
      return;
    }
    if (lastTry) await finish(deps.db, claimed.id, { pdf_status: 'failed', pdf_error: `conversion failed: ${(error as Error).message}`.slice(0, 1000) });
    throw error;
  }
}

function finish(db: Db, id: string, values: { pdf_status: 'done' | 'failed' | 'unavailable'; pdf_hash?: string; pdf_error: string | null }) {
  return db.updateTable('document_versions').set(values).where('id', '=', id).execute();
}

const RETRY_LIMIT = 3;

/** The job; `soffice` for tests that choose (null: as on a server without LibreOffice). */
export function convertDocxJob(soffice?: string | null) {
  return defineJob(CONVERT_DOCX_JOB, ({ versionId }, ctx: JobContext) => convertVersion({ db: ctx.db, files: ctx.files, soffice }, versionId, ctx.attempt >= RETRY_LIMIT), {
    // LibreOffice takes about 214 MB and a core: one conversion at a time per server.
    concurrency: 1,
    retryLimit: RETRY_LIMIT,
    retryDelaySeconds: 30,
    heartbeatSeconds: 30,
    expireInSeconds: 15 * 60,
  });
}

import type { Executor } from '../../db/database.js';
import type { FileTextState, FileTextView } from '../../../shared/digitization.js';
import type { FileTextsTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';
import { MIN_SCAN_DPI } from './scan-quality.js';

export const fileTextRow = (db: Executor, hash: string) => db.selectFrom('file_texts').selectAll().where('file_hash', '=', hash).executeTakeFirst();

/** The stored status in the clerk's words: a scan waiting for OCR is simply waiting. */
export function stateOf(status: Selectable<FileTextsTable>['status'] | undefined): FileTextState {
  if (status === 'needs_ocr' || status === undefined) return 'waiting';
  return status;
}

export function presentFileText(hash: string, row: Selectable<FileTextsTable> | undefined, canCorrect: boolean): FileTextView {
  const dpi = row?.scan_dpi ?? null;
  const colour = row?.scan_colour ?? null;
  return {
    state: stateOf(row?.status),
    error: row?.error && row.status === 'failed' ? row.error : null,
    pageCount: row?.page_count ?? null,
    sha256: hash,
    method: row?.method ?? null,
    ocrEngine: row?.ocr_engine ?? null,
    hasSearchableCopy: Boolean(row?.searchable_pdf_hash),
    quality: { dpi, colour, warnings: [...(dpi !== null && dpi < MIN_SCAN_DPI ? ['low_dpi' as const] : []), ...(colour === false ? ['not_colour' as const] : [])] },
    text: row?.status === 'done' ? row.text : null,
    truncated: row?.truncated ?? false,
    corrected: row?.corrected_at ? { at: row.corrected_at.toISOString(), by: row.corrected_by } : null,
    canCorrect: canCorrect && row?.status === 'done',
  };
}

import { diffWordsWithSpace, type Change } from 'diff';
import type { Selectable } from 'kysely';
import type { ComparedVersion, DiffPart, VersionComparison } from '../../../shared/version-compare.js';
import type { DocumentVersionsTable } from '../../db/schema.js';
import { DomainError, notFound } from '../../http/errors.js';
import type { ActionContext } from '../auth/current-user.js';
import { openStoredFile } from '../files/file-store.js';
import { extractText, TEXT_LIMITS, type ExtractedText } from '../files/text-extraction.js';
import { recordView } from '../documents/documents.views.js';
import { createOutgoingRepository } from './outgoing.repository.js';
import type { OutgoingDeps } from './outgoing.service.js';

// So sánh hai phiên bản dự thảo: the words of two versions of the main file, lined up.

/**
 * What one comparison reads of each version: about 80 pages of text. The answer holds both texts
 * once (the common parts once), so it stays under a megabyte before compression.
 */
const COMPARE_LIMITS = { ...TEXT_LIMITS, maxChars: 200_000 };

/**
 * How long the word alignment may take. It runs in slices (the event loop keeps serving other
 * requests meanwhile); two unrelated texts of the maximum length would otherwise take minutes.
 */
const DIFF_TIMEOUT_MS = 5_000;

type VersionRow = Selectable<DocumentVersionsTable>;

/** The two versions' texts and the words changed from `from` to `to`, for anyone who may see the draft. */
export async function compareVersions(deps: OutgoingDeps, ctx: ActionContext, id: string, from: number, to: number): Promise<VersionComparison> {
  const repo = createOutgoingRepository(deps.db);
  const doc = await repo.findVisible(ctx.user, id);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  const [older, newer] = [await versionRow(deps, id, from), await versionRow(deps, id, to)];
  // One at a time: each text extraction holds its whole file in memory.
  const oldText = await textOf(deps, older);
  const newText = await textOf(deps, newer);
  const diff = await diffTexts(oldText.text, newText.text);
  const names = await repo.names([older.created_by, newer.created_by].filter((v): v is string => Boolean(v)), [], []);
  await recordView(deps.db, ctx, doc.agency_id, id, null); // reading both texts is opening the document
  const side = (row: VersionRow, text: ExtractedText): ComparedVersion => ({
    version: row.version,
    fileName: row.file_name,
    mimeType: row.mime_type,
    createdBy: row.created_by ? { id: row.created_by, fullName: names.user.get(row.created_by)?.fullName ?? '—', position: names.user.get(row.created_by)?.position ?? null } : null,
    createdAt: row.created_at.toISOString(),
    truncated: text.truncated,
  });
  return { from: side(older, oldText), to: side(newer, newText), ...diff };
}

/** Both texts (NFC) as parts in reading order with the words added and removed; exported for its tests. */
export async function diffTexts(oldText: string, newText: string, bound: { timeout: number } | { maxEditLength: number } = { timeout: DIFF_TIMEOUT_MS }) {
  const changes = await wordDiff(oldText.normalize('NFC'), newText.normalize('NFC'), bound);
  const parts = changes ? toParts(changes) : wholesale(oldText, newText);
  return { parts, stats: countWords(parts), tooDifferent: !changes };
}

async function versionRow(deps: OutgoingDeps, id: string, version: number): Promise<VersionRow> {
  const row = await deps.db.selectFrom('document_versions').selectAll().where('document_id', '=', id).where('version', '=', version).executeTakeFirst();
  if (!row) throw new DomainError('VERSION_NOT_FOUND', 404, { version });
  return row;
}

async function textOf(deps: OutgoingDeps, row: VersionRow): Promise<ExtractedText> {
  const stream = await openStoredFile(deps.files, row.file_hash, row.file_name);
  return extractText(stream, { fileName: row.file_name, mimeType: row.mime_type }, COMPARE_LIMITS);
}

/** Word-level changes (spaces and line breaks kept as they are), or undefined when it took too long. */
function wordDiff(oldText: string, newText: string, bound: { timeout: number } | { maxEditLength: number }): Promise<Change[] | undefined> {
  // Both sides NFC: "ế" typed as one code point or as e + two marks is the same word.
  return new Promise((resolve) => {
    diffWordsWithSpace(oldText, newText, { ...bound, callback: resolve });
  });
}

function toParts(changes: Change[]): DiffPart[] {
  return coalesce(changes.filter((c) => c.value).map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value })));
}

/**
 * Reads like a person would mark it: "Nội vụ" replaced by "Tài chính" is one removed and one added
 * phrase, not Nội→Tài, a kept space, vụ→chính. A run of changes with only spaces kept in between
 * becomes the removed text, then the added text (the space in both).
 */
function coalesce(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let removed = '';
  let added = '';
  const flush = () => {
    if (removed) out.push({ kind: 'removed', text: removed });
    if (added) out.push({ kind: 'added', text: added });
    removed = added = '';
  };
  parts.forEach((part, i) => {
    if (part.kind === 'removed') removed += part.text;
    else if (part.kind === 'added') added += part.text;
    else if ((removed || added) && /^\s+$/u.test(part.text) && parts[i + 1] && parts[i + 1]!.kind !== 'same') {
      removed += part.text;
      added += part.text;
    } else {
      flush();
      out.push(part);
    }
  });
  flush();
  return out;
}

function wholesale(oldText: string, newText: string): DiffPart[] {
  return [
    ...(oldText ? [{ kind: 'removed' as const, text: oldText.normalize('NFC') }] : []),
    ...(newText ? [{ kind: 'added' as const, text: newText.normalize('NFC') }] : []),
  ];
}

/** A word is a run of letters (with their marks) or digits: "V/v" is two, "2026" one, "–" none. */
const words = (text: string) => text.match(/[\p{L}\p{M}\p{N}]+/gu)?.length ?? 0;

function countWords(parts: DiffPart[]) {
  const stats = { added: 0, removed: 0 };
  for (const part of parts) if (part.kind !== 'same') stats[part.kind] += words(part.text);
  return stats;
}

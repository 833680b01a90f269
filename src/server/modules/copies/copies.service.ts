import { Readable } from 'node:stream';
import type { Db, Executor } from '../../db/database.js';
import type { DocumentsTable } from '../../db/schema.js';
import { DomainError, ValidationError, badRequest, conflict, forbidden, notFound } from '../../http/errors.js';
import { type Clock, vietnamDate } from '../../time.js';
import type { Selectable } from 'kysely';
import type { ActionContext } from '../auth/current-user.js';
import { withVisibleDocument } from '../assignments/assignments.context.js';
import { assignmentsOf } from '../assignments/assignments.repository.js';
import { reference } from '../documents/documents.presenters.js';
import { recordView } from '../documents/documents.views.js';
import { findVisibleDocument } from '../documents/documents.visibility.js';
import { appendEvent } from '../events/events.repository.js';
import { type FileStore, openStoredFile } from '../files/file-store.js';
import { canOpenFiles } from '../incoming/incoming.policies.js';
import { takeNextNumber } from '../registers/registers.service.js';
import { unlockAgencyCertificate } from '../signatures/certificates.service.js';
import type { KeyVault } from '../signatures/keys.js';
import { VERIFY_LIMITS } from '../signatures/pdf-verify.js';
import { signPrepared } from '../signatures/signing.service.js';
import { verifyStored } from '../signatures/verification.service.js';
import { readStream } from '../signatures/verification.upload.js';
import { formatPages, parsePages } from './copies.pages.js';
import { pdfPageCount, prepareCopy } from './copies.pdf.js';
import { canMakeCopies, canReadCopiesRegister } from './copies.policies.js';
import { type CopyRow, createCopiesRepository } from './copies.repository.js';
import { COPY_NOTATIONS, COPY_TITLES, type CopiesRegisterQuery, type MakeCopyBody } from './copies.schemas.js';

// Electronic copies (sao y, sao lục, trích sao; Decree 30 Art. 25–27, PL I Phần II). The clerk
// copies a PDF of a document the agency holds into a new PDF signed by the agency, numbered in the
// agency's copies register (one sequence a year for the three forms, like every register: taken in
// the transaction that stores the copy, so a failure gives the number back). Everything that can be
// refused (the source, the pages, the passphrase) is checked before the number is taken.

export interface CopiesDeps {
  db: Db;
  files: FileStore;
  clock: Clock;
  vault: Promise<KeyVault>;
}

type DocumentRow = Selectable<DocumentsTable>;

const MAX_COPY_BYTES = VERIFY_LIMITS.maxBytes + 1024 * 1024;

/** Whoever may see the document may see its copies; a secret incoming document's files only as its files. */
async function requireFileAccess(db: Executor, ctx: ActionContext, doc: DocumentRow) {
  if (doc.direction === 'incoming' && !canOpenFiles(ctx.user, doc, await assignmentsOf(db, doc.id))) throw forbidden('SECRET_FILE');
}

interface Source { bytes: Buffer; fileHash: string; attachmentId: string | null; fileName: string }

/** The bytes being copied: an issued outgoing document's signed PDF, or a PDF attachment of the document. */
async function readSource(deps: CopiesDeps, ctx: ActionContext, doc: DocumentRow, source: MakeCopyBody['source']): Promise<Source> {
  let found: { hash: string; name: string; attachmentId: string | null };
  if (source.kind === 'signed_pdf') {
    if (doc.direction !== 'outgoing' || doc.status !== 'issued') throw conflict('COPY_NOT_ISSUED');
    const rows = await deps.db.selectFrom('document_signatures').select(['kind', 'file_hash']).where('document_id', '=', doc.id).execute();
    const row = rows.find((r) => r.kind === 'agency') ?? rows.find((r) => r.kind === 'signer');
    if (!row) throw conflict('COPY_NOT_ISSUED');
    found = { hash: row.file_hash, name: 'van-ban-ky-so.pdf', attachmentId: null };
  } else {
    const row = await deps.db.selectFrom('attachments').select(['id', 'file_hash', 'file_name', 'mime_type'])
      .where('id', '=', source.attachmentId).where('document_id', '=', doc.id).where('removed_at', 'is', null).executeTakeFirst();
    if (!row) throw notFound();
    await requireFileAccess(deps.db, ctx, doc);
    if (row.mime_type !== 'application/pdf') throw badRequest('COPY_SOURCE_NOT_PDF', { name: row.file_name });
    found = { hash: row.file_hash, name: row.file_name, attachmentId: row.id };
  }
  const bytes = await readStream(await openStoredFile(deps.files, found.hash, found.name), VERIFY_LIMITS.maxBytes);
  if (!bytes) throw badRequest('FILE_TOO_LARGE', { name: found.name, maxMb: VERIFY_LIMITS.maxBytes / 1024 / 1024 });
  return { bytes, fileHash: found.hash, attachmentId: found.attachmentId, fileName: found.name };
}

async function pagesOf(source: Source): Promise<number> {
  try {
    return await pdfPageCount(source.bytes);
  } catch (error) {
    throw new DomainError('FILE_UNREADABLE', 422, { name: source.fileName }, { reason: (error as Error).message?.slice(0, 200) });
  }
}

export function presentCopy(row: CopyRow) {
  return {
    id: row.id,
    documentId: row.document_id,
    number: row.number,
    notation: row.notation,
    reference: `${row.number}/${row.notation}`,
    form: row.form,
    pages: row.pages,
    pageCount: row.page_count,
    source: { kind: row.source_kind, attachmentId: row.source_attachment_id, fileName: row.source_file_name },
    madeBy: { id: row.made_by, fullName: row.made_by_name },
    madeAt: row.made_at.toISOString(),
    sizeBytes: row.size_bytes,
    sha256: row.file_hash,
    fileUrl: `/api/copies/${row.id}/pdf`,
  };
}

/**
 * The clerk makes a copy of one PDF of a document, signed with the agency's certificate (opened
 * with the passphrase given now, never stored). Answers the new copy (201).
 */
export async function makeCopy(deps: CopiesDeps, ctx: ActionContext, documentId: string, input: MakeCopyBody) {
  if (!canMakeCopies(ctx.user)) throw forbidden('ONLY_CLERK_COPIES');
  const now = ctx.at ?? deps.clock.now();
  const doc = await findVisibleDocument(deps.db, ctx.user, documentId);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  const wantsPages = Boolean(input.pages?.trim());
  if (input.form === 'trich_sao' && !wantsPages) throw ValidationError.field('pages', 'PAGES_REQUIRED');
  if (input.form !== 'trich_sao' && wantsPages) throw ValidationError.field('pages', 'PAGES_ONLY_FOR_EXTRACT');
  const source = await readSource(deps, ctx, doc, input.source);
  const sourcePages = await pagesOf(source);
  const pages = input.form === 'trich_sao' ? parsePages(input.pages ?? '', sourcePages) : null;
  const key = await unlockAgencyCertificate(deps.db, await deps.vault, ctx.user.agencyId, input.agencyPassphrase, now);
  const agency = await deps.db.selectFrom('agencies').select('name').where('id', '=', ctx.user.agencyId).executeTakeFirstOrThrow();
  const year = Number(vietnamDate(now).slice(0, 4));

  const copyId = await withVisibleDocument(deps, ctx, documentId, async (tx, locked) => {
    const { registerId, number } = await takeNextNumber(tx, ctx.user.agencyId, 'copy', year);
    const numberText = String(number).padStart(2, '0');
    const notation = COPY_NOTATIONS[input.form];
    const ref = `${numberText}/${notation}`;
    const prepared = await prepareCopy(source.bytes, pages, { form: input.form, agencyName: agency.name, reference: ref, signingTime: now }, {
      fieldName: 'ChuKySaoVanBan', name: agency.name, reason: `${COPY_TITLES[input.form]} số ${ref}`, location: agency.name, signingTime: now,
    });
    const signed = await signPrepared(prepared, key, now);
    const staged = await deps.files.stage(Readable.from([signed]), MAX_COPY_BYTES);
    if (staged.truncated) throw new Error('copy larger than the limit');
    try {
      await staged.commit();
      const row = await tx.insertInto('document_copies').values({
        agency_id: ctx.user.agencyId, register_id: registerId, copy_number: number, number: numberText, notation, document_id: locked.id,
        source_kind: input.source.kind, source_attachment_id: source.attachmentId, source_file_hash: source.fileHash, form: input.form,
        pages: pages ? formatPages(pages) : null, page_count: pages ? pages.length : sourcePages, certificate_id: key.id, made_by: ctx.user.id, made_at: now,
        file_hash: staged.hash, size_bytes: staged.size,
      }).returning('id').executeTakeFirstOrThrow();
      await appendEvent(tx, ctx, {
        agencyId: locked.agency_id, documentId: locked.id, action: 'copy_made',
        payload: { copyId: row.id, reference: ref, form: input.form, pages: pages ? formatPages(pages) : null, source: source.attachmentId ? { attachment: source.fileName } : { signedPdf: reference(locked.number, locked.notation) } },
      });
      return row.id;
    } finally {
      await staged.discard();
    }
  });
  return presentCopy((await createCopiesRepository(deps.db).find(ctx.user.agencyId, copyId))!);
}

/** The copies of a document, for whoever may see it. */
export async function listCopies(deps: Pick<CopiesDeps, 'db'>, ctx: ActionContext, documentId: string) {
  const doc = await findVisibleDocument(deps.db, ctx.user, documentId);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  const rows = await createCopiesRepository(deps.db).ofDocument(documentId);
  return { items: rows.map(presentCopy), canMakeCopies: canMakeCopies(ctx.user) };
}

/** A copy the user may open: of their agency, its document visible to them, its files allowed. */
async function openableCopy(deps: Pick<CopiesDeps, 'db'>, ctx: ActionContext, copyId: string) {
  const row = await createCopiesRepository(deps.db).find(ctx.user.agencyId, copyId);
  const doc = row && await findVisibleDocument(deps.db, ctx.user, row.document_id);
  if (!row || !doc) throw notFound('COPY_NOT_FOUND');
  await requireFileAccess(deps.db, ctx, doc);
  return { row, doc };
}

const copyFileName = (row: CopyRow) => `ban-sao-${row.number}-${row.notation}.pdf`;

export async function openCopy(deps: Pick<CopiesDeps, 'db' | 'files'>, ctx: ActionContext, copyId: string) {
  const { row, doc } = await openableCopy(deps, ctx, copyId);
  const stream = await openStoredFile(deps.files, row.file_hash, copyFileName(row));
  try {
    await recordView(deps.db, ctx, doc.agency_id, doc.id, null);
  } catch (error) {
    stream.destroy();
    throw error;
  }
  return { stream, fileName: copyFileName(row), size: row.size_bytes };
}

/** The signatures of a copy: the agency's, and for sao y / sao lục the original's still inside it. */
export async function verifyCopy(deps: Pick<CopiesDeps, 'db' | 'files' | 'clock'>, ctx: ActionContext, copyId: string) {
  const { row } = await openableCopy(deps, ctx, copyId);
  return verifyStored(deps, ctx, row.file_hash, copyFileName(row), row.size_bytes);
}

/** The copies register (Sổ sao văn bản) of a year: number, date, form, source, pages, made by. */
export async function copiesRegister(deps: Pick<CopiesDeps, 'db' | 'clock'>, ctx: ActionContext, query: CopiesRegisterQuery) {
  if (!canReadCopiesRegister(ctx.user)) throw forbidden('ONLY_CLERK_COPIES');
  const year = query.year ?? Number(vietnamDate(deps.clock.now()).slice(0, 4));
  const { items, total } = await createCopiesRepository(deps.db).register(ctx.user.agencyId, year, query);
  return {
    year,
    items: items.map((r) => ({
      ...presentCopy(r),
      madeOn: vietnamDate(r.made_at),
      document: {
        id: r.document_id, direction: r.direction, issuer: r.issuer, reference: reference(r.doc_number, r.doc_notation) || null, issuedOn: r.issued_on,
        documentType: r.document_type, summary: r.summary, arrivalNumber: r.arrival_number,
      },
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

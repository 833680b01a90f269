import { sign as rsaSign } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Db, Executor } from '../../db/database.js';
import { DomainError, conflict, forbidden, notFound } from '../../http/errors.js';
import type { Clock } from '../../time.js';
import { type ActionContext, onBehalfOf } from '../auth/current-user.js';
import { appendEvent } from '../events/events.repository.js';
import { type FileStore, openStoredFile, readAll } from '../files/file-store.js';
import { createOutgoingRepository } from '../outgoing/outgoing.repository.js';
import { unlockAgencyCertificate, unlockCertificate } from './certificates.service.js';
import type { OpenedKey } from './certificates.pkcs12.js';
import type { KeyVault } from './keys.js';
import { currentImage } from './signing.images.js';
import { layoutOf, numberFields, sealRect } from './signing.layout.js';
import { buildCms } from './signing.cms.js';
import { embedSignature, isoVietnam, locatePlaceholder, type Placeholder, prepareAgencySignature, prepareAttachmentSignature, prepareSignerSignature, type SignatureDetails } from './signing.pdf.js';

export interface SigningDeps {
  db: Db;
  files: FileStore;
  clock: Clock;
  vault: Promise<KeyVault>;
}

const MAX_SIGNED_BYTES = 200 * 1024 * 1024;

/** Signs a prepared placeholder with a key the server holds. */
async function signWithKey(placeholder: Placeholder, key: OpenedKey, signingTime: Date): Promise<Buffer> {
  const cms = await buildCms({ contentDigest: placeholder.digest, chainDer: key.chainDer, signingTime, sign: async (attributes) => rsaSign('sha256', attributes, key.privateKeyPem) });
  return embedSignature(placeholder, cms);
}

/** Prepares, digests and signs one placeholder with a key the server holds. */
export async function signPrepared(prepared: Buffer, key: OpenedKey, signingTime: Date): Promise<Buffer> {
  return signWithKey(locatePlaceholder(prepared), key, signingTime);
}

/** The approved version as PDF: the upload itself, or its conversion (409 until it is done). */
async function approvedPdf(db: Executor, files: FileStore, documentId: string, version: number): Promise<Buffer> {
  const row = await db.selectFrom('document_versions').selectAll().where('document_id', '=', documentId).where('version', '=', version).executeTakeFirst();
  if (!row) throw notFound();
  const hash = row.mime_type === 'application/pdf' ? row.file_hash : row.pdf_status === 'done' ? row.pdf_hash : null;
  if (!hash) throw new DomainError('PDF_NOT_READY', 409, { reason: row.pdf_error ?? '' });
  return readAll(await openStoredFile(files, hash, row.file_name));
}

/** The named signer: whoever approved the last step (duyệt ký), or the signer the drafter named. */
export const isNamedSigner = (userId: string, doc: { approved_by: string | null; signer_id: string | null }) => userId === doc.approved_by || userId === doc.signer_id;

/** Stores a file the request made and runs `work` (the rows naming it) once it is committed, in the caller's transaction. */
export async function storeMade(files: FileStore, bytes: Buffer, work: (stored: { hash: string; size: number }) => Promise<void>) {
  const staged = await files.stage(Readable.from([bytes]), MAX_SIGNED_BYTES);
  if (staged.truncated) throw new Error('PDF larger than the limit');
  try {
    await staged.commit(); // the file is committed just before the row names it
    await work({ hash: staged.hash, size: staged.size });
  } finally {
    await staged.discard();
  }
}

/** Stores a signed PDF and records it, in the caller's transaction. */
async function storeSigned(deps: SigningDeps, tx: Executor, bytes: Buffer, row: { documentId: string; kind: 'signer' | 'agency'; certificateId: string; userId: string; at: Date; version: number }, work: () => Promise<void>) {
  await storeMade(deps.files, bytes, async (stored) => {
    await tx.insertInto('document_signatures').values({
      document_id: row.documentId, kind: row.kind, certificate_id: row.certificateId, signed_by: row.userId, signed_at: row.at, version: row.version, file_hash: stored.hash, size_bytes: stored.size,
    }).execute();
    await work();
  });
}

/**
 * The context a signature is made in. A draft signed TUQ. (thừa ủy quyền, Decree 30 Art. 13) is
 * signed by an official the head authorised in writing for a limited time: its named signer must
 * hold a signing delegation now, and the history records the signature in the delegator's name.
 */
export function signingContext(ctx: ActionContext, doc: { signing_form: string | null }): ActionContext {
  if (doc.signing_form !== 'TUQ') return ctx;
  const delegation = ctx.user.actsFor?.find((d) => d.scopes.includes('signing'));
  if (!delegation) throw forbidden('TUQ_WITHOUT_DELEGATION');
  return onBehalfOf(ctx, delegation);
}

/** The document, when it waits for the caller's signature (404 unseen, 409 not approved, 403 not the named signer, or TUQ. without a delegation). */
export async function awaitingMySignature(deps: Pick<SigningDeps, 'db'>, ctx: ActionContext, id: string) {
  const doc = await createOutgoingRepository(deps.db).findVisible(ctx.user, id);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  if (doc.status !== 'approved' || doc.approved_version === null) throw conflict('NOT_AWAITING_SIGNATURE');
  if (!isNamedSigner(ctx.user.id, doc)) throw forbidden('NOT_NAMED_SIGNER');
  signingContext(ctx, doc);
  return { ...doc, approved_version: doc.approved_version };
}

/**
 * The approved version's PDF with the signer's visible signature field (their image in the signer
 * block) and an empty placeholder, the /ByteRange filled and its digest taken: what is signed,
 * whoever holds the key. `contentsBytes`: room for the CMS.
 */
export async function prepareSignerPlaceholder(deps: SigningDeps, ctx: ActionContext, doc: { id: string; issuer: string; approved_version: number }, signingTime: Date, contentsBytes?: number): Promise<Placeholder> {
  const image = await currentImage(deps.db, ctx.user.agencyId, 'signature', ctx.user.id);
  if (!image) throw new DomainError('SIGNATURE_IMAGE_MISSING', 409);
  const pdf = await approvedPdf(deps.db, deps.files, doc.id, doc.approved_version);
  const layout = await layoutOf(pdf, ctx.user.fullName);
  const details: SignatureDetails = { fieldName: 'ChuKyNguoiKy', name: ctx.user.fullName, reason: 'Ký ban hành văn bản', location: doc.issuer, signingTime, ...(contentsBytes ? { contentsBytes } : {}) };
  return locatePlaceholder(await prepareSignerSignature(pdf, image, () => layout.signer, details));
}

export interface SignerSignature {
  documentId: string;
  version: number;
  /** The signed PDF. */
  signed: Buffer;
  /** The certificate's row (made in the transaction when it is new) and its subject's name. */
  certificate: (tx: Executor) => Promise<{ id: string; subject: string }>;
  /** More for the event's payload. */
  payload?: Record<string, unknown>;
  /** Checked and done in the same transaction once the document's row is locked (a signing session's state). */
  within?: (tx: Executor) => Promise<void>;
}

/**
 * Records the signer's signed PDF and moves the document to `signed` (event 'document_signed'),
 * if the document still waits for this version's signature: the one ending of every signer's
 * signature, whether the server or something outside held the key.
 */
export async function recordSignerSignature(deps: SigningDeps, ctx: ActionContext, input: SignerSignature) {
  const now = ctx.at ?? deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const locked = await tx.selectFrom('documents').select(['status', 'approved_version', 'agency_id', 'signing_form']).where('id', '=', input.documentId).forNoKeyUpdate().executeTakeFirstOrThrow();
    // Checked again at the end: a TUQ. delegation revoked while an external signature was pending gives nothing.
    const acting = signingContext(ctx, locked);
    await input.within?.(tx);
    // Another change (a new version sent back to the signer, a second click) won the race.
    if (locked.status !== 'approved' || locked.approved_version !== input.version) throw conflict('NOT_AWAITING_SIGNATURE');
    const certificate = await input.certificate(tx);
    await storeSigned(deps, tx, input.signed, { documentId: input.documentId, kind: 'signer', certificateId: certificate.id, userId: ctx.user.id, at: now, version: input.version }, async () => {
      await tx.updateTable('documents').set({ status: 'signed', updated_at: now }).where('id', '=', input.documentId).execute();
      await appendEvent(tx, acting, { agencyId: locked.agency_id, documentId: input.documentId, action: 'document_signed', payload: { version: input.version, certificate: certificate.id, subject: certificate.subject, ...input.payload } });
    });
    return { status: 'signed' as const };
  });
}

/**
 * The named signer signs the approved version with their own certificate (key held by the server,
 * opened with the passphrase given now): a visible PAdES signature with their image in the signer
 * block; the document becomes `signed`. Everything that can fail (passphrase, validity, images, the
 * PDF) is done before the transaction, so a refusal leaves the document as it was.
 */
export async function signDocument(deps: SigningDeps, ctx: ActionContext, id: string, input: { certificateId: string; passphrase: string }) {
  const now = ctx.at ?? deps.clock.now();
  const doc = await awaitingMySignature(deps, ctx, id);
  const key = await unlockCertificate(deps.db, await deps.vault, ctx.user, input.certificateId, input.passphrase, now);
  const signed = await signWithKey(await prepareSignerPlaceholder(deps, ctx, doc, now), key, now);
  const subject = String(key.certificate.subject.getField('CN')?.value ?? '');
  return recordSignerSignature(deps, ctx, { documentId: id, version: doc.approved_version, signed, certificate: async () => ({ id: key.id, subject }) });
}

/** What the clerk's issuance of a signed document needs, gathered and checked before numbering. */
export interface AgencySealing {
  key: OpenedKey & { id: string };
  seal: Buffer;
  signed: Buffer;
  signerName: string;
  version: number;
  /** The separate attachments (phụ lục in files of their own): each PDF gets the agency's signature too. */
  attachments: SealedAttachment[];
}

/** An attachment at issuance: its PDF bytes, or why it cannot be signed. */
export interface SealedAttachment {
  id: string;
  fileName: string;
  pdf: Buffer | null;
  unsigned: 'not_pdf' | 'unreadable' | null;
}

/** Why an attachment was left without the agency's signature. */
export type UnsignedReason = NonNullable<SealedAttachment['unsigned']>;

export async function prepareAgencySealing(deps: SigningDeps, ctx: ActionContext, doc: { id: string; agency_id: string }, passphrase: string | undefined): Promise<AgencySealing> {
  if (!passphrase) throw new DomainError('AGENCY_PASSPHRASE_REQUIRED', 400);
  const now = ctx.at ?? deps.clock.now();
  const key = await unlockAgencyCertificate(deps.db, await deps.vault, doc.agency_id, passphrase, now);
  const seal = await currentImage(deps.db, doc.agency_id, 'seal', null);
  if (!seal) throw new DomainError('SEAL_IMAGE_MISSING', 409);
  const row = await deps.db.selectFrom('document_signatures as s').innerJoin('users as u', 'u.id', 's.signed_by').select(['s.file_hash', 's.version', 'u.full_name'])
    .where('s.document_id', '=', doc.id).where('s.kind', '=', 'signer').executeTakeFirst();
  if (!row) throw new DomainError('SIGNED_PDF_MISSING', 409);
  const signed = await readAll(await openStoredFile(deps.files, row.file_hash, 'signed.pdf'));
  return { key, seal, signed, signerName: row.full_name, version: row.version, attachments: await attachmentsToSeal(deps, doc.id) };
}

/**
 * The attachments still on the document, read before the issuing transaction. Attachments are not
 * converted (only versions of the main text get a PDF), so a DOCX or other file stays unsigned and
 * the document's page says so.
 */
async function attachmentsToSeal(deps: Pick<SigningDeps, 'db' | 'files'>, documentId: string): Promise<SealedAttachment[]> {
  const rows = await deps.db.selectFrom('attachments').select(['id', 'file_hash', 'file_name', 'mime_type'])
    .where('document_id', '=', documentId).where('removed_at', 'is', null).orderBy('created_at').execute();
  return Promise.all(rows.map(async (r) => (r.mime_type === 'application/pdf'
    ? { id: r.id, fileName: r.file_name, pdf: await readAll(await openStoredFile(deps.files, r.file_hash, r.file_name)), unsigned: null }
    : { id: r.id, fileName: r.file_name, pdf: null, unsigned: 'not_pdf' as const })));
}

/**
 * Each PDF attachment gets the agency's signature: top right of page 1, no image, the reference and
 * the ISO 8601 time (Decree 30, Annex I). The signed files are committed to the store and named in
 * the issuing transaction. A PDF that cannot be read stays unsigned (the issuance goes on) and the
 * event says which and why.
 */
async function sealAttachments(deps: SigningDeps, tx: Executor, ctx: ActionContext, doc: { id: string; issuer: string }, sealing: AgencySealing, reference: string, now: Date) {
  const unsigned: { file: string; reason: UnsignedReason }[] = [];
  let signedCount = 0;
  for (const attachment of sealing.attachments) {
    if (!attachment.pdf) {
      unsigned.push({ file: attachment.fileName, reason: attachment.unsigned ?? 'not_pdf' });
      continue;
    }
    const details: SignatureDetails = { fieldName: 'ChuKyCoQuanPhuLuc', name: doc.issuer, reason: `Ký số cơ quan, tệp kèm theo văn bản số ${reference}`, location: doc.issuer, signingTime: now };
    let prepared: Buffer;
    try {
      prepared = await prepareAttachmentSignature(attachment.pdf, [reference, isoVietnam(now)], details);
    } catch {
      unsigned.push({ file: attachment.fileName, reason: 'unreadable' });
      continue;
    }
    await storeMade(deps.files, await signPrepared(prepared, sealing.key, now), async (stored) => {
      await tx.insertInto('attachment_signatures').values({
        attachment_id: attachment.id, document_id: doc.id, certificate_id: sealing.key.id, signed_by: ctx.user.id, signed_at: now, file_hash: stored.hash, size_bytes: stored.size,
      }).execute();
    });
    signedCount += 1;
  }
  return { signed: signedCount, unsigned };
}

/**
 * At issuance, in the issuing transaction once the number is taken: the number and date into the
 * document's form fields and the agency's signature with the seal, appended as one incremental
 * update so the signer's signature stays valid. A failure rolls the issuance (and the number) back.
 */
export async function sealAtIssuance(deps: SigningDeps, tx: Executor, ctx: ActionContext, doc: { id: string; agency_id: string; issuer: string }, sealing: AgencySealing, ref: { number: string; reference: string; issuedOn: string }) {
  const now = ctx.at ?? deps.clock.now();
  const layout = await layoutOf(sealing.signed, sealing.signerName);
  const fields = numberFields(layout.blanks, ref.number, ref.issuedOn);
  const [y, m, d] = ref.issuedOn.split('-');
  const fallback = fields.number ? null : `Số: ${ref.reference}, ngày ${d}/${m}/${y}`;
  const details: SignatureDetails = { fieldName: 'ChuKyCoQuan', name: doc.issuer, reason: `Ký số cơ quan, phát hành văn bản số ${ref.reference}`, location: doc.issuer, signingTime: now };
  const prepared = await prepareAgencySignature(sealing.signed, sealing.seal, sealRect(layout.signer), fields, fallback, details);
  const issued = await signPrepared(prepared, sealing.key, now);
  await storeSigned(deps, tx, issued, { documentId: doc.id, kind: 'agency', certificateId: sealing.key.id, userId: ctx.user.id, at: now, version: sealing.version }, async () => {
    const attachments = await sealAttachments(deps, tx, ctx, doc, sealing, ref.reference, now);
    await appendEvent(tx, ctx, { agencyId: doc.agency_id, documentId: doc.id, action: 'agency_signed', payload: { reference: ref.reference, certificate: sealing.key.id, attachments } });
  });
}

/** The document's latest signed PDF (issued with both signatures, or signed by the signer only). */
export async function openSignedPdf(deps: Pick<SigningDeps, 'db' | 'files'>, ctx: ActionContext, id: string) {
  const doc = await createOutgoingRepository(deps.db).findVisible(ctx.user, id);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  const rows = await deps.db.selectFrom('document_signatures').select(['kind', 'file_hash', 'size_bytes']).where('document_id', '=', id).execute();
  const row = rows.find((r) => r.kind === 'agency') ?? rows.find((r) => r.kind === 'signer');
  if (!row) throw notFound('SIGNED_PDF_MISSING');
  const fileName = doc.number ? `${doc.number}-${doc.notation ?? ''}.pdf`.replace(/[^\p{L}\p{N}._-]+/gu, '-') : 'van-ban-ky-so.pdf';
  return { stream: await openStoredFile(deps.files, row.file_hash, fileName), fileName, size: row.size_bytes, kind: row.kind };
}

/** The signatures on a document, for its page. */
export async function signaturesOf(db: Executor, documentId: string) {
  const rows = await db.selectFrom('document_signatures as s').innerJoin('users as u', 'u.id', 's.signed_by').innerJoin('signing_certificates as c', 'c.id', 's.certificate_id')
    .select(['s.kind', 's.signed_at', 'u.full_name', 'c.common_name', 'c.issuer']).where('s.document_id', '=', documentId).orderBy('s.signed_at').orderBy('s.kind', 'desc').execute(); // the signer's first, also at the same instant
  return rows.map((r) => ({ kind: r.kind, signedAt: r.signed_at.toISOString(), by: r.full_name, certificate: r.common_name, issuer: r.issuer }));
}

/** The agency's signature of each attachment of a document, by attachment id. */
export async function attachmentSignaturesOf(db: Executor, documentId: string) {
  const rows = await db.selectFrom('attachment_signatures').select(['attachment_id', 'signed_at', 'size_bytes', 'file_hash']).where('document_id', '=', documentId).execute();
  return new Map(rows.map((r) => [r.attachment_id, { signedAt: r.signed_at.toISOString(), size: Number(r.size_bytes), fileHash: r.file_hash }]));
}

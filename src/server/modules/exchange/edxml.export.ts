import { sql } from 'kysely';
import type { Db, Executor } from '../../db/database.js';
import { conflict, forbidden, notFound } from '../../http/errors.js';
import { DOCUMENT_TYPE_ABBREVIATIONS, URGENCIES, type DocumentType } from '../../../shared/enums.js';
import { vietnamDate, type Clock } from '../../time.js';
import { hasRole, type ActionContext } from '../auth/current-user.js';
import { appendEvent } from '../events/events.repository.js';
import { openStoredFile, readAll, type FileStore } from '../files/file-store.js';
import { createOutgoingRepository } from '../outgoing/outgoing.repository.js';
import { SIGNER_TITLES } from '../outgoing/outgoing.service.js';
import { TYPE_TITLES } from '../outgoing/outgoing.template.js';
import forge from 'node-forge';
import type { KeyVault } from '../signatures/keys.js';
import { unlockAgencyCertificate } from '../signatures/certificates.service.js';
import { buildEdxml, wireDate } from './edxml.build.js';
import { signEnvelope } from './edxml.signature.js';
import type { EdxmlAttachment, EdxmlDocument, EdxmlOrganization } from './edxml.types.js';

// An issued outgoing document as an edXML package (QCVN 102:2016), for another deployment, the
// province's LGSP or the national axis: its metadata, addressees with their OrganIds and its files
// as issued (the agency-signed PDF where there is one).

export interface EdxmlExportDeps {
  db: Db;
  files: FileStore;
  clock: Clock;
}

/** DocumentId of QCVN 102: `{OrganId},{yyyy/MM/dd},{số}/{ký hiệu}`. */
export const edxmlDocumentId = (organId: string, issuedOn: string, number: string, notation: string | null) =>
  `${organId},${wireDate(issuedOn)},${number}${notation ? `/${notation}` : ''}`;

/** "CÔNG VĂN" → "Công văn": TypeName is written as a name, not as the title printed on the page. */
const typeName = (type: DocumentType) => {
  const lower = TYPE_TITLES[type].toLocaleLowerCase('vi');
  return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
};

/** "KT. GIÁM ĐỐC": the signing form (Decree 30, PL I §II.7b) and the head the signer signs for. */
async function competence(db: Executor, agencyId: string, form: string | null): Promise<string | undefined> {
  if (!form || form === 'none') return undefined;
  const head = await db.selectFrom('users').select('position').where('agency_id', '=', agencyId).where('position', '=', 'director').where('active', '=', true).executeTakeFirst();
  return `${form}. ${(SIGNER_TITLES[head?.position ?? 'director'] ?? 'Giám đốc').toLocaleUpperCase('vi')}`;
}

async function agencyOrganization(db: Executor, agencyId: string): Promise<EdxmlOrganization & { placeName: string | null }> {
  const agency = await db.selectFrom('agencies as a').leftJoin('agencies as p', 'p.id', 'a.parent_id')
    .select(['a.name', 'a.organ_id', 'a.place_name', 'p.name as parentName']).where('a.id', '=', agencyId).executeTakeFirstOrThrow();
  if (!agency.organ_id) throw conflict('EDXML_NO_ORGAN_ID');
  return { organId: agency.organ_id, organName: agency.name, organizationInCharge: agency.parentName ?? agency.name, placeName: agency.place_name };
}

/** Addressees with an OrganId: agencies of the deployment, and outside ones the directory knows by name. */
async function addressees(db: Executor, documentId: string) {
  const rows = await db.selectFrom('document_recipients as r')
    .leftJoin('agencies as a', 'a.id', 'r.agency_id')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('users as p', 'p.id', 'r.user_id')
    .select([
      'r.kind', 'r.name', 'a.name as agencyName', 'a.organ_id as agencyOrganId', 'u.name as unitName', 'p.full_name as userName',
      sql<string | null>`(SELECT e.organ_id FROM directory_entries e WHERE r.kind = 'external' AND lower(btrim(e.name)) = lower(btrim(r.name)) AND e.organ_id IS NOT NULL AND e.active LIMIT 1)`.as('externalOrganId'),
    ])
    .where('r.document_id', '=', documentId).orderBy('r.sort_order').execute();
  const to: EdxmlOrganization[] = [];
  const places: string[] = [];
  for (const r of rows) {
    const organId = r.agencyOrganId ?? r.externalOrganId;
    const name = r.agencyName ?? r.name ?? r.unitName ?? r.userName ?? '';
    if (organId && !to.some((t) => t.organId === organId)) to.push({ organId, organName: name });
    else if (name) places.push(name);
  }
  return { to, places };
}

async function issuedFiles(db: Executor, files: FileStore, doc: { id: string; approved_version: number | null }): Promise<EdxmlAttachment[]> {
  const signatures = await db.selectFrom('document_signatures').select(['kind', 'file_hash']).where('document_id', '=', doc.id).execute();
  const signed = signatures.find((s) => s.kind === 'agency') ?? signatures.find((s) => s.kind === 'signer');
  const version = await db.selectFrom('document_versions').selectAll().where('document_id', '=', doc.id)
    .$if(doc.approved_version !== null, (q) => q.where('version', '=', doc.approved_version!)).orderBy('version', 'desc').executeTakeFirstOrThrow();
  const pdfName = version.file_name.replace(/\.[^.]+$/, '') + '.pdf';
  const main = signed
    ? { hash: signed.file_hash, name: pdfName, type: 'application/pdf' }
    : version.mime_type === 'application/pdf' ? { hash: version.file_hash, name: version.file_name, type: version.mime_type }
    : version.pdf_hash ? { hash: version.pdf_hash, name: pdfName, type: 'application/pdf' }
    : { hash: version.file_hash, name: version.file_name, type: version.mime_type };
  const attachments = await db.selectFrom('attachments as a').leftJoin('attachment_signatures as s', 's.attachment_id', 'a.id')
    .select(['a.file_hash', 'a.file_name', 'a.mime_type', 's.file_hash as signed_hash'])
    .where('a.document_id', '=', doc.id).where('a.removed_at', 'is', null).orderBy('a.created_at').execute();
  const all = [main, ...attachments.map((a) => ({ hash: a.signed_hash ?? a.file_hash, name: a.file_name, type: a.signed_hash ? 'application/pdf' : a.mime_type }))];
  return Promise.all(all.map(async (f, i) => ({ contentId: `cid:${i + 1}`, name: f.name, contentType: f.type, content: await readAll(await openStoredFile(files, f.hash, f.name)) })));
}

type DocumentRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createOutgoingRepository>['findVisible']>>>;

export interface PackageOptions {
  /** The addressees (default: every recipient with an OrganId). */
  to?: EdxmlOrganization[];
  /** The official the package names as its sender (StaffInfo). */
  staffId: string;
  now: Date;
  business?: { docType: 'new' | 'replacement' | 'recall'; reason?: string; replaces?: { documentId: string; organIds: string[] } };
}

/** The edXML of an issued, non-secret document; also records its DocumentId, by which status packages find it. */
export async function documentPackage(db: Executor, files: FileStore, doc: DocumentRow, options: PackageOptions): Promise<{ xml: string; documentId: string; to: EdxmlOrganization[] }> {
  if (doc.status !== 'issued' || !doc.issued_on || !doc.number) throw conflict('EDXML_NOT_ISSUED');
  // Decision 28/2018: state secrets never travel through the exchange (DOMAIN.md 4).
  if (doc.secrecy !== 'none') throw forbidden('EDXML_SECRET_REFUSED');
  const from = await agencyOrganization(db, doc.agency_id);
  const named = await addressees(db, doc.id);
  const to = options.to ?? named.to;
  if (to.length === 0) throw conflict('EDXML_NO_ADDRESSEE');
  const signer = doc.signer_id ? await db.selectFrom('users').select(['full_name', 'position']).where('id', '=', doc.signer_id).executeTakeFirst() : undefined;
  const staff = await db.selectFrom('users as u').leftJoin('units as n', 'n.id', 'u.unit_id').select(['u.full_name', 'u.email', 'u.phone', 'n.name as unitName']).where('u.id', '=', options.staffId).executeTakeFirstOrThrow();
  const documentId = doc.edxml_document_id ?? edxmlDocumentId(from.organId, doc.issued_on, doc.number, doc.notation);
  const type = doc.document_type as DocumentType;
  const attachments = await issuedFiles(db, files, doc);
  const business = options.business ?? { docType: 'new' as const };
  const edxml: EdxmlDocument = {
    from: { organId: from.organId, organName: from.organName, organizationInCharge: from.organizationInCharge },
    to,
    documentId,
    code: { number: doc.number, notation: doc.notation ?? DOCUMENT_TYPE_ABBREVIATIONS[type] },
    promulgation: { place: from.placeName ?? undefined, date: doc.issued_on },
    // Type 1 for every administrative document (the SDK's sample writes 1 for a công văn; the code list is not published).
    documentType: { type: 1, typeName: typeName(type) },
    subject: doc.summary,
    content: doc.summary,
    signer: { competence: await competence(db, doc.agency_id, doc.signing_form), position: signer ? SIGNER_TITLES[signer.position] : undefined, fullName: signer?.full_name ?? doc.signer ?? undefined },
    dueDate: doc.due_date ?? undefined,
    otherInfo: { priority: Math.max(0, URGENCIES.indexOf(doc.urgency as (typeof URGENCIES)[number])), promulgationAmount: doc.copies ?? undefined, pageAmount: doc.page_count ?? undefined, appendixes: attachments.slice(1).map((a) => a.name) },
    steeringType: 1,
    toPlaces: named.places,
    responseFor: [],
    trace: [{ organId: from.organId, timestamp: options.now }],
    business: {
      docType: business.docType,
      reason: business.reason ?? (business.docType === 'new' ? 'Văn bản điện tử mới' : undefined),
      documentId, paper: false,
      staff: { department: staff.unitName ?? undefined, staff: staff.full_name, email: staff.email ?? undefined, mobile: staff.phone ?? undefined },
      replacements: business.replaces ? [business.replaces] : [],
    },
    attachments,
  };
  if (!doc.edxml_document_id) await db.updateTable('documents').set({ edxml_document_id: documentId }).where('id', '=', doc.id).where('edxml_document_id', 'is', null).execute();
  return { xml: buildEdxml(edxml), documentId, to };
}

/** The package of an issued document, for the clerks and leaders of the issuing agency. */
export async function exportOutgoingEdxml(deps: EdxmlExportDeps, ctx: ActionContext, id: string): Promise<{ xml: string; fileName: string }> {
  if (!hasRole(ctx.user, 'clerk') && !hasRole(ctx.user, 'leader')) throw forbidden('ONLY_CLERK_EXCHANGES');
  const doc = await createOutgoingRepository(deps.db).findVisible(ctx.user, id);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  const now = deps.clock.now();
  const { xml, documentId, to } = await documentPackage(deps.db, deps.files, doc, { staffId: ctx.user.id, now });
  await appendEvent(deps.db, ctx, { agencyId: doc.agency_id, documentId: doc.id, action: 'edxml_exported', payload: { documentId, to: to.map((t) => t.organId), on: vietnamDate(now) } });
  return { xml, fileName: `${doc.number}-${doc.notation ?? ''}.edxml`.replace(/[^\p{L}\p{N}._-]+/gu, '-') };
}

/**
 * The same package with its envelope signed (XMLDSig, enveloped, SHA-256) by the agency's own
 * certificate, the one that signs issued PDFs, unlocked by its passphrase for this export only.
 * The receiver sees who signed it, that nothing changed since, and whether it trusts the signer.
 */
export async function exportSignedEdxml(deps: EdxmlExportDeps & { vault: Promise<KeyVault> }, ctx: ActionContext, id: string, passphrase: string): Promise<{ xml: string; fileName: string }> {
  const { xml, fileName } = await exportOutgoingEdxml(deps, ctx, id);
  const key = await unlockAgencyCertificate(deps.db, await deps.vault, ctx.user.agencyId, passphrase, deps.clock.now());
  return { xml: signEnvelope(xml, key.privateKeyPem, forge.pki.certificateToPem(key.certificate)), fileName };
}

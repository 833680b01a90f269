import type { Db, Executor } from '../../db/database.js';
import { DomainError, ValidationError, forbidden, notFound } from '../../http/errors.js';
import { type CurrentUser, hasRole } from '../auth/current-user.js';
import { type CertificateFacts, certificateFacts, openPkcs12, type OpenedKey, requireValidAt } from './certificates.pkcs12.js';
import { DEMO_ROOT_NAME } from './demo-ca.js';
import type { KeyVault } from './keys.js';

// Certificates of officials (personal) and of the agency. The admin uploads for anyone of the
// agency and sets the agency's own; an official uploads their own. The passphrase opens the file
// once at upload (to read and check it) and at each signature; it is never stored.

export interface CertificateInput {
  purpose: 'personal' | 'agency';
  userId?: string | undefined;
  passphrase: string;
}

const PUBLIC_COLUMNS = ['id', 'user_id', 'purpose', 'subject', 'common_name', 'issuer', 'serial', 'not_before', 'not_after', 'fingerprint', 'root_subject', 'created_at'] as const;

/** One attribute's value from a "CN=…, O=…, C=VN" name (values may hold commas; attributes start with "XX="). */
export function nameField(name: string, attribute: string): string | null {
  for (const part of name.split(/, (?=[A-Za-z][A-Za-z0-9.]*=)/)) {
    const eq = part.indexOf('=');
    if (part.slice(0, eq) === attribute) return part.slice(eq + 1);
  }
  return null;
}

type CertificateRow = { id: string; user_id: string | null; purpose: string; subject: string; common_name: string; issuer: string; serial: string; not_before: Date; not_after: Date; fingerprint: string; root_subject: string | null; created_at: Date };

export function presentCertificate(row: CertificateRow, now: Date) {
  const state = now < row.not_before ? 'not_yet_valid' : now > row.not_after ? 'expired' : 'valid';
  return {
    id: row.id, userId: row.user_id, purpose: row.purpose, subject: row.subject, commonName: row.common_name, organization: nameField(row.subject, 'O'),
    issuer: row.issuer, serial: row.serial, notBefore: row.not_before.toISOString(), notAfter: row.not_after.toISOString(), fingerprint: row.fingerprint,
    rootSubject: row.root_subject, addedAt: row.created_at.toISOString(), state, valid: state === 'valid',
    // Made by VanPhong's demo certificate authority: for trying the system, never for real documents.
    demo: row.root_subject !== null && nameField(row.root_subject, 'CN') === DEMO_ROOT_NAME,
  } as const;
}

/** Stores a PKCS#12 file (checked with its passphrase) encrypted, for an official or the agency. */
export async function addCertificate(db: Db, vault: KeyVault, user: CurrentUser, input: CertificateInput, p12: Uint8Array, now: Date) {
  const admin = hasRole(user, 'admin');
  const ownerId = input.purpose === 'agency' ? null : input.userId ?? user.id;
  if (input.purpose === 'agency' && !admin) throw forbidden('ADMIN_ONLY');
  if (ownerId && ownerId !== user.id && !admin) throw forbidden('ADMIN_ONLY');
  if (ownerId) {
    const owner = await db.selectFrom('users').select('id').where('id', '=', ownerId).where('agency_id', '=', user.agencyId).executeTakeFirst();
    if (!owner) throw ValidationError.single('userId', 'không phải cán bộ của cơ quan', 'is not an official of the agency');
  }
  const opened = openPkcs12(p12, input.passphrase);
  const facts = certificateFacts(opened.certificate);
  const row = await db
    .insertInto('signing_certificates')
    .values({
      agency_id: user.agencyId, user_id: ownerId, purpose: input.purpose, subject: facts.subject, common_name: facts.commonName, issuer: facts.issuer, serial: facts.serial,
      not_before: facts.notBefore, not_after: facts.notAfter, fingerprint: facts.fingerprint, root_subject: opened.rootSubject, encrypted_p12: vault.seal(p12), uploaded_by: user.id, created_at: now,
    })
    .returning(PUBLIC_COLUMNS)
    .executeTakeFirstOrThrow();
  return presentCertificate(row, now);
}

/** An official's own certificates; the admin may list anyone's of the agency, and the agency's. */
export async function listCertificates(db: Db, user: CurrentUser, query: { userId?: string | undefined; purpose?: 'personal' | 'agency' | undefined }, now: Date) {
  const admin = hasRole(user, 'admin');
  const purpose = query.purpose ?? 'personal';
  const userId = purpose === 'agency' ? null : query.userId ?? user.id;
  if ((purpose === 'agency' && !admin && !hasRole(user, 'clerk')) || (userId && userId !== user.id && !admin)) throw forbidden('ADMIN_ONLY');
  // Certificates of keys held outside (recorded when they signed) are not offered: the server cannot sign with them.
  let q = db.selectFrom('signing_certificates').select(PUBLIC_COLUMNS).where('agency_id', '=', user.agencyId).where('purpose', '=', purpose).where('key_held', '=', 'server');
  q = userId ? q.where('user_id', '=', userId) : q;
  const rows = await q.orderBy('created_at', 'desc').execute();
  return rows.map((r) => presentCertificate(r, now));
}

/**
 * Opens a certificate's key to sign with it now: it must be the caller's own (or the agency's,
 * for the clerk), valid now, and the passphrase must open it.
 */
export async function unlockCertificate(db: Executor, vault: KeyVault, user: CurrentUser, certificateId: string, passphrase: string, now: Date): Promise<OpenedKey & { id: string }> {
  const row = await db.selectFrom('signing_certificates').selectAll().where('id', '=', certificateId).where('agency_id', '=', user.agencyId).where('key_held', '=', 'server').executeTakeFirst();
  if (!row) throw notFound('CERTIFICATE_NOT_FOUND');
  if (row.purpose !== 'personal' || row.user_id !== user.id) throw forbidden('NOT_YOUR_CERTIFICATE');
  return unlockRow(vault, row, passphrase, now);
}

/** The agency's newest certificate, opened for the agency signature at issuance. */
export async function unlockAgencyCertificate(db: Executor, vault: KeyVault, agencyId: string, passphrase: string, now: Date): Promise<OpenedKey & { id: string }> {
  const row = await db.selectFrom('signing_certificates').selectAll().where('agency_id', '=', agencyId).where('purpose', '=', 'agency').where('key_held', '=', 'server').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  if (!row) throw new DomainError('AGENCY_CERTIFICATE_MISSING', 409);
  return unlockRow(vault, row, passphrase, now);
}

function unlockRow(vault: KeyVault, row: { id: string; not_before: Date; not_after: Date; encrypted_p12: Uint8Array | null }, passphrase: string, now: Date) {
  requireValidAt({ notBefore: row.not_before, notAfter: row.not_after }, now);
  if (!row.encrypted_p12) throw notFound('CERTIFICATE_NOT_FOUND'); // a key held outside (never selected above)
  return { ...openPkcs12(vault.open(row.encrypted_p12), passphrase), id: row.id };
}

/**
 * The row of a certificate whose key is held outside the server (a token, a remote-signing
 * service), made when a signature by it is accepted, so every document signature names its
 * certificate: one row per official and certificate, found again by its fingerprint. In the
 * caller's transaction.
 */
export async function recordExternalCertificate(db: Executor, user: CurrentUser, certificateDer: Buffer, facts: CertificateFacts, now: Date): Promise<string> {
  const row = await db
    .insertInto('signing_certificates')
    .values({
      agency_id: user.agencyId, user_id: user.id, purpose: 'personal', key_held: 'external', certificate_der: certificateDer, encrypted_p12: null,
      subject: facts.subject, common_name: facts.commonName, issuer: facts.issuer, serial: facts.serial, not_before: facts.notBefore, not_after: facts.notAfter,
      fingerprint: facts.fingerprint, uploaded_by: user.id, created_at: now,
    })
    .onConflict((oc) => oc.columns(['user_id', 'fingerprint']).where('key_held', '=', 'external').doUpdateSet({ agency_id: user.agencyId }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

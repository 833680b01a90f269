import type { Executor } from '../../db/database.js';
import { uniqueOr } from '../../db/unique.js';
import { badRequest, forbidden, notFound } from '../../http/errors.js';
import { type ActionContext, hasRole } from '../auth/current-user.js';
import type { TrustedRootView } from '../../../shared/signatures.js';
import { describeCertificate, type TrustAnchor } from './pdf-verify.js';

// The agency's trusted roots: what "the chain reaches a trusted root" means when its officials
// verify a PDF. Only an admin changes the list; every official of the agency may read it, and no
// other agency ever sees it.


type RootRow = { id: string; subject: string; issuer: string; fingerprint_sha256: string; not_before: Date; not_after: Date; created_at: Date };

const present = (row: RootRow): TrustedRootView => ({
  id: row.id, subject: row.subject, issuer: row.issuer, fingerprintSha256: row.fingerprint_sha256,
  notBefore: row.not_before.toISOString(), notAfter: row.not_after.toISOString(), createdAt: row.created_at.toISOString(),
});

export async function listRoots(db: Executor, ctx: ActionContext): Promise<TrustedRootView[]> {
  const rows = await db.selectFrom('trusted_roots').select(['id', 'subject', 'issuer', 'fingerprint_sha256', 'not_before', 'not_after', 'created_at'])
    .where('agency_id', '=', ctx.user.agencyId).orderBy('subject').execute();
  return rows.map(present);
}

/** The roots a verification in this agency trusts. */
export async function trustAnchors(db: Executor, agencyId: string): Promise<TrustAnchor[]> {
  const rows = await db.selectFrom('trusted_roots').select('pem').where('agency_id', '=', agencyId).execute();
  return rows.map((row) => ({ certificate: row.pem }));
}

/** Imports a CA certificate (PEM text or DER bytes); the stored PEM is rewritten from the DER, nothing else kept. */
export async function addRoot(db: Executor, ctx: ActionContext, input: string | Uint8Array): Promise<TrustedRootView> {
  requireAdmin(ctx);
  const certificate = describeCertificate(typeof input === 'string' ? singlePem(input) : input);
  if (!certificate) throw badRequest('CERTIFICATE_UNREADABLE');
  if (!certificate.isCa) throw badRequest('CERTIFICATE_NOT_CA', { subject: certificate.subject });
  // The unique index per agency decides, so two admins importing the same root at once get one row.
  const row = await uniqueOr('TRUSTED_ROOT_EXISTS', () => db.insertInto('trusted_roots').values({
    agency_id: ctx.user.agencyId, subject: certificate.subject, issuer: certificate.issuer, fingerprint_sha256: certificate.fingerprintSha256,
    not_before: certificate.notBefore, not_after: certificate.notAfter, pem: certificate.pem, created_by: ctx.user.id,
  }).returning(['id', 'subject', 'issuer', 'fingerprint_sha256', 'not_before', 'not_after', 'created_at']).executeTakeFirstOrThrow());
  return present(row);
}

export async function removeRoot(db: Executor, ctx: ActionContext, id: string): Promise<void> {
  requireAdmin(ctx);
  const removed = await db.deleteFrom('trusted_roots').where('id', '=', id).where('agency_id', '=', ctx.user.agencyId).executeTakeFirst();
  if (!removed.numDeletedRows) throw notFound();
}

function requireAdmin(ctx: ActionContext): void {
  if (!hasRole(ctx.user, 'admin')) throw forbidden('ADMIN_ONLY');
}

/** A PEM bundle is refused rather than half imported: one certificate per import, so the admin sees what they trust. */
function singlePem(text: string): string {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length !== 1) throw badRequest('CERTIFICATE_UNREADABLE');
  return blocks[0]!;
}

import { X509Certificate } from 'node:crypto';
import type { EnvelopeSignatureCheck } from '../../../shared/exchange.js';
import { badRequest, conflict, DomainError, forbidden } from '../../http/errors.js';
import type { ActionContext } from '../auth/current-user.js';
import { appendEvent } from '../events/events.repository.js';
import { trustAnchors } from '../signatures/trust.service.js';
import type { Executor } from '../../db/database.js';
import { readPackage } from './edxml.inspect.js';
import type { EnvelopeSignature } from './edxml.signature.js';
import { canReceive } from './exchange.policies.js';
import { type InboxDeps, storeReceivedDocument, storeReceivedStatus } from './peers.transfer.js';

// The receiving clerk imports an edXML package by hand (received by e-mail, on a disk, or taken
// from the national axis): a document enters the agency's electronic-incoming queue as if it had
// arrived (then accepted or rejected there), a status package updates the receivers the agency's
// own document shows. Its sender must be an agency of another deployment known here (a peer's
// agency, set up by the administrator): that is who the document belongs to and whom the status
// packages go back to. All checks come before anything is stored: nothing is half-imported.

/** Whether the signer's certificate is valid now and is, or is issued by, a root the agency trusts. */
export function envelopeTrusted(certificatePem: string | undefined, anchors: (string | Uint8Array)[], now: Date): boolean {
  if (!certificatePem) return false;
  try {
    const leaf = new X509Certificate(certificatePem);
    if (now < new Date(leaf.validFrom) || now > new Date(leaf.validTo)) return false;
    return anchors.some((anchor) => {
      const root = new X509Certificate(anchor);
      if (root.fingerprint256 === leaf.fingerprint256) return true;
      return leaf.checkIssued(root) && leaf.verify(root.publicKey) && now >= new Date(root.validFrom) && now <= new Date(root.validTo);
    });
  } catch {
    return false;
  }
}

export async function envelopeCheck(db: Executor, agencyId: string, signature: EnvelopeSignature, now: Date): Promise<EnvelopeSignatureCheck> {
  const trusted = signature.valid && envelopeTrusted(signature.certificatePem, (await trustAnchors(db, agencyId)).map((a) => a.certificate), now);
  return { present: signature.present, valid: signature.valid, coversPackage: signature.coversPackage, trusted, signer: signature.signer ?? null, failure: signature.failure ?? null };
}

/** An agency of another deployment, by its OrganId; a local agency's documents travel through the exchange itself. */
async function outsideAgency(db: Executor, organId: string) {
  const agency = await db.selectFrom('agencies').select(['id', 'name', 'peer_id']).where('organ_id', '=', organId).executeTakeFirst();
  if (!agency) throw new DomainError('EDXML_SENDER_UNKNOWN', 422);
  if (!agency.peer_id) throw new DomainError('EDXML_SENDER_IS_LOCAL', 422);
  return agency;
}

export async function importEdxml(deps: InboxDeps, ctx: ActionContext, body: unknown) {
  if (!canReceive(ctx.user)) throw forbidden('ONLY_CLERK_RECEIVES');
  if (!Buffer.isBuffer(body) || body.length === 0) throw badRequest('EDXML_BODY_REQUIRED');
  const { parsed, signature } = readPackage(body, deps);
  const own = await deps.db.selectFrom('agencies').select('organ_id').where('id', '=', ctx.user.agencyId).executeTakeFirstOrThrow();
  if (!own.organ_id) throw conflict('EDXML_NO_ORGAN_ID');
  const check = await envelopeCheck(deps.db, ctx.user.agencyId, signature, deps.clock.now());
  if (parsed.kind === 'document') {
    const doc = parsed.document;
    if (!doc.to.some((t) => t.organId === own.organ_id)) throw new DomainError('EDXML_NOT_ADDRESSED_HERE', 422);
    const sender = await outsideAgency(deps.db, doc.from.organId);
    const stored = await storeReceivedDocument(deps, sender, doc, [ctx.user.agencyId], { duplicate: 'EDXML_ALREADY_RECEIVED', imported: { by: ctx.user.id, signature: check } });
    await appendEvent(deps.db, ctx, { agencyId: ctx.user.agencyId, action: 'edxml_imported', payload: { kind: 'document', documentId: doc.documentId, from: doc.from.organId, signature: { present: check.present, valid: check.valid, trusted: check.trusted } } });
    return { kind: 'document' as const, documentId: doc.documentId, deliveryId: 'deliveryIds' in stored ? stored.deliveryIds[0] ?? null : null, signature: check };
  }
  const status = parsed.status;
  if (status.responseFor.organId !== own.organ_id) throw new DomainError('EDXML_NOT_ADDRESSED_HERE', 422);
  const receiver = await outsideAgency(deps.db, status.from.organId);
  await storeReceivedStatus(deps, receiver, status, ctx.user.agencyId);
  await appendEvent(deps.db, ctx, { agencyId: ctx.user.agencyId, action: 'edxml_imported', payload: { kind: 'status', documentId: status.responseFor.documentId, from: status.from.organId, code: status.statusCode } });
  return { kind: 'status' as const, documentId: status.responseFor.documentId, statusCode: status.statusCode, signature: check };
}

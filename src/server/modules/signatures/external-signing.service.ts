import { X509Certificate, createHash, verify as cryptoVerify } from 'node:crypto';
import type { Executor } from '../../db/database.js';
import { DomainError, badRequest, conflict, forbidden, notFound } from '../../http/errors.js';
import type { PreparedSigning } from '../../../shared/signatures.js';
import type { ActionContext } from '../auth/current-user.js';
import { openStoredFile, readAll } from '../files/file-store.js';
import { createOutgoingRepository } from '../outgoing/outgoing.repository.js';
import { recordExternalCertificate } from './certificates.service.js';
import { deleteEndedSigningSessions } from './external-signing.sessions.js';
import { type ExternalCertificate, decodeBase64OrPem, readExternalCertificate, requireIssuedTo, requireSigningCertificate } from './external-signing.certificates.js';
import { verifyPdf } from './pdf-verify.js';
import { buildCms, cmsCertificates, signedAttributesDer } from './signing.cms.js';
import { contentsRoom, embedSignature, type Placeholder } from './signing.pdf.js';
import { type SigningDeps, awaitingMySignature, isNamedSigner, prepareSignerPlaceholder, recordSignerSignature, storeMade } from './signing.service.js';
import { trustAnchors } from './trust.service.js';

// The signer's signature with a key the server never holds (a USB token driven by a desktop tool,
// a remote-signing service), in two calls around the same steps as a server-held key:
//
// 1. prepare: the approved version gets the signer's visible signature field and an empty
//    placeholder, exactly as for a server-held key; the prepared PDF is stored and a session
//    records what was handed out: the SHA-256 of the byte ranges (what a CMS's messageDigest must
//    hold) and, when the client sent the signer's certificate, the DER of the CMS signed
//    attributes, for a tool that only signs (a hash).
// 2. complete: the client returns either a whole detached CMS over that digest, or the raw
//    signature over those signed attributes (the server then builds the CMS). The result is put
//    into the placeholder and must pass the verifier (digest and signature) with an acceptable
//    certificate before anything is stored; then it is recorded like a server signature.

export interface ExternalSigningDeps extends SigningDeps {
  /** How long a prepared signature waits for its completion. */
  sessionMinutes: number;
}

/** Room for a CMS made outside: a longer chain, a timestamp token (the server's own needs about 4.5 KB). */
export const EXTERNAL_CMS_BYTES = 32_000;

export interface PrepareInput {
  /** The signer's certificate, PEM or base64 DER: needed for a raw signature, optional for a CMS. */
  certificate?: string | undefined;
  /** Its issuers, same forms. */
  chain?: string[] | undefined;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The named signer asks for a signature to be made outside. A newer request supersedes a pending one. */
export async function prepareExternalSigning(deps: ExternalSigningDeps, ctx: ActionContext, id: string, input: PrepareInput): Promise<PreparedSigning> {
  const now = ctx.at ?? deps.clock.now();
  const doc = await awaitingMySignature(deps, ctx, id);
  const certificate = input.certificate ? requireIssuedTo(requireSigningCertificate(readExternalCertificate(input.certificate), now), ctx.user.fullName) : null;
  const chain = (input.chain ?? []).map((text) => readExternalCertificate(text).der);
  const placeholder = await prepareSignerPlaceholder(deps, ctx, doc, now, EXTERNAL_CMS_BYTES);
  const chainDer = certificate ? [certificate.der, ...chain] : [];
  const attributes = certificate ? signedAttributesDer({ contentDigest: placeholder.digest, chainDer, signingTime: now }) : null;
  const expiresAt = new Date(now.getTime() + deps.sessionMinutes * 60_000);

  let sessionId = '';
  await storeMade(deps.files, placeholder.pdf, async (stored) => {
    sessionId = await deps.db.transaction().execute(async (tx) => {
      // One prepare at a time per document, so the newest supersedes every other; and still the version approved for signing.
      const locked = await tx.selectFrom('documents').select(['status', 'approved_version']).where('id', '=', id).forNoKeyUpdate().executeTakeFirstOrThrow();
      if (locked.status !== 'approved' || locked.approved_version !== doc.approved_version) throw conflict('NOT_AWAITING_SIGNATURE');
      await deleteEndedSigningSessions(tx);
      await tx.updateTable('external_signing_sessions').set({ status: 'superseded' }).where('document_id', '=', id).where('status', '=', 'pending').execute();
      const row = await tx.insertInto('external_signing_sessions').values({
        agency_id: ctx.user.agencyId, document_id: id, version: doc.approved_version, user_id: ctx.user.id, prepared_hash: stored.hash, prepared_size: stored.size,
        byte_range: placeholder.byteRange, content_digest: placeholder.digest, signing_time: now, certificate_der: certificate?.der ?? null, chain_der: chain,
        signed_attributes: attributes, created_at: now, expires_at: expiresAt,
      }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    });
  });
  return {
    sessionId, documentId: id, version: doc.approved_version, expiresAt: expiresAt.toISOString(), signingTime: now.toISOString(), digestAlgorithm: 'SHA-256',
    contentDigest: b64(placeholder.digest),
    signedAttributes: attributes ? b64(attributes) : null,
    signedAttributesDigest: attributes ? b64(createHash('sha256').update(attributes).digest()) : null,
    keyType: certificate?.keyType ?? null,
    byteRange: placeholder.byteRange,
    maxCmsBytes: contentsRoom(placeholder),
  };
}

type SessionRow = Awaited<ReturnType<typeof findSession>>;

async function findSession(db: Executor, ctx: ActionContext, sessionId: string, lock = false) {
  let query = db.selectFrom('external_signing_sessions').selectAll().where('id', '=', sessionId).where('agency_id', '=', ctx.user.agencyId);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('SIGNING_SESSION_NOT_FOUND');
  if (row.user_id !== ctx.user.id) throw forbidden('NOT_YOUR_SIGNING_SESSION');
  return row;
}

/** A session can be completed once, before it expires, unless a newer one replaced it. */
function requireOpen(session: { status: string; expires_at: Date }, now: Date) {
  if (session.status === 'completed') throw conflict('SIGNING_SESSION_USED');
  if (session.status === 'superseded') throw conflict('SIGNING_SESSION_SUPERSEDED');
  if (session.expires_at <= now) throw new DomainError('SIGNING_SESSION_EXPIRED', 410);
}

export interface CompleteInput {
  /** A detached CMS SignedData (base64 DER or PEM) whose messageDigest is the content digest handed out. */
  cms?: string | undefined;
  /** The raw signature (base64) over the signed attributes handed out. */
  signature?: string | undefined;
}

/** ECDSA from a token often comes as r‖s (PKCS#11, IEEE P1363); CMS wants the DER SEQUENCE of two INTEGERs. */
function ecdsaAsDer(raw: Buffer, certificate: ExternalCertificate, data: Buffer): Buffer {
  const verifies = (dsaEncoding: 'der' | 'ieee-p1363') => {
    try {
      return cryptoVerify('sha256', data, { key: certificate.x509.publicKey, dsaEncoding }, raw);
    } catch {
      return false;
    }
  };
  if (verifies('der') || raw.length % 2 || !verifies('ieee-p1363')) return raw; // the verifier decides below
  const integer = (bytes: Buffer) => {
    let b = bytes;
    while (b.length > 1 && b[0] === 0 && !(b[1]! & 0x80)) b = b.subarray(1);
    if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return Buffer.concat([Buffer.from([0x02, b.length]), b]);
  };
  const body = Buffer.concat([integer(raw.subarray(0, raw.length / 2)), integer(raw.subarray(raw.length / 2))]);
  return Buffer.concat([Buffer.from(body.length < 128 ? [0x30, body.length] : [0x30, 0x81, body.length]), body]);
}

/** The CMS to embed: the client's own, or one built around its raw signature over the attributes handed out. */
async function returnedCms(session: NonNullable<SessionRow>, input: CompleteInput): Promise<{ cms: Buffer; returned: 'cms' | 'signature' }> {
  if (input.cms !== undefined) {
    const cms = decodeBase64OrPem(input.cms);
    if (!cms) throw badRequest('SIGNATURE_UNREADABLE');
    return { cms, returned: 'cms' };
  }
  if (!session.certificate_der || !session.signed_attributes) throw badRequest('SIGNATURE_NEEDS_CERTIFICATE');
  const raw = decodeBase64OrPem(input.signature ?? '');
  if (!raw) throw badRequest('SIGNATURE_UNREADABLE');
  const certificate = readExternalCertificate(Buffer.from(session.certificate_der));
  const attributes = Buffer.from(session.signed_attributes);
  const signature = certificate.keyType === 'ec' ? ecdsaAsDer(raw, certificate, attributes) : raw;
  const cms = await buildCms({
    contentDigest: Buffer.from(session.content_digest), chainDer: [certificate.der, ...session.chain_der.map((d) => Buffer.from(d))], signingTime: session.signing_time, keyType: certificate.keyType,
    sign: async (der) => {
      // The same inputs give the same attributes; anything else would be a bug here, not the client's.
      if (!der.equals(attributes)) throw new Error('signed attributes differ from those handed out');
      return signature;
    },
  });
  return { cms, returned: 'signature' };
}

/**
 * The client returns the signature: it must verify over the prepared bytes with an acceptable
 * certificate (the one given at prepare, if one was), or nothing is stored (400/422); then the
 * document is signed exactly as with a server-held key, once (a second completion gets 409).
 */
export async function completeExternalSigning(deps: ExternalSigningDeps, ctx: ActionContext, sessionId: string, input: CompleteInput) {
  const now = ctx.at ?? deps.clock.now();
  const session = await findSession(deps.db, ctx, sessionId);
  requireOpen(session, now);
  const doc = await createOutgoingRepository(deps.db).findVisible(ctx.user, session.document_id);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  if (doc.status !== 'approved' || doc.approved_version !== session.version) throw conflict('NOT_AWAITING_SIGNATURE');
  if (!isNamedSigner(ctx.user.id, doc)) throw forbidden('NOT_NAMED_SIGNER');

  const { cms, returned } = await returnedCms(session, input);
  const placeholder: Placeholder = {
    pdf: await readAll(await openStoredFile(deps.files, session.prepared_hash, 'prepared.pdf')),
    byteRange: session.byte_range as Placeholder['byteRange'],
    digest: Buffer.from(session.content_digest),
  };
  if (cms.length > contentsRoom(placeholder)) throw badRequest('SIGNATURE_TOO_LARGE', { max: contentsRoom(placeholder) });
  const signed = embedSignature(placeholder, cms);

  // The verifier of every other PDF decides: the digest of the prepared bytes and the signature over the signed attributes.
  const report = await verifyPdf(signed, { now, trustedRoots: await trustAnchors(deps.db, ctx.user.agencyId) });
  const mine = report.signatures.find((s) => s.coverage.byteRange.join(' ') === session.byte_range.join(' '));
  if (!mine || mine.problems.includes('cms_unreadable') || mine.problems.includes('empty_signature')) throw badRequest('SIGNATURE_UNREADABLE');
  if (mine.problems.includes('signer_certificate_missing')) throw badRequest('SIGNER_CERTIFICATE_MISSING');
  if (mine.digestMatches !== true || mine.signatureVerifies !== true || !mine.coverage.coversWholeFile) throw badRequest('SIGNATURE_INVALID');
  const signerDer = cmsCertificates(cms).find((der) => safeFingerprint(der) === mine.signer?.fingerprintSha256);
  if (!signerDer) throw badRequest('SIGNER_CERTIFICATE_MISSING');
  if (session.certificate_der && !signerDer.equals(Buffer.from(session.certificate_der))) throw badRequest('SIGNER_CERTIFICATE_MISMATCH');
  const signingTime = mine.signingTime ? new Date(mine.signingTime) : session.signing_time;
  const certificate = requireIssuedTo(requireSigningCertificate(readExternalCertificate(signerDer), session.signing_time, signingTime, now), ctx.user.fullName);

  const result = await recordSignerSignature(deps, ctx, {
    documentId: session.document_id,
    version: session.version,
    signed,
    payload: { keyHeld: 'external', session: session.id, returned, trusted: mine.chain.trusted },
    within: async (tx) => {
      // Two completions of one session race here: the second finds it used.
      requireOpen(await findSession(tx, ctx, sessionId, true), now);
      await tx.updateTable('external_signing_sessions').set({ status: 'completed', completed_at: now }).where('id', '=', sessionId).execute();
    },
    certificate: async (tx) => ({ id: await recordExternalCertificate(tx, ctx.user, certificate.der, certificate.facts, now), subject: certificate.facts.commonName }),
  });
  return { ...result, documentId: session.document_id };
}

function safeFingerprint(der: Buffer): string | null {
  try {
    return new X509Certificate(der).fingerprint256;
  } catch {
    return null;
  }
}

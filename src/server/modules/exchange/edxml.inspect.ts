import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { badRequest, forbidden } from '../../http/errors.js';
import { vietnamDate, type Clock } from '../../time.js';
import { hasRole, type ActionContext } from '../auth/current-user.js';
import { edxmlValidationError } from './edxml.errors.js';
import { EdxmlInvalidError, parseEdxml, type ParsedPackage } from './edxml.parse.js';
import { verifyEnvelopeSignature, type EnvelopeSignature } from './edxml.signature.js';

export interface InspectDeps {
  db: Db;
  clock: Clock;
  maxBytes: number;
}

/** Who sent it, as this deployment knows them: one of its agencies, an entry of the directory, or nobody known. */
async function knownSender(db: Db, organId: string) {
  const agency = await db.selectFrom('agencies').select(['id', 'name']).where('organ_id', '=', organId).executeTakeFirst();
  if (agency) return { kind: 'agency' as const, name: agency.name };
  const entry = await db.selectFrom('directory_entries').select(['id', 'name']).where('organ_id', '=', organId).where('active', '=', true).executeTakeFirst();
  return entry ? { kind: 'directory' as const, name: entry.name } : { kind: 'unknown' as const, name: null };
}

/** Reads a package; throws the API's 400 with one entry per problem when it cannot be accepted. */
export function readPackage(bytes: Buffer, deps: Pick<InspectDeps, 'clock' | 'maxBytes'>): { parsed: ParsedPackage; signature: EnvelopeSignature } {
  let parsed: ParsedPackage;
  try {
    parsed = parseEdxml(bytes, { today: vietnamDate(deps.clock.now()), maxBytes: deps.maxBytes });
  } catch (error) {
    if (error instanceof EdxmlInvalidError) throw edxmlValidationError(error.problems);
    throw error;
  }
  return { parsed, signature: verifyEnvelopeSignature(bytes.toString('utf8')) };
}

const presentSignature = (s: EnvelopeSignature) => ({ present: s.present, valid: s.valid, coversPackage: s.coversPackage, signer: s.signer ?? null, failure: s.failure ?? null });

/** What a package holds, checked, without storing anything: for the clerk before receiving it. */
export async function inspectEdxml(deps: InspectDeps, ctx: ActionContext, body: unknown) {
  if (!hasRole(ctx.user, 'clerk') && !hasRole(ctx.user, 'leader')) throw forbidden('ONLY_CLERK_EXCHANGES');
  if (!Buffer.isBuffer(body) || body.length === 0) throw badRequest('EDXML_BODY_REQUIRED');
  const { parsed, signature } = readPackage(body, deps);
  if (parsed.kind === 'status') {
    const s = parsed.status;
    return { kind: 'status' as const, signature: presentSignature(signature), sender: await knownSender(deps.db, s.from.organId), status: { ...s, timestamp: s.timestamp.toISOString() } };
  }
  const d = parsed.document;
  return {
    kind: 'document' as const,
    signature: presentSignature(signature),
    sender: await knownSender(deps.db, d.from.organId),
    document: {
      ...d,
      trace: d.trace.map((t) => ({ organId: t.organId, timestamp: t.timestamp.toISOString() })),
      attachments: d.attachments.map((a) => ({ contentId: a.contentId, name: a.name, description: a.description ?? null, contentType: a.contentType, size: a.content.length, sha256: createHash('sha256').update(a.content).digest('hex') })),
    },
  };
}

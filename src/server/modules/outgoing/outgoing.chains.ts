import type { ApprovalStepKind, DocumentType } from '../../../shared/enums.js';
import type { Db, Executor } from '../../db/database.js';
import { forbidden, notFound } from '../../http/errors.js';
import { type ActionContext, hasRole } from '../auth/current-user.js';
import { appendEvent } from '../events/events.repository.js';
import type { ChainBody } from './outgoing.schemas.js';

// Approval chains: what the admin configures (steps relative to the drafter, per document type or
// the agency's default) and whom they name for one draft. Resolution happens at submission, so a
// change of staff or of the chain affects the next submission, never a review under way.

/** Without a configured chain: the head of the drafting unit, then the signer (or the director). */
export const DEFAULT_STEPS: ApprovalStepKind[] = ['unit_head', 'signer'];

export interface ResolvedStep {
  kind: ApprovalStepKind;
  holderId: string;
}

export async function configuredSteps(db: Executor, agencyId: string, documentType: DocumentType): Promise<ApprovalStepKind[]> {
  const rows = await db
    .selectFrom('approval_chains')
    .select(['document_type', 'steps'])
    .where('agency_id', '=', agencyId)
    .where((eb) => eb.or([eb('document_type', '=', documentType), eb('document_type', 'is', null)]))
    .execute();
  const own = rows.find((r) => r.document_type === documentType) ?? rows.find((r) => r.document_type === null);
  return own ? (own.steps as ApprovalStepKind[]) : DEFAULT_STEPS;
}

/** Position order of a unit's heads: the head before deputies. */
const HEAD_ORDER = ['head_of_unit', 'chief_of_office', 'deputy_head_of_unit', 'deputy_chief_of_office'];

async function holderOf(db: Executor, kind: ApprovalStepKind, agencyId: string, unitId: string | null, signerId: string | null): Promise<string | null> {
  const active = db.selectFrom('users').select(['id', 'position']).where('agency_id', '=', agencyId).where('active', '=', true);
  switch (kind) {
    case 'unit_head': {
      if (!unitId) return null;
      const heads = await active.where('unit_id', '=', unitId).where(({ eb, val }) => eb(val('unit_head'), '=', eb.fn.any('roles'))).execute();
      heads.sort((a, b) => rank(a.position) - rank(b.position));
      return heads[0]?.id ?? null;
    }
    case 'supervisor': {
      if (!unitId) return null;
      const unit = await db.selectFrom('units').innerJoin('users', 'users.id', 'units.supervisor_id').select('users.id').where('units.id', '=', unitId).where('users.active', '=', true).executeTakeFirst();
      return unit?.id ?? null;
    }
    case 'director':
      return (await active.where('position', '=', 'director').orderBy('created_at').executeTakeFirst())?.id ?? null;
    case 'chief_of_office':
      return (await active.where('position', '=', 'chief_of_office').orderBy('created_at').executeTakeFirst())?.id ?? null;
    case 'signer':
      return signerId ?? (await active.where('position', '=', 'director').orderBy('created_at').executeTakeFirst())?.id ?? null;
  }
}

function rank(position: string): number {
  const i = HEAD_ORDER.indexOf(position);
  return i < 0 ? HEAD_ORDER.length : i;
}

/**
 * The people a chain names for one draft, in order. A step that names nobody (a unit without a
 * head), the drafter themselves, or the same person as the step before is left out; the signer
 * always closes the chain, since only they approve the final version (duyệt ký, Decree 30 Điều 10).
 */
export async function resolveChain(
  db: Executor,
  input: { agencyId: string; documentType: DocumentType; drafterId: string; unitId: string | null; signerId: string | null },
): Promise<ResolvedStep[]> {
  const kinds = [...(await configuredSteps(db, input.agencyId, input.documentType))];
  if (input.signerId && !kinds.includes('signer')) kinds.push('signer');
  const steps: ResolvedStep[] = [];
  for (const kind of kinds) {
    const holderId = await holderOf(db, kind, input.agencyId, input.unitId, input.signerId);
    if (!holderId || holderId === input.drafterId) continue;
    if (steps.some((s) => s.holderId === holderId)) continue;
    steps.push({ kind, holderId });
  }
  return steps;
}

// ---------------------------------------------------------------- the admin's screen

export async function listChains(db: Executor, agencyId: string) {
  const rows = await db.selectFrom('approval_chains').select(['document_type', 'steps', 'updated_at']).where('agency_id', '=', agencyId).orderBy('document_type', 'asc').execute();
  return { defaultSteps: DEFAULT_STEPS, items: rows.map((r) => ({ documentType: r.document_type, steps: r.steps as ApprovalStepKind[], updatedAt: r.updated_at.toISOString() })) };
}

/** Sets the chain of a document type (or the default); recorded in the agency's history. */
export async function saveChain(db: Db, ctx: ActionContext, input: ChainBody) {
  if (!hasRole(ctx.user, 'admin')) throw forbidden('ADMIN_ONLY');
  await db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom('approval_chains').select('id').where('agency_id', '=', ctx.user.agencyId)
      .where((eb) => (input.documentType ? eb('document_type', '=', input.documentType) : eb('document_type', 'is', null)))
      .forUpdate().executeTakeFirst();
    const values = { steps: JSON.stringify(input.steps), updated_by: ctx.user.id, updated_at: new Date() };
    if (existing) await tx.updateTable('approval_chains').set(values).where('id', '=', existing.id).execute();
    else await tx.insertInto('approval_chains').values({ agency_id: ctx.user.agencyId, document_type: input.documentType, ...values }).execute();
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, action: 'approval_chain_updated', payload: { documentType: input.documentType, steps: input.steps } });
  });
  return listChains(db, ctx.user.agencyId);
}

/** Whom the chain would name for a drafter of this agency, before anyone submits. */
export async function previewChain(db: Executor, ctx: ActionContext, query: { drafterId: string; documentType: DocumentType; signerId?: string | undefined; unitId?: string | undefined }) {
  const drafter = await db.selectFrom('users').select(['id', 'unit_id']).where('id', '=', query.drafterId).where('agency_id', '=', ctx.user.agencyId).executeTakeFirst();
  if (!drafter) throw notFound();
  const steps = await resolveChain(db, { agencyId: ctx.user.agencyId, documentType: query.documentType, drafterId: drafter.id, unitId: await unitOfAgency(db, ctx.user.agencyId, query.unitId) ?? drafter.unit_id, signerId: query.signerId ?? null });
  const ids = steps.map((s) => s.holderId);
  const people = ids.length ? await db.selectFrom('users').select(['id', 'full_name', 'position']).where('id', 'in', ids).execute() : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  return { steps: steps.map((s) => ({ kind: s.kind, holder: { id: s.holderId, fullName: byId.get(s.holderId)?.full_name ?? '—', position: byId.get(s.holderId)?.position ?? null } })) };
}

/** A unit id given by a client, if it is a unit of this agency (never another agency's). */
async function unitOfAgency(db: Executor, agencyId: string, unitId: string | undefined): Promise<string | null> {
  if (!unitId) return null;
  const unit = await db.selectFrom('units').select('id').where('id', '=', unitId).where('agency_id', '=', agencyId).executeTakeFirst();
  return unit?.id ?? null;
}

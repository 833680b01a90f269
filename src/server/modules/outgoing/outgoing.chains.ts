import type { ApprovalStepKind, DocumentType } from '../../../shared/enums.js';
import type { Db, Executor } from '../../db/database.js';
import { forbidden, notFound } from '../../http/errors.js';
import { type ActionContext, hasRole } from '../auth/current-user.js';
import { appendEvent } from '../events/events.repository.js';
import type { ChainBody, ChainPreviewQuery } from './outgoing.schemas.js';

// Approval chains: what the admin configures (steps relative to the drafter, per document type or
// the agency's default) and whom they name for one draft. Resolution happens at submission, so a
// change of staff or of the chain affects the next submission, never a review under way.

/** Without a configured chain: the head of the drafting unit, then the signer (or the director). */
export const DEFAULT_STEPS: ApprovalStepKind[] = ['unit_head', 'signer'];

export interface ResolvedStep {
  kind: ApprovalStepKind;
  holderId: string;
}

/**
 * What one configured step gives for a drafter: someone who reviews, or why it is skipped: nobody
 * holds it (a unit without a head or supervising leader), it names the drafter, or the person of an
 * earlier step.
 */
export type StepOutcome = 'reviews' | 'nobody' | 'drafter' | 'repeated';
export interface ExplainedStep {
  kind: ApprovalStepKind;
  holderId: string | null;
  outcome: StepOutcome;
}

/** Where the steps of a type come from: its own chain, the agency's default, or the built-in one. */
export type ChainSource = 'type' | 'default' | 'builtin';

export async function chainOf(db: Executor, agencyId: string, documentType: DocumentType): Promise<{ source: ChainSource; steps: ApprovalStepKind[] }> {
  const rows = await db
    .selectFrom('approval_chains')
    .select(['document_type', 'steps'])
    .where('agency_id', '=', agencyId)
    .where((eb) => eb.or([eb('document_type', '=', documentType), eb('document_type', 'is', null)]))
    .execute();
  const own = rows.find((r) => r.document_type === documentType);
  if (own) return { source: 'type', steps: own.steps as ApprovalStepKind[] };
  const fallback = rows.find((r) => r.document_type === null);
  return fallback ? { source: 'default', steps: fallback.steps as ApprovalStepKind[] } : { source: 'builtin', steps: DEFAULT_STEPS };
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

interface ChainInput { agencyId: string; drafterId: string; unitId: string | null; signerId: string | null }

/**
 * Each step of a chain with whom it names for one draft. A step that names nobody (a unit without a
 * head), the drafter themselves, or the same person as an earlier step is skipped; the signer
 * always closes the chain, since only they approve the final version (duyệt ký, Decree 30 Điều 10).
 */
export async function explainChain(db: Executor, kinds: readonly ApprovalStepKind[], input: ChainInput): Promise<ExplainedStep[]> {
  const all = input.signerId && !kinds.includes('signer') ? [...kinds, 'signer' as const] : kinds;
  const steps: ExplainedStep[] = [];
  for (const kind of all) {
    const holderId = await holderOf(db, kind, input.agencyId, input.unitId, input.signerId);
    const outcome: StepOutcome = !holderId ? 'nobody'
      : holderId === input.drafterId ? 'drafter'
        : steps.some((s) => s.outcome === 'reviews' && s.holderId === holderId) ? 'repeated' : 'reviews';
    steps.push({ kind, holderId, outcome });
  }
  return steps;
}

/** The people a chain names for one draft, in order: the steps that are not skipped. */
export async function resolveChain(db: Executor, input: ChainInput & { documentType: DocumentType }): Promise<ResolvedStep[]> {
  const { steps } = await chainOf(db, input.agencyId, input.documentType);
  const explained = await explainChain(db, steps, input);
  return explained.flatMap((s) => (s.outcome === 'reviews' && s.holderId ? [{ kind: s.kind, holderId: s.holderId }] : []));
}

// ---------------------------------------------------------------- the admin's screen

export async function listChains(db: Executor, agencyId: string) {
  const rows = await db.selectFrom('approval_chains').select(['document_type', 'steps', 'updated_at']).where('agency_id', '=', agencyId).orderBy('document_type', 'asc').execute();
  const items = rows.map((r) => ({ documentType: r.document_type as DocumentType | null, steps: r.steps as ApprovalStepKind[], updatedAt: r.updated_at.toISOString() }));
  // defaultSteps: what a type without its own chain follows today (the agency's default, else the built-in one).
  return { builtInSteps: DEFAULT_STEPS, defaultSteps: items.find((c) => c.documentType === null)?.steps ?? DEFAULT_STEPS, items };
}

/**
 * Sets the chain of a document type (or the default); recorded in the agency's history. An empty
 * list removes the type's own chain, so it follows the default again (the default: the built-in one).
 */
export async function saveChain(db: Db, ctx: ActionContext, input: ChainBody) {
  if (!hasRole(ctx.user, 'admin')) throw forbidden('ADMIN_ONLY');
  await db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom('approval_chains').select(['id', 'steps']).where('agency_id', '=', ctx.user.agencyId)
      .where((eb) => (input.documentType ? eb('document_type', '=', input.documentType) : eb('document_type', 'is', null)))
      .forUpdate().executeTakeFirst();
    const values = { steps: JSON.stringify(input.steps), updated_by: ctx.user.id, updated_at: new Date() };
    if (!input.steps.length) {
      if (existing) await tx.deleteFrom('approval_chains').where('id', '=', existing.id).execute();
    } else if (existing) await tx.updateTable('approval_chains').set(values).where('id', '=', existing.id).execute();
    else await tx.insertInto('approval_chains').values({ agency_id: ctx.user.agencyId, document_type: input.documentType, ...values }).execute();
    await appendEvent(tx, ctx, {
      agencyId: ctx.user.agencyId, action: 'approval_chain_updated',
      payload: { documentType: input.documentType, steps: input.steps, previousSteps: existing?.steps ?? null },
    });
  });
  return listChains(db, ctx.user.agencyId);
}

/**
 * Whom a chain would name for a drafter of this agency, before anyone submits: the saved chain of a
 * type, or steps still being edited. `configured` explains every step, the skipped ones too, so the
 * admin sees a step nobody fills; `steps` are the reviewers a submission would get.
 */
export async function previewChain(db: Executor, ctx: ActionContext, query: ChainPreviewQuery) {
  const drafter = await db.selectFrom('users').select(['id', 'unit_id']).where('id', '=', query.drafterId).where('agency_id', '=', ctx.user.agencyId).executeTakeFirst();
  if (!drafter) throw notFound();
  // The schema lets a query without steps through only with a document type.
  const chain = query.steps ? { source: null, steps: query.steps } : await chainOf(db, ctx.user.agencyId, query.documentType!);
  const unitId = await unitOfAgency(db, ctx.user.agencyId, query.unitId) ?? drafter.unit_id;
  const signerId = await userOfAgency(db, ctx.user.agencyId, query.signerId);
  const explained = await explainChain(db, chain.steps, { agencyId: ctx.user.agencyId, drafterId: drafter.id, unitId, signerId });
  const holders = await holdersById(db, explained.flatMap((s) => (s.holderId ? [s.holderId] : [])));
  const configured = explained.map((s) => ({ kind: s.kind, outcome: s.outcome, holder: s.holderId ? holders.get(s.holderId) ?? null : null }));
  return {
    source: chain.source,
    configured,
    steps: configured.flatMap((s) => (s.outcome === 'reviews' && s.holder ? [{ kind: s.kind, holder: s.holder }] : [])),
  };
}

async function holdersById(db: Executor, ids: string[]) {
  const people = ids.length
    ? await db.selectFrom('users').leftJoin('units', 'units.id', 'users.unit_id').select(['users.id', 'users.full_name', 'users.position', 'units.name as unit_name']).where('users.id', 'in', ids).execute()
    : [];
  return new Map(people.map((p) => [p.id, { id: p.id, fullName: p.full_name, position: p.position, unitName: p.unit_name }]));
}

/** A user id given by a client, if it is an official of this agency (another agency's is ignored, as a unit's is). */
async function userOfAgency(db: Executor, agencyId: string, userId: string | undefined): Promise<string | null> {
  if (!userId) return null;
  const user = await db.selectFrom('users').select('id').where('id', '=', userId).where('agency_id', '=', agencyId).executeTakeFirst();
  return user?.id ?? null;
}

/** A unit id given by a client, if it is a unit of this agency (never another agency's). */
async function unitOfAgency(db: Executor, agencyId: string, unitId: string | undefined): Promise<string | null> {
  if (!unitId) return null;
  const unit = await db.selectFrom('units').select('id').where('id', '=', unitId).where('agency_id', '=', agencyId).executeTakeFirst();
  return unit?.id ?? null;
}

import { sql } from 'kysely';
import type { DelegatedWorkItem, DelegationItem, DelegationScope } from '../../../shared/delegation.js';
import { DELEGATION_SCOPES } from '../../../shared/delegation.js';
import type { Db } from '../../db/database.js';
import { DomainError, forbidden, notFound, ValidationError } from '../../http/errors.js';
import type { Clock } from '../../time.js';
import { type ActionContext, delegatorsFor } from '../auth/current-user.js';
import { reference } from '../documents/documents.presenters.js';
import { appendEvent } from '../events/events.repository.js';
import { canRevoke, delegationState, ownScopes, seesAgencyDelegations } from './delegation.policies.js';
import { type DelegationRow, findDelegation, listDelegations, overlapping } from './delegation.repository.js';
import type { CreateBody, ListQuery } from './delegation.schemas.js';

// Use cases of delegation (ủy quyền): a leader gives part of their work to another official of
// the agency for a period; the delegate finds that work in a list of its own and acts on it in
// the leader's name (the actions check `actingFor` where they are decided).

export interface DelegationDeps {
  db: Db;
  clock: Clock;
}

function present(row: DelegationRow, ctx: ActionContext, now: Date): DelegationItem {
  const state = delegationState(row, now);
  return {
    id: row.id,
    delegator: { id: row.delegator_id, fullName: row.delegator_name, position: row.delegator_position },
    delegate: { id: row.delegate_id, fullName: row.delegate_name, position: row.delegate_position },
    scopes: row.scopes as DelegationScope[],
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    note: row.note,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revokedBy: row.revoked_by_name,
    state,
    canRevoke: canRevoke(ctx.user, row, state),
  };
}

/** The leader delegates some of their own work to another active official of their agency. */
export async function createDelegation(deps: DelegationDeps, ctx: ActionContext, body: CreateBody): Promise<DelegationItem> {
  const scopes = DELEGATION_SCOPES.filter((s) => body.scopes.includes(s));
  const own = ownScopes(ctx.user);
  if (scopes.some((s) => !own.includes(s))) throw forbidden('NO_REDELEGATION');
  const now = deps.clock.now();
  const startsAt = new Date(body.startsAt);
  const endsAt = new Date(body.endsAt);
  if (body.delegateId === ctx.user.id) throw ValidationError.field('delegateId', 'DELEGATE_SELF');
  if (endsAt <= startsAt) throw ValidationError.field('endsAt', 'ENDS_BEFORE_START');
  if (endsAt <= now) throw ValidationError.field('endsAt', 'ENDS_IN_PAST');

  return deps.db.transaction().execute(async (tx) => {
    // One delegator's creations run one at a time, so two overlapping ones cannot both pass the check.
    await tx.selectFrom('users').select('id').where('id', '=', ctx.user.id).forUpdate().executeTakeFirstOrThrow();
    const delegate = await tx.selectFrom('users').select(['id', 'full_name']).where('id', '=', body.delegateId)
      .where('agency_id', '=', ctx.user.agencyId).where('active', '=', true).executeTakeFirst();
    // An official of another agency is refused exactly as an unknown one: nothing about them leaks.
    if (!delegate) throw ValidationError.field('delegateId', 'DELEGATE_NOT_MEMBER');
    const clash = await overlapping(tx, ctx.user.id, scopes, startsAt, endsAt);
    if (clash) throw new DomainError('DELEGATION_OVERLAP', 409, { name: clash.delegate_name }, { delegationId: clash.id });
    const { id } = await tx.insertInto('delegations').values({
      agency_id: ctx.user.agencyId, delegator_id: ctx.user.id, delegate_id: delegate.id, scopes,
      starts_at: startsAt, ends_at: endsAt, note: body.note || null, created_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await appendEvent(tx, { ...ctx, at: now }, {
      agencyId: ctx.user.agencyId, action: 'delegation_created',
      payload: { delegationId: id, delegateId: delegate.id, delegateName: delegate.full_name, scopes, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() },
    });
    return present((await findDelegation(tx, ctx.user.agencyId, id))!, ctx, now);
  });
}

/** Delegations I gave, I received, or (the head and the administrator) all of the agency's. */
export async function listDelegationsOf(deps: DelegationDeps, ctx: ActionContext, query: ListQuery) {
  if (query.view === 'agency' && !seesAgencyDelegations(ctx.user)) throw forbidden('AGENCY_DELEGATIONS_HEAD_ONLY');
  const now = deps.clock.now();
  const rows = await listDelegations(deps.db, ctx.user, query.view, query.page, query.pageSize);
  return { items: rows.map((row) => present(row, ctx, now)), page: query.page, pageSize: query.pageSize };
}

/** The delegator (or the head, or the administrator) ends a delegation now; what the delegate did stays done. */
export async function revokeDelegation(deps: DelegationDeps, ctx: ActionContext, id: string): Promise<DelegationItem> {
  return deps.db.transaction().execute(async (tx) => {
    const row = await findDelegation(tx, ctx.user.agencyId, id);
    const involved = row && (row.delegator_id === ctx.user.id || row.delegate_id === ctx.user.id || seesAgencyDelegations(ctx.user));
    if (!row || !involved) throw notFound('DELEGATION_NOT_FOUND');
    const now = deps.clock.now();
    const state = delegationState(row, now);
    if (state === 'revoked' || state === 'expired') throw new DomainError('DELEGATION_ENDED', 409);
    if (!canRevoke(ctx.user, row, state)) throw forbidden('DELEGATION_NOT_YOURS');
    const updated = await tx.updateTable('delegations').set({ revoked_at: now, revoked_by: ctx.user.id })
      .where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    if (!updated.numUpdatedRows) throw new DomainError('DELEGATION_ENDED', 409);
    await appendEvent(tx, { ...ctx, at: now }, {
      agencyId: ctx.user.agencyId, action: 'delegation_revoked',
      payload: { delegationId: id, delegatorId: row.delegator_id, delegateId: row.delegate_id, delegateName: row.delegate_name },
    });
    return present((await findDelegation(tx, ctx.user.agencyId, id))!, ctx, now);
  });
}

/**
 * The work waiting for the officials who delegated to me, that I may do in their name now:
 * incoming documents submitted to them, drafts at their approval step. (A signing delegation is
 * used on the delegate's own TUQ. drafts: see signing.service.ts `signingContext`.)
 */
export async function delegatedWork(deps: DelegationDeps, ctx: ActionContext): Promise<{ items: DelegatedWorkItem[] }> {
  const parts = [];
  const incoming = delegatorsFor(ctx.user, 'incoming');
  const approval = delegatorsFor(ctx.user, 'approval');
  if (incoming.length) {
    parts.push(sql`SELECT d.id, 'direct' AS action, d.submitted_to AS principal, d.submitted_at AS since FROM documents d
      WHERE d.agency_id = ${ctx.user.agencyId} AND d.direction = 'incoming' AND d.status = 'submitted' AND d.submitted_to IN (${sql.join(incoming)})`);
  }
  if (approval.length) {
    parts.push(sql`SELECT s.document_id, 'approve', s.holder_id, s.became_current_at FROM approval_steps s
      WHERE s.agency_id = ${ctx.user.agencyId} AND s.status = 'current' AND s.holder_id IN (${sql.join(approval)})`);
  }
  if (!parts.length) return { items: [] };
  const { rows } = await sql<{ id: string; direction: 'incoming' | 'outgoing'; action: DelegatedWorkItem['action']; principal: string; principal_name: string; summary: string; number: string | null; notation: string | null; urgency: string; status: string; since: Date | null }>`
    SELECT doc.id, doc.direction, w.action, w.principal, u.full_name AS principal_name, doc.summary, doc.number, doc.notation, doc.urgency, doc.status, w.since
    FROM (${sql.join(parts, sql` UNION ALL `)}) AS w (document_id, action, principal, since)
    JOIN documents doc ON doc.id = w.document_id JOIN users u ON u.id = w.principal
    ORDER BY doc.urgency_rank DESC, w.since ASC NULLS LAST LIMIT 500`.execute(deps.db);
  return {
    items: rows.map((r) => ({
      documentId: r.id, direction: r.direction, action: r.action, delegatorId: r.principal, delegatorName: r.principal_name,
      summary: r.summary, reference: reference(r.number, r.notation) || null, urgency: r.urgency, status: r.status, since: r.since ? new Date(r.since).toISOString() : null,
    })),
  };
}

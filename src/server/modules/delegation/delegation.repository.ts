import { sql } from 'kysely';
import type { DelegationScope, DelegationView } from '../../../shared/delegation.js';
import type { Executor } from '../../db/database.js';
import type { ActingFor, CurrentUser } from '../auth/current-user.js';

// Delegations as stored: what an official holds now (read with every request), the lists, and
// the overlap check. Periods are half-open: [starts_at, ends_at).

/** The delegations `userId` holds at `now`, from delegators still active in the same agency. */
export async function heldDelegations(db: Executor, userId: string, now: Date): Promise<ActingFor[]> {
  const rows = await db
    .selectFrom('delegations as d')
    .innerJoin('users as delegator', 'delegator.id', 'd.delegator_id')
    .select(['d.id', 'd.delegator_id', 'delegator.full_name', 'd.scopes'])
    .where('d.delegate_id', '=', userId)
    .where('d.revoked_at', 'is', null)
    .where('d.starts_at', '<=', now)
    .where('d.ends_at', '>', now)
    .where('delegator.active', '=', true)
    .whereRef('delegator.agency_id', '=', 'd.agency_id')
    .orderBy('d.starts_at')
    .execute();
  return rows.map((r) => ({ delegationId: r.id, delegatorId: r.delegator_id, delegatorName: r.full_name, scopes: r.scopes as DelegationScope[] }));
}

const columns = [
  'd.id', 'd.agency_id', 'd.delegator_id', 'd.delegate_id', 'd.scopes', 'd.starts_at', 'd.ends_at', 'd.note', 'd.created_at', 'd.revoked_at', 'd.revoked_by',
  'delegator.full_name as delegator_name', 'delegator.position as delegator_position',
  'delegate.full_name as delegate_name', 'delegate.position as delegate_position',
  'revoker.full_name as revoked_by_name',
] as const;

function selectDelegations(db: Executor) {
  return db
    .selectFrom('delegations as d')
    .innerJoin('users as delegator', 'delegator.id', 'd.delegator_id')
    .innerJoin('users as delegate', 'delegate.id', 'd.delegate_id')
    .leftJoin('users as revoker', 'revoker.id', 'd.revoked_by')
    .select(columns);
}

export type DelegationRow = Awaited<ReturnType<ReturnType<typeof selectDelegations>['executeTakeFirstOrThrow']>>;

/** One page of the delegations of a view, always within the user's agency; newest first. */
export async function listDelegations(db: Executor, user: CurrentUser, view: DelegationView, page: number, pageSize: number) {
  let base = selectDelegations(db).where('d.agency_id', '=', user.agencyId);
  if (view === 'given') base = base.where('d.delegator_id', '=', user.id);
  if (view === 'received') base = base.where('d.delegate_id', '=', user.id);
  return base.orderBy('d.starts_at', 'desc').orderBy('d.created_at', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
}

export const findDelegation = (db: Executor, agencyId: string, id: string) =>
  selectDelegations(db).where('d.id', '=', id).where('d.agency_id', '=', agencyId).executeTakeFirst();

/** A live (not revoked) delegation of the same delegator sharing a scope and overlapping [startsAt, endsAt). */
export function overlapping(db: Executor, delegatorId: string, scopes: DelegationScope[], startsAt: Date, endsAt: Date) {
  return selectDelegations(db)
    .where('d.delegator_id', '=', delegatorId)
    .where('d.revoked_at', 'is', null)
    .where('d.starts_at', '<', endsAt)
    .where('d.ends_at', '>', startsAt)
    .where(sql<boolean>`d.scopes && ${sql.val(scopes)}::text[]`)
    .executeTakeFirst();
}

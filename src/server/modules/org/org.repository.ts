import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

export function createOrgRepository(db: Executor) {
  return {
    agency: (agencyId: string) => db.selectFrom('agencies').selectAll().where('id', '=', agencyId).executeTakeFirst(),

    units: (agencyId: string) =>
      unitsWithSupervisor(db).where('units.agency_id', '=', agencyId).orderBy('units.sort_order').orderBy('units.name').execute(),

    unit: (agencyId: string, unitId: string) =>
      unitsWithSupervisor(db).where('units.agency_id', '=', agencyId).where('units.id', '=', unitId).executeTakeFirst(),

    /** An active official of the agency holding the leader role, the only kind who may supervise a unit. */
    activeLeader: (agencyId: string, userId: string) =>
      db.selectFrom('users').select(['id', 'full_name']).where('agency_id', '=', agencyId).where('id', '=', userId).where('active', '=', true)
        .where(({ eb, val }) => eb(val('leader'), '=', eb.fn.any('roles'))).executeTakeFirst(),

    users: (agencyId: string, includeInactive: boolean) => {
      let query = db.selectFrom('users').selectAll().where('agency_id', '=', agencyId);
      if (!includeInactive) query = query.where('active', '=', true);
      return query.orderBy('full_name').execute();
    },

    user: (agencyId: string, userId: string) =>
      db.selectFrom('users').selectAll().where('agency_id', '=', agencyId).where('id', '=', userId).executeTakeFirst(),

    /** Role grants in the agency, newest first: accounts created with roles, and changed roles. */
    async roleChanges(agencyId: string, page: number, pageSize: number) {
      const grants = db
        .selectFrom('events as e')
        .where('e.agency_id', '=', agencyId)
        .where((eb) => eb.or([
          eb.and([eb('e.action', '=', 'user_created'), sql<boolean>`e.payload -> 'roles' IS NOT NULL`]),
          eb.and([eb('e.action', '=', 'user_updated'), sql<boolean>`e.payload -> 'previousRoles' IS NOT NULL`]),
        ]));
      const [items, total] = await Promise.all([
        grants
          .leftJoin('users as actor', 'actor.id', 'e.actor_id')
          .leftJoin('users as subject', (join) => join.on(sql`subject.id::text`, '=', sql`e.payload ->> 'userId'`))
          .select([
            'e.id', 'e.action', 'e.created_at', 'e.payload',
            'actor.id as actor_id', 'actor.full_name as actor_name', 'actor.username as actor_username',
            'subject.id as subject_id', 'subject.full_name as subject_name', 'subject.username as subject_username',
          ])
          .orderBy('e.id', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        grants.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: total.count };
    },
    /** Active users and units of the agency among the given ids (for validating assignees). */
    async activeMembers(agencyId: string, userIds: string[], unitIds: string[]) {
      const users = userIds.length
        ? await db.selectFrom('users').select(['id', 'unit_id', 'roles', 'full_name']).where('agency_id', '=', agencyId).where('active', '=', true).where('id', 'in', userIds).execute()
        : [];
      const units = unitIds.length
        ? await db.selectFrom('units').select(['id', 'name']).where('agency_id', '=', agencyId).where('active', '=', true).where('id', 'in', unitIds).execute()
        : [];
      return { users, units };
    },
  };
}

/** Units with the name of their supervising leader, so the list needs no second request. */
const unitsWithSupervisor = (db: Executor) =>
  db.selectFrom('units').leftJoin('users as supervisor', 'supervisor.id', 'units.supervisor_id').selectAll('units').select('supervisor.full_name as supervisor_name');

export type UserRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createOrgRepository>['user']>>>;
export type UnitRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createOrgRepository>['unit']>>>;

/** Contact details only for administrators and the official themselves. */
export function presentUser(row: UserRow, withContact = true) {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    email: withContact ? row.email : null,
    phone: withContact ? row.phone : null,
    position: row.position,
    roles: row.roles,
    unitId: row.unit_id,
    active: row.active,
  };
}

export function presentUnit(row: UnitRow) {
  return {
    id: row.id, name: row.name, shortName: row.short_name, parentId: row.parent_id, sortOrder: row.sort_order, active: row.active, completionConfirmation: row.completion_confirmation,
    supervisorId: row.supervisor_id,
    supervisorName: row.supervisor_id ? row.supervisor_name : null,
  };
}

export type RoleChangeRow = Awaited<ReturnType<ReturnType<typeof createOrgRepository>['roleChanges']>>['items'][number];

const person = (id: string | null, fullName: string | null, username: string | null) =>
  (id ? { id, fullName: fullName ?? '', username: username ?? '' } : null);

/** One grant: who (null: the system at first start), whose roles, from (null: a new account) and to. */
export function presentRoleChange(row: RoleChangeRow) {
  const payload = row.payload as { userId?: string; roles?: string[]; previousRoles?: string[]; changes?: { roles?: string[] } };
  const created = row.action === 'user_created';
  return {
    id: row.id,
    at: row.created_at,
    kind: created ? 'created' as const : 'changed' as const,
    actor: person(row.actor_id, row.actor_name, row.actor_username),
    user: person(row.subject_id, row.subject_name, row.subject_username),
    from: created ? null : payload.previousRoles ?? null,
    to: (created ? payload.roles : payload.changes?.roles) ?? [],
  };
}

export function presentAgency(row: { id: string; name: string; short_name: string; organ_id: string | null; completion_confirmation: string }) {
  return { id: row.id, name: row.name, shortName: row.short_name, organId: row.organ_id, completionConfirmation: row.completion_confirmation };
}

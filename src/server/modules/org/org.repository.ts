import type { Executor } from '../../db/database.js';

export function createOrgRepository(db: Executor) {
  return {
    agency: (agencyId: string) => db.selectFrom('agencies').selectAll().where('id', '=', agencyId).executeTakeFirst(),

    units: (agencyId: string) =>
      db.selectFrom('units').selectAll().where('agency_id', '=', agencyId).orderBy('sort_order').orderBy('name').execute(),

    unit: (agencyId: string, unitId: string) =>
      db.selectFrom('units').selectAll().where('agency_id', '=', agencyId).where('id', '=', unitId).executeTakeFirst(),

    users: (agencyId: string, includeInactive: boolean) => {
      let query = db.selectFrom('users').selectAll().where('agency_id', '=', agencyId);
      if (!includeInactive) query = query.where('active', '=', true);
      return query.orderBy('full_name').execute();
    },

    user: (agencyId: string, userId: string) =>
      db.selectFrom('users').selectAll().where('agency_id', '=', agencyId).where('id', '=', userId).executeTakeFirst(),

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
  return { id: row.id, name: row.name, shortName: row.short_name, parentId: row.parent_id, sortOrder: row.sort_order, active: row.active, completionConfirmation: row.completion_confirmation };
}

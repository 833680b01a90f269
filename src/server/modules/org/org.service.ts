import type { z } from 'zod';
import type { Db, Executor } from '../../db/database.js';
import { isUniqueViolation, uniqueOr } from '../../db/unique.js';
import { conflict, DomainError, forbidden, notFound, ValidationError } from '../../http/errors.js';
import { type ActionContext, hasRole } from '../auth/current-user.js';
import { hashPassword } from '../auth/password.js';
import { appendEvent } from '../events/events.repository.js';
import { handOver, holdsAnything, needsLeader, workHeldBy } from '../incoming/incoming.handover.js';
import { createOrgRepository, presentAgency, presentRoleChange, presentUnit, presentUser, type UserRow } from './org.repository.js';
import type { agencyPatchBody, unitBody, unitPatchBody, userBody, userPatchBody } from './org.schemas.js';

function requireAdmin(ctx: ActionContext) {
  if (!hasRole(ctx.user, 'admin')) throw forbidden('ADMIN_ONLY');
}

/** The record of role grants is for the agency's head (and the admins it watches over). */
function requireLeaderOrAdmin(ctx: ActionContext) {
  if (!hasRole(ctx.user, 'admin') && !hasRole(ctx.user, 'leader')) throw forbidden('LEADERS_AND_ADMINS_ONLY');
}

const sameRoles = (a: readonly string[], b: readonly string[]) => {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((role) => right.has(role));
};

/**
 * The roles an update really changes, or undefined. An admin may not change their own: made
 * clerk or leader, they could read every document, secret ones included; another admin must.
 */
function roleChange(ctx: ActionContext, user: { id: string; roles: string[] }, roles: string[] | undefined) {
  if (roles === undefined || sameRoles(user.roles, roles)) return undefined;
  if (user.id === ctx.user.id) throw forbidden('OWN_ROLES_NEED_ANOTHER_ADMIN');
  return roles;
}

/** Two units of one agency never share a name. */
const uniqueUnitName = <T>(write: () => Promise<T>) => uniqueOr('UNIT_NAME_TAKEN', write);

const collator = new Intl.Collator('vi', { sensitivity: 'base' });
const givenName = (fullName: string) => fullName.trim().split(/\s+/).pop() ?? fullName;

/** Vietnamese lists go by given name (the last word), then the whole name: Hoa before Hùng before Long. */
function byVietnameseName(a: { full_name: string }, b: { full_name: string }): number {
  return collator.compare(givenName(a.full_name), givenName(b.full_name)) || collator.compare(a.full_name, b.full_name);
}

export function createOrgService(db: Db) {
  const repo = createOrgRepository(db);

  async function checkParent(agencyId: string, unitId: string | null, parentId: string | null | undefined) {
    if (!parentId) return;
    const units = await repo.units(agencyId);
    const byId = new Map(units.map((u) => [u.id, u]));
    if (!byId.has(parentId)) throw ValidationError.single('parentId', 'không thuộc cơ quan', 'is not a unit of this agency');
    // Walk up from the new parent: meeting the unit itself would make a loop.
    for (let cursor: string | null = parentId; cursor; cursor = byId.get(cursor)?.parent_id ?? null) {
      if (cursor === unitId) throw ValidationError.single('parentId', 'không được là chính đơn vị hoặc đơn vị con của nó', 'cannot be the unit itself or one of its sub-units');
    }
  }

  async function checkUnit(agencyId: string, unitId: string | null | undefined) {
    if (unitId && !(await repo.unit(agencyId, unitId))) {
      throw ValidationError.single('unitId', 'không thuộc cơ quan', 'is not a unit of this agency');
    }
  }

  /** A supervising leader must lead this agency today: an active official with the leader role. */
  async function checkSupervisor(agencyId: string, supervisorId: string | null | undefined) {
    // Another agency's official is refused the same way as a non-leader: nothing tells them apart.
    if (supervisorId && !(await repo.activeLeader(agencyId, supervisorId))) throw ValidationError.field('supervisorId', 'NOT_ACTIVE_LEADER');
  }

  async function setActive(ctx: ActionContext, userId: string, active: boolean, successorId?: string) {
    requireAdmin(ctx);
    if (!active && userId === ctx.user.id) throw new DomainError('CANNOT_DEACTIVATE_SELF', 400);
    const user = await repo.user(ctx.user.agencyId, userId);
    if (!user) throw notFound();
    return db.transaction().execute(async (tx) => {
      // Taken inside the transaction, after locking the user, so work given to them meanwhile is not left behind.
      await tx.selectFrom('users').select('id').where('id', '=', userId).forNoKeyUpdate().execute();
      if (!active) await handOverWork(tx, ctx, user, successorId);
      await tx.updateTable('users').set({ active, updated_at: new Date() }).where('id', '=', userId).execute();
      if (!active) await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
      await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, action: active ? 'user_activated' : 'user_deactivated', payload: { userId, ...(successorId && { successorId }) } });
      return presentUser({ ...user, active });
    });
  }

  /** An official with work in hand leaves only once it has a successor: nothing may wait for someone who cannot sign in. */
  async function handOverWork(tx: Executor, ctx: ActionContext, user: UserRow, successorId: string | undefined) {
    const work = await workHeldBy(tx, ctx.user.agencyId, user.id);
    if (!holdsAnything(work)) return;
    if (!successorId) throw conflict('USER_HOLDS_WORK', { work });
    const { users } = await createOrgRepository(tx).activeMembers(ctx.user.agencyId, [successorId], []);
    const successor = users[0];
    if (!successor || successor.id === user.id) {
      throw ValidationError.single('successorId', 'phải là một cán bộ khác, đang hoạt động của cơ quan', 'must be another active official of the agency');
    }
    if (needsLeader(work) && !successor.roles.includes('leader')) {
      throw ValidationError.single('successorId', 'phải là lãnh đạo cơ quan (có văn bản đang chờ lãnh đạo quyết định)', 'must be a leader (documents wait for a leader\'s decision)');
    }
    await handOver(tx, ctx, work, { id: user.id, fullName: user.full_name }, { id: successor.id, fullName: successor.full_name });
  }

  return {
    /** Every agency of the deployment but the user's own, by name: the addressees of an outgoing document. */
    async otherAgencies(ctx: ActionContext) {
      const rows = await db.selectFrom('agencies').select(['id', 'name', 'short_name', 'parent_id']).where('id', '<>', ctx.user.agencyId).orderBy('name').execute();
      return rows.map((a) => ({ id: a.id, name: a.name, shortName: a.short_name }));
    },
    async agency(ctx: ActionContext) {
      const agency = await repo.agency(ctx.user.agencyId);
      if (!agency) throw notFound();
      return presentAgency(agency);
    },
    /** Rename the agency (the first start names it from AGENCY_NAME) and set its short name and OrganId. */
    async updateAgency(ctx: ActionContext, input: z.infer<typeof agencyPatchBody>) {
      requireAdmin(ctx);
      const agency = await repo.agency(ctx.user.agencyId);
      if (!agency) throw notFound();
      if (!Object.values(input).some((v) => v !== undefined)) return presentAgency(agency); // nothing to change
      try {
        return await db.transaction().execute(async (tx) => {
          const row = await tx
            .updateTable('agencies')
            .set({
              ...(input.name !== undefined && { name: input.name }),
              ...(input.shortName !== undefined && { short_name: input.shortName }),
              ...(input.organId !== undefined && { organ_id: input.organId }),
              ...(input.completionConfirmation !== undefined && { completion_confirmation: input.completionConfirmation }),
            })
            .where('id', '=', agency.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          await appendEvent(tx, ctx, { agencyId: agency.id, action: 'agency_updated', payload: { changes: input, previous: presentAgency(agency) } });
          return presentAgency(row);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict('ORGAN_ID_TAKEN');
        throw error;
      }
    },
    async roleChanges(ctx: ActionContext, page: number, pageSize: number) {
      requireLeaderOrAdmin(ctx);
      const { items, total } = await repo.roleChanges(ctx.user.agencyId, page, pageSize);
      return { items: items.map(presentRoleChange), total, page, pageSize };
    },

    units: async (ctx: ActionContext) => (await repo.units(ctx.user.agencyId)).map(presentUnit),

    users: async (ctx: ActionContext, includeInactive: boolean) => {
      const admin = hasRole(ctx.user, 'admin');
      const rows = await repo.users(ctx.user.agencyId, includeInactive && admin);
      return rows.sort(byVietnameseName).map((row) => presentUser(row, admin || row.id === ctx.user.id));
    },

    async createUnit(ctx: ActionContext, input: z.infer<typeof unitBody>) {
      requireAdmin(ctx);
      await checkParent(ctx.user.agencyId, null, input.parentId);
      await checkSupervisor(ctx.user.agencyId, input.supervisorId);
      return uniqueUnitName(() => db.transaction().execute(async (tx) => {
        const row = await tx
          .insertInto('units')
          .values({
            agency_id: ctx.user.agencyId, name: input.name, short_name: input.shortName ?? null, parent_id: input.parentId ?? null, sort_order: input.sortOrder ?? 0,
            supervisor_id: input.supervisorId ?? null, updated_at: new Date(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const unit = await createOrgRepository(tx).unit(ctx.user.agencyId, row.id);
        await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, action: 'unit_created', payload: { unitId: row.id, name: input.name, ...(input.supervisorId && { supervisorId: input.supervisorId }) } });
        return presentUnit(unit!);
      }));
    },

    async updateUnit(ctx: ActionContext, unitId: string, input: z.infer<typeof unitPatchBody>) {
      requireAdmin(ctx);
      const unit = await repo.unit(ctx.user.agencyId, unitId);
      if (!unit) throw notFound();
      await checkParent(ctx.user.agencyId, unitId, input.parentId);
      await checkSupervisor(ctx.user.agencyId, input.supervisorId);
      if (input.active === false) {
        const members = await db.selectFrom('users').select('id').where('unit_id', '=', unitId).where('active', '=', true).limit(1).execute();
        const children = await db.selectFrom('units').select('id').where('parent_id', '=', unitId).where('active', '=', true).limit(1).execute();
        if (members.length || children.length) throw conflict('UNIT_HAS_MEMBERS');
      }
      return uniqueUnitName(() => db.transaction().execute(async (tx) => {
        await tx
          .updateTable('units')
          .set({
            ...(input.name !== undefined && { name: input.name }),
            ...(input.shortName !== undefined && { short_name: input.shortName }),
            ...(input.parentId !== undefined && { parent_id: input.parentId }),
            ...(input.sortOrder !== undefined && { sort_order: input.sortOrder }),
            ...(input.active !== undefined && { active: input.active }),
            ...(input.completionConfirmation !== undefined && { completion_confirmation: input.completionConfirmation }),
            ...(input.supervisorId !== undefined && { supervisor_id: input.supervisorId }),
            updated_at: new Date(),
          })
          .where('id', '=', unitId)
          .execute();
        const row = await createOrgRepository(tx).unit(ctx.user.agencyId, unitId);
        // The previous supervisor goes with the change, so the history shows from → to.
        await appendEvent(tx, ctx, {
          agencyId: ctx.user.agencyId, action: 'unit_updated',
          payload: { unitId, changes: input, ...(input.supervisorId !== undefined && { previousSupervisorId: unit.supervisor_id }) },
        });
        return presentUnit(row!);
      }));
    },

    async createUser(ctx: ActionContext, input: z.infer<typeof userBody>) {
      requireAdmin(ctx);
      await checkUnit(ctx.user.agencyId, input.unitId);
      const passwordHash = await hashPassword(input.password);
      try {
        return await db.transaction().execute(async (tx) => {
          const row = await tx
            .insertInto('users')
            .values({
              agency_id: ctx.user.agencyId,
              unit_id: input.unitId ?? null,
              username: input.username,
              full_name: input.fullName,
              email: input.email ?? null,
              phone: input.phone ?? null,
              position: input.position,
              roles: input.roles,
              password_hash: passwordHash,
              updated_at: new Date(),
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, action: 'user_created', payload: { userId: row.id, username: row.username, roles: row.roles } });
          return presentUser(row);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict('USERNAME_TAKEN');
        throw error;
      }
    },

    async updateUser(ctx: ActionContext, userId: string, input: z.infer<typeof userPatchBody>) {
      requireAdmin(ctx);
      if (!(await repo.user(ctx.user.agencyId, userId))) throw notFound();
      await checkUnit(ctx.user.agencyId, input.unitId);
      return db.transaction().execute(async (tx) => {
        // Read under a row lock: two admins changing roles at once each record the true "from".
        const before = await tx.selectFrom('users').select(['id', 'roles']).where('id', '=', userId).forUpdate().executeTakeFirstOrThrow();
        const roles = roleChange(ctx, before, input.roles);
        const row = await tx
          .updateTable('users')
          .set({
            ...(input.fullName !== undefined && { full_name: input.fullName }),
            ...(input.email !== undefined && { email: input.email }),
            ...(input.phone !== undefined && { phone: input.phone }),
            ...(input.position !== undefined && { position: input.position }),
            ...(roles !== undefined && { roles }),
            ...(input.unitId !== undefined && { unit_id: input.unitId }),
            updated_at: new Date(),
          })
          .where('id', '=', userId)
          .returningAll()
          .executeTakeFirstOrThrow();
        // The old roles go with the new ones, so the record of grants shows from → to.
        await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, action: 'user_updated', payload: { userId, changes: input, ...(roles && { previousRoles: before.roles }) } });
        return presentUser(row);
      });
    },

    async resetPassword(ctx: ActionContext, userId: string, newPassword: string) {
      requireAdmin(ctx);
      if (!(await repo.user(ctx.user.agencyId, userId))) throw notFound();
      const passwordHash = await hashPassword(newPassword);
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date() }).where('id', '=', userId).execute();
        await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
        await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, action: 'password_reset', payload: { userId } });
      });
    },

    deactivateUser: (ctx: ActionContext, userId: string, successorId?: string) => setActive(ctx, userId, false, successorId),
    /** What an official holds, shown before deactivating them. */
    async heldWork(ctx: ActionContext, userId: string) {
      requireAdmin(ctx);
      if (!(await repo.user(ctx.user.agencyId, userId))) throw notFound();
      return workHeldBy(db, ctx.user.agencyId, userId);
    },
    activateUser: (ctx: ActionContext, userId: string) => setActive(ctx, userId, true),
  };
}

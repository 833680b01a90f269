import type { Selectable } from 'kysely';
import type { Named, WorkSchedule, WorkScheduleEntry, WorkScheduleSummary } from '../../../shared/work-schedule.js';
import type { Db, Executor } from '../../db/database.js';
import type { WorkScheduleEntriesTable, WorkSchedulesTable } from '../../db/schema.js';
import { uniqueOr } from '../../db/unique.js';
import { conflict, forbidden, notFound, ValidationError } from '../../http/errors.js';
import type { Clock } from '../../time.js';
import type { ActionContext, CurrentUser } from '../auth/current-user.js';
import { shiftDay } from '../calendar/calendar.holidays.js';
import { appendEvent } from '../events/events.repository.js';
import { notify, type NewNotification } from '../notifications/notifications.service.js';
import { agencyHeader } from '../reports/reports.repository.js';
import { isLeader, isOffice, scheduleActions, seesUnpublished } from './work-schedule.policies.js';
import type { EntryBody } from './work-schedule.schemas.js';

// The agency's weekly work schedule (lịch công tác tuần of the leaders). The office drafts the week,
// a leader approves it, then it is published to the whole agency. Changing an approved schedule before
// publication sends it back to draft (a leader approves again). After publication each change (an entry
// added, edited or cancelled) is a new version: the entry is marked with the version that changed it,
// the version keeps the entries as they then were, and the leaders and participants concerned are
// notified, all in the change's transaction.

export interface WorkScheduleDeps { db: Db; clock: Clock }

type ScheduleRow = Selectable<WorkSchedulesTable>;
type EntryRow = Selectable<WorkScheduleEntriesTable>;

const vnDate = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
export const weekLabel = (weekStart: string) => `${vnDate(weekStart)} - ${vnDate(shiftDay(weekStart, 6))}`;

/** The Monday of the week holding `day`. */
export function mondayOf(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return shiftDay(day, -((dow + 6) % 7));
}

async function findSchedule(db: Executor, user: CurrentUser, id: string, lock = false): Promise<ScheduleRow> {
  let query = db.selectFrom('work_schedules').selectAll().where('id', '=', id).where('agency_id', '=', user.agencyId);
  if (!seesUnpublished(user)) query = query.where('status', '=', 'published');
  const row = await (lock ? query.forUpdate() : query).executeTakeFirst();
  if (!row) throw notFound('WORK_SCHEDULE_NOT_FOUND');
  return row;
}

const entriesOf = (db: Executor, scheduleId: string) =>
  db.selectFrom('work_schedule_entries').selectAll().where('schedule_id', '=', scheduleId)
    .orderBy('day').orderBy('session').orderBy('start_time').orderBy('created_at').execute();

async function names(db: Executor, userIds: string[], unitIds: string[]) {
  const [users, units] = await Promise.all([
    userIds.length ? db.selectFrom('users').select(['id', 'full_name as name']).where('id', 'in', userIds).execute() : [],
    unitIds.length ? db.selectFrom('units').select(['id', 'name']).where('id', 'in', unitIds).execute() : [],
  ]);
  return { users: new Map(users.map((u) => [u.id, u.name])), units: new Map(units.map((u) => [u.id, u.name])) };
}

const SESSION_ORDER = { morning: 0, afternoon: 1, evening: 2 } as const;

export async function presentEntries(db: Executor, rows: EntryRow[]): Promise<WorkScheduleEntry[]> {
  const n = await names(db, [...new Set(rows.flatMap((r) => [...r.leader_ids, ...r.participant_user_ids]))],
    [...new Set(rows.flatMap((r) => [...r.participant_unit_ids, ...(r.preparing_unit_id ? [r.preparing_unit_id] : [])]))]);
  const user = (id: string): Named => ({ id, name: n.users.get(id) ?? '' });
  const unit = (id: string): Named => ({ id, name: n.units.get(id) ?? '' });
  return rows
    .sort((a, b) => a.day.localeCompare(b.day) || SESSION_ORDER[a.session] - SESSION_ORDER[b.session] || (a.start_time ?? '').localeCompare(b.start_time ?? ''))
    .map((r) => ({
      id: r.id, day: r.day, session: r.session, time: r.start_time, leaders: r.leader_ids.map(user), content: r.content, place: r.place,
      participants: r.participants_text, participantUsers: r.participant_user_ids.map(user), participantUnits: r.participant_unit_ids.map(unit),
      preparingUnit: r.preparing_unit_id ? unit(r.preparing_unit_id) : null, cancelled: r.cancelled, changedInVersion: r.changed_in_version,
    }));
}

const summaryOf = (row: ScheduleRow, entryCount: number): WorkScheduleSummary => ({
  id: row.id, weekStart: row.week_start, status: row.status, version: row.version, entryCount, publishedAt: row.published_at?.toISOString() ?? null,
});

async function presentSchedule(db: Executor, user: CurrentUser, row: ScheduleRow): Promise<WorkSchedule> {
  const [entries, versions, approver] = await Promise.all([
    entriesOf(db, row.id),
    db.selectFrom('work_schedule_versions').innerJoin('users', 'users.id', 'work_schedule_versions.changed_by')
      .select(['version', 'summary', 'users.full_name', 'changed_at']).where('schedule_id', '=', row.id).orderBy('version', 'desc').execute(),
    row.approved_by ? db.selectFrom('users').select('full_name').where('id', '=', row.approved_by).executeTakeFirst() : undefined,
  ]);
  return {
    ...summaryOf(row, entries.length), weekEnd: shiftDay(row.week_start, 6),
    approvedBy: approver?.full_name ?? null, approvedAt: row.approved_at?.toISOString() ?? null,
    entries: await presentEntries(db, entries),
    versions: versions.map((v) => ({ version: v.version, summary: v.summary, changedBy: v.full_name, changedAt: v.changed_at.toISOString() })),
    actions: scheduleActions(user, row.status),
  };
}

export async function listSchedules(deps: WorkScheduleDeps, ctx: ActionContext, query: { week?: string | undefined }): Promise<WorkScheduleSummary[]> {
  let q = deps.db.selectFrom('work_schedules')
    .select((eb) => ['work_schedules.id', 'week_start', 'status', 'version', 'agency_id', 'created_by', 'created_at', 'approved_by', 'approved_at', 'published_by', 'published_at',
      eb.selectFrom('work_schedule_entries').select((e) => e.fn.countAll<number>().as('n')).whereRef('schedule_id', '=', 'work_schedules.id').as('entry_count')])
    .where('agency_id', '=', ctx.user.agencyId);
  if (!seesUnpublished(ctx.user)) q = q.where('status', '=', 'published');
  if (query.week) q = q.where('week_start', '=', mondayOf(query.week));
  const rows = await q.orderBy('week_start', 'desc').limit(104).execute();
  return rows.map((r) => summaryOf(r as ScheduleRow, Number(r.entry_count ?? 0)));
}

export async function getSchedule(deps: WorkScheduleDeps, ctx: ActionContext, id: string): Promise<WorkSchedule> {
  return presentSchedule(deps.db, ctx.user, await findSchedule(deps.db, ctx.user, id));
}

export async function createSchedule(deps: WorkScheduleDeps, ctx: ActionContext, weekStart: string): Promise<WorkSchedule> {
  if (!isOffice(ctx.user)) throw forbidden('WORK_SCHEDULE_OFFICE_ONLY');
  if (mondayOf(weekStart) !== weekStart) throw ValidationError.field('weekStart', 'NOT_MONDAY');
  return deps.db.transaction().execute(async (tx) => {
    const row = await uniqueOr('WORK_SCHEDULE_EXISTS', () => tx.insertInto('work_schedules')
      .values({ agency_id: ctx.user.agencyId, week_start: weekStart, created_by: ctx.user.id }).returningAll().executeTakeFirstOrThrow());
    return presentSchedule(tx, ctx.user, row as ScheduleRow);
  });
}

/** The entry's references must be the agency's: leaders with the leader role, officials, units. */
async function checkEntry(tx: Executor, user: CurrentUser, schedule: ScheduleRow, body: EntryBody) {
  if (body.day < schedule.week_start || body.day > shiftDay(schedule.week_start, 6)) throw ValidationError.field('day', 'DAY_OUTSIDE_WEEK');
  const userIds = [...new Set([...body.leaderIds, ...body.participantUserIds])];
  const users = userIds.length
    ? await tx.selectFrom('users').select(['id', 'roles']).where('id', 'in', userIds).where('agency_id', '=', user.agencyId).where('active', '=', true).execute()
    : [];
  const found = new Map(users.map((u) => [u.id, u.roles]));
  if (body.leaderIds.some((id) => !found.get(id)?.includes('leader'))) throw ValidationError.field('leaderIds', 'NOT_AGENCY_LEADER');
  if (body.participantUserIds.some((id) => !found.has(id))) throw ValidationError.field('participantUserIds', 'NOT_AGENCY_MEMBER');
  const unitIds = [...new Set([...body.participantUnitIds, ...(body.preparingUnitId ? [body.preparingUnitId] : [])])];
  const units = unitIds.length ? await tx.selectFrom('units').select('id').where('id', 'in', unitIds).where('agency_id', '=', user.agencyId).execute() : [];
  const unitSet = new Set(units.map((u) => u.id));
  if (body.participantUnitIds.some((id) => !unitSet.has(id))) throw ValidationError.field('participantUnitIds', 'NOT_AGENCY_MEMBER');
  if (body.preparingUnitId && !unitSet.has(body.preparingUnitId)) throw ValidationError.field('preparingUnitId', 'NOT_AGENCY_MEMBER');
}

const columnsOf = (body: EntryBody) => ({
  day: body.day, session: body.session, start_time: body.time, leader_ids: body.leaderIds, content: body.content, place: body.place,
  participants_text: body.participants, participant_user_ids: body.participantUserIds, participant_unit_ids: body.participantUnitIds, preparing_unit_id: body.preparingUnitId,
});

/** The officials an entry concerns: its leaders, the officials named, the heads and members of the units named. */
async function concerned(tx: Executor, agencyId: string, entries: Pick<EntryRow, 'leader_ids' | 'participant_user_ids' | 'participant_unit_ids'>[]): Promise<string[]> {
  const ids = new Set(entries.flatMap((e) => [...e.leader_ids, ...e.participant_user_ids]));
  const unitIds = [...new Set(entries.flatMap((e) => e.participant_unit_ids))];
  if (unitIds.length) {
    for (const u of await tx.selectFrom('users').select('id').where('unit_id', 'in', unitIds).where('agency_id', '=', agencyId).where('active', '=', true).execute()) ids.add(u.id);
  }
  return [...ids];
}

/** A new version of a published schedule: the number, the entries as they now are, the history. */
async function newVersion(tx: Executor, ctx: ActionContext, schedule: ScheduleRow, summary: string): Promise<number> {
  const version = schedule.version + 1;
  await tx.updateTable('work_schedules').set({ version }).where('id', '=', schedule.id).execute();
  schedule.version = version;
  const entries = await presentEntries(tx, await entriesOf(tx, schedule.id));
  await tx.insertInto('work_schedule_versions').values({ schedule_id: schedule.id, version, changed_by: ctx.user.id, summary, entries: JSON.stringify(entries) }).execute();
  return version;
}

const sessionLabel = { morning: 'sáng', afternoon: 'chiều', evening: 'tối' } as const;
const whenOf = (e: Pick<EntryRow, 'day' | 'session' | 'start_time'>) => `${e.start_time ? `${e.start_time} ` : ''}${sessionLabel[e.session]} ${vnDate(e.day)}`;

/** After publication: the version, its history event and the notices to those concerned (before and after the change). */
async function recordChange(tx: Executor, ctx: ActionContext, schedule: ScheduleRow, summary: string, entryId: string, before: EntryRow | null, after: EntryRow) {
  const version = await newVersion(tx, ctx, schedule, summary);
  await tx.updateTable('work_schedule_entries').set({ changed_in_version: version }).where('id', '=', entryId).execute();
  await appendEvent(tx, ctx, { agencyId: schedule.agency_id, action: 'work_schedule_changed', payload: { scheduleId: schedule.id, weekStart: schedule.week_start, version, entryId, summary } });
  const recipients = await concerned(tx, schedule.agency_id, before ? [before, after] : [after]);
  await notify(tx, ctx, recipients.map((recipientId): NewNotification => ({
    agencyId: schedule.agency_id, recipientId, kind: 'work_schedule_changed', subject: { kind: 'work_schedule', id: schedule.id },
    params: { week: weekLabel(schedule.week_start), version, content: `${summary}: ${after.content}`, when: whenOf(after) },
  })));
}

async function editable(tx: Executor, ctx: ActionContext, id: string): Promise<ScheduleRow> {
  const schedule = await findSchedule(tx, ctx.user, id, true);
  if (!isOffice(ctx.user)) throw forbidden('WORK_SCHEDULE_OFFICE_ONLY');
  // A change to an approved schedule not yet published goes back to a leader.
  if (schedule.status === 'approved') {
    await tx.updateTable('work_schedules').set({ status: 'draft', approved_by: null, approved_at: null }).where('id', '=', schedule.id).execute();
    schedule.status = 'draft';
  }
  return schedule;
}

export async function addEntry(deps: WorkScheduleDeps, ctx: ActionContext, id: string, body: EntryBody): Promise<WorkSchedule> {
  return deps.db.transaction().execute(async (tx) => {
    const schedule = await editable(tx, ctx, id);
    await checkEntry(tx, ctx.user, schedule, body);
    const row = await tx.insertInto('work_schedule_entries').values({ ...columnsOf(body), schedule_id: schedule.id }).returningAll().executeTakeFirstOrThrow();
    if (schedule.status === 'published') await recordChange(tx, ctx, schedule, 'Bổ sung', row.id, null, row as EntryRow);
    return presentSchedule(tx, ctx.user, schedule);
  });
}

async function findEntry(tx: Executor, scheduleId: string, entryId: string): Promise<EntryRow> {
  const row = await tx.selectFrom('work_schedule_entries').selectAll().where('id', '=', entryId).where('schedule_id', '=', scheduleId).forUpdate().executeTakeFirst();
  if (!row) throw notFound('WORK_SCHEDULE_ENTRY_NOT_FOUND');
  return row;
}

export async function changeEntry(deps: WorkScheduleDeps, ctx: ActionContext, id: string, entryId: string, body: EntryBody): Promise<WorkSchedule> {
  return deps.db.transaction().execute(async (tx) => {
    const schedule = await editable(tx, ctx, id);
    const before = await findEntry(tx, schedule.id, entryId);
    await checkEntry(tx, ctx.user, schedule, body);
    const after = await tx.updateTable('work_schedule_entries').set({ ...columnsOf(body), cancelled: false }).where('id', '=', entryId).returningAll().executeTakeFirstOrThrow();
    if (schedule.status === 'published') await recordChange(tx, ctx, schedule, 'Thay đổi', entryId, before, after as EntryRow);
    return presentSchedule(tx, ctx.user, schedule);
  });
}

/** A draft's entry is deleted; a published one is cancelled (kept, struck out, marked, its people told). */
export async function removeEntry(deps: WorkScheduleDeps, ctx: ActionContext, id: string, entryId: string): Promise<WorkSchedule> {
  return deps.db.transaction().execute(async (tx) => {
    const schedule = await editable(tx, ctx, id);
    const before = await findEntry(tx, schedule.id, entryId);
    if (schedule.status !== 'published') {
      await tx.deleteFrom('work_schedule_entries').where('id', '=', entryId).execute();
    } else if (!before.cancelled) {
      const after = await tx.updateTable('work_schedule_entries').set({ cancelled: true }).where('id', '=', entryId).returningAll().executeTakeFirstOrThrow();
      await recordChange(tx, ctx, schedule, 'Hủy', entryId, null, after as EntryRow);
    }
    return presentSchedule(tx, ctx.user, schedule);
  });
}

export async function approveSchedule(deps: WorkScheduleDeps, ctx: ActionContext, id: string): Promise<WorkSchedule> {
  return deps.db.transaction().execute(async (tx) => {
    const schedule = await findSchedule(tx, ctx.user, id, true);
    if (!isLeader(ctx.user)) throw forbidden('WORK_SCHEDULE_LEADER_APPROVES');
    if (schedule.status !== 'draft') throw conflict('WORK_SCHEDULE_NOT_DRAFT');
    const count = await tx.selectFrom('work_schedule_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('schedule_id', '=', id).executeTakeFirstOrThrow();
    if (!Number(count.n)) throw conflict('WORK_SCHEDULE_EMPTY');
    const row = await tx.updateTable('work_schedules').set({ status: 'approved', approved_by: ctx.user.id, approved_at: deps.clock.now() })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await appendEvent(tx, ctx, { agencyId: schedule.agency_id, action: 'work_schedule_approved', payload: { scheduleId: id, weekStart: schedule.week_start } });
    return presentSchedule(tx, ctx.user, row as ScheduleRow);
  });
}

/** Published to the agency (version 1); those it names are told. */
export async function publishSchedule(deps: WorkScheduleDeps, ctx: ActionContext, id: string): Promise<WorkSchedule> {
  return deps.db.transaction().execute(async (tx) => {
    const schedule = await findSchedule(tx, ctx.user, id, true);
    if (!isOffice(ctx.user) && !isLeader(ctx.user)) throw forbidden('WORK_SCHEDULE_OFFICE_ONLY');
    if (schedule.status !== 'approved') throw conflict('WORK_SCHEDULE_NOT_APPROVED');
    const row = await tx.updateTable('work_schedules').set({ status: 'published', published_by: ctx.user.id, published_at: deps.clock.now() })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow() as ScheduleRow;
    await newVersion(tx, ctx, row, 'Phát hành');
    await appendEvent(tx, ctx, { agencyId: schedule.agency_id, action: 'work_schedule_published', payload: { scheduleId: id, weekStart: schedule.week_start } });
    const entries = await entriesOf(tx, id);
    // How many entries concern each official (as leader, named participant or member of a unit named).
    const counts = new Map<string, number>();
    for (const entry of entries) for (const userId of await concerned(tx, schedule.agency_id, [entry])) counts.set(userId, (counts.get(userId) ?? 0) + 1);
    const items = [...counts].map(([recipientId, count]): NewNotification => ({
      agencyId: schedule.agency_id, recipientId, kind: 'work_schedule_published', subject: { kind: 'work_schedule', id }, params: { week: weekLabel(schedule.week_start), count },
    }));
    await notify(tx, ctx, items);
    return presentSchedule(tx, ctx.user, row);
  });
}

/** The schedule and the agency's heading, for the printed page. */
export async function printable(deps: WorkScheduleDeps, ctx: ActionContext, id: string) {
  const schedule = await getSchedule(deps, ctx, id);
  const agency = await agencyHeader(deps.db, ctx.user.agencyId);
  return { schedule, agency: { name: agency.name, parentName: agency.parent_name, placeName: agency.place_name } };
}

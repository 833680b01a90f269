/**
 * Reminders without anyone asking, and the leader's own (đôn đốc).
 *
 * A periodic scan (a background job that schedules its own next run, so it survives restarts and
 * runs on whichever server is free) looks at every open lead or coordinating assignment with a due
 * date and, by the agency's working-day calendar and the clock it is given:
 * - `due_soon`: its holders, `reminder_lead_days` working days before the due date;
 * - `due_today`: its holders, on the day;
 * - `overdue_unit_head`: from the first working day past due, the holders are told it is overdue
 *   and the head of their unit is told too;
 * - `overdue_assigner`: a working day later, the one who assigned it.
 * Each (assignment, rule, due date) is written once in assignment_reminders, in the transaction of
 * its notices: a scan run twice, on two servers or after a restart, sends nothing twice.
 */
import { sql } from 'kysely';
import type { Db, Executor } from '../../db/database.js';
import { conflict, notFound } from '../../http/errors.js';
import type { NotificationKind } from '../../../shared/notifications.js';
import { type Clock, vietnamDate, AGENCY_TIME_ZONE } from '../../time.js';
import type { ActionContext } from '../auth/current-user.js';
import { loadWorkingCalendar } from '../calendar/calendar.service.js';
import { shiftDay } from '../calendar/calendar.holidays.js';
import { appendEvent } from '../events/events.repository.js';
import { defineJob, enqueue, type JobLog, schedulePeriodicJob } from '../jobs/jobs.js';
import { scanTaskReminders } from '../tasks/tasks.reminders.js';
import { scanDepositNotices } from '../records/records.deposit-notices.js';
import { requireCanRemind } from './notifications.policies.js';
import * as repo from './notifications.repository.js';
import { documentParams, type NewNotification, notify } from './notifications.service.js';

export type Rule = 'due_soon' | 'due_today' | 'overdue_unit_head' | 'overdue_assigner';
const OPEN = ['pending', 'in_progress'] as const;

interface OpenAssignment {
  id: string;
  agency_id: string;
  document_id: string;
  assigned_by: string;
  assignee_user_id: string | null;
  assignee_unit_id: string | null;
  holder_unit_id: string | null;
  due_date: string;
  summary: string;
  number: string | null;
  notation: string | null;
  urgency: string;
  holder_name: string | null;
}

function openAssignments(db: Executor, horizon: string) {
  return db.selectFrom('assignments')
    .innerJoin('documents', 'documents.id', 'assignments.document_id')
    .leftJoin('users as holder', 'holder.id', 'assignments.assignee_user_id')
    .leftJoin('units as unit', 'unit.id', 'assignments.assignee_unit_id')
    .select([
      'assignments.id', 'assignments.agency_id', 'assignments.document_id', 'assignments.assigned_by', 'assignments.assignee_user_id',
      'assignments.assignee_unit_id', 'holder.unit_id as holder_unit_id', 'documents.summary', 'documents.number', 'documents.notation', 'documents.urgency',
      sql<string>`assignments.due_date`.as('due_date'), sql<string | null>`coalesce(holder.full_name, unit.name)`.as('holder_name'),
    ])
    .where('assignments.status', 'in', [...OPEN])
    .where('assignments.role', 'in', ['lead', 'coordinate'])
    .where('assignments.due_date', 'is not', null)
    .where('assignments.due_date', '<=', horizon)
    .orderBy('assignments.agency_id')
    .execute() as Promise<OpenAssignment[]>;
}

/** The rules an assignment (or a task: tasks.reminders.ts) is due for today (before the record of those already sent). */
export function rulesFor(a: Pick<OpenAssignment, 'due_date'>, today: string, leadDays: number, calendar: Awaited<ReturnType<typeof loadWorkingCalendar>>): Rule[] {
  if (a.due_date === today) return ['due_today'];
  if (a.due_date > today) return leadDays > 0 && today >= calendar.addWorkingDays(a.due_date, -leadDays) ? ['due_soon'] : [];
  const overdueBy = calendar.workingDaysBetween(a.due_date, today);
  if (overdueBy >= 2) return ['overdue_unit_head', 'overdue_assigner'];
  return overdueBy >= 1 ? ['overdue_unit_head'] : [];
}

/** Who hears of each rule, and as which kind of notice. */
function noticesFor(a: OpenAssignment, rule: Rule, holders: string[], headsOfHolderUnit: string[]): { recipientId: string; kind: NotificationKind }[] {
  switch (rule) {
    case 'due_soon': return holders.map((recipientId) => ({ recipientId, kind: 'due_soon' }));
    case 'due_today': return holders.map((recipientId) => ({ recipientId, kind: 'due_today' }));
    case 'overdue_unit_head': return [
      ...holders.map((recipientId) => ({ recipientId, kind: 'overdue' as const })),
      ...headsOfHolderUnit.filter((id) => !holders.includes(id)).map((recipientId) => ({ recipientId, kind: 'overdue_escalated' as const })),
    ];
    case 'overdue_assigner': return [{ recipientId: a.assigned_by, kind: 'overdue_escalated' }];
  }
}

export interface ScanResult { remindersSent: number; notices: number; digests: number }

/** One pass over the open work of every agency; safe to run at any time, any number of times. */
export async function scanReminders(deps: { db: Db; clock: Clock }): Promise<ScanResult> {
  const now = deps.clock.now();
  const today = vietnamDate(now);
  // Lead times are at most 30 working days: 70 calendar days covers them across any holiday.
  const all = await openAssignments(deps.db, shiftDay(today, 70));
  const result: ScanResult = { remindersSent: 0, notices: 0, digests: 0 };
  const byAgency = new Map<string, OpenAssignment[]>();
  for (const a of all) byAgency.set(a.agency_id, [...(byAgency.get(a.agency_id) ?? []), a]);
  for (const [agencyId, assignments] of byAgency) {
    const counts = await scanAgency(deps.db, agencyId, assignments, today);
    result.remindersSent += counts.remindersSent;
    result.notices += counts.notices;
  }
  // Tasks (giao việc) follow the same rules in the same scan.
  const tasks = await scanTaskReminders(deps.db, today);
  result.remindersSent += tasks.remindersSent;
  result.notices += tasks.notices;
  // Closed case files due for deposit within 30 days: their keepers and the office (issue 13).
  result.notices += await scanDepositNotices(deps.db, today);
  result.digests = await queueDigests(deps.db, now);
  return result;
}

async function scanAgency(db: Db, agencyId: string, assignments: OpenAssignment[], today: string) {
  const [calendar, agency] = await Promise.all([
    loadWorkingCalendar(db, agencyId),
    db.selectFrom('agencies').select('reminder_lead_days').where('id', '=', agencyId).executeTakeFirstOrThrow(),
  ]);
  const due = assignments.flatMap((a) => rulesFor(a, today, agency.reminder_lead_days, calendar).map((rule) => ({ a, rule })));
  if (!due.length) return { remindersSent: 0, notices: 0 };
  return db.transaction().execute(async (tx) => {
    // The rows that go in are the reminders not sent before: only those are told.
    const fresh = await tx.insertInto('assignment_reminders')
      .values(due.map(({ a, rule }) => ({ assignment_id: a.id, rule, day: a.due_date })))
      .onConflict((oc) => oc.columns(['assignment_id', 'rule', 'day']).doNothing())
      .returning(['assignment_id', 'rule']).execute();
    const sent = new Set(fresh.map((r) => `${r.assignment_id}/${r.rule}`));
    const toSend = due.filter(({ a, rule }) => sent.has(`${a.id}/${rule}`));
    const unitIds = [...new Set(toSend.flatMap(({ a }) => [a.assignee_unit_id, a.holder_unit_id].filter((u): u is string => Boolean(u))))];
    const heads = await repo.unitHeads(tx, unitIds);
    const headsOf = (unitId: string | null) => heads.filter((h) => h.unitId === unitId).map((h) => h.id);
    const items: NewNotification[] = toSend.flatMap(({ a, rule }) => {
      const holders = a.assignee_user_id ? [a.assignee_user_id] : headsOf(a.assignee_unit_id);
      const params = { ...documentParams(a), dueDate: a.due_date, holder: a.holder_name ?? '' };
      return noticesFor(a, rule, holders, a.assignee_user_id ? headsOf(a.holder_unit_id) : [])
        .map((n) => ({ agencyId, recipientId: n.recipientId, kind: n.kind, documentId: a.document_id, assignmentId: a.id, params }));
    });
    await notify(tx, null, items);
    return { remindersSent: toSend.length, notices: items.length };
  });
}

/** Hour (Vietnam) from which the day's digest goes out. */
const DIGEST_HOUR = 7;

async function queueDigests(db: Db, now: Date): Promise<number> {
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: AGENCY_TIME_ZONE, hour: '2-digit', hourCycle: 'h23' }).format(now));
  if (hour < DIGEST_HOUR) return 0;
  const today = vietnamDate(now);
  return db.transaction().execute(async (tx) => {
    // Claiming the day and enqueuing its mail commit together: one digest a day, whoever scans.
    const due = await tx.updateTable('notification_digests').set({ last_sent_on: today })
      .where('enabled', '=', true).where((eb) => eb.or([eb('last_sent_on', 'is', null), eb('last_sent_on', '<', today)]))
      .returning('user_id').execute();
    for (const row of due) await enqueue(tx, 'notifications.send-digest', { userId: row.user_id, day: today });
    return due.length;
  });
}

/** A leader's reminder (đôn đốc) with a note, to the holders of an open assignment; recorded in the history. */
export async function remindHolder(db: Db, ctx: ActionContext, assignmentId: string, note: string): Promise<{ notified: number }> {
  return db.transaction().execute(async (tx) => {
    const a = await tx.selectFrom('assignments')
      .innerJoin('documents', 'documents.id', 'assignments.document_id')
      .leftJoin('users as holder', 'holder.id', 'assignments.assignee_user_id')
      .leftJoin('units as unit', 'unit.id', 'assignments.assignee_unit_id')
      .select(['assignments.id', 'assignments.agency_id', 'assignments.document_id', 'assignments.assigned_by', 'assignments.assignee_user_id', 'assignments.assignee_unit_id',
        'assignments.status', 'assignments.due_date', 'holder.unit_id as holder_unit_id', 'documents.summary', 'documents.number', 'documents.notation', 'documents.urgency',
        sql<string | null>`coalesce(holder.full_name, unit.name)`.as('holder_name')])
      .where('assignments.id', '=', assignmentId).where('assignments.agency_id', '=', ctx.user.agencyId)
      // The document row is locked, as every action on it does: its history chain stays in order.
      .forUpdate('documents')
      .executeTakeFirst();
    if (!a) throw notFound();
    requireCanRemind(ctx.user, a);
    if (!(OPEN as readonly string[]).includes(a.status)) throw conflict('ASSIGNMENT_CLOSED');
    const holders = a.assignee_user_id ? [a.assignee_user_id] : (await repo.unitHeads(tx, [a.assignee_unit_id!])).map((h) => h.id);
    await appendEvent(tx, ctx, { agencyId: a.agency_id, documentId: a.document_id, assignmentId: a.id, action: 'reminder_sent', payload: { note, holder: a.holder_name } });
    const items = holders.map((recipientId) => ({
      agencyId: a.agency_id, recipientId, kind: 'reminder' as const, documentId: a.document_id, assignmentId: a.id,
      params: { ...documentParams(a), note, actor: ctx.user.fullName, dueDate: a.due_date ?? '' },
    }));
    await notify(tx, ctx, items);
    return { notified: items.filter((i) => i.recipientId !== ctx.user.id).length };
  });
}

declare module '../jobs/jobs.js' {
  interface JobPayloads {
    'notifications.scan-reminders': Record<string, never>;
  }
}

/** Minutes between two scans. */
export const SCAN_EVERY_MINUTES = 10;

/** A scan every SCAN_EVERY_MINUTES (and at start), one per slot between all servers. Returns the stop function. */
export function scheduleReminderScans(db: Executor, log: JobLog): () => void {
  return schedulePeriodicJob(db, 'notifications.scan-reminders', {}, log, SCAN_EVERY_MINUTES);
}

export const scanRemindersJob = defineJob('notifications.scan-reminders', async (_payload, ctx) => {
  const result = await scanReminders({ db: ctx.db, clock: ctx.clock });
  if (result.remindersSent || result.digests) ctx.log(`reminder scan: ${result.remindersSent} reminders, ${result.notices} notices, ${result.digests} digests`);
}, { retryLimit: 2, retryDelaySeconds: 60, expireInSeconds: 600 });

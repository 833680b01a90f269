/**
 * Reminders and escalation of tasks, by the documents' rules (notifications.reminders.ts `rulesFor`,
 * run in the same scheduled scan): for an open task with a due date, by the agency's working-day
 * calendar,
 * - `due_soon`: its holders, `reminder_lead_days` working days before;
 * - `due_today`: its holders, on the day;
 * - `overdue_unit_head`: from the first working day past due, the holders (overdue) and the heads
 *   of their units (overdue_escalated);
 * - `overdue_assigner`: a working day later, the one who gave it (overdue_escalated).
 * Each (task, rule, due date) is written once in task_reminders in the transaction of its notices:
 * a scan run twice sends nothing twice. Notices name the task as their subject.
 */
import { sql } from 'kysely';
import type { NotificationKind } from '../../../shared/notifications.js';
import type { Db, Executor } from '../../db/database.js';
import { loadWorkingCalendar } from '../calendar/calendar.service.js';
import { shiftDay } from '../calendar/calendar.holidays.js';
import { rulesFor, type Rule } from '../notifications/notifications.reminders.js';
import { type NewNotification, notify } from '../notifications/notifications.service.js';
import { headsOf } from './tasks.repository.js';

interface OpenTask {
  id: string;
  agency_id: string;
  title: string;
  assigned_by: string;
  due_date: string;
}

interface HolderRow { task_id: string; user_id: string | null; unit_id: string | null; full_name: string | null; unit_name: string | null }

function openTasks(db: Executor, horizon: string) {
  return db.selectFrom('tasks')
    .select(['tasks.id', 'tasks.agency_id', 'tasks.title', 'tasks.assigned_by', sql<string>`to_char(tasks.due_date, 'YYYY-MM-DD')`.as('due_date')])
    .where('tasks.status', '=', 'in_progress').where('tasks.due_date', 'is not', null).where('tasks.due_date', '<=', horizon)
    .orderBy('tasks.agency_id').execute() as Promise<OpenTask[]>;
}

export async function scanTaskReminders(db: Db, today: string): Promise<{ remindersSent: number; notices: number }> {
  const all = await openTasks(db, shiftDay(today, 70));
  const byAgency = new Map<string, OpenTask[]>();
  for (const task of all) byAgency.set(task.agency_id, [...(byAgency.get(task.agency_id) ?? []), task]);
  const result = { remindersSent: 0, notices: 0 };
  for (const [agencyId, tasks] of byAgency) {
    const counts = await scanAgency(db, agencyId, tasks, today);
    result.remindersSent += counts.remindersSent;
    result.notices += counts.notices;
  }
  return result;
}

async function scanAgency(db: Db, agencyId: string, tasks: OpenTask[], today: string) {
  const [calendar, agency] = await Promise.all([
    loadWorkingCalendar(db, agencyId),
    db.selectFrom('agencies').select('reminder_lead_days').where('id', '=', agencyId).executeTakeFirstOrThrow(),
  ]);
  const due = tasks.flatMap((task) => rulesFor(task, today, agency.reminder_lead_days, calendar).map((rule) => ({ task, rule })));
  if (!due.length) return { remindersSent: 0, notices: 0 };
  return db.transaction().execute(async (tx) => {
    const fresh = await tx.insertInto('task_reminders')
      .values(due.map(({ task, rule }) => ({ task_id: task.id, rule, day: task.due_date })))
      .onConflict((oc) => oc.columns(['task_id', 'rule', 'day']).doNothing())
      .returning(['task_id', 'rule']).execute();
    const sent = new Set(fresh.map((r) => `${r.task_id}/${r.rule}`));
    const toSend = due.filter(({ task, rule }) => sent.has(`${task.id}/${rule}`));
    if (!toSend.length) return { remindersSent: 0, notices: 0 };
    const rows: HolderRow[] = await tx.selectFrom('task_assignees as a').leftJoin('users as u', 'u.id', 'a.user_id').leftJoin('units as n', 'n.id', 'a.unit_id')
      .select(['a.task_id', 'a.user_id', 'a.unit_id', 'u.full_name', 'n.name as unit_name'])
      .where('a.task_id', 'in', [...new Set(toSend.map(({ task }) => task.id))]).where('a.status', '=', 'active').execute();
    const heads = await headsOf(tx, [...new Set(rows.flatMap((r) => (r.unit_id ? [r.unit_id] : [])))]);
    const headsOfUnit = (unitId: string | null) => heads.filter((h) => h.unitId === unitId).map((h) => h.id);
    const items: NewNotification[] = toSend.flatMap(({ task, rule }) => {
      const mine = rows.filter((r) => r.task_id === task.id);
      const holders = [...new Set(mine.flatMap((r) => (r.user_id ? [r.user_id] : headsOfUnit(r.unit_id))))];
      // The heads of the unit each named official sits in (a unit's own task is already held by its heads).
      const supervisors = [...new Set(mine.flatMap((r) => (r.user_id ? headsOfUnit(r.unit_id) : [])))].filter((id) => !holders.includes(id));
      const holderName = mine.map((r) => r.full_name ?? r.unit_name ?? '').filter(Boolean).join(', ');
      const params = { summary: task.title, dueDate: task.due_date, holder: holderName };
      return noticesFor(task, rule, holders, supervisors).map((n) => ({ agencyId, recipientId: n.recipientId, kind: n.kind, subject: { kind: 'task' as const, id: task.id }, params }));
    });
    await notify(tx, null, items);
    return { remindersSent: toSend.length, notices: items.length };
  });
}

function noticesFor(task: OpenTask, rule: Rule, holders: string[], supervisors: string[]): { recipientId: string; kind: NotificationKind }[] {
  switch (rule) {
    case 'due_soon': return holders.map((recipientId) => ({ recipientId, kind: 'due_soon' }));
    case 'due_today': return holders.map((recipientId) => ({ recipientId, kind: 'due_today' }));
    case 'overdue_unit_head': return [
      ...holders.map((recipientId) => ({ recipientId, kind: 'overdue' as const })),
      ...supervisors.map((recipientId) => ({ recipientId, kind: 'overdue_escalated' as const })),
    ];
    case 'overdue_assigner': return [{ recipientId: task.assigned_by, kind: 'overdue_escalated' }];
  }
}

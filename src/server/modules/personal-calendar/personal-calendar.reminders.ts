/**
 * Reminders of personal events. A periodic scan (a job queued every minute with a singleton key, as
 * the assignments' reminder scan does, so several servers add one between them and it survives
 * restarts) expands each event with a reminder around now and, for every occurrence whose reminder
 * time has come and which has not started more than GRACE_MINUTES ago, notifies the owner with the
 * subject {kind: 'personal_event', id}. Each (event, occurrence) is written once in
 * personal_event_reminders in the transaction of its notice: a scan run twice sends nothing twice.
 * A scan rather than one job per reminder because repeating events have no last occurrence to queue.
 */
import type { Db, Executor } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { defineJob, type JobLog, schedulePeriodicJob } from '../jobs/jobs.js';
import { notify, type NewNotification } from '../notifications/notifications.service.js';
import { occurrences } from './personal-calendar.time.js';

/** An occurrence already started this long ago is not reminded of any more (server down, late scan). */
export const GRACE_MINUTES = 30;
const MAX_REMINDER_MINUTES = 40320;

const timeFormat = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hourCycle: 'h23' });

export async function scanEventReminders(deps: { db: Db; clock: Clock }): Promise<{ sent: number }> {
  const now = deps.clock.now();
  const from = new Date(now.getTime() - GRACE_MINUTES * 60_000);
  const horizon = new Date(now.getTime() + MAX_REMINDER_MINUTES * 60_000);
  const rows = await deps.db.selectFrom('personal_events').selectAll()
    .where('reminder_minutes', 'is not', null)
    .where('starts_at', '<=', horizon)
    .where((eb) => eb.or([
      eb.and([eb('repeat_freq', 'is', null), eb('starts_at', '>=', from)]),
      eb.and([eb('repeat_freq', 'is not', null), eb('repeat_until', '>=', from.toISOString().slice(0, 10))]),
    ]))
    .execute();
  const due = rows.flatMap((row) => occurrences(row, from, new Date(now.getTime() + row.reminder_minutes! * 60_000 + 1))
    .filter((o) => o.start >= from && o.start.getTime() - row.reminder_minutes! * 60_000 <= now.getTime())
    .map((o) => ({ row, start: o.start })));
  if (!due.length) return { sent: 0 };
  return deps.db.transaction().execute(async (tx) => {
    const fresh = await tx.insertInto('personal_event_reminders')
      .values(due.map(({ row, start }) => ({ event_id: row.id, occurrence_start: start })))
      .onConflict((oc) => oc.columns(['event_id', 'occurrence_start']).doNothing())
      .returning(['event_id', 'occurrence_start']).execute();
    const sent = new Set(fresh.map((r) => `${r.event_id}/${new Date(r.occurrence_start).toISOString()}`));
    const items: NewNotification[] = due.filter(({ row, start }) => sent.has(`${row.id}/${start.toISOString()}`)).map(({ row, start }) => ({
      agencyId: row.agency_id, recipientId: row.owner_id, kind: 'personal_event_reminder',
      subject: { kind: 'personal_event', id: row.id },
      params: { title: row.title, start: timeFormat.format(start), place: row.place ?? '' },
    }));
    await notify(tx, null, items);
    return { sent: items.length };
  });
}

declare module '../jobs/jobs.js' {
  interface JobPayloads {
    'personal-calendar.scan-reminders': Record<string, never>;
  }
}

export const scanEventRemindersJob = defineJob('personal-calendar.scan-reminders', async (_payload, ctx) => {
  const { sent } = await scanEventReminders({ db: ctx.db, clock: ctx.clock });
  if (sent) ctx.log(`personal event reminders: ${sent} sent`);
}, { retryLimit: 1, retryDelaySeconds: 30, expireInSeconds: 300 });

/** A scan of the personal events' reminders every minute. Returns the stop function. */
export function scheduleEventReminderScans(db: Executor, log: JobLog): () => void {
  return schedulePeriodicJob(db, 'personal-calendar.scan-reminders', {}, log);
}

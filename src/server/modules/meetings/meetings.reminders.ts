/**
 * Reminders before a meeting, without anyone asking (the organizer's own reminder, `remind` in
 * meetings.service.ts, is about answering the invitation).
 *
 * A periodic scan (a job queued every minute with a singleton key, as the personal events' scan, so
 * several servers add one between them and a restart loses nothing) looks at the scheduled meetings
 * of the next day and tells those who will be there — participants who have not declined or sent a
 * substitute, and the substitutes sent — by a notice (and e-mail, by their preferences):
 * - `meeting_starting`: `leadMinutes` before the start (MEETING_REMINDER_MINUTES, default 60);
 * - `meeting_today`: from `morningHour` (MEETING_REMINDER_MORNING_HOUR, default 7) on the meeting's
 *   day, for a meeting whose own reminder is not due yet (at 8:00 with a 60-minute lead, only that one).
 * Each is claimed on the participant's row by a conditional UPDATE … RETURNING in the transaction of
 * its notices, with the start (or day) it is sent for: a scan run twice sends nothing twice, and a
 * meeting moved to another time no longer matches, so it is reminded again for its new time. The
 * meeting row is locked (shared) first: a cancellation or a move waits for the scan, or the scan
 * sees it. Those invited after a reminder's time are not reminded: their invitation just told them.
 */
import type { Db, Executor } from '../../db/database.js';
import { type Clock, vietnamDate } from '../../time.js';
import { defineJob, type JobLog, schedulePeriodicJob } from '../jobs/jobs.js';
import { type NewNotification, notify } from '../notifications/notifications.service.js';
import { vietnamWhen } from './meetings.service.js';

export interface MeetingReminderSettings {
  /** Minutes before the start; 0: no such reminder. */
  leadMinutes: number;
  /** Hour (Vietnam) of the morning reminder on the meeting's day; null: none. */
  morningHour: number | null;
}

export const DEFAULT_MEETING_REMINDERS: MeetingReminderSettings = { leadMinutes: 60, morningHour: 7 };

type Rule = 'starting' | 'today';

/** Who is expected at the meeting: not those who declined or sent someone in their place. */
const ATTENDING = ['pending', 'attend'] as const;

interface Upcoming { id: string; agency_id: string; title: string; starts_at: Date; place: string | null; room_name: string | null }

function upcoming(db: Executor, from: Date, to: Date): Promise<Upcoming[]> {
  return db.selectFrom('meetings').leftJoin('meeting_rooms as r', 'r.id', 'meetings.room_id')
    .select(['meetings.id', 'meetings.agency_id', 'meetings.title', 'meetings.starts_at', 'meetings.place', 'r.name as room_name'])
    .where('meetings.status', '=', 'scheduled').where('meetings.starts_at', '>', from).where('meetings.starts_at', '<=', to)
    .orderBy('meetings.starts_at').orderBy('meetings.id').execute();
}

/** `hour`:00 of a Vietnam day (UTC+7 all year: no daylight saving). */
const morningOf = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+07:00`);

/** The reminder due for a meeting now, and the time it was due from (invitations after it are not reminded). */
export function dueRule(startsAt: Date, now: Date, settings: MeetingReminderSettings): { rule: Rule; since: Date } | null {
  if (startsAt <= now) return null;
  const startingAt = new Date(startsAt.getTime() - settings.leadMinutes * 60_000);
  if (settings.leadMinutes > 0 && now >= startingAt) return { rule: 'starting', since: startingAt };
  const day = vietnamDate(startsAt);
  if (settings.morningHour === null || day !== vietnamDate(now)) return null;
  const morning = morningOf(day, settings.morningHour);
  return now >= morning ? { rule: 'today', since: morning } : null;
}

/** Claims the rule for the attending participants not yet reminded of this start (or day): their ids. */
async function claim(tx: Executor, meeting: Pick<Upcoming, 'id' | 'starts_at'>, rule: Rule, since: Date): Promise<string[]> {
  let query = tx.updateTable('meeting_participants').where('meeting_id', '=', meeting.id)
    .where('response', 'in', [...ATTENDING]).where('invited_at', '<', since);
  if (rule === 'starting') {
    query = query.set({ start_reminded_for: meeting.starts_at })
      .where((eb) => eb.or([eb('start_reminded_for', 'is', null), eb('start_reminded_for', '!=', meeting.starts_at)]));
  } else {
    const day = vietnamDate(meeting.starts_at);
    query = query.set({ morning_reminded_on: day }).where((eb) => eb.or([eb('morning_reminded_on', 'is', null), eb('morning_reminded_on', '!=', day)]));
  }
  return (await query.returning('user_id').execute()).map((r) => r.user_id);
}

async function remindOne(db: Db, meeting: Upcoming, rule: Rule, since: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    // Still scheduled at the same start, and held so: a cancellation or a move commits before or after.
    const locked = await tx.selectFrom('meetings').select('id').where('id', '=', meeting.id).where('status', '=', 'scheduled')
      .where('starts_at', '=', meeting.starts_at).forShare().executeTakeFirst();
    if (!locked) return 0;
    const recipients = await claim(tx, meeting, rule, since);
    const params = { title: meeting.title, when: vietnamWhen(meeting.starts_at), place: meeting.room_name ?? meeting.place ?? '' };
    const items: NewNotification[] = recipients.map((recipientId) => ({
      agencyId: meeting.agency_id, recipientId, kind: rule === 'starting' ? 'meeting_starting' : 'meeting_today', subject: { kind: 'meeting', id: meeting.id }, params,
    }));
    await notify(tx, null, items);
    return items.length;
  });
}

/** One pass over the scheduled meetings of the next day; safe to run at any time, any number of times. */
export async function scanMeetingReminders(deps: { db: Db; clock: Clock }, settings: MeetingReminderSettings = DEFAULT_MEETING_REMINDERS): Promise<{ sent: number }> {
  const now = deps.clock.now();
  // A morning reminder concerns the same Vietnam day, a lead reminder at most leadMinutes ahead.
  const horizon = new Date(now.getTime() + Math.max(settings.leadMinutes * 60_000, 24 * 3600_000));
  let sent = 0;
  for (const meeting of await upcoming(deps.db, now, horizon)) {
    const due = dueRule(meeting.starts_at, now, settings);
    // One short transaction a meeting: two scans racing queue on its rows, never on many at once.
    if (due) sent += await remindOne(deps.db, meeting, due.rule, due.since);
  }
  return { sent };
}

declare module '../jobs/jobs.js' {
  interface JobPayloads {
    'meetings.scan-reminders': MeetingReminderSettings;
  }
}

export const scanMeetingRemindersJob = defineJob('meetings.scan-reminders', async (settings, ctx) => {
  const { sent } = await scanMeetingReminders({ db: ctx.db, clock: ctx.clock }, settings);
  if (sent) ctx.log(`meeting reminders: ${sent} sent`);
}, { retryLimit: 1, retryDelaySeconds: 30, expireInSeconds: 300 });

/** A scan every minute with this server's MEETING_REMINDER_MINUTES and MEETING_REMINDER_MORNING_HOUR. Returns the stop function. */
export function scheduleMeetingReminderScans(db: Executor, settings: MeetingReminderSettings, log: JobLog): () => void {
  return schedulePeriodicJob(db, 'meetings.scan-reminders', settings, log);
}

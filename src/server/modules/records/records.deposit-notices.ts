/**
 * Decree 30 (art. 31): a case file is deposited in the agency archive within a year of the work's end.
 * Thirty days before that date its keeper and the office (the agency's clerks) are told, once, by the
 * same scheduled scan as the documents' reminders; the time the notice went out is kept on the file in
 * the same transaction, so two servers scanning at once send it once (the row is locked and re-read).
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { vietnamDate } from '../../time.js';
import { shiftDay } from '../calendar/calendar.holidays.js';
import { notify } from '../notifications/notifications.service.js';

/** Days before the deposit date that the notice goes out. */
export const DEPOSIT_NOTICE_DAYS = 30;

/** The deposit date of a file closed at `closedAt`: the same Vietnam day a year later (28 Feb for 29 Feb). */
export function depositDueDate(closedAt: Date): string {
  const [y, m, d] = vietnamDate(closedAt).split('-').map(Number) as [number, number, number];
  const due = new Date(Date.UTC(y + 1, m - 1, d));
  if (due.getUTCMonth() !== m - 1) due.setUTCDate(0); // 29 Feb → 28 Feb
  return due.toISOString().slice(0, 10);
}

const display = (day: string) => day.split('-').reverse().join('/');

/** Sends the notices due today; returns how many files were noticed. */
export async function scanDepositNotices(db: Db, today: string): Promise<number> {
  // A file closed more than a year minus 30 days ago (a day's margin for the time zone): the rest wait.
  const closedBefore = new Date(`${shiftDay(today, -(365 - DEPOSIT_NOTICE_DAYS) + 1)}T00:00:00+07:00`);
  const candidates = await db.selectFrom('case_files').select(['id', 'closed_at']).where('status', '=', 'closed')
    .where('deposit_notice_sent_at', 'is', null).where('closed_at', '<', closedBefore).execute();
  let sent = 0;
  for (const candidate of candidates) {
    const due = depositDueDate(candidate.closed_at!);
    if (shiftDay(due, -DEPOSIT_NOTICE_DAYS) > today) continue;
    sent += await db.transaction().execute(async (tx) => {
      const file = await tx.selectFrom('case_files').select(['id', 'agency_id', 'code', 'title', 'keeper_id', 'status', 'deposit_notice_sent_at'])
        .where('id', '=', candidate.id).forUpdate().executeTakeFirst();
      if (!file || file.status !== 'closed' || file.deposit_notice_sent_at) return 0;
      const office = await tx.selectFrom('users').select('id').where('agency_id', '=', file.agency_id).where('active', '=', true)
        .where(sql<boolean>`'clerk' = ANY(roles)`).execute();
      const recipients = [...new Set([file.keeper_id, ...office.map((u) => u.id)])];
      await notify(tx, null, recipients.map((recipientId) => ({
        agencyId: file.agency_id, recipientId, kind: 'case_file_deposit_due' as const, subject: { kind: 'case_file' as const, id: file.id },
        params: { code: file.code, title: file.title, dueDate: display(due) },
      })));
      await tx.updateTable('case_files').set({ deposit_notice_sent_at: new Date() }).where('id', '=', file.id).execute();
      return 1;
    });
  }
  return sent;
}

import { sql } from 'kysely';
import type { ArchiveView, CaseFileDeposit, RetentionDecision } from '../../../shared/records.js';
import type { Executor } from '../../db/database.js';

// The agency archive as stored (0033): deposit records, the files they received, the head's
// decisions once retention ended. Lists are of one agency only (the caller's), in the WHERE clause.

/** "03/BB-2026": a deposit record's number in its year. */
export const recordNumber = (number: number, year: number) => `${String(number).padStart(2, '0')}/BB-${year}`;

/** The last day of retention counted from the deposit; null for files kept permanently (or until replaced: no date to count to). */
export function retainUntil(depositedOn: string, retention: string): string | null {
  const years = Number(retention);
  if (!Number.isInteger(years) || years <= 0) return null;
  return addYears(depositedOn, years);
}

export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // 29 February + n years falls on 28 February when that year has no 29th.
  const day = m === 2 && d === 29 && !((y + years) % 4 === 0 && ((y + years) % 100 !== 0 || (y + years) % 400 === 0)) ? 28 : d;
  return `${y + years}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export async function depositOf(db: Executor, file: { deposit_id: string | null; deposited_on: string | null; retain_until: string | null }): Promise<CaseFileDeposit | null> {
  if (!file.deposit_id || !file.deposited_on) return null;
  const record = await db.selectFrom('record_deposits').select(['number', 'year']).where('id', '=', file.deposit_id).executeTakeFirstOrThrow();
  return { depositId: file.deposit_id, recordNumber: recordNumber(record.number, record.year), depositedOn: file.deposited_on, retainUntil: file.retain_until };
}

export async function decisionsOf(db: Executor, fileId: string): Promise<RetentionDecision[]> {
  const rows = await db.selectFrom('record_retention_decisions as d').innerJoin('users as u', 'u.id', 'd.decided_by')
    .select(['d.decision', 'd.decision_number', 'd.extend_years', 'd.retain_until_before', 'd.retain_until_after', 'd.note', 'd.decided_at', 'u.full_name'])
    .where('d.case_file_id', '=', fileId).orderBy('d.decided_at').orderBy('d.id').execute();
  return rows.map((r) => ({
    decision: r.decision, decisionNumber: r.decision_number, extendYears: r.extend_years, retainUntilBefore: r.retain_until_before, retainUntilAfter: r.retain_until_after,
    note: r.note, decidedBy: r.full_name, decidedAt: r.decided_at.toISOString(),
  }));
}

/** The agency's files as the archive sees them: closed and waiting, deposited, retention ended (for the head's decision), destroyed. */
export function archiveFiles(db: Executor, agencyId: string, view: ArchiveView | { depositId: string }, today: string) {
  let query = db.selectFrom('case_files as f')
    .innerJoin('users as k', 'k.id', 'f.keeper_id')
    .leftJoin('units as u', 'u.id', 'f.keeper_unit_id')
    .leftJoin('record_deposits as r', 'r.id', 'f.deposit_id')
    .select([
      'f.id', 'f.code', 'f.title', 'f.year', 'f.status', 'f.retention', 'f.access_regime', 'f.closed_at', 'f.deposit_id', 'f.deposited_on', 'f.retain_until', 'f.destroyed_at',
      'f.start_date', 'f.end_date', 'f.page_total', 'k.full_name as keeper_name', 'u.name as unit_name', 'r.number as record_no', 'r.year as record_year',
    ])
    .select((eb) => eb.selectFrom('case_file_documents as l').select((e) => e.fn.countAll<number>().as('n')).whereRef('l.case_file_id', '=', 'f.id').as('doc_total'))
    .select(sql<number>`(SELECT coalesce(sum(d.page_count), 0) FROM case_file_documents l JOIN documents d ON d.id = l.document_id WHERE l.case_file_id = f.id)`.as('doc_pages'))
    .select(sql<string | null>`(SELECT min(coalesce(d.issued_on, d.received_on))::text FROM case_file_documents l JOIN documents d ON d.id = l.document_id WHERE l.case_file_id = f.id)`.as('first_date'))
    .select(sql<string | null>`(SELECT max(coalesce(d.issued_on, d.received_on))::text FROM case_file_documents l JOIN documents d ON d.id = l.document_id WHERE l.case_file_id = f.id)`.as('last_date'))
    .where('f.agency_id', '=', agencyId);
  if (typeof view === 'object') query = query.where('f.deposit_id', '=', view.depositId).orderBy('f.code');
  else if (view === 'closed') query = query.where('f.status', '=', 'closed').orderBy('f.closed_at');
  else if (view === 'deposited') query = query.where('f.status', '=', 'deposited').orderBy('f.deposited_on', 'desc').orderBy('f.code');
  else if (view === 'expired') query = query.where('f.status', '=', 'deposited').where('f.retain_until', '<=', today).orderBy('f.retain_until').orderBy('f.code');
  else query = query.where('f.status', '=', 'destroyed').orderBy('f.destroyed_at', 'desc');
  return query.limit(1000).execute();
}
export type ArchiveRow = Awaited<ReturnType<typeof archiveFiles>>[number];

import type { AccessRegime, ArchiveFile, ArchiveList, ArchiveView, CaseFileDetail, DepositRecord, Retention } from '../../../shared/records.js';
import type { Executor } from '../../db/database.js';
import { conflict, DomainError, forbidden, notFound } from '../../http/errors.js';
import { vietnamDate } from '../../time.js';
import type { ActionContext } from '../auth/current-user.js';
import { appendEvent } from '../events/events.repository.js';
import { heading } from '../reports/reports.exports.js';
import { depositRecordPdf } from './records.archive.pdf.js';
import { addYears, archiveFiles, type ArchiveRow, recordNumber, retainUntil } from './records.archive.repository.js';
import { decidesRetention, runsArchive } from './records.policies.js';
import type { DepositBody, RetentionBody } from './records.schemas.js';
import { presentFile, readableFile, type RecordsDeps } from './records.service.js';

// The agency archive (lưu trữ cơ quan; Decree 30 Art. 29–30, annex VI §III.5). The office receives
// closed case files with a deposit record (biên bản giao nhận); from then on they are read-only
// (no action changes a file that is not open) and keep their access regime and readers. Retention
// runs from the deposit date. When it has ended the head of the agency decides: keep longer (a new
// last day) or destroy, with the number of the destruction decision. Destroying marks the case file
// only: its list of documents stays, and the documents stay in the system as documents.

const presentArchiveFile = (r: ArchiveRow): ArchiveFile => ({
  id: r.id, code: r.code, title: r.title, year: r.year, status: r.status, retention: r.retention as Retention, accessRegime: r.access_regime as AccessRegime,
  keeper: r.keeper_name, keeperUnit: r.unit_name, docTotal: Number(r.doc_total ?? 0), closedAt: r.closed_at?.toISOString() ?? null,
  deposit: r.deposit_id && r.deposited_on && r.record_no !== null && r.record_year !== null
    ? { depositId: r.deposit_id, recordNumber: recordNumber(r.record_no, r.record_year), depositedOn: r.deposited_on, retainUntil: r.retain_until } : null,
  destroyedAt: r.destroyed_at?.toISOString() ?? null,
});

/** The archive's lists: for the office (all four) and the head of the agency (the files whose retention ended, and the rest to look at). */
export async function listArchive(deps: RecordsDeps, ctx: ActionContext, view: ArchiveView): Promise<ArchiveList> {
  if (!runsArchive(ctx.user) && !decidesRetention(ctx.user)) throw forbidden('ARCHIVE_OFFICE_ONLY');
  const rows = await archiveFiles(deps.db, ctx.user.agencyId, view, vietnamDate(deps.clock.now()));
  const actions: ArchiveList['actions'] = [];
  if (runsArchive(ctx.user)) actions.push('deposit');
  if (decidesRetention(ctx.user)) actions.push('decide');
  return { items: rows.map(presentArchiveFile), actions };
}

/** The office receives closed files into the archive: one deposit record, numbered in its year. */
export async function depositFiles(deps: RecordsDeps, ctx: ActionContext, body: DepositBody): Promise<DepositRecord> {
  if (!runsArchive(ctx.user)) throw forbidden('ARCHIVE_OFFICE_ONLY');
  const today = vietnamDate(deps.clock.now());
  const day = body.depositedOn ?? today;
  if (day > today) throw new DomainError('DEPOSIT_IN_FUTURE', 400);
  const ids = [...new Set(body.caseFileIds)];
  const id = await deps.db.transaction().execute(async (tx) => {
    // One deposit at a time per agency: the record numbers follow each other without gaps.
    await tx.selectFrom('agencies').select('id').where('id', '=', ctx.user.agencyId).forUpdate().executeTakeFirstOrThrow();
    const files = await tx.selectFrom('case_files').select(['id', 'code', 'status', 'retention']).where('id', 'in', ids).where('agency_id', '=', ctx.user.agencyId)
      .orderBy('id').forUpdate().execute();
    if (files.length !== ids.length) throw notFound('CASE_FILE_NOT_FOUND');
    const notClosed = files.filter((f) => f.status !== 'closed');
    if (notClosed.length) throw new DomainError('CASE_FILE_NOT_CLOSED', 409, { codes: notClosed.map((f) => f.code).join(', ') });
    const year = Number(day.slice(0, 4));
    const last = await tx.selectFrom('record_deposits').select((eb) => eb.fn.max('number').as('n')).where('agency_id', '=', ctx.user.agencyId).where('year', '=', year).executeTakeFirst();
    const number = Number(last?.n ?? 0) + 1;
    const now = deps.clock.now();
    const record = await tx.insertInto('record_deposits').values({ agency_id: ctx.user.agencyId, year, number, deposited_on: day, received_by: ctx.user.id, note: body.note, created_at: now })
      .returning('id').executeTakeFirstOrThrow();
    for (const f of files) {
      await tx.updateTable('case_files').set({ status: 'deposited', deposit_id: record.id, deposited_on: day, retain_until: retainUntil(day, f.retention), updated_at: now })
        .where('id', '=', f.id).execute();
    }
    await appendEvent(tx, { ...ctx, at: now }, {
      agencyId: ctx.user.agencyId, action: 'case_files_deposited', payload: { depositId: record.id, recordNumber: recordNumber(number, year), depositedOn: day, codes: files.map((f) => f.code) },
    });
    return record.id;
  });
  return getDeposit(deps, ctx, id);
}

async function depositRow(db: Executor, ctx: ActionContext, id: string) {
  if (!runsArchive(ctx.user) && !decidesRetention(ctx.user)) throw forbidden('ARCHIVE_OFFICE_ONLY');
  const row = await db.selectFrom('record_deposits as r').innerJoin('users as u', 'u.id', 'r.received_by').leftJoin('units as un', 'un.id', 'u.unit_id')
    .select(['r.id', 'r.number', 'r.year', 'r.deposited_on', 'r.note', 'u.full_name', 'un.name as unit_name'])
    .where('r.id', '=', id).where('r.agency_id', '=', ctx.user.agencyId).executeTakeFirst();
  if (!row) throw notFound('DEPOSIT_NOT_FOUND');
  return row;
}

export async function getDeposit(deps: RecordsDeps, ctx: ActionContext, id: string): Promise<DepositRecord> {
  const row = await depositRow(deps.db, ctx, id);
  const files = await archiveFiles(deps.db, ctx.user.agencyId, { depositId: id }, vietnamDate(deps.clock.now()));
  return { id: row.id, recordNumber: recordNumber(row.number, row.year), depositedOn: row.deposited_on, receivedBy: row.full_name, note: row.note, files: files.map(presentArchiveFile) };
}

/** Biên bản giao nhận as PDF, rendered from what was stored at the deposit. */
export async function depositPdf(deps: RecordsDeps, ctx: ActionContext, id: string): Promise<{ fileName: string; pdf: Buffer }> {
  const row = await depositRow(deps.db, ctx, id);
  const files = await archiveFiles(deps.db, ctx.user.agencyId, { depositId: id }, vietnamDate(deps.clock.now()));
  const deliverers = new Map<string, { name: string; unit: string | null }>();
  for (const f of files) deliverers.set(`${f.keeper_name}|${f.unit_name ?? ''}`, { name: f.keeper_name, unit: f.unit_name });
  const number = recordNumber(row.number, row.year);
  const pdf = await depositRecordPdf({
    agency: await heading(deps, ctx.user.agencyId), recordNumber: number, depositedOn: row.deposited_on,
    receivedBy: { name: row.full_name, position: row.unit_name ? `Văn thư, ${row.unit_name}` : 'Văn thư' }, deliverers: [...deliverers.values()], note: row.note,
    files: files.map((f) => ({
      code: f.code, title: f.title, firstDate: f.start_date ?? f.first_date, lastDate: f.end_date ?? f.last_date, docTotal: Number(f.doc_total ?? 0),
      pageTotal: f.page_total ?? Number(f.doc_pages ?? 0), retention: f.retention as Retention, accessRegime: f.access_regime as AccessRegime, keeper: f.keeper_name, unit: f.unit_name,
    })),
  });
  return { fileName: `bien-ban-giao-nhan-${number.replace('/', '-')}.pdf`, pdf };
}

/**
 * The head of the agency decides on a deposited file whose retention has ended: keep it longer
 * (a new last day, counted from the old one) or destroy it under a decision's number. Nothing is
 * removed: the file is marked destroyed, with its list of documents; the documents stay.
 */
export async function decideRetention(deps: RecordsDeps, ctx: ActionContext, id: string, body: RetentionBody): Promise<CaseFileDetail> {
  if (!decidesRetention(ctx.user)) throw forbidden('RETENTION_HEAD_DECIDES');
  const today = vietnamDate(deps.clock.now());
  return deps.db.transaction().execute(async (tx) => {
    const file = await readableFile(tx, ctx.user, id, true);
    if (file.status !== 'deposited') throw conflict('CASE_FILE_NOT_DEPOSITED');
    if (!file.retain_until || file.retain_until > today) throw new DomainError('RETENTION_NOT_ENDED', 409, { date: file.retain_until ?? '—' });
    const now = deps.clock.now();
    if (body.decision === 'extend') {
      const after = addYears(file.retain_until, body.years);
      await tx.insertInto('record_retention_decisions').values({
        case_file_id: id, decision: 'extend', decision_number: body.decisionNumber, extend_years: body.years, retain_until_before: file.retain_until, retain_until_after: after, note: body.note, decided_by: ctx.user.id, decided_at: now,
      }).execute();
      await tx.updateTable('case_files').set({ retain_until: after, updated_at: now }).where('id', '=', id).execute();
      await appendEvent(tx, { ...ctx, at: now }, { agencyId: ctx.user.agencyId, action: 'case_file_retention_extended', payload: { caseFileId: id, code: file.code, years: body.years, retainUntil: after, decisionNumber: body.decisionNumber } });
    } else {
      await tx.insertInto('record_retention_decisions').values({
        case_file_id: id, decision: 'destroy', decision_number: body.decisionNumber, extend_years: null, retain_until_before: file.retain_until, retain_until_after: null, note: body.note, decided_by: ctx.user.id, decided_at: now,
      }).execute();
      await tx.updateTable('case_files').set({ status: 'destroyed', destroyed_at: now, updated_at: now }).where('id', '=', id).execute();
      await appendEvent(tx, { ...ctx, at: now }, { agencyId: ctx.user.agencyId, action: 'case_file_destroyed', payload: { caseFileId: id, code: file.code, decisionNumber: body.decisionNumber } });
    }
    return presentFile(tx, ctx.user, await readableFile(tx, ctx.user, id), today);
  });
}

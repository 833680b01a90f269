import { sql } from 'kysely';
import type { CaseFileStatus, RecordStatistics, RecordStatisticsCounts, RecordStatisticsRow } from '../../../shared/records.js';
import { forbidden } from '../../http/errors.js';
import { vietnamDate } from '../../time.js';
import type { ActionContext } from '../auth/current-user.js';
import { heading } from '../reports/reports.exports.js';
import type { FormDocument } from '../reports/reports.forms.js';
import { formXlsx } from '../reports/reports.xlsx.js';
import { seesRecordStatistics } from './records.policies.js';
import type { StatisticsQuery } from './records.schemas.js';
import type { RecordsDeps } from './records.service.js';

// Statistics of case files (annex VI §III.4 "per-account stats", §III.6 "counts of hồ sơ, documents
// and accesses"): by keeper unit and year, the files in each state, their documents and pages, and how
// often their pages were read. Every query is scoped to the official's own agency in its WHERE clause,
// so no filter (a year, another agency's unit) can show another agency's numbers.

const COUNT_KEYS = ['files', 'open', 'closed', 'deposited', 'destroyed', 'unplanned', 'documents', 'pages', 'accesses'] as const;

interface CountRow {
  unit_id: string | null; unit_name: string | null; year: number;
  files: string | number; open: string | number; closed: string | number; deposited: string | number; destroyed: string | number; unplanned: string | number;
  documents: string | number; pages: string | number; accesses: string | number;
}

export async function recordStatistics(deps: RecordsDeps, ctx: ActionContext, query: StatisticsQuery): Promise<RecordStatistics> {
  if (!seesRecordStatistics(ctx.user)) throw forbidden('RECORD_STATISTICS_NOT_ALLOWED');
  const agencyId = ctx.user.agencyId;
  const year = query.year ? sql`AND f.year = ${query.year}` : sql``;
  const unit = query.unitId ? sql`AND f.keeper_unit_id = ${query.unitId}` : sql``;
  // Per file first (documents, pages: the keeper's page count where set, else the documents'; accesses), then per unit and year.
  const rows = (await sql<CountRow>`
    WITH f AS (
      SELECT f.id, f.year, f.keeper_unit_id, f.status, f.plan_entry_id,
        coalesce(d.documents, 0) AS documents, coalesce(f.page_total, d.pages, 0) AS pages, coalesce(a.accesses, 0) AS accesses
      FROM case_files f
      LEFT JOIN LATERAL (
        SELECT count(*) AS documents, sum(coalesce(doc.page_count, 0)) AS pages
        FROM case_file_documents l JOIN documents doc ON doc.id = l.document_id WHERE l.case_file_id = f.id
      ) d ON true
      LEFT JOIN LATERAL (SELECT count(*) AS accesses FROM case_file_accesses x WHERE x.case_file_id = f.id) a ON true
      WHERE f.agency_id = ${agencyId} ${year} ${unit}
    )
    SELECT f.keeper_unit_id AS unit_id, u.name AS unit_name, f.year,
      count(*) AS files,
      count(*) FILTER (WHERE f.status = 'open') AS open,
      count(*) FILTER (WHERE f.status = 'closed') AS closed,
      count(*) FILTER (WHERE f.status = 'deposited') AS deposited,
      count(*) FILTER (WHERE f.status = 'destroyed') AS destroyed,
      count(*) FILTER (WHERE f.plan_entry_id IS NULL) AS unplanned,
      sum(f.documents) AS documents, sum(f.pages) AS pages, sum(f.accesses) AS accesses
    FROM f LEFT JOIN units u ON u.id = f.keeper_unit_id AND u.agency_id = ${agencyId}
    GROUP BY f.keeper_unit_id, u.name, f.year
    ORDER BY f.year DESC, u.name NULLS LAST`.execute(deps.db)).rows;
  const byFile = (await sql<{ id: string; code: string; title: string; year: number; status: CaseFileStatus; unit_name: string | null; accesses: string | number; readers: string | number; last_at: Date | null }>`
    SELECT f.id, f.code, f.title, f.year, f.status, u.name AS unit_name, count(*) AS accesses, count(DISTINCT x.user_id) AS readers, max(x.accessed_at) AS last_at
    FROM case_file_accesses x
    JOIN case_files f ON f.id = x.case_file_id
    LEFT JOIN units u ON u.id = f.keeper_unit_id
    WHERE x.agency_id = ${agencyId} AND f.agency_id = ${agencyId} ${year} ${unit}
    GROUP BY f.id, f.code, f.title, f.year, f.status, u.name
    ORDER BY count(*) DESC, f.code
    LIMIT 100`.execute(deps.db)).rows;
  const presented: RecordStatisticsRow[] = rows.map((r) => ({
    unit: r.unit_id ? { id: r.unit_id, name: r.unit_name ?? '' } : null, year: Number(r.year),
    ...Object.fromEntries(COUNT_KEYS.map((k) => [k, Number(r[k] ?? 0)])) as unknown as RecordStatisticsCounts,
  }));
  const totals = Object.fromEntries(COUNT_KEYS.map((k) => [k, presented.reduce((sum, r) => sum + r[k], 0)])) as unknown as RecordStatisticsCounts;
  return {
    year: query.year ?? null, unitId: query.unitId ?? null, rows: presented, totals,
    accessesByFile: byFile.map((r) => ({
      id: r.id, code: r.code, title: r.title, year: Number(r.year), status: r.status, unit: r.unit_name, accesses: Number(r.accesses), readers: Number(r.readers),
      lastAccessAt: r.last_at ? new Date(r.last_at).toISOString() : null,
    })),
  };
}

const STATUS_WORDS: Record<CaseFileStatus, string> = { open: 'Đang lập', closed: 'Đã kết thúc', deposited: 'Đã nộp lưu', destroyed: 'Đã hủy' };

/** The same table as XLSX, in the layout of the registers and reports (the agency header, numbered columns, totals). */
export async function recordStatisticsXlsx(deps: RecordsDeps, ctx: ActionContext, query: StatisticsQuery): Promise<{ fileName: string; xlsx: Buffer }> {
  const stats = await recordStatistics(deps, ctx, query);
  const agency = await heading(deps, ctx.user.agencyId);
  const n = (v: number) => String(v);
  const unitName = query.unitId ? stats.rows[0]?.unit?.name ?? (await deps.db.selectFrom('units').select('name').where('id', '=', query.unitId).where('agency_id', '=', ctx.user.agencyId).executeTakeFirst())?.name : null;
  const counts = (c: RecordStatisticsCounts) => [n(c.files), n(c.open), n(c.closed), n(c.deposited), n(c.destroyed), n(c.unplanned), n(c.documents), n(c.pages), n(c.accesses)];
  const right = { align: 'right' as const };
  const doc: FormDocument = {
    fileName: `thong-ke-ho-so${query.year ? `-${query.year}` : ''}`,
    agency,
    title: 'THỐNG KÊ HỒ SƠ',
    subtitle: [query.year ? `Năm ${query.year}` : 'Tất cả các năm', unitName ? `Đơn vị: ${unitName}` : 'Tất cả các đơn vị'].join(' — '),
    printedOn: vietnamDate(deps.clock.now()),
    orientation: 'landscape',
    sections: [
      {
        heading: 'I. Số lượng hồ sơ, văn bản, trang và lượt khai thác theo đơn vị và năm',
        columns: [
          { header: 'Đơn vị lập hồ sơ', width: 22 }, { header: 'Năm', width: 7, align: 'center' }, { header: 'Tổng số hồ sơ', width: 8, ...right },
          { header: 'Đang lập', width: 8, ...right }, { header: 'Đã kết thúc', width: 8, ...right }, { header: 'Đã nộp lưu', width: 8, ...right },
          { header: 'Đã hủy', width: 7, ...right }, { header: 'Ngoài danh mục', width: 8, ...right }, { header: 'Số văn bản', width: 8, ...right },
          { header: 'Số trang', width: 8, ...right }, { header: 'Lượt khai thác', width: 8, ...right },
        ],
        rows: stats.rows.map((r) => [r.unit?.name ?? '(Không thuộc đơn vị)', String(r.year), ...counts(r)]),
        totals: ['Tổng cộng', '', ...counts(stats.totals)],
      },
      {
        heading: 'II. Lượt khai thác theo hồ sơ',
        columns: [
          { header: 'Mã hồ sơ', width: 18 }, { header: 'Tiêu đề hồ sơ', width: 40 }, { header: 'Đơn vị', width: 18 }, { header: 'Trạng thái', width: 10 },
          { header: 'Lượt khai thác', width: 8, ...right }, { header: 'Số người khai thác', width: 8, ...right },
        ],
        rows: stats.accessesByFile.map((f) => [f.code, f.title, f.unit ?? '', STATUS_WORDS[f.status], n(f.accesses), n(f.readers)]),
      },
    ],
  };
  return { fileName: `${doc.fileName}.xlsx`, xlsx: await formXlsx(doc) };
}

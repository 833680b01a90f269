import { DomainError } from '../../http/errors.js';
import { vietnamDate, type Clock } from '../../time.js';
import type { ActionContext } from '../auth/current-user.js';
import { reference } from '../documents/documents.presenters.js';
import { heading, MIME } from '../reports/reports.exports.js';
import { type FormColumn, type FormDocument, typeName, vnDate } from '../reports/reports.forms.js';
import { formXlsx } from '../reports/reports.xlsx.js';
import { SEARCH_EXPORT_LIMIT, type SearchExportFormat } from '../../../shared/search.js';
import type { SearchFilters } from '../../../shared/search.schemas.js';
import type { Db } from '../../db/database.js';
import { type HitRow, searchPage } from './search.repository.js';
import { parseQuery } from './search.text.js';

// A search's result list taken out of the system: the same words, filters, order and permissions
// as the page (search.repository.ts keeps the visibility rule in the SQL), every match up to
// SEARCH_EXPORT_LIMIT, as an XLSX laid out like the registers (reports.xlsx.ts) or as CSV.

export interface ExportDeps { db: Db; clock: Clock }

const URGENCY: Record<string, string> = { normal: 'Thường', urgent: 'Khẩn', very_urgent: 'Thượng khẩn', flash: 'Hỏa tốc' };
const SECRECY: Record<string, string> = { none: '', confidential: 'Mật', secret: 'Tối mật', top_secret: 'Tuyệt mật' };
const STATUS: Record<string, string> = {
  registered: 'Đã vào sổ', submitted: 'Đã trình', in_progress: 'Đang xử lý', completed: 'Đã hoàn thành', returned: 'Bị trả lại', issued: 'Đã phát hành',
  recalled: 'Đã thu hồi', draft: 'Dự thảo', in_review: 'Đang trình duyệt', approved: 'Đã duyệt', signed: 'Đã ký',
};

const COLUMNS: FormColumn[] = [
  { header: 'STT', width: 5, align: 'center' },
  { header: 'Sổ', width: 8, align: 'center' },
  { header: 'Số, ký hiệu', width: 16 },
  { header: 'Số đến', width: 7, align: 'center' },
  { header: 'Ngày', width: 10, align: 'center' },
  { header: 'Cơ quan ban hành', width: 20 },
  { header: 'Loại văn bản', width: 12 },
  { header: 'Trích yếu', width: 40 },
  { header: 'Độ khẩn', width: 9 },
  { header: 'Độ mật', width: 8 },
  { header: 'Trạng thái', width: 12 },
];

function line(row: HitRow, n: number): string[] {
  return [
    String(n), row.direction === 'incoming' ? 'Đến' : 'Đi', reference(row.number, row.notation), row.arrival_number == null ? '' : String(row.arrival_number),
    vnDate(row.search_date), row.issuer, typeName(row.document_type), row.summary, URGENCY[row.urgency] ?? row.urgency,
    SECRECY[row.secrecy] ?? row.secrecy, STATUS[row.status] ?? row.status,
  ];
}

/** The words and filters as a line under the title, so a printed list says what it lists. */
function describe(filters: SearchFilters, count: number): string {
  const parts = [filters.q.trim() ? `Từ khóa: “${filters.q.trim()}”` : 'Mọi văn bản'];
  if (filters.direction) parts.push(filters.direction === 'incoming' ? 'văn bản đến' : 'văn bản đi');
  if (filters.documentType) parts.push(typeName(filters.documentType));
  if (filters.issuer) parts.push(`cơ quan ban hành: ${filters.issuer}`);
  if (filters.urgency) parts.push(`độ khẩn: ${URGENCY[filters.urgency] ?? filters.urgency}`);
  if (filters.secrecy) parts.push(`độ mật: ${SECRECY[filters.secrecy] || 'Thường'}`);
  if (filters.status) parts.push(`trạng thái: ${STATUS[filters.status] ?? filters.status}`);
  if (filters.from || filters.to) parts.push(`ngày ${filters.from ? `từ ${vnDate(filters.from)}` : ''}${filters.from && filters.to ? ' ' : ''}${filters.to ? `đến ${vnDate(filters.to)}` : ''}`);
  return `${parts.join('; ')} — ${count} văn bản`;
}

/**
 * A cell a spreadsheet would run as a formula (= + - @, or a tab or carriage return before one)
 * gets an apostrophe in front: "=HYPERLINK(…)" typed into a summary stays text (OWASP, CSV injection).
 */
export const neutralise = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

const csvCell = (value: string) => {
  const safe = neutralise(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** UTF-8 with a byte-order mark (without it Excel reads the Vietnamese letters as Windows-1252), CRLF lines. */
export function toCsv(header: string[], rows: string[][]): Buffer {
  const text = [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, 'utf8')]);
}

export async function exportSearch(deps: ExportDeps, ctx: ActionContext, filters: SearchFilters, format: SearchExportFormat) {
  const { q: raw, sort, ...rest } = filters;
  const q = parseQuery(raw);
  const rankExact = sort === 'relevance' && q.accented && !q.reference;
  const { rows } = await searchPage(deps.db, ctx.user, q, rest, rankExact, { offset: 0, limit: SEARCH_EXPORT_LIMIT + 1 }, false);
  if (rows.length > SEARCH_EXPORT_LIMIT) throw new DomainError('SEARCH_EXPORT_TOO_LARGE', 422, { limit: SEARCH_EXPORT_LIMIT });
  const today = vietnamDate(deps.clock.now());
  const lines = rows.map((row, i) => line(row, i + 1));
  const fileName = `tra-cuu-van-ban-${today}.${format}`;
  if (format === 'csv') return { bytes: toCsv(COLUMNS.map((c) => c.header), lines), fileName, mimeType: 'text/csv; charset=utf-8' };
  // The sheet's cells are strings (never formulas: exceljs writes a formula only when given one), so
  // "=1+1" shows as typed and needs no apostrophe.
  const doc: FormDocument = {
    fileName, agency: await heading(deps, ctx.user.agencyId), title: 'KẾT QUẢ TRA CỨU VĂN BẢN', subtitle: describe(filters, rows.length),
    printedOn: today, sections: [{ columns: COLUMNS, rows: lines }], orientation: 'landscape',
  };
  return { bytes: await formXlsx(doc), fileName, mimeType: MIME.xlsx };
}

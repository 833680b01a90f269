import ExcelJS from 'exceljs';
import type { Content, TableCell } from 'pdfmake/interfaces';
import { RETENTIONS, type RecordPlan, type Retention } from '../../../shared/records.js';
import type { FieldError } from '../../../shared/messages.js';
import { FIELD_MESSAGES } from '../../../shared/messages.js';
import { forbidden, notFound, ValidationError } from '../../http/errors.js';
import { renderPdf } from '../../pdf/pdfmake.js';
import type { ActionContext } from '../auth/current-user.js';
import { heading } from '../reports/reports.exports.js';
import { placeAndDate } from '../reports/reports.forms.js';
import { headerBlock } from '../reports/reports.pdf.js';
import { vietnamDate } from '../../time.js';
import { RETENTION_WORDS } from './records.archive.pdf.js';
import { canEditPlan } from './records.policies.js';
import { agencyNumbering, lockPlan, nextNumber } from './records.repository.js';
import { getPlan, type RecordsDeps, renumberDraft, revise } from './records.service.js';

function toRoman(n: number): string {
  const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [value, letters] of table) while (n >= value) { out += letters; n -= value; }
  return out;
}

// The file plan on paper and in a spreadsheet, in the layout of Decree 30 annex V (mẫu danh mục hồ
// sơ): five columns (Số và ký hiệu hồ sơ / Tên đề mục và tiêu đề hồ sơ / Thời hạn bảo quản / Đơn vị
// hoặc người lập hồ sơ / Ghi chú), the headings as rows of their own ("I. Tổng hợp", "1. Thi đua"),
// and the closing count of files by retention. The same five columns are read back on import.

export const PLAN_COLUMNS = ['Số và ký hiệu hồ sơ', 'Tên đề mục và tiêu đề hồ sơ', 'Thời hạn bảo quản', 'Đơn vị/người lập hồ sơ', 'Ghi chú'] as const;

interface PlanRow { kind: 'heading' | 'subheading' | 'entry'; notation: string; title: string; retention: string; keeper: string; note: string }

/** The plan as rows in its printed order: a chapter, its own files, then each sub-heading and its files. */
export function planRows(plan: RecordPlan): PlanRow[] {
  const rows: PlanRow[] = [];
  const keeperOf = (e: RecordPlan['entries'][number]) => [e.keeperUnit?.name, e.keeperUser?.fullName].filter(Boolean).join(' — ');
  const entriesUnder = (headingId: string) => plan.entries.filter((e) => e.headingId === headingId).map((e): PlanRow => ({
    kind: 'entry', notation: e.fileNotation, title: e.title, retention: RETENTION_WORDS[e.retention], keeper: keeperOf(e), note: e.accessRegime === 'public' ? '' : e.accessRegime === 'secret' ? 'Mật' : 'Sử dụng có điều kiện',
  }));
  const tops = plan.headings.filter((h) => !h.parentId).sort((a, b) => a.position - b.position);
  for (const top of tops) {
    rows.push({ kind: 'heading', notation: '', title: `${top.code}. ${top.title}`, retention: '', keeper: '', note: '' });
    rows.push(...entriesUnder(top.id));
    for (const sub of plan.headings.filter((h) => h.parentId === top.id).sort((a, b) => a.position - b.position)) {
      rows.push({ kind: 'subheading', notation: '', title: `${sub.code}. ${sub.title}`, retention: '', keeper: '', note: '' });
      rows.push(...entriesUnder(sub.id));
    }
  }
  return rows;
}

function closingLine(plan: RecordPlan): string {
  const permanent = plan.entries.filter((e) => e.retention === 'permanent').length;
  return `Bản Danh mục hồ sơ này có ${plan.entries.length} hồ sơ, bao gồm: ${permanent} hồ sơ có thời hạn bảo quản vĩnh viễn; ${plan.entries.length - permanent} hồ sơ có thời hạn bảo quản có thời hạn.`;
}

export async function planXlsx(deps: RecordsDeps, ctx: ActionContext, year: number): Promise<Buffer> {
  const plan = await getPlan(deps, ctx, year);
  const agency = await heading(deps, ctx.user.agencyId);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(`Danh mục ${year}`);
  sheet.columns = [{ width: 18 }, { width: 60 }, { width: 18 }, { width: 32 }, { width: 20 }];
  sheet.addRow([`DANH MỤC HỒ SƠ CỦA ${agency.name.toUpperCase()} NĂM ${year}`]).font = { bold: true, size: 13 };
  sheet.mergeCells(1, 1, 1, 5);
  sheet.addRow([]);
  const head = sheet.addRow([...PLAN_COLUMNS]);
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  for (const r of planRows(plan)) {
    const row = sheet.addRow([r.notation, r.title, r.retention, r.keeper, r.note]);
    if (r.kind !== 'entry') row.font = { bold: true, italic: r.kind === 'subheading' };
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  sheet.addRow([]);
  sheet.addRow([closingLine(plan)]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

export async function planPdf(deps: RecordsDeps, ctx: ActionContext, year: number): Promise<Buffer> {
  const plan = await getPlan(deps, ctx, year);
  const agency = await heading(deps, ctx.user.agencyId);
  const MM = 72 / 25.4;
  const cell = (text: string, extra: Record<string, unknown> = {}): TableCell => ({ text, fontSize: 12, ...extra } as TableCell);
  const body: TableCell[][] = [
    PLAN_COLUMNS.map((h) => cell(h, { bold: true, alignment: 'center' })),
    ['(1)', '(2)', '(3)', '(4)', '(5)'].map((h) => cell(h, { alignment: 'center', italics: true, fontSize: 10 })),
    ...planRows(plan).map((r) => (r.kind === 'entry'
      ? [cell(r.notation, { alignment: 'center' }), cell(r.title), cell(r.retention, { alignment: 'center' }), cell(r.keeper), cell(r.note)]
      : [cell(''), cell(r.title, { bold: true, italics: r.kind === 'subheading' }), cell(''), cell(''), cell('')])),
  ];
  const content: Content[] = [
    headerBlock(agency, null),
    { text: placeAndDate(agency.placeName, plan.approvedAt ? vietnamDate(new Date(plan.approvedAt)) : vietnamDate(deps.clock.now())), italics: true, alignment: 'right', margin: [0, 0, 0, 12] },
    { text: `DANH MỤC HỒ SƠ CỦA ${agency.name.toUpperCase()}`, bold: true, fontSize: 14, alignment: 'center' },
    { text: `Năm ${year}`, bold: true, alignment: 'center' },
    { text: plan.status === 'approved' ? `(Ban hành kèm theo Quyết định của ${plan.approvedBy ?? 'người đứng đầu cơ quan'}, phiên bản ${plan.version})` : '(Dự thảo)', italics: true, alignment: 'center', margin: [0, 2, 0, 10] },
    { table: { headerRows: 2, widths: [70, '*', 70, 110, 60], body } },
    { text: closingLine(plan), margin: [0, 10, 0, 0] },
  ];
  return renderPdf({
    pageSize: 'A4', pageOrientation: 'landscape', pageMargins: [25 * MM, 20 * MM, 15 * MM, 20 * MM],
    defaultStyle: { fontSize: 13 },
    info: { title: `Danh mục hồ sơ năm ${year}`, creator: 'VanPhong' },
    footer: (page, count) => ({ text: `${page}/${count}`, alignment: 'center', fontSize: 10, margin: [0, 20, 0, 0] }),
    content,
  });
}

const RETENTION_BY_WORDS = new Map<string, Retention>([
  ...Object.entries(RETENTION_WORDS).map(([k, v]) => [v.toLowerCase(), k as Retention] as const),
  ...RETENTIONS.map((r) => [r.toLowerCase(), r] as const),
  ...RETENTIONS.filter((r) => /^\d+$/.test(r)).map((r) => [`${Number(r)} năm`, r] as const),
]);

const fieldError = (row: number, code: keyof typeof FIELD_MESSAGES, params: Record<string, string | number> = {}): FieldError => {
  const fill = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? ''));
  const m = FIELD_MESSAGES[code];
  return { field: `row ${row}`, code, message: { vi: `Dòng ${row}: ${fill(m.vi)}`, en: `Row ${row}: ${fill(m.en)}` } };
};

/**
 * Reads a plan from the five columns (a heading row: an empty first column and "I. …" or "1. …";
 * a file row: a title, a retention and a keeper, a unit's or an official's name). Every row is checked
 * first; with any error nothing is written and every error is answered, row by row, in both languages.
 * The headings and files are added to the year's plan (numbers given by the plan's rule).
 */
export async function importPlanXlsx(deps: RecordsDeps, ctx: ActionContext, year: number, content: Buffer): Promise<RecordPlan> {
  if (!canEditPlan(ctx.user)) throw forbidden('PLAN_CLERK_ONLY');
  await getPlan(deps, ctx, year);
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw ValidationError.field('xlsx', 'PLAN_IMPORT_UNREADABLE');
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw ValidationError.field('xlsx', 'PLAN_IMPORT_UNREADABLE');
  const [units, users] = await Promise.all([
    deps.db.selectFrom('units').select(['id', 'name']).where('agency_id', '=', ctx.user.agencyId).where('active', '=', true).execute(),
    deps.db.selectFrom('users').select(['id', 'full_name']).where('agency_id', '=', ctx.user.agencyId).where('active', '=', true).execute(),
  ]);
  const text = (v: ExcelJS.CellValue) => (v === null || v === undefined ? '' : typeof v === 'object' && 'richText' in v ? v.richText.map((r) => r.text).join('') : String(v)).trim();
  type Item = { kind: 'heading' | 'subheading'; title: string } | { kind: 'entry'; title: string; retention: Retention; keeperUnitId: string | null; keeperUserId: string | null; notation: string | null };
  const items: Item[] = [];
  const errors: FieldError[] = [];
  let headerSeen = false;
  let hasTop = false;
  sheet.eachRow((row, n) => {
    const a = text(row.getCell(1).value), b = text(row.getCell(2).value), c = text(row.getCell(3).value), d = text(row.getCell(4).value);
    if (!headerSeen) { if (b === PLAN_COLUMNS[1]) headerSeen = true; return; }
    if (!a && !b && !c && !d) return;
    if (/^\(\d\)$/.test(a)) return; // the column numbers under the header
    if (!b) { if (!/^Bản Danh mục/.test(a)) errors.push(fieldError(n, 'PLAN_IMPORT_TITLE_MISSING')); return; }
    if (/^Bản Danh mục hồ sơ này có/.test(a)) return;
    if (!c && !d) {
      const top = /^([IVXLCDM]+)\.\s*(.+)$/.exec(b);
      const sub = /^(\d+)\.\s*(.+)$/.exec(b);
      if (top) { items.push({ kind: 'heading', title: top[2]! }); hasTop = true; } else if (sub) {
        if (!hasTop) errors.push(fieldError(n, 'PLAN_IMPORT_NO_HEADING'));
        items.push({ kind: 'subheading', title: sub[2]! });
      } else errors.push(fieldError(n, 'PLAN_IMPORT_HEADING_FORMAT'));
      return;
    }
    if (!hasTop) { errors.push(fieldError(n, 'PLAN_IMPORT_NO_HEADING')); return; }
    const retention = RETENTION_BY_WORDS.get(c.toLowerCase());
    if (!retention) errors.push(fieldError(n, 'PLAN_IMPORT_RETENTION', { value: c }));
    const [unitName, personName] = d.split(/\s+—\s+/);
    const unit = units.find((u) => u.name.toLowerCase() === (unitName ?? '').toLowerCase());
    const person = users.find((u) => u.full_name.toLowerCase() === (personName ?? (unit ? '' : unitName ?? '')).toLowerCase());
    if (!d || (!unit && !person) || (personName && !person)) errors.push(fieldError(n, 'PLAN_IMPORT_KEEPER', { value: d }));
    const notation = /^\d+\.(.+)$/.exec(a)?.[1] ?? null;
    if (retention) items.push({ kind: 'entry', title: b.slice(0, 500), retention, keeperUnitId: unit?.id ?? null, keeperUserId: person?.id ?? null, notation: notation && notation.length <= 20 ? notation : null });
  });
  if (!headerSeen) throw ValidationError.field('xlsx', 'PLAN_IMPORT_NO_HEADER');
  if (errors.length) throw new ValidationError(errors);
  // All or nothing, in one transaction. Into a draft, the plan is numbered again from 01; into an
  // approved plan, as every change after approval: numbers already given stay, the imported files take
  // the next ones in their scope (in the sheet's order), and the import is one new version of the plan.
  await deps.db.transaction().execute(async (tx) => {
    const plan = await lockPlan(tx, ctx.user.agencyId, year);
    if (!plan) throw notFound('PLAN_NOT_FOUND');
    const numbering = await agencyNumbering(tx, ctx.user.agencyId);
    const approved = plan.status === 'approved';
    const added = { headings: 0, entries: 0, numbers: [] as number[] };
    const count = async (parentId: string | null) => {
      let q = tx.selectFrom('record_headings').select((eb) => eb.fn.countAll<number>().as('n')).where('plan_id', '=', plan.id);
      q = parentId ? q.where('parent_id', '=', parentId) : q.where('parent_id', 'is', null);
      return Number((await q.executeTakeFirstOrThrow()).n);
    };
    let topId: string | null = null;
    let headingId: string | null = null;
    let topPosition = await count(null);
    let subPosition = 0;
    for (const item of items) {
      if (item.kind === 'heading') {
        topPosition += 1;
        subPosition = 0;
        topId = headingId = (await tx.insertInto('record_headings').values({ plan_id: plan.id, parent_id: null, position: topPosition, code: toRoman(topPosition), title: item.title }).returning('id').executeTakeFirstOrThrow()).id;
        added.headings += 1;
      } else if (item.kind === 'subheading') {
        subPosition += 1;
        headingId = (await tx.insertInto('record_headings').values({ plan_id: plan.id, parent_id: topId, position: subPosition, code: String(subPosition), title: item.title }).returning('id').executeTakeFirstOrThrow()).id;
        added.headings += 1;
      } else if (item.kind === 'entry') {
        const number = approved ? await nextNumber(tx, plan.id, topId!, numbering) : 1;
        await tx.insertInto('record_plan_entries').values({
          plan_id: plan.id, heading_id: headingId!, top_heading_id: topId!, number, notation: item.notation, title: item.title, retention: item.retention, access_regime: 'public',
          keeper_unit_id: item.keeperUnitId, keeper_user_id: item.keeperUserId,
        }).execute();
        added.entries += 1;
        if (approved) added.numbers.push(number);
      }
    }
    if (approved) await revise(tx, plan, ctx, 'plan_imported', null, null, { headings: added.headings, entries: added.entries, numbers: added.numbers });
    else await renumberDraft(tx, plan.id, numbering);
  });
  return getPlan(deps, ctx, year);
}

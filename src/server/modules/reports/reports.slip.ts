import ExcelJS from 'exceljs';
import type { Content } from 'pdfmake/interfaces';
import { notFound } from '../../http/errors.js';
import { renderPdf } from '../../pdf/pdfmake.js';
import type { ActionContext } from '../auth/current-user.js';
import { assignmentsOf } from '../assignments/assignments.repository.js';
import { reference } from '../documents/documents.presenters.js';
import { createIncomingRepository } from '../incoming/incoming.repository.js';
import { type AgencyHeading, typeName, vnDate } from './reports.forms.js';
import { headerBlock } from './reports.pdf.js';
import { heading, MIME } from './reports.exports.js';
import type { ExportFormat } from './reports.schemas.js';
import type { ReportsDeps } from './reports.service.js';

// Phiếu giải quyết văn bản đến (Decree 30, PL IV §VII) of one document, filled from its history:
// 1. the agency leader's direction: lead and coordinating units or people, the deadline of each, the date;
// 2. the unit leader's: to whom the unit passed it, the deadline, the date;
// 3. the handler's proposal (progress notes and the result they proposed), with dates.
// Whoever may see the document may print its slip; another agency's document is a 404.

const ROLE_WORDS: Record<string, string> = { lead: 'Chủ trì', coordinate: 'Phối hợp', info: 'Để biết' };

/** Vietnam calendar day of an instant, dd/mm/yyyy. */
const dayOf = (at: Date) => vnDate(new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10));

interface SlipPart { title: string; lines: string[]; date: string; by: string }
export interface Slip { agency: AgencyHeading; documentLine: string; arrival: string; parts: [SlipPart, SlipPart, SlipPart] }

export async function slipOf(deps: ReportsDeps, ctx: ActionContext, documentId: string): Promise<Slip> {
  const repo = createIncomingRepository(deps.db);
  const doc = await repo.findVisible(ctx.user, documentId);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  const [assignments, notes, agency] = await Promise.all([
    assignmentsOf(deps.db, documentId),
    deps.db.selectFrom('events').innerJoin('users', 'users.id', 'events.actor_id')
      .select(['events.payload', 'events.created_at', 'events.action', 'users.full_name'])
      .where('events.document_id', '=', documentId).where('events.action', 'in', ['progress_noted', 'completion_proposed', 'completed'])
      .orderBy('events.id').execute(),
    heading(deps, ctx.user.agencyId),
  ]);
  const live = assignments.filter((a) => a.status !== 'returned');
  const name = (a: (typeof live)[number]) => a.assignee_unit_name ?? a.assignee_user_name ?? '';
  const line = (a: (typeof live)[number]) => `- ${ROLE_WORDS[a.role]}: ${name(a)}${a.due_date ? `; thời hạn giải quyết: ${vnDate(a.due_date)}` : ''}`;
  const top = live.filter((a) => a.parent_id === null);
  const unitLevel = live.filter((a) => a.parent_id !== null && top.some((p) => p.id === a.parent_id && p.assignee_unit_id));
  // progress notes and results proposed by whoever handled it, not the for-information reads nor results carried up
  const proposals = notes.filter((e) => { const p = e.payload as { role?: string; cascadedFrom?: string }; return e.action === 'progress_noted' || (p.role !== 'info' && !p.cascadedFrom); });
  const text = (e: (typeof notes)[number]) => {
    const p = e.payload as { note?: string; result?: string };
    return `- ${p.note ?? p.result ?? ''} (${e.full_name}, ${dayOf(e.created_at)})`;
  };
  const first = top[0];
  const firstChild = unitLevel[0];
  const lastProposal = proposals.at(-1);
  return {
    agency,
    documentLine: `${typeName(doc.document_type)} số ${reference(doc.number, doc.notation) || '…'} ngày ${vnDate(doc.issued_on)} của ${doc.issuer}: ${doc.summary}`,
    arrival: `Số đến: ${doc.arrival_number ?? ''}    Ngày đến: ${vnDate(doc.received_on)}`,
    parts: [
      { title: '1. Ý kiến của lãnh đạo cơ quan', lines: [...(first?.direction ? [first.direction] : []), ...top.map(line)], date: first ? dayOf(first.created_at) : '', by: first?.assigned_by_name ?? '' },
      { title: '2. Ý kiến của lãnh đạo đơn vị', lines: [...(firstChild?.direction ? [firstChild.direction] : []), ...unitLevel.map(line)], date: firstChild ? dayOf(firstChild.created_at) : '', by: firstChild?.assigned_by_name ?? '' },
      { title: '3. Ý kiến đề xuất của người giải quyết', lines: proposals.map(text), date: lastProposal ? dayOf(lastProposal.created_at) : '', by: lastProposal?.full_name ?? '' },
    ],
  };
}

function slipPdf(slip: Slip, today: string): Promise<Buffer> {
  const MM = 72 / 25.4;
  const dotted = (n: number): Content[] => Array.from({ length: n }, () => ({ text: '.'.repeat(150), color: '#666666', fontSize: 10, margin: [0, 3, 0, 3] }));
  const part = (p: SlipPart): Content[] => [
    { text: p.title, bold: true, margin: [0, 12, 0, 4] },
    ...(p.lines.length ? p.lines.map((l): Content => ({ text: l, margin: [10, 1, 0, 1] })) : dotted(3)),
    {
      columns: [{ text: '' }, {
        stack: [
          { text: p.date ? `Ngày ${p.date}` : 'Ngày …… tháng …… năm ……', italics: true, alignment: 'center' },
          { text: p.by, bold: true, alignment: 'center', margin: [0, 2, 0, 0] },
        ],
      }],
      margin: [0, 6, 0, 0],
      unbreakable: true,
    },
  ];
  return renderPdf({
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [30 * MM, 20 * MM, 15 * MM, 20 * MM],
    info: { title: 'Phiếu giải quyết văn bản đến', author: slip.agency.name, creator: 'VanPhong' },
    defaultStyle: { fontSize: 13, lineHeight: 1.2 },
    content: [
      headerBlock(slip.agency, today),
      { text: 'PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN', bold: true, fontSize: 14, alignment: 'center', margin: [0, 18, 0, 4] },
      { text: slip.documentLine, italics: true, alignment: 'center', margin: [20, 0, 20, 2] },
      { text: slip.arrival, alignment: 'center', fontSize: 12 },
      { canvas: [{ type: 'line', x1: 170, y1: 4, x2: 290, y2: 4, lineWidth: 0.6 }], margin: [0, 0, 0, 6] },
      ...slip.parts.flatMap(part),
    ],
  });
}

async function slipXlsx(slip: Slip): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Phiếu giải quyết', { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.getColumn(1).width = 100;
  const add = (value: string, font: Partial<ExcelJS.Font> = {}) => {
    const cell = sheet.addRow([value]).getCell(1);
    cell.font = { name: 'Times New Roman', size: 13, ...font };
    cell.alignment = { wrapText: true, vertical: 'top' };
  };
  add(slip.agency.name.toUpperCase(), { bold: true });
  add('PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN', { bold: true, size: 14 });
  add(slip.documentLine, { italic: true });
  add(slip.arrival);
  for (const p of slip.parts) {
    add(p.title, { bold: true });
    for (const l of p.lines) add(l);
    add(`${p.date ? `Ngày ${p.date}` : ''}${p.by ? ` — ${p.by}` : ''}`, { italic: true });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

export async function slipFile(deps: ReportsDeps, ctx: ActionContext, documentId: string, format: ExportFormat, today: string) {
  const slip = await slipOf(deps, ctx, documentId);
  const bytes = format === 'pdf' ? await slipPdf(slip, today) : await slipXlsx(slip);
  return { bytes, fileName: `phieu-giai-quyet-van-ban-den_${documentId.slice(0, 8)}.${format}`, mimeType: MIME[format] };
}

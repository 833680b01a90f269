import { PDFDocument } from 'pdf-lib';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { WorkSchedule, WorkScheduleEntry } from '../../../shared/work-schedule.js';
import { renderPdf } from '../../pdf/pdfmake.js';
import { shiftDay } from '../calendar/calendar.holidays.js';
import { headerBlock } from '../reports/reports.pdf.js';
import type { AgencyHeading } from '../reports/reports.forms.js';

// The weekly work schedule printed as agencies post it: ONE A4 landscape page, the agency heading and
// the national motto, the title and the week, then a table whose rows are the days (Thứ Hai … Chủ
// nhật, only the days with entries, plus the working days always), split by morning/afternoon/evening,
// with the time, the content, the leader in charge, the place, the participants and the preparing unit.
// Entries changed after publication are marked (*) with their version; cancelled ones struck out.
// The same pdfmake stack and Times-compatible fonts as the registers (reports.pdf.ts). To keep to one
// page the text is set smaller until it fits (counted with pdf-lib), then the page itself is scaled.

const MM = 72 / 25.4;
const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
const SESSIONS = { morning: 'Sáng', afternoon: 'Chiều', evening: 'Tối' } as const;
const vnDate = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
const weekday = (day: string) => WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()]!;

function participantsOf(e: WorkScheduleEntry): string {
  return [e.participants, ...e.participantUsers.map((u) => u.name), ...e.participantUnits.map((u) => u.name)].filter(Boolean).join('; ');
}

function table(schedule: WorkSchedule, size: number): Content {
  const head: TableCell[] = ['Thứ, ngày', 'Buổi', 'Giờ', 'Nội dung công việc', 'Lãnh đạo chủ trì', 'Địa điểm', 'Thành phần tham dự', 'Đơn vị chuẩn bị']
    .map((text) => ({ text, bold: true, alignment: 'center', fontSize: size }));
  const body: TableCell[][] = [head];
  for (let i = 0; i < 7; i++) {
    const day = shiftDay(schedule.weekStart, i);
    const entries = schedule.entries.filter((e) => e.day === day);
    // Saturdays and Sundays only when something is on them.
    if (!entries.length && i >= 5) continue;
    const dayCell = (rowSpan: number): TableCell => ({ text: [{ text: `${weekday(day)}\n`, bold: true }, vnDate(day)], rowSpan, alignment: 'center', fontSize: size });
    if (!entries.length) {
      body.push([dayCell(1), { text: '', fontSize: size }, { text: '', fontSize: size }, { text: 'Làm việc tại cơ quan', italics: true, fontSize: size, colSpan: 5 }, '', '', '', '']);
      continue;
    }
    entries.forEach((e, index) => {
      const sameSessionBefore = index > 0 && entries[index - 1]!.session === e.session;
      const sessionSpan = sameSessionBefore ? 0 : entries.slice(index).findIndex((x) => x.session !== e.session);
      const style = { fontSize: size, decoration: e.cancelled ? ('lineThrough' as const) : undefined };
      const mark = e.changedInVersion ? ` (*) ${e.cancelled ? 'hủy' : 'thay đổi'}, bản ${e.changedInVersion}` : '';
      body.push([
        index === 0 ? dayCell(entries.length) : '',
        sameSessionBefore ? '' : { text: SESSIONS[e.session], alignment: 'center', fontSize: size, rowSpan: sessionSpan === -1 ? entries.length - index : sessionSpan },
        { text: e.time ?? '', alignment: 'center', ...style },
        { text: [{ text: e.content, ...style }, ...(mark ? [{ text: mark, italics: true, bold: true, fontSize: size }] : [])] },
        { text: e.leaders.map((l) => l.name).join(', '), ...style },
        { text: e.place ?? '', ...style },
        { text: participantsOf(e), ...style },
        { text: e.preparingUnit?.name ?? '', ...style },
      ]);
    });
  }
  return {
    table: { headerRows: 1, widths: ['8%', '5%', '5%', '30%', '12%', '11%', '18%', '11%'], body },
    layout: { paddingLeft: () => 3, paddingRight: () => 3, paddingTop: () => 1.5, paddingBottom: () => 1.5, hLineWidth: () => 0.5, vLineWidth: () => 0.5 },
  };
}

function definition(agency: AgencyHeading, schedule: WorkSchedule, printedOn: string, size: number, height?: number): TDocumentDefinitions {
  const changed = schedule.entries.some((e) => e.changedInVersion);
  return {
    pageSize: height ? { width: A4_LANDSCAPE[0], height } : 'A4',
    pageOrientation: 'landscape',
    pageMargins: [20 * MM, 12 * MM, 12 * MM, 10 * MM],
    info: { title: `Lịch công tác tuần ${vnDate(schedule.weekStart)} - ${vnDate(schedule.weekEnd)}`, author: agency.name, creator: 'VanPhong' },
    defaultStyle: { fontSize: size, lineHeight: 1.05 },
    content: [
      headerBlock(agency, printedOn),
      { text: 'LỊCH CÔNG TÁC TUẦN', bold: true, fontSize: 14, alignment: 'center', margin: [0, 6, 0, 0] },
      { text: `(Từ ngày ${vnDate(schedule.weekStart)} đến ngày ${vnDate(schedule.weekEnd)})`, italics: true, fontSize: 12, alignment: 'center', margin: [0, 0, 0, 6] },
      table(schedule, size),
      {
        columns: [
          { width: '60%', stack: [
            ...(changed ? [{ text: `(*) Nội dung thay đổi sau khi phát hành (bản số ${schedule.version}).`, italics: true, fontSize: size }] : []),
            { text: 'Nơi nhận:', bold: true, italics: true, fontSize: size, margin: [0, 3, 0, 0] },
            { text: '- Lãnh đạo cơ quan;\n- Các phòng, đơn vị;\n- Lưu: VT, VP.', fontSize: size },
          ] },
          { width: '40%', stack: [
            { text: 'TL. GIÁM ĐỐC\nCHÁNH VĂN PHÒNG', bold: true, alignment: 'center', fontSize: size + 1 },
            ...(schedule.approvedBy ? [{ text: `Lãnh đạo duyệt: ${schedule.approvedBy}`, italics: true, alignment: 'center' as const, fontSize: size, margin: [0, 18, 0, 0] as [number, number, number, number] }] : []),
          ] },
        ],
        margin: [0, 6, 0, 0],
      },
    ],
  };
}

/**
 * The schedule on one A4 landscape page: the text shrinks until it fits (11, 9, 7 pt); a week fuller
 * than that is set at 7 pt on one taller page, which is then scaled down onto the A4 page (pdf-lib).
 */
export async function workSchedulePdf(agency: AgencyHeading, schedule: WorkSchedule, printedOn: string): Promise<Buffer> {
  let pages = 1;
  for (const size of [11, 9, 7]) {
    // Three pages or more at 11 pt will not come down to one at 9: straight to 7.
    if (size === 9 && pages > 2) continue;
    const pdf = await renderPdf(definition(agency, schedule, printedOn, size));
    pages = (await PDFDocument.load(pdf)).getPageCount();
    if (pages === 1) return pdf;
  }
  // One taller page holding what took `pages` A4 pages at 7 pt (pdfmake's 'auto' height fails on tables with row spans).
  let tall: Buffer | undefined;
  for (let height = pages * A4_LANDSCAPE[1] * 0.9; ; height *= 1.2) {
    tall = await renderPdf(definition(agency, schedule, printedOn, 7, height));
    if ((await PDFDocument.load(tall)).getPageCount() === 1) break;
  }
  const out = await PDFDocument.create();
  out.setTitle(`Lịch công tác tuần ${vnDate(schedule.weekStart)} - ${vnDate(schedule.weekEnd)}`);
  out.setCreator('VanPhong');
  const [embedded] = await out.embedPdf(tall!, [0]);
  const page = out.addPage(A4_LANDSCAPE);
  const scale = Math.min(A4_LANDSCAPE[0] / embedded!.width, A4_LANDSCAPE[1] / embedded!.height);
  const width = embedded!.width * scale;
  page.drawPage(embedded!, { x: (A4_LANDSCAPE[0] - width) / 2, y: A4_LANDSCAPE[1] - embedded!.height * scale, xScale: scale, yScale: scale });
  return Buffer.from(await out.save());
}

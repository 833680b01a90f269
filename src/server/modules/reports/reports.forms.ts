import type { DocumentType } from '../../../shared/enums.js';
import { type HandlingReport, type HandlingReportRow, type StateCounts, STATISTICS_DIMENSIONS, type Statistics, type StatisticsDimension, type TrackingItem, type TrackingState } from '../../../shared/reports.js';
import { reference } from '../documents/documents.presenters.js';
import { TYPE_TITLES } from '../outgoing/outgoing.template.js';

// The registers and reports as Decree 30 (PL IV) lays them out: printed text of the legal forms
// (Vietnamese whatever the screen language, as a document's own content is), turned into rows
// that the PDF (reports.pdf.ts) and the XLSX (reports.xlsx.ts) renderers both print.

export interface AgencyHeading { parentName: string | null; name: string; placeName: string | null }

export interface FormColumn { header: string; /** relative width */ width: number; align?: 'left' | 'center' | 'right' }
export interface FormSection { heading?: string; columns: FormColumn[]; rows: string[][]; /** a bold last row (totals) */ totals?: string[] }

export interface FormDocument {
  fileName: string;
  agency: AgencyHeading;
  title: string;
  subtitle: string;
  /** The date printed under the national motto ("Điện Biên, ngày … tháng … năm …"). */
  printedOn: string;
  /** A cover page as the register books have (PL IV: bìa và trang đầu). */
  cover?: { lines: string[] };
  sections: FormSection[];
  /** Who signs at the end (left, right): e.g. the one who drew it up and the head of the agency. */
  signatures?: [string, string];
  orientation: 'landscape' | 'portrait';
}

/** dd/mm/yyyy, as dates are written in the registers. */
export const vnDate = (day: string | null | undefined) => (day ? `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}` : '');
export const placeAndDate = (place: string | null, day: string) =>
  `${place ?? '……………'}, ngày ${day.slice(8, 10)} tháng ${day.slice(5, 7)} năm ${day.slice(0, 4)}`;
export const periodLine = (from: string, to: string) => `Từ ngày ${vnDate(from)} đến ngày ${vnDate(to)}`;

/** "Quyết định", "Công văn": the type's name in sentence case. */
export function typeName(type: string): string {
  const title = TYPE_TITLES[type as DocumentType] ?? type;
  return title.charAt(0) + title.slice(1).toLocaleLowerCase('vi');
}

export const STATE_LABELS: Record<TrackingState, string> = {
  on_time: 'Đã giải quyết đúng hạn',
  late: 'Đã giải quyết quá hạn',
  overdue: 'Quá hạn, chưa giải quyết',
  in_progress: 'Đang giải quyết',
};

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `(${i + 1})`);

export interface IncomingRegisterRow {
  arrival_number: number | null; received_on: string | null; issuer: string; number: string | null; notation: string | null; issued_on: string | null;
  document_type: string; summary: string; recipient: string | null; submitted_at: Date | string | null; acknowledged_at: Date | string | null;
  lead_name: string | null; return_reason: string | null;
}

const dayOf = (value: Date | string | null) => {
  if (!value) return '';
  const d = new Date(value);
  // Vietnam keeps UTC+7: the calendar day there
  return vnDate(new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10));
};

/** Sổ đăng ký văn bản đến (PL IV §VI): the 10 columns, in arrival order. */
export function incomingRegisterForm(agency: AgencyHeading, from: string, to: string, today: string, rows: IncomingRegisterRow[]): FormDocument {
  const numbers = rows.map((r) => r.arrival_number ?? 0).filter(Boolean);
  return {
    fileName: `so-dang-ky-van-ban-den_${from}_${to}`,
    agency,
    title: 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN',
    subtitle: periodLine(from, to),
    printedOn: today,
    orientation: 'landscape',
    cover: { lines: [`Năm: ${from.slice(0, 4)}`, periodLine(from, to), numbers.length ? `Từ số: ${Math.min(...numbers)} đến số: ${Math.max(...numbers)}` : 'Không có văn bản đến trong kỳ', 'Quyển số: ……'] },
    sections: [{
      columns: [
        { header: 'Ngày đến', width: 8.5, align: 'center' }, { header: 'Số đến', width: 5, align: 'center' }, { header: 'Tác giả', width: 12 },
        { header: 'Số, ký hiệu văn bản', width: 10 }, { header: 'Ngày tháng văn bản', width: 8.5, align: 'center' },
        { header: 'Tên loại và trích yếu nội dung văn bản', width: 23 }, { header: 'Đơn vị hoặc người nhận', width: 12 },
        { header: 'Ngày chuyển', width: 8.5, align: 'center' }, { header: 'Ký nhận', width: 8.5, align: 'center' }, { header: 'Ghi chú', width: 9 },
      ],
      rows: rows.map((r) => [
        vnDate(r.received_on), String(r.arrival_number ?? ''), r.issuer, reference(r.number, r.notation), vnDate(r.issued_on),
        `${typeName(r.document_type)}: ${r.summary}`, [r.recipient, r.lead_name && r.lead_name !== r.recipient ? `Chủ trì: ${r.lead_name}` : null].filter(Boolean).join('; '),
        dayOf(r.submitted_at), r.acknowledged_at ? `Đã nhận ${dayOf(r.acknowledged_at)}` : '', r.return_reason ? `Trả lại: ${r.return_reason}` : '',
      ]),
    }],
  };
}

/** Sổ theo dõi giải quyết văn bản đến (PL IV §VIII): the 7 columns. */
export function trackingRegisterForm(agency: AgencyHeading, from: string, to: string, today: string, items: TrackingItem[]): FormDocument {
  return {
    fileName: `so-theo-doi-giai-quyet-van-ban-den_${from}_${to}`,
    agency,
    title: 'SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN',
    subtitle: periodLine(from, to),
    printedOn: today,
    orientation: 'landscape',
    cover: { lines: [`Năm: ${from.slice(0, 4)}`, periodLine(from, to), 'Quyển số: ……'] },
    sections: [{
      columns: [
        { header: 'Số đến', width: 5, align: 'center' },
        { header: 'Tên loại, số, ký hiệu, ngày, tháng và tên cơ quan, tổ chức ban hành văn bản', width: 30 },
        { header: 'Đơn vị hoặc người nhận', width: 16 }, { header: 'Thời hạn giải quyết', width: 9, align: 'center' },
        { header: 'Tiến độ giải quyết', width: 16 }, { header: 'Số, ký hiệu văn bản trả lời', width: 10 }, { header: 'Ghi chú', width: 10 },
      ],
      rows: items.map((i) => [
        String(i.arrivalNumber ?? ''),
        `${typeName(i.documentType)} số ${reference(i.number, i.notation) || '…'} ngày ${vnDate(i.issuedOn)} của ${i.issuer}: ${i.summary}`,
        [i.lead && `Chủ trì: ${i.lead}`, i.handler && i.handler !== i.lead && `Xử lý: ${i.handler}`, i.coordinators && `Phối hợp: ${i.coordinators}`].filter(Boolean).join('\n'),
        vnDate(i.dueDate),
        [STATE_LABELS[i.state] + (i.completedOn ? ` (${vnDate(i.completedOn)})` : ''), i.progress].filter(Boolean).join('\n'),
        i.replyReference ?? '',
        URGENCY_LABELS[i.urgency] ?? '',
      ]),
    }],
  };
}

const URGENCY_LABELS: Record<string, string> = { urgent: 'Khẩn', very_urgent: 'Thượng khẩn', flash: 'Hỏa tốc' };

const percent = (part: number, whole: number) => (whole ? `${((part * 100) / whole).toFixed(1).replace('.', ',')}%` : '');

function countRow(label: string, c: StateCounts): string[] {
  const due = c.onTime + c.late + c.overdue;
  return [label, String(c.received), String(c.onTime), String(c.late), String(c.inProgress), String(c.overdue), percent(c.onTime, due)];
}

const countColumns = (first: string): FormColumn[] => [
  { header: first, width: 30 }, { header: 'Tổng số văn bản đến', width: 10, align: 'right' }, { header: 'Đã giải quyết đúng hạn', width: 10, align: 'right' },
  { header: 'Đã giải quyết quá hạn', width: 10, align: 'right' }, { header: 'Đang giải quyết, trong hạn', width: 10, align: 'right' },
  { header: 'Quá hạn, chưa giải quyết', width: 10, align: 'right' }, { header: 'Tỷ lệ đúng hạn', width: 9, align: 'right' },
];

const sectionOf = (heading: string, first: string, rows: HandlingReportRow[], none: string, totals: StateCounts): FormSection => ({
  heading,
  columns: countColumns(first),
  rows: rows.map((r, i) => countRow(`${i + 1}. ${r.name ?? none}`, r)),
  totals: countRow('Tổng cộng', totals),
});

/** Báo cáo tình hình giải quyết văn bản đến (PL VI §V): counts for the period, by unit and by person. */
export function handlingReportForm(agency: AgencyHeading, report: HandlingReport): FormDocument {
  return {
    fileName: `bao-cao-tinh-hinh-giai-quyet-van-ban-den_${report.from}_${report.to}`,
    agency,
    title: 'BÁO CÁO TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐẾN',
    subtitle: `${periodLine(report.from, report.to)} (số liệu tính đến ngày ${vnDate(report.asOf)})`,
    printedOn: report.asOf,
    orientation: 'landscape',
    sections: [
      sectionOf('I. THEO ĐƠN VỊ CHỦ TRÌ', 'Đơn vị chủ trì', report.byUnit, 'Chưa phân công', report.totals),
      sectionOf('II. THEO NGƯỜI XỬ LÝ', 'Người xử lý', report.byPerson, 'Chưa giao cá nhân', report.totals),
    ],
    signatures: ['NGƯỜI LẬP BÁO CÁO', 'THỦ TRƯỞNG CƠ QUAN'],
  };
}

const DIMENSION_TITLES: Record<StatisticsDimension, [string, string]> = {
  month: ['THEO THÁNG', 'Tháng'], type: ['THEO LOẠI VĂN BẢN', 'Loại văn bản'], issuer: ['THEO CƠ QUAN BAN HÀNH', 'Cơ quan ban hành'],
  unit: ['THEO ĐƠN VỊ CHỦ TRÌ', 'Đơn vị chủ trì'], person: ['THEO NGƯỜI XỬ LÝ', 'Người xử lý'], urgency: ['THEO ĐỘ KHẨN', 'Độ khẩn'], state: ['THEO TÌNH TRẠNG', 'Tình trạng'],
};
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'];

/** The statistics screen as a workbook: one table per dimension, with rates. */
export function statisticsForm(agency: AgencyHeading, stats: Statistics): FormDocument {
  const label = (dimension: StatisticsDimension, key: string | null, name: string | null) => {
    if (dimension === 'type') return key ? typeName(key) : '';
    if (dimension === 'urgency') return key ? URGENCY_LABELS[key] ?? 'Thường' : '';
    if (dimension === 'state') return key ? STATE_LABELS[key as TrackingState] : '';
    if (dimension === 'month') return key ? `${key.slice(5, 7)}/${key.slice(0, 4)}` : '';
    return name ?? (dimension === 'unit' ? 'Chưa phân công' : dimension === 'person' ? 'Chưa giao cá nhân' : '');
  };
  return {
    fileName: `thong-ke-van-ban-den_${stats.from}_${stats.to}`,
    agency,
    title: 'THỐNG KÊ VĂN BẢN ĐẾN',
    subtitle: `${periodLine(stats.from, stats.to)} (số liệu tính đến ngày ${vnDate(stats.asOf)})`,
    printedOn: stats.asOf,
    orientation: 'landscape',
    sections: STATISTICS_DIMENSIONS.map((d, i) => ({
      heading: `${ROMAN[i]}. ${DIMENSION_TITLES[d][0]}`,
      columns: countColumns(DIMENSION_TITLES[d][1]),
      rows: stats.rows[d].map((r) => countRow(label(d, r.key, r.name), r)),
      totals: countRow('Tổng cộng', stats.totals),
    })),
  };
}

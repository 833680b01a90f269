import type { Content, TableCell } from 'pdfmake/interfaces';
import type { AccessRegime, Retention } from '../../../shared/records.js';
import { renderPdf } from '../../pdf/pdfmake.js';
import { type AgencyHeading, placeAndDate, vnDate } from '../reports/reports.forms.js';
import { headerBlock } from '../reports/reports.pdf.js';

// The printed forms of the agency archive, in the Times-compatible faces the registers use
// (src/server/pdf/pdfmake.ts): the deposit record (biên bản giao nhận hồ sơ, tài liệu vào Lưu trữ
// cơ quan, on the model of Decree 30 annex V / Circular 10/2022) with its list of files (mục lục
// hồ sơ nộp lưu) and the table of contents of a case file's documents (mục lục văn bản).

export const RETENTION_WORDS: Record<Retention, string> = {
  permanent: 'Vĩnh viễn', '70': '70 năm', '50': '50 năm', '30': '30 năm', '20': '20 năm', '10': '10 năm', '5': '05 năm', until_replaced: 'Đến khi thay thế',
};
export const ACCESS_WORDS: Record<AccessRegime, string> = { public: 'Công khai', conditional: 'Có điều kiện', secret: 'Mật' };

export interface DepositPdfFile {
  code: string; title: string; firstDate: string | null; lastDate: string | null; docTotal: number; pageTotal: number; retention: Retention; accessRegime: AccessRegime; keeper: string; unit: string | null;
}
export interface DepositPdf {
  agency: AgencyHeading;
  recordNumber: string;
  depositedOn: string;
  receivedBy: { name: string; position: string };
  deliverers: { name: string; unit: string | null }[];
  note: string | null;
  files: DepositPdfFile[];
}

const MM = 72 / 25.4;
const cell = (text: string, extra: Partial<Record<'alignment' | 'bold' | 'fontSize', unknown>> = {}): TableCell => ({ text, fontSize: 11, ...extra } as TableCell);

function signatures(left: string, right: string, leftName: string, rightName: string): Content {
  const block = (title: string, name: string): Content => ({
    stack: [
      { text: title, bold: true, alignment: 'center' },
      { text: '(Ký, ghi rõ họ tên)', italics: true, alignment: 'center', fontSize: 12 },
      { text: name, bold: true, alignment: 'center', margin: [0, 60, 0, 0] },
    ],
  });
  return { columns: [block(left, leftName), block(right, rightName)], margin: [0, 18, 0, 0], unbreakable: true };
}

export function depositRecordPdf(d: DepositPdf): Promise<Buffer> {
  const dates = d.files.flatMap((f) => [f.firstDate, f.lastDate]).filter((x): x is string => Boolean(x)).sort();
  const docs = d.files.reduce((s, f) => s + f.docTotal, 0);
  const pages = d.files.reduce((s, f) => s + f.pageTotal, 0);
  const day = d.depositedOn;
  const content: Content[] = [
    headerBlock(d.agency, null),
    {
      columns: [
        { width: '42%', text: `Số: ${d.recordNumber}`, alignment: 'center' },
        { width: '58%', text: placeAndDate(d.agency.placeName, day), italics: true, alignment: 'center' },
      ],
      columnGap: 10,
    },
    { text: 'BIÊN BẢN', bold: true, fontSize: 14, alignment: 'center', margin: [0, 18, 0, 0] },
    { text: 'Về việc giao nhận hồ sơ, tài liệu vào Lưu trữ cơ quan', bold: true, alignment: 'center' },
    { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 120, y2: 0, lineWidth: 0.6 }], alignment: 'center', margin: [0, 3, 0, 10] },
    { text: 'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;' },
    { text: `Căn cứ Danh mục hồ sơ năm ${[...new Set(d.files.map((f) => f.code.split('.').at(-2) ?? ''))].filter(Boolean).join(', ') || '…'} của ${d.agency.name};` },
    { text: `Hôm nay, ngày ${vnDate(day)}, tại ${d.agency.name}, chúng tôi gồm:`, margin: [0, 6, 0, 4] },
    { text: 'BÊN GIAO (người lập hồ sơ, đơn vị nộp lưu):', bold: true },
    ...d.deliverers.map((p): Content => ({ text: `- Ông/Bà ${p.name}${p.unit ? `, ${p.unit}` : ''}`, margin: [12, 1, 0, 1] })),
    { text: 'BÊN NHẬN (Lưu trữ cơ quan):', bold: true, margin: [0, 4, 0, 0] },
    { text: `- Ông/Bà ${d.receivedBy.name}${d.receivedBy.position ? `, ${d.receivedBy.position}` : ''}`, margin: [12, 1, 0, 1] },
    { text: 'Thống nhất lập biên bản giao nhận hồ sơ, tài liệu như sau:', margin: [0, 6, 0, 2] },
    { text: `1. Tên khối tài liệu giao nộp: hồ sơ điện tử của ${[...new Set(d.deliverers.map((p) => p.unit).filter(Boolean))].join(', ') || d.agency.name}.` },
    { text: `2. Thời gian của tài liệu: ${dates.length ? `từ ngày ${vnDate(dates[0])} đến ngày ${vnDate(dates.at(-1))}` : '…'}.` },
    { text: `3. Số lượng: ${d.files.length} hồ sơ, gồm ${docs} văn bản, ${pages} trang.` },
    { text: '4. Tình trạng tài liệu giao nộp: hồ sơ điện tử đã kết thúc, đầy đủ văn bản theo mục lục kèm theo; các tệp được kiểm tra bằng mã băm SHA-256 khi giao nhận.' },
    { text: '5. Mục lục hồ sơ, tài liệu nộp lưu kèm theo (dưới đây).' },
    ...(d.note ? [{ text: `Ghi chú: ${d.note}`, italics: true, margin: [0, 4, 0, 0] } as Content] : []),
    { text: 'Biên bản này được lập thành hai bản (điện tử); bên giao giữ một bản, bên nhận (Lưu trữ cơ quan) giữ một bản.', margin: [0, 6, 0, 0] },
    signatures('BÊN GIAO', 'BÊN NHẬN', d.deliverers.map((p) => p.name).join(', '), d.receivedBy.name),
    { text: 'MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU', bold: true, alignment: 'center', fontSize: 13, pageBreak: 'before', margin: [0, 0, 0, 2] },
    { text: `(Kèm theo Biên bản số ${d.recordNumber} ngày ${vnDate(day)})`, italics: true, alignment: 'center', margin: [0, 0, 0, 8] },
    {
      table: {
        headerRows: 1,
        widths: [20, 80, '*', 56, 28, 28, 40, 42],
        body: [
          ['STT', 'Mã hồ sơ', 'Tiêu đề hồ sơ', 'Thời gian bắt đầu – kết thúc', 'Số văn bản', 'Số trang', 'Thời hạn bảo quản', 'Chế độ sử dụng'].map((h) => cell(h, { bold: true, alignment: 'center', fontSize: 10 })),
          ...d.files.map((f, i) => [
            cell(String(i + 1), { alignment: 'center', fontSize: 10 }), cell(f.code, { fontSize: 10 }), cell(f.title, { fontSize: 10 }), cell(`${vnDate(f.firstDate)}${f.lastDate ? ` – ${vnDate(f.lastDate)}` : ''}`, { alignment: 'center', fontSize: 10 }),
            cell(String(f.docTotal), { alignment: 'center', fontSize: 10 }), cell(String(f.pageTotal), { alignment: 'center', fontSize: 10 }), cell(RETENTION_WORDS[f.retention], { fontSize: 10 }), cell(ACCESS_WORDS[f.accessRegime], { fontSize: 10 }),
          ]),
        ],
      },
    },
  ];
  return renderPdf({
    pageSize: 'A4',
    pageMargins: [30 * MM, 20 * MM, 15 * MM, 20 * MM],
    defaultStyle: { fontSize: 13, lineHeight: 1.15 },
    info: { title: `Biên bản giao nhận ${d.recordNumber}`, creator: 'VanPhong' },
    footer: (page, count) => ({ text: `${page}/${count}`, alignment: 'center', fontSize: 10, margin: [0, 20, 0, 0] }),
    content,
  });
}

export interface TocRow { archiveCode: string; reference: string; date: string | null; summary: string; issuer: string; pages: number | null; startPage: number | null; files: string }

/** Mục lục văn bản: the documents of a case file in chronological order, with where each begins in the bound PDF. */
export function tableOfContentsPdf(agency: AgencyHeading, file: { code: string; title: string; retention: Retention; accessRegime: AccessRegime }, rows: TocRow[], firstPageOffset: number): Promise<Buffer> {
  return renderPdf({
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [20 * MM, 15 * MM, 15 * MM, 15 * MM],
    defaultStyle: { fontSize: 11 },
    info: { title: `Mục lục văn bản ${file.code}`, creator: 'VanPhong' },
    content: [
      { text: agency.name.toUpperCase(), bold: true, fontSize: 12 },
      { text: 'MỤC LỤC VĂN BẢN', bold: true, fontSize: 14, alignment: 'center', margin: [0, 8, 0, 2] },
      { text: `Hồ sơ số ${file.code}: ${file.title}`, alignment: 'center', bold: true },
      { text: `Thời hạn bảo quản: ${RETENTION_WORDS[file.retention]} · Chế độ sử dụng: ${ACCESS_WORDS[file.accessRegime]} · Số văn bản: ${rows.length}`, alignment: 'center', italics: true, margin: [0, 2, 0, 8] },
      {
        table: {
          headerRows: 1,
          widths: [24, 118, 78, 58, '*', 110, 34, 34],
          body: [
            ['STT', 'Mã lưu trữ', 'Số, ký hiệu', 'Ngày tháng', 'Trích yếu nội dung', 'Tác giả văn bản', 'Số trang', 'Tờ số'].map((h) => cell(h, { bold: true, alignment: 'center' })),
            ...rows.map((r, i) => [
              cell(String(i + 1), { alignment: 'center' }), cell(r.archiveCode), cell(r.reference), cell(vnDate(r.date), { alignment: 'center' }),
              cell(r.files ? `${r.summary}\n${r.files}` : r.summary), cell(r.issuer), cell(r.pages === null ? '' : String(r.pages), { alignment: 'center' }),
              cell(r.startPage === null ? '—' : String(r.startPage + firstPageOffset), { alignment: 'center' }),
            ]),
          ],
        },
      },
    ],
    footer: (page, count) => ({ text: `Mục lục ${page}/${count}`, alignment: 'center', fontSize: 9, margin: [0, 10, 0, 0] }),
  });
}

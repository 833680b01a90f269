import {
  AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, convertMillimetersToTwip,
} from 'docx';
import { DOCUMENT_TYPE_ABBREVIATIONS, type DocumentType, type SigningForm } from '../../../shared/enums.js';

// A new draft in the legal layout of Decree 30/2020 (Phụ lục I): quốc hiệu and tiêu ngữ, the
// issuing agency (under its parent), "Số: …/…" left blank for the clerk, place and date, the type
// name and trích yếu (or "V/v …" under the number for a công văn), the body, "Nơi nhận" and the
// signer's block; Times New Roman on A4 with the legal margins (top and bottom 20 mm, left 30 mm,
// right 15 mm). Sizes in half-points, as Word counts them.

export interface TemplateInput {
  documentType: DocumentType;
  summary: string;
  parentAgency: string | null;
  agency: string;
  agencyShort: string;
  unitShort: string | null;
  place: string | null;
  year: number;
  signingForm: SigningForm;
  /** The head the signer signs for (KT. GIÁM ĐỐC) and the signer's own title and name. */
  headTitle: string;
  signerTitle: string | null;
  signerName: string | null;
  recipients: string[];
}

/** Type names as printed at the head of a document (PL I, ô 3). */
export const TYPE_TITLES: Record<DocumentType, string> = {
  resolution: 'NGHỊ QUYẾT', decision: 'QUYẾT ĐỊNH', directive: 'CHỈ THỊ', regulation: 'QUY CHẾ', rule: 'QUY ĐỊNH', communique: 'THÔNG CÁO',
  notice: 'THÔNG BÁO', guidance: 'HƯỚNG DẪN', programme: 'CHƯƠNG TRÌNH', plan: 'KẾ HOẠCH', scheme: 'PHƯƠNG ÁN', proposal_scheme: 'ĐỀ ÁN',
  project: 'DỰ ÁN', report: 'BÁO CÁO', minutes: 'BIÊN BẢN', submission: 'TỜ TRÌNH', contract: 'HỢP ĐỒNG', official_letter: 'CÔNG VĂN',
  telegram: 'CÔNG ĐIỆN', memorandum: 'BẢN GHI NHỚ', agreement: 'BẢN THỎA THUẬN', authorization: 'GIẤY ỦY QUYỀN', invitation: 'GIẤY MỜI',
  introduction: 'GIẤY GIỚI THIỆU', leave_permit: 'GIẤY NGHỈ PHÉP', dispatch_note: 'PHIẾU GỬI', transfer_note: 'PHIẾU CHUYỂN',
  notification_slip: 'PHIẾU BÁO', public_letter: 'THƯ CÔNG',
};

const FONT = 'Times New Roman';
const BLANK = '          ';
const noBorders = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

function line(text: string, options: { size?: number; bold?: boolean; italics?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; after?: number; underline?: boolean; indent?: boolean } = {}) {
  return new Paragraph({
    alignment: options.align ?? AlignmentType.CENTER,
    spacing: { after: options.after ?? 0, line: 276 },
    ...(options.indent ? { indent: { firstLine: convertMillimetersToTwip(12.7) } } : {}),
    children: [new TextRun({ text, font: FONT, size: options.size ?? 26, bold: options.bold ?? false, italics: options.italics ?? false, ...(options.underline ? { underline: {} } : {}) })],
  });
}

/** A short rule under a heading, as the decree draws it (a third to a half of the line above). */
const rule = (width: number) => line('─'.repeat(width), { size: 16, after: 60 });

/** The text width of A4 between the legal margins (210 − 30 − 15 mm), in twentieths of a point. */
const TEXT_WIDTH = convertMillimetersToTwip(165);

/** A two-column block without borders; widths in twips so that Word and LibreOffice lay it out alike. */
function columns(left: Paragraph[], right: Paragraph[], leftShare: number) {
  const widths = [Math.round(TEXT_WIDTH * leftShare), TEXT_WIDTH - Math.round(TEXT_WIDTH * leftShare)];
  const cell = (children: Paragraph[], width: number) => new TableCell({ children, width: { size: width, type: WidthType.DXA }, borders: noBorders });
  return new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: widths, borders: noBorders, rows: [new TableRow({ children: [cell(left, widths[0]!), cell(right, widths[1]!)] })] });
}

export async function renderTemplate(input: TemplateInput): Promise<Buffer> {
  const officialLetter = input.documentType === 'official_letter';
  const abbreviation = DOCUMENT_TYPE_ABBREVIATIONS[input.documentType];
  const notation = abbreviation ? `${abbreviation}-${input.agencyShort}` : input.unitShort ? `${input.agencyShort}-${input.unitShort}` : input.agencyShort;
  const left = [
    ...(input.parentAgency ? [line(input.parentAgency.toUpperCase(), { size: 24 })] : []),
    line(input.agency.toUpperCase(), { size: 24, bold: true }),
    rule(12),
    line(`Số:${BLANK}/${notation}`, { size: 26 }),
    ...(officialLetter ? [line(input.summary, { size: 24, after: 0 })] : []),
  ];
  const right = [
    line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 24, bold: true }),
    line('Độc lập - Tự do - Hạnh phúc', { size: 28, bold: true }),
    rule(20),
    line(`${input.place ?? '…………'}, ngày${BLANK}tháng${BLANK}năm ${input.year}`, { size: 26, italics: true }),
  ];
  const header = columns(left, right, 0.4);

  const title = officialLetter
    ? [line('', { after: 120 }), line(`Kính gửi: ${input.recipients[0] ?? '…………………………………'}`, { size: 28, after: 240 })]
    : [line('', { after: 240 }), line(TYPE_TITLES[input.documentType], { size: 28, bold: true }), line(input.summary, { size: 28, bold: true }), rule(16)];

  const body = [
    line('[Nội dung văn bản]', { size: 28, align: AlignmentType.JUSTIFIED, indent: true, after: 120 }),
    line('', { after: 240 }),
  ];

  const signature: Paragraph[] = [];
  if (input.signingForm !== 'none') signature.push(line(`${input.signingForm}. ${input.headTitle.toUpperCase()}`, { size: 28, bold: true }));
  if (input.signerTitle) signature.push(line(input.signerTitle.toUpperCase(), { size: 28, bold: true }));
  signature.push(line('', { after: 1200 }), line(input.signerName ?? '', { size: 28, bold: true }));
  const received = [
    line(officialLetter ? 'Nơi nhận:' : 'Nơi nhận:', { size: 24, bold: true, italics: true, align: AlignmentType.LEFT }),
    ...(officialLetter ? [line('- Như trên;', { size: 22, align: AlignmentType.LEFT })] : input.recipients.map((r) => line(`- ${r};`, { size: 22, align: AlignmentType.LEFT }))),
    line(`- Lưu: VT${input.unitShort ? `, ${input.unitShort}` : ''}.`, { size: 22, align: AlignmentType.LEFT }),
  ];
  const footer = columns(received, signature, 0.5);

  const document = new Document({
    creator: 'VanPhong',
    title: input.summary,
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [{
      properties: {
        page: {
          size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
          margin: { top: convertMillimetersToTwip(20), bottom: convertMillimetersToTwip(20), left: convertMillimetersToTwip(30), right: convertMillimetersToTwip(15) },
        },
      },
      children: [header, ...title, ...body, footer],
    }],
  });
  return Packer.toBuffer(document);
}

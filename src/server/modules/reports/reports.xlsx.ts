import ExcelJS from 'exceljs';
import { type FormDocument, placeAndDate } from './reports.forms.js';

// The same register or report as an XLSX workbook: the agency header and motto, the title and
// period, then each table with its header and column numbers, set up to print on A4 in the form's
// orientation with the header rows repeated on every page, in Times New Roman.

const FONT = 'Times New Roman';
const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

export async function formXlsx(doc: FormDocument): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'VanPhong';
  const width = Math.max(...doc.sections.map((s) => s.columns.length));
  const sheet = book.addWorksheet(doc.title.slice(0, 31), {
    pageSetup: { paperSize: 9, orientation: doc.orientation, fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 1.2, right: 0.7, top: 0.8, bottom: 0.8, header: 0.3, footer: 0.3 } },
    headerFooter: { oddFooter: '&C&"Times New Roman"Trang &P/&N' },
  });
  const text = (row: number, value: string, opts: { bold?: boolean; italic?: boolean; size?: number; from?: number; to?: number } = {}) => {
    const from = opts.from ?? 1;
    const to = opts.to ?? width;
    if (to > from) sheet.mergeCells(row, from, row, to);
    const cell = sheet.getCell(row, from);
    cell.value = value;
    cell.font = { name: FONT, size: opts.size ?? 12, bold: opts.bold, italic: opts.italic };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  };
  const half = Math.max(1, Math.floor(width * 0.4));
  text(1, (doc.agency.parentName ?? '').toUpperCase(), { from: 1, to: half });
  text(2, doc.agency.name.toUpperCase(), { bold: true, from: 1, to: half });
  text(1, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, from: half + 1 });
  text(2, 'Độc lập - Tự do - Hạnh phúc', { bold: true, size: 13, from: half + 1 });
  text(3, placeAndDate(doc.agency.placeName, doc.printedOn), { italic: true, size: 13, from: half + 1 });
  text(5, doc.title, { bold: true, size: 14 });
  text(6, doc.subtitle, { italic: true });
  let row = 8;
  let firstHeader = 0;
  for (const section of doc.sections) {
    if (section.heading) text(row++, section.heading, { bold: true, size: 13, to: section.columns.length });
    if (!firstHeader) firstHeader = row;
    const head = sheet.getRow(row++);
    const numbers = sheet.getRow(row++);
    section.columns.forEach((c, i) => {
      Object.assign(head.getCell(i + 1), { value: c.header, font: { name: FONT, size: 11, bold: true }, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true }, border });
      Object.assign(numbers.getCell(i + 1), { value: `(${i + 1})`, font: { name: FONT, size: 10, italic: true }, alignment: { horizontal: 'center' }, border });
    });
    const lines = section.totals ? [...section.rows, section.totals] : section.rows;
    lines.forEach((values, n) => {
      const r = sheet.getRow(row++);
      values.forEach((value, i) => {
        // counts are numbers in the sheet, so they can be summed
        const numeric = section.columns[i]!.align === 'right' && /^\d+$/.test(value);
        Object.assign(r.getCell(i + 1), {
          value: numeric ? Number(value) : value,
          font: { name: FONT, size: 11, bold: Boolean(section.totals) && n === lines.length - 1 },
          alignment: { horizontal: section.columns[i]!.align ?? 'left', vertical: 'top', wrapText: true },
          border,
        });
      });
    });
    row++;
  }
  if (doc.signatures) {
    text(row, doc.signatures[0], { bold: true, from: 1, to: half });
    text(row, doc.signatures[1], { bold: true, from: half + 1 });
    text(row + 1, '(Ký, ghi rõ họ tên)', { italic: true, from: 1, to: half });
    text(row + 1, '(Ký, ghi rõ họ tên)', { italic: true, from: half + 1 });
  }
  // column widths from the first table's proportions, about 150 characters across
  const first = doc.sections[0]!.columns;
  const total = first.reduce((sum, c) => sum + c.width, 0);
  first.forEach((c, i) => { sheet.getColumn(i + 1).width = Math.max(6, Math.round((c.width * 150) / total)); });
  if (doc.sections.length === 1) sheet.pageSetup.printTitlesRow = `${firstHeader}:${firstHeader + 1}`;
  return Buffer.from(await book.xlsx.writeBuffer());
}

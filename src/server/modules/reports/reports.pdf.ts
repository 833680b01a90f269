import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { renderPdf } from '../../pdf/pdfmake.js';
import { type AgencyHeading, type FormDocument, placeAndDate } from './reports.forms.js';

// A register or report as a printable PDF: A4, Times (Liberation Serif 2), the agency header and
// the national motto as on the Decree 30 forms, the title and period, tables whose header rows
// repeat on every page, page numbers in the footer, the places to sign at the end. Margins leave
// room on the left to bind the book (Decree 30, PL I: left 30–35 mm, right 15–20, top and bottom 20–25).

const MM = 72 / 25.4;
const MARGINS: [number, number, number, number] = [30 * MM, 20 * MM, 15 * MM, 20 * MM];

/** Cơ quan chủ quản and the agency on the left, the national motto with place and date on the right. */
export function headerBlock(agency: AgencyHeading, printedOn: string | null): Content {
  const rule = (width: number): Content => ({ canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.6 }], alignment: 'center', margin: [0, 1, 0, 4] });
  return {
    columns: [
      {
        width: '42%',
        stack: [
          ...(agency.parentName ? [{ text: agency.parentName.toUpperCase(), fontSize: 12, alignment: 'center' as const }] : []),
          { text: agency.name.toUpperCase(), bold: true, fontSize: 12, alignment: 'center' },
          rule(60),
        ],
      },
      {
        width: '58%',
        stack: [
          { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true, fontSize: 12, alignment: 'center' },
          { text: 'Độc lập - Tự do - Hạnh phúc', bold: true, fontSize: 13, alignment: 'center' },
          rule(150),
          ...(printedOn ? [{ text: placeAndDate(agency.placeName, printedOn), italics: true, fontSize: 13, alignment: 'center' as const }] : []),
        ],
      },
    ],
    columnGap: 10,
  };
}

function coverPage(doc: FormDocument): Content[] {
  return [
    headerBlock(doc.agency, null),
    { text: doc.title, bold: true, fontSize: 24, alignment: 'center', margin: [0, 110, 0, 30] },
    ...doc.cover!.lines.map((line): Content => ({ text: line, fontSize: 14, alignment: 'center', margin: [0, 4, 0, 4] })),
    { text: '', pageBreak: 'after' },
  ];
}

function sectionTable(section: FormDocument['sections'][number]): Content[] {
  const head: TableCell[] = section.columns.map((c) => ({ text: c.header, bold: true, alignment: 'center', fontSize: 11 }));
  const numbers: TableCell[] = section.columns.map((_, i) => ({ text: `(${i + 1})`, alignment: 'center', italics: true, fontSize: 10 }));
  const body: TableCell[][] = section.rows.map((row) => row.map((text, i) => ({ text, fontSize: 11, alignment: section.columns[i]!.align ?? 'left' })));
  if (section.totals) body.push(section.totals.map((text, i) => ({ text, bold: true, fontSize: 11, alignment: section.columns[i]!.align ?? 'left' })));
  if (!section.rows.length) body.push([{ text: 'Không có văn bản trong kỳ.', colSpan: section.columns.length, italics: true, alignment: 'center', fontSize: 11 }, ...section.columns.slice(1).map(() => '')]);
  const total = section.columns.reduce((sum, c) => sum + c.width, 0);
  return [
    ...(section.heading ? [{ text: section.heading, bold: true, fontSize: 13, margin: [0, 10, 0, 6] } as Content] : []),
    {
      table: { headerRows: 2, dontBreakRows: true, widths: section.columns.map((c) => `${((c.width * 100) / total).toFixed(2)}%`), body: [head, numbers, ...body] },
      layout: { paddingLeft: () => 3, paddingRight: () => 3, paddingTop: () => 2, paddingBottom: () => 2, hLineWidth: () => 0.5, vLineWidth: () => 0.5 },
    },
  ];
}

function signatureBlock(labels: [string, string]): Content {
  const place = (label: string): Content => ({
    stack: [{ text: label, bold: true, alignment: 'center' }, { text: '(Ký, ghi rõ họ tên)', italics: true, alignment: 'center', fontSize: 12 }],
  });
  return { columns: [place(labels[0]), place(labels[1])], margin: [0, 18, 0, 60], unbreakable: true };
}

export function formPdf(doc: FormDocument): Promise<Buffer> {
  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: doc.orientation,
    pageMargins: MARGINS,
    info: { title: `${doc.title} — ${doc.subtitle}`, author: doc.agency.name, creator: 'VanPhong' },
    defaultStyle: { fontSize: 13, lineHeight: 1.15 },
    footer: (page, pages) => ({ text: `Trang ${page}/${pages}`, alignment: 'center', fontSize: 10, margin: [0, 8, 0, 0] }),
    content: [
      ...(doc.cover ? coverPage(doc) : []),
      headerBlock(doc.agency, doc.printedOn),
      { text: doc.title, bold: true, fontSize: 14, alignment: 'center', margin: [0, 14, 0, 2] },
      { text: doc.subtitle, italics: true, alignment: 'center', margin: [0, 0, 0, 10] },
      ...doc.sections.flatMap(sectionTable),
      ...(doc.signatures ? [signatureBlock(doc.signatures)] : []),
    ],
  };
  return renderPdf(definition);
}

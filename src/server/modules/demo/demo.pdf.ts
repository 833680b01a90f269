import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';

const require = createRequire(import.meta.url);
const fontDir = require.resolve('dejavu-fonts-ttf/package.json').replace(/package\.json$/, 'ttf/');

export interface SampleDocument {
  issuer: string;
  reference: string;
  issuedOn: string; // YYYY-MM-DD
  summary: string;
  signer: string;
  body?: string[];
}

function wrap(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) > width && line) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** An A4 PDF laid out like an administrative document (Decree 30 PL I), with Vietnamese text. */
export async function renderSamplePdf(doc: SampleDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const [regular, bold] = await Promise.all([
    fs.readFile(`${fontDir}DejaVuSerif.ttf`).then((bytes) => pdf.embedFont(bytes, { subset: true })),
    fs.readFile(`${fontDir}DejaVuSerif-Bold.ttf`).then((bytes) => pdf.embedFont(bytes, { subset: true })),
  ]);
  pdf.setTitle(doc.summary);
  pdf.setAuthor(doc.issuer);
  const page = pdf.addPage([595.28, 841.89]);
  const mm = 2.8346;
  const left = 30 * mm;
  const right = 595.28 - 15 * mm;
  const black = rgb(0, 0, 0);
  const center = (text: string, x0: number, x1: number, y: number, font = regular, size = 11) => {
    page.drawText(text, { x: x0 + (x1 - x0 - font.widthOfTextAtSize(text, size)) / 2, y, size, font, color: black });
  };
  const mid = 250;
  let y = 841.89 - 20 * mm;
  for (const [i, line] of wrap(doc.issuer.toUpperCase(), mid - left, (s) => bold.widthOfTextAtSize(s, 10)).entries()) {
    center(line, left, mid, y - i * 13, bold, 10);
  }
  center('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', mid, right, y, bold, 10);
  center('Độc lập - Tự do - Hạnh phúc', mid, right, y - 14, bold, 11);
  y -= 44;
  center(`Số: ${doc.reference}`, left, mid, y, regular, 11);
  const [yyyy, mmm, dd] = doc.issuedOn.split('-');
  center(`Điện Biên, ngày ${dd} tháng ${mmm} năm ${yyyy}`, mid, right, y, regular, 11);
  y -= 40;
  for (const line of wrap(doc.summary, right - left - 40, (s) => bold.widthOfTextAtSize(s, 13))) {
    center(line, left, right, y, bold, 13);
    y -= 18;
  }
  y -= 16;
  const body = doc.body ?? [
    `Thực hiện chỉ đạo của cấp có thẩm quyền, ${doc.issuer} đề nghị các cơ quan, đơn vị liên quan khẩn trương triển khai thực hiện nội dung nêu trên, bảo đảm đúng tiến độ và chất lượng.`,
    'Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh kịp thời để được hướng dẫn, giải quyết.',
    'Trân trọng./.',
  ];
  for (const paragraph of body) {
    for (const line of wrap(paragraph, right - left, (s) => regular.widthOfTextAtSize(s, 12))) {
      page.drawText(line, { x: left, y, size: 12, font: regular, color: black });
      y -= 17;
    }
    y -= 6;
  }
  y -= 30;
  center('NGƯỜI KÝ', mid, right, y, bold, 12);
  center(doc.signer, mid, right, y - 70, bold, 12);
  return pdf.save();
}

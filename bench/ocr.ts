// Digitization bench (npm run bench:ocr): pre-fill accuracy per field on documents made in the
// Decree 30 layout — read from the electronic PDF's text layer, and by OCR of 300 dpi and 200 dpi
// scans with noise and a slight rotation — and OCR speed (pages per minute on one core, the system
// tesseract via ocrmypdf and tesseract.js). BENCH_OCR_DOCS (default 12) documents.
import os from 'node:os';
import { renderSamplePdf, type SampleDocument } from '../src/server/modules/demo/demo.pdf.js';
import { extractText } from '../src/server/modules/files/text-extraction.js';
import { Readable } from 'node:stream';
import { ocr } from '../src/server/modules/digitization/ocr.js';
import { prefillFromText } from '../src/server/modules/digitization/prefill.js';
import { scanOf } from '../src/server/modules/digitization/digitization.fixtures.js';

const AGENCIES = ['Sở Tài chính tỉnh Điện Biên', 'Sở Nội vụ tỉnh Điện Biên', 'Ủy ban nhân dân huyện Mường Chà', 'Sở Y tế tỉnh Điện Biên', 'Sở Giáo dục và Đào tạo tỉnh Điện Biên', 'Ủy ban nhân dân thành phố Điện Biên Phủ'];
const DIRECTORY = AGENCIES.map((name, i) => ({ id: String(i), name }));
const TYPES = [['QĐ', 'Quyết định về việc'], ['KH', 'Kế hoạch'], ['TB', 'Thông báo'], ['BC', 'Báo cáo'], ['', 'V/v']] as const;
const TOPICS = ['phê duyệt dự toán kinh phí chuyển đổi số năm 2026', 'triển khai số hóa hồ sơ lưu trữ và tài liệu hành chính của các cơ quan, đơn vị trên địa bàn tỉnh', 'tổ chức tập huấn nghiệp vụ văn thư lưu trữ', 'kết quả thực hiện cải cách hành chính quý I và phương hướng nhiệm vụ quý II năm 2026'];
const SIGNERS = ['Nguyễn Văn Hùng', 'Lò Văn Pọm', 'Tòng Thị Hoa', 'Quàng Văn Bình', 'Lường Thị Mai'];
const SHORT = ['STC', 'SNV', 'UBND', 'SYT', 'SGDĐT', 'UBND'];

interface Case { doc: SampleDocument; expected: Record<string, string> }

function corpus(n: number): Case[] {
  return Array.from({ length: n }, (_, i) => {
    const [abbr, lead] = TYPES[i % TYPES.length]!;
    const agency = i % AGENCIES.length;
    const notation = abbr ? `${abbr}-${SHORT[agency]}` : `${SHORT[agency]}-VP`;
    const number = String(10 + i * 7);
    const day = 1 + (i * 5) % 28;
    const month = 1 + (i * 7) % 12;
    const summary = `${lead} ${TOPICS[i % TOPICS.length]}`;
    const doc = { issuer: AGENCIES[agency]!, reference: `${number}/${notation}`, issuedOn: `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, summary, signer: SIGNERS[i % SIGNERS.length]! };
    return { doc, expected: { issuer: doc.issuer, number, notation, issuedOn: doc.issuedOn, summary, signer: doc.signer } };
  });
}

const FIELDS = ['issuer', 'number', 'notation', 'issuedOn', 'summary', 'signer'] as const;
function score(cases: Case[], texts: string[]) {
  const right: Record<string, number> = Object.fromEntries(FIELDS.map((f) => [f, 0]));
  texts.forEach((text, i) => {
    const found = prefillFromText(text, DIRECTORY) as Record<string, string | undefined>;
    for (const f of FIELDS) if ((found[f] ?? '').replace(/\s+/g, ' ') === cases[i]!.expected[f]) right[f]! += 1;
  });
  const total = FIELDS.reduce((s, f) => s + right[f]!, 0);
  return { perField: Object.fromEntries(FIELDS.map((f) => [f, `${Math.round((right[f]! / cases.length) * 100)} %`])), overall: `${((total / (cases.length * FIELDS.length)) * 100).toFixed(1)} %` };
}

const n = Number(process.env.BENCH_OCR_DOCS ?? 12);
const cases = corpus(n);
console.log(`bench:ocr ${new Date().toISOString()} ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${n} documents`);
const pdfs = await Promise.all(cases.map((c) => renderSamplePdf(c.doc)));
let t0 = performance.now();
const electronic = [];
for (const pdf of pdfs) electronic.push((await extractText(Readable.from([Buffer.from(pdf)]), { fileName: 'x.pdf', mimeType: 'application/pdf' })).text);
const textMs = (performance.now() - t0) / n;
console.log('electronic PDFs', score(cases, electronic), `text + rules ${textMs.toFixed(1)} ms/document`);
for (const [dpi, label] of [[300, '300 dpi scans (noise, 0.6° rotation)'], [200, '200 dpi scans (noise, 0.6° rotation)']] as const) {
  const texts: string[] = [];
  t0 = performance.now();
  for (const pdf of pdfs) {
    const scan = await scanOf(pdf, { dpi, noise: 0.002, rotateDegrees: 0.6 });
    texts.push((await ocr({ bytes: scan, mimeType: 'image/png', dpiHint: dpi }, 'tesseract')).text);
  }
  const perPage = (performance.now() - t0) / n;
  console.log(label, score(cases, texts), `ocrmypdf ${(perPage / 1000).toFixed(2)} s/page = ${(60_000 / perPage).toFixed(1)} pages/min on one core`);
}
const sample = await scanOf(pdfs[0]!, { dpi: 300 });
t0 = performance.now();
await ocr({ bytes: sample, mimeType: 'image/png' }, 'tesseract.js');
console.log(`tesseract.js (fallback) one 300 dpi page: ${((performance.now() - t0) / 1000).toFixed(2)} s`);

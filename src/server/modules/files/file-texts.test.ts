import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';
import { makeDocx, makeZip } from '../../test-support/zip-fixture.js';

// Every stored file gets its text read by a background job (file-texts.ts), on the real queue.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ jobs: { workers: true } });
});
afterAll(async () => t?.close());

let serial = 0;
const metadata = () => ({
  issuer: 'UBND tỉnh Điện Biên', number: String(500 + ++serial), notation: 'UBND-VX', issuedOn: '2026-03-05', documentType: 'official_letter',
  summary: `V/v số hóa tài liệu lưu trữ đợt ${serial}`, signer: 'Lò Văn Tiến', urgency: 'normal', pageCount: 1,
});

/** A one-page PDF holding only a picture (a scan): no text for pdf.js to find. */
async function imageOnlyPdf(): Promise<Uint8Array> {
  const png = new PNG({ width: 120, height: 160 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([(i / 4) % 255, 200, 220, 255], i);
  const doc = await PDFDocument.create();
  const image = await doc.embedPng(PNG.sync.write(png));
  doc.addPage([595, 842]).drawImage(image, { x: 50, y: 400, width: 240, height: 320 });
  return doc.save();
}

const XLSX_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>';
const xlsx = () => makeZip([
  { name: '[Content_Types].xml', content: Buffer.from(XLSX_TYPES) },
  { name: 'xl/workbook.xml', content: Buffer.from('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Bảng 1" sheetId="1"/></sheets></workbook>') },
  { name: 'xl/sharedStrings.xml', content: Buffer.from('<sst><si><t>Danh mục hồ sơ</t></si><si><r><t>Kinh phí </t></r><r><t>chuyển đổi số</t></r></si><si><t>R&amp;D</t></si></sst>') },
  { name: 'xl/worksheets/sheet1.xml', content: Buffer.from('<worksheet><sheetData><row><c t="inlineStr"><is><t>Ghi chú nội bộ</t></is></c></row></sheetData></worksheet>') },
]);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const textRow = (hash: string) => t.database.db.selectFrom('file_texts').selectAll().where('file_hash', '=', hash).executeTakeFirst();

const ocrJobs = async (hash: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'files.ocr' AND data->>'hash' = ${hash}`.execute(t.database.db)).rows[0]?.n;

async function settled(hash: string) {
  const deadline = Date.now() + 50_000;
  for (;;) {
    const row = await textRow(hash);
    if ((row && !['waiting', 'reading'].includes(row.status)) || Date.now() > deadline) return row;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function readBack(hash: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await t.files.get(hash)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('reading the text of stored files in the background', () => {
  it('registering a document enqueues its files in the same transaction: a text PDF, a DOCX and an XLSX are read, a scan goes to OCR, and no file is changed', async () => {
    const pdf = await samplePdfBytes();
    const scan = await imageOnlyPdf();
    const docx = makeDocx(Buffer.from('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Kế hoạch số hóa hồ sơ lưu trữ năm 2026</w:t></w:r></w:p><w:p><w:r><w:t>Đơn vị thực hiện: Văn phòng Sở</w:t></w:r></w:p></w:body></w:document>'));
    const sheet = xlsx();
    const clerk = await t.as('vanthu');
    const response = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata()) }, [
      { name: 'van-ban.pdf', content: pdf, type: 'application/pdf' },
      { name: 'ban-quet.pdf', content: scan, type: 'application/pdf' },
      { name: 'ke-hoach.docx', content: docx },
      { name: 'danh-muc.xlsx', content: sheet },
    ]);
    expect(response.statusCode, response.body).toBe(201);

    const text = await settled(sha256(pdf));
    expect(text).toMatchObject({ status: 'done', method: 'pdf_text', page_count: 1, error: null, mime_type: 'application/pdf' });
    expect(text?.text).toContain('thử nghiệm hệ thống văn phòng điện tử');
    expect(text?.extracted_at).toBeInstanceOf(Date);

    // A scan goes on to OCR (digitization/ocr.job.ts), which may already have taken it.
    const scanRow = await settled(sha256(scan));
    expect(['needs_ocr', 'done']).toContain(scanRow?.status);
    expect(scanRow?.page_count).toBe(1);
    expect(await ocrJobs(sha256(scan))).toBe(1);

    const word = await settled(sha256(docx));
    expect(word).toMatchObject({ status: 'done', method: 'docx' });
    expect(word?.text).toBe('Kế hoạch số hóa hồ sơ lưu trữ năm 2026\n\nĐơn vị thực hiện: Văn phòng Sở');

    const workbook = await settled(sha256(sheet));
    expect(workbook).toMatchObject({ status: 'done', method: 'xlsx' });
    expect(workbook?.text).toBe('Danh mục hồ sơ\nKinh phí chuyển đổi số\nR&D\nGhi chú nội bộ');

    // Only read: every stored file is still the bytes that were uploaded.
    for (const bytes of [pdf, scan, docx, sheet]) expect(sha256(await readBack(sha256(bytes)))).toBe(sha256(bytes));
  });

  it('a file attached again is not read again, an image goes to OCR at once, and a damaged file is marked failed with its reason', async () => {
    const pdf = await samplePdfBytes();
    const before = await textRow(sha256(pdf));
    const clerk = await t.as('vanthu');
    const png = new PNG({ width: 8, height: 8 });
    const image = PNG.sync.write(png);
    // A DOCX whose XML is broken: mammoth cannot read it.
    const broken = makeDocx(Buffer.from('<w:document><w:body><w:p>'));
    const response = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata()) }, [
      { name: 'van-ban.pdf', content: pdf, type: 'application/pdf' },
      { name: 'anh-chup.png', content: image, type: 'image/png' },
      { name: 'hong.docx', content: broken },
    ]);
    expect(response.statusCode, response.body).toBe(201);
    expect(['needs_ocr', 'reading', 'done', 'failed']).toContain((await textRow(sha256(image)))?.status);
    expect(await ocrJobs(sha256(image))).toBe(1);
    const failed = await settled(sha256(broken));
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toMatch(/^FILE_UNREADABLE: /);
    expect(await textRow(sha256(pdf))).toEqual(before);
  });
});

import { scanReminders } from '../notifications/notifications.reminders.js';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { ok } from '../../test-support/responses.js';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';
import { verifyPdf } from '../signatures/pdf-verify.js';
import { makePdf, makeTestPki, p12Signer, signFirst, type TestPki } from '../signatures/pdf-verify.fixtures.js';

// The agency archive: deposit with its record, retention from the deposit, the head's decision,
// the export package (checksums, signed PDFs, the XML against its schema) and marked printouts.

let t: TestApp;
let pki: TestPki;
let signed: Buffer;
let plain: Uint8Array;
const id = (username: string) => t.people.get(username)!.id;
const unitOf = (username: string) => t.people.get(username)!.unitId!;
let fileId: string;
let openFileId: string;
let signedDocId: string;
let signedAttachmentId: string;
let depositId: string;

async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) pages.push((await (await pdf.getPage(i)).getTextContent()).items.map((x) => ('str' in x ? x.str : '')).join(' '));
  await pdf.destroy();
  return pages;
}

function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => zip.openReadStream(entry, (e, stream) => {
        if (e || !stream) return reject(e);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => { out.set(entry.fileName, Buffer.concat(chunks)); zip.readEntry(); });
      }));
      zip.on('end', () => resolve(out)).on('error', reject);
      zip.readEntry();
    });
  });
}

let serial = 0;
async function incoming(file: { name: string; content: Uint8Array; type: string }, issuedOn: string): Promise<string> {
  serial += 1;
  const metadata = { issuer: 'UBND tỉnh Điện Biên', number: String(900 + serial), notation: 'UBND-VX', issuedOn, documentType: 'official_letter', summary: `V/v lưu trữ hồ sơ (${serial})`, urgency: 'normal', pageCount: 1, submitTo: id('giamdoc') };
  const created = ok(await (await t.as('vanthu')).upload('/api/incoming-documents', { metadata: JSON.stringify(metadata) }, [file]), 201);
  ok(await (await t.as('giamdoc')).post(`/api/incoming-documents/${created.id}/assign`, { direction: 'Giao phòng CNTT.', assignments: [{ role: 'lead', unitId: unitOf('tp.cntt') }, { role: 'info', userId: id('cv.cntt') }] }));
  return created.id as string;
}

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-12-01T02:00:00Z'));
  pki = makeTestPki({ root: { commonName: 'VanPhong Test Root CA', organization: 'VanPhong Demo' }, at: new Date('2026-11-02T02:00:00Z') });
  signed = await signFirst(await makePdf('Công văn ký số về lưu trữ'), p12Signer(pki), new Date('2026-11-02T02:00:00Z'));
  plain = await samplePdfBytes();
  const clerk = await t.as('vanthu');
  ok(await clerk.post('/api/records/plans', { year: 2026 }), 201);
  const headingId = ok(await clerk.post('/api/records/plans/2026/headings', { title: 'Công nghệ thông tin' }), 201).headings[0].id;
  ok(await clerk.post('/api/records/plans/2026/entries', { headingId, title: 'Hồ sơ chuyển đổi số năm 2026', retention: '10', accessRegime: 'conditional', keeperUnitId: unitOf('cv.cntt') }), 201);
  ok(await clerk.post('/api/records/plans/2026/entries', { headingId, title: 'Hồ sơ đang giải quyết', retention: '10', accessRegime: 'public', keeperUnitId: unitOf('cv.cntt') }), 201);
  const plan = ok(await (await t.as('giamdoc')).post('/api/records/plans/2026/approve'));
  const keeper = await t.as('cv.cntt');
  fileId = ok(await keeper.post('/api/case-files', { planEntryId: plan.entries[0].id }), 201).id;
  openFileId = ok(await keeper.post('/api/case-files', { planEntryId: plan.entries[1].id }), 201).id;
  // Filed in this order, dated in the other: the package binds them by date.
  const later = await incoming({ name: 'bao-cao.pdf', content: plain, type: 'application/pdf' }, '2026-11-20');
  signedDocId = await incoming({ name: 'cong-van-ky-so.pdf', content: signed, type: 'application/pdf' }, '2026-11-02');
  signedAttachmentId = ok(await keeper.get(`/api/incoming-documents/${signedDocId}`)).attachments[0].id;
  ok(await keeper.post(`/api/case-files/${fileId}/documents`, { documentId: later }), 201);
  ok(await keeper.post(`/api/case-files/${fileId}/documents`, { documentId: signedDocId }), 201);
  ok(await keeper.post(`/api/case-files/${fileId}/close`));
});
afterAll(async () => t?.close());

describe('the deposit notice', () => {
  it('thirty days before a closed file is due for deposit (a year after closing), its keeper and the office are told once; an open file is not', async () => {
    const notices = async () => (await t.database.db.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.recipient_id')
      .select(['users.username', 'notifications.params']).where('kind', '=', 'case_file_deposit_due').where('subject_id', '=', fileId).execute());
    const scanAt = (iso: string) => { t.setNow(new Date(iso)); return scanReminders({ db: t.database.db, clock: t.clock }); };
    try {
      await scanAt('2027-10-31T02:00:00Z');
      expect(await notices()).toEqual([]);
      await scanAt('2027-11-01T02:00:00Z');
      const sent = await notices();
      expect(sent.map((n) => n.username).sort()).toEqual(['cv.cntt', 'vanthu']);
      expect(sent[0]!.params).toMatchObject({ dueDate: '01/12/2027', title: 'Hồ sơ chuyển đổi số năm 2026' });
      await scanAt('2027-11-02T02:00:00Z');
      expect(await notices()).toHaveLength(2);
      const openNoticed = await t.database.db.selectFrom('notifications').select('id').where('kind', '=', 'case_file_deposit_due').where('subject_id', '=', openFileId).execute();
      expect(openNoticed).toEqual([]);
    } finally {
      t.setNow(new Date('2026-12-01T02:00:00Z'));
    }
  });
});

describe('depositing case files into the agency archive', () => {
  it('the office receives closed files with a numbered deposit record; the file becomes read-only, keeps its readers and its regime, and its retention runs from the deposit', async () => {
    const clerk = await t.as('vanthu');
    expect((await (await t.as('cv.cntt')).post('/api/records/deposits', { caseFileIds: [fileId] })).json().error.code).toBe('ARCHIVE_OFFICE_ONLY');
    const stillOpen = await clerk.post('/api/records/deposits', { caseFileIds: [fileId, openFileId] });
    expect([stillOpen.statusCode, stillOpen.json().error.code]).toEqual([409, 'CASE_FILE_NOT_CLOSED']);
    expect((await (await t.as('vanthu.snv')).post('/api/records/deposits', { caseFileIds: [fileId] })).statusCode).toBe(404);
    expect((await clerk.post('/api/records/deposits', { caseFileIds: [fileId], depositedOn: '2027-01-01' })).json().error.code).toBe('DEPOSIT_IN_FUTURE');
    expect(ok(await clerk.get('/api/records/archive?view=closed')).items.map((f: { id: string }) => f.id)).toEqual([fileId]);

    const record = ok(await clerk.post('/api/records/deposits', { caseFileIds: [fileId], note: 'Giao nhận hồ sơ điện tử' }), 201);
    depositId = record.id;
    expect(record).toMatchObject({ recordNumber: '01/BB-2026', depositedOn: '2026-12-01', files: [{ id: fileId, status: 'deposited', docTotal: 2, deposit: { retainUntil: '2036-12-01' } }] });
    // Nothing is received twice.
    expect((await clerk.post('/api/records/deposits', { caseFileIds: [fileId] })).json().error.code).toBe('CASE_FILE_NOT_CLOSED');

    const keeper = await t.as('cv.cntt');
    const file = ok(await keeper.get(`/api/case-files/${fileId}`));
    expect(file).toMatchObject({ status: 'deposited', actions: ['export'], metadata: { accessRegime: 'conditional' }, deposit: { recordNumber: '01/BB-2026', depositedOn: '2026-12-01', retainUntil: '2036-12-01' } });
    const edit = await keeper.patch(`/api/case-files/${fileId}`, { keywords: 'sửa sau nộp lưu' });
    expect([edit.statusCode, edit.json().error.code]).toEqual([409, 'CASE_FILE_CLOSED']);
    // Another official of the agency does not read it because it was deposited.
    expect((await (await t.as('cv.khtc')).get(`/api/case-files/${fileId}`)).statusCode).toBe(404);

    const pdf = await clerk.get(`/api/records/deposits/${depositId}/pdf`);
    expect([pdf.statusCode, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    const text = (await pdfText(pdf.rawPayload)).join('\n');
    for (const words of ['BIÊN BẢN', 'Về việc giao nhận hồ sơ, tài liệu vào Lưu trữ cơ quan', 'Số: 01/BB-2026', '1 hồ sơ, gồm 2 văn bản', 'MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU', 'Hồ sơ chuyển đổi số năm 2026', 'Có điều kiện']) {
      expect(text).toContain(words);
    }
    if (process.env.KEEP_RECORDS_PDF) await import('node:fs/promises').then((fs) => fs.writeFile('/tmp/bien-ban.pdf', pdf.rawPayload));
    expect((await (await t.as('vanthu.snv')).get(`/api/records/deposits/${depositId}/pdf`)).statusCode).toBe(404);
  });
});

describe('the export package of a case file', () => {
  it('holds every original byte for byte, a bound PDF with a table of contents in date order, and an XML whose SHA-256 checksums match and which validates against the shipped schema', async () => {
    const response = await (await t.as('vanthu')).get(`/api/case-files/${fileId}/export`);
    expect([response.statusCode, response.headers['content-type']]).toEqual([200, 'application/zip']);
    const entries = await unzip(response.rawPayload);
    expect([...entries.keys()].sort()).toEqual(['METS.xml', 'documents/0000001/bao-cao.pdf', 'documents/0000002/cong-van-ky-so.pdf', 'representations/ho-so.pdf', 'schema/goi-ho-so-1.0.xsd']);
    const xml = entries.get('METS.xml')!.toString('utf8');
    const files = [...xml.matchAll(/<file ID="([^"]+)" MIMETYPE="[^"]+" SIZE="(\d+)" CHECKSUM="([0-9a-f]{64})" CHECKSUMTYPE="SHA-256" ADMID="[^"]+"><FLocat href="([^"]+)"\/><\/file>/g)];
    expect(files).toHaveLength(3);
    for (const [, , size, checksum, href] of files) {
      const bytes = entries.get(href!)!;
      expect(createHash('sha256').update(bytes).digest('hex'), href).toBe(checksum);
      expect(bytes.length).toBe(Number(size));
      expect(xml).toContain(`<fixity algorithm="SHA-256">${checksum}</fixity>`);
    }
    // The signed PDF is the one received, and its signature still verifies.
    const inPackage = entries.get('documents/0000002/cong-van-ky-so.pdf')!;
    expect(inPackage.equals(signed)).toBe(true);
    const report = await verifyPdf(inPackage, { trustedRoots: [{ certificate: pki.root.pem }] });
    expect(report.signatures[0]).toMatchObject({ status: 'valid', coverage: { coversWholeFile: true } });
    // Chronological order: the document of 2 November comes first, though filed second.
    expect(xml.indexOf('LABEL="') < xml.indexOf('ORDER="1"')).toBe(true);
    expect(/<div TYPE="vanBan" ORDER="1" LABEL="[^"]+\.0000002"/.test(xml)).toBe(true);
    expect(xml).toContain('<maLuuTru>');
    expect(xml).toContain('<cheDoSuDung ma="02">Có điều kiện</cheDoSuDung>');
    const bound = await pdfText(entries.get('representations/ho-so.pdf')!);
    expect(bound[0]).toContain('MỤC LỤC VĂN BẢN');
    expect(bound[0]!.indexOf('V/v lưu trữ hồ sơ (2)')).toBeLessThan(bound[0]!.indexOf('V/v lưu trữ hồ sơ (1)'));
    expect(bound.slice(1).join(' ')).toContain('Cong van ky so ve luu tru');
    if (process.env.KEEP_RECORDS_PDF) await import('node:fs/promises').then((fs) => fs.writeFile('/tmp/ho-so.pdf', entries.get('representations/ho-so.pdf')!));

    // The XML against the schema shipped in the package (xmllint compiled to WebAssembly, offline).
    const xmllint = await import('xmllint-wasm').catch(() => null);
    if (xmllint) {
      const result = await xmllint.validateXML({ xml: [{ fileName: 'METS.xml', contents: xml }], schema: [{ fileName: 'goi-ho-so-1.0.xsd', contents: entries.get('schema/goi-ho-so-1.0.xsd')!.toString('utf8') }] });
      expect(result.errors, JSON.stringify(result.errors)).toEqual([]);
      expect(result.valid).toBe(true);
    } else {
      // Structural check when the validator is not installed (it is a devDependency).
      expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<goiHoSo xmlns="urn:vanphong:goi-ho-so:1"/);
      for (const section of ['<metsHdr', '<dmdSec ID="DMD-HOSO">', '<amdSec>', '<fileSec>', '<structMap>']) expect(xml).toContain(section);
    }

    // Only the office and the keeper export; an open file is not exported; another agency sees nothing.
    expect((await (await t.as('cv.cntt')).get(`/api/case-files/${fileId}/export`)).statusCode).toBe(200);
    expect((await (await t.as('cv.cntt')).get(`/api/case-files/${openFileId}/export`)).json().error.code).toBe('CASE_FILE_NOT_CLOSED');
    expect((await (await t.as('vanthu.snv')).get(`/api/case-files/${fileId}/export`)).statusCode).toBe(404);
  });
});

describe('printouts', () => {
  it('a marked print is a separate copy with who, agency and time on every page; it is logged; the stored signed PDF stays byte-identical and valid', async () => {
    const keeper = await t.as('cv.cntt');
    const printed = await keeper.get(`/api/documents/${signedDocId}/files/${signedAttachmentId}/print`);
    expect([printed.statusCode, printed.headers['content-type']]).toEqual([200, 'application/pdf']);
    const pages = await pdfText(printed.rawPayload);
    for (const page of pages) expect(page).toMatch(/In bởi Đặng Văn Long — .+ — 01\/12\/2026 09:00/);
    expect(printed.rawPayload.equals(signed)).toBe(false);
    const original = await keeper.get(`/api/incoming-documents/${signedDocId}/attachments/${signedAttachmentId}`);
    expect(original.rawPayload.equals(signed)).toBe(true);
    expect((await verifyPdf(original.rawPayload, { trustedRoots: [{ certificate: pki.root.pem }] })).signatures[0]!.status).toBe('valid');
    const log = await t.database.db.selectFrom('document_printouts').select(['user_id', 'marked', 'attachment_id']).where('document_id', '=', signedDocId).execute();
    expect(log).toEqual([{ user_id: id('cv.cntt'), marked: true, attachment_id: signedAttachmentId }]);
    const events = await t.database.db.selectFrom('events').select('action').where('document_id', '=', signedDocId).where('action', '=', 'document_printed').execute();
    expect(events).toHaveLength(1);
    // Whoever may not open the document cannot print it.
    expect((await (await t.as('cv.khtc')).get(`/api/documents/${signedDocId}/files/${signedAttachmentId}/print`)).statusCode).toBe(404);
  });
});

describe('retention and the head of the agency\'s decision', () => {
  it('files whose retention ended are listed for the head, who keeps one longer or destroys it under a decision number; destruction is recorded and the documents stay', async () => {
    const head = await t.as('giamdoc');
    const clerk = await t.as('vanthu');
    expect(ok(await head.get('/api/records/archive?view=expired')).items).toEqual([]);
    expect((await head.post(`/api/case-files/${fileId}/retention`, { decision: 'destroy', decisionNumber: '12/QĐ-STTTT' })).json().error.code).toBe('RETENTION_NOT_ENDED');

    t.setNow(new Date('2036-12-02T02:00:00Z'));
    const expired = ok(await head.get('/api/records/archive?view=expired'));
    expect(expired).toMatchObject({ items: [{ id: fileId, deposit: { retainUntil: '2036-12-01' } }], actions: ['decide'] });
    expect((ok(await head.get(`/api/case-files/${fileId}`))).actions).toEqual(['decide']);
    expect((await clerk.post(`/api/case-files/${fileId}/retention`, { decision: 'extend', years: 5 })).json().error.code).toBe('RETENTION_HEAD_DECIDES');
    const kept = ok(await head.post(`/api/case-files/${fileId}/retention`, { decision: 'extend', years: 5, note: 'Còn giá trị tra cứu' }));
    expect(kept).toMatchObject({ status: 'deposited', deposit: { retainUntil: '2041-12-01' }, retentionDecisions: [{ decision: 'extend', extendYears: 5, retainUntilBefore: '2036-12-01', retainUntilAfter: '2041-12-01', decidedBy: 'Nguyễn Văn Hùng' }] });
    expect(ok(await head.get('/api/records/archive?view=expired')).items).toEqual([]);

    t.setNow(new Date('2041-12-02T02:00:00Z'));
    const noNumber = await head.post(`/api/case-files/${fileId}/retention`, { decision: 'destroy' });
    expect(noNumber.statusCode).toBe(400);
    const destroyed = ok(await head.post(`/api/case-files/${fileId}/retention`, { decision: 'destroy', decisionNumber: '12/QĐ-STTTT' }));
    expect(destroyed).toMatchObject({ status: 'destroyed', destroyedAt: '2041-12-02T02:00:00.000Z', actions: [] });
    expect(destroyed.retentionDecisions.map((d: { decision: string; decisionNumber: string | null }) => [d.decision, d.decisionNumber])).toEqual([['extend', null], ['destroy', '12/QĐ-STTTT']]);
    // The list of documents is kept, and the documents are still documents.
    expect(destroyed.documents.map((d: { ordinal: number }) => d.ordinal)).toEqual([1, 2]);
    expect((await (await t.as('cv.cntt')).get(`/api/incoming-documents/${signedDocId}`)).statusCode).toBe(200);
    expect(ok(await clerk.get('/api/records/archive?view=destroyed')).items.map((f: { id: string }) => f.id)).toEqual([fileId]);
    expect((await clerk.get(`/api/case-files/${fileId}/export`)).json().error.code).toBe('CASE_FILE_DESTROYED');
    const history = await t.database.db.selectFrom('events').select('action').where('agency_id', '=', t.people.get('giamdoc')!.agencyId).where('action', 'in', ['case_files_deposited', 'case_file_retention_extended', 'case_file_destroyed']).orderBy('id').execute();
    expect(history.map((e) => e.action)).toEqual(['case_files_deposited', 'case_file_retention_extended', 'case_file_destroyed']);
  });
});

describe('the file plan as a spreadsheet and on paper (annex V)', () => {
  it('exports the five columns with headings as rows, prints the PDF, and imports a spreadsheet only when every row is right', async () => {
    const clerk = await t.as('vanthu');
    const ExcelJS = (await import('exceljs')).default;
    const exported = await clerk.get('/api/records/plans/2026/export?format=xlsx');
    expect(exported.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1).map((v) => v ?? ''));
    expect(rows[1]).toEqual(['Số và ký hiệu hồ sơ', 'Tên đề mục và tiêu đề hồ sơ', 'Thời hạn bảo quản', 'Đơn vị/người lập hồ sơ', 'Ghi chú']);
    expect(rows[2]![1]).toBe('I. Công nghệ thông tin');
    expect(rows[3]!.slice(0, 3)).toEqual(['01', 'Hồ sơ chuyển đổi số năm 2026', '10 năm']);
    const printed = await clerk.get('/api/records/plans/2026/export?format=pdf');
    const text = (await pdfText(printed.rawPayload)).join('\n');
    for (const words of ['DANH MỤC HỒ SƠ CỦA', 'Số và ký hiệu hồ sơ', 'I. Công nghệ thông tin', 'Hồ sơ chuyển đổi số năm 2026', 'Bản Danh mục hồ sơ này có 2 hồ sơ']) expect(text).toContain(words);
    if (process.env.KEEP_RECORDS_PDF) await import('node:fs/promises').then((fs) => fs.writeFile('/tmp/danh-muc.pdf', printed.rawPayload));

    ok(await clerk.post('/api/records/plans', { year: 2029 }), 201);
    const unitName = (await t.database.db.selectFrom('units').select('name').where('id', '=', unitOf('cv.cntt')).executeTakeFirstOrThrow()).name;
    const sheetOf = async (lines: string[][]) => {
      const b = new ExcelJS.Workbook();
      const s = b.addWorksheet('Danh mục');
      s.addRow(['DANH MỤC HỒ SƠ NĂM 2029']);
      s.addRow(['Số và ký hiệu hồ sơ', 'Tên đề mục và tiêu đề hồ sơ', 'Thời hạn bảo quản', 'Đơn vị/người lập hồ sơ', 'Ghi chú']);
      for (const l of lines) s.addRow(l);
      return Buffer.from(await b.xlsx.writeBuffer()).toString('base64');
    };
    const bad = await clerk.post('/api/records/plans/2029/import', { xlsx: await sheetOf([
      ['', 'I. Tổng hợp'], ['', 'Hồ sơ kế hoạch', 'mãi mãi', unitName], ['', 'Hồ sơ báo cáo', '10 năm', 'Phòng không có'], ['', '1. Thi đua'], ['', 'Hồ sơ khen thưởng', 'Vĩnh viễn', `${unitName} — Đặng Văn Long`],
    ]) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string; code: string }) => [f.field, f.code])).toEqual([['row 4', 'PLAN_IMPORT_RETENTION'], ['row 5', 'PLAN_IMPORT_KEEPER']]);
    expect(bad.json().error.fields[0].message).toMatchObject({ vi: expect.stringContaining('Dòng 4: thời hạn bảo quản "mãi mãi"'), en: expect.stringContaining('Row 4: retention "mãi mãi"') });
    expect(ok(await clerk.get('/api/records/plans/2029')).headings).toEqual([]);
    expect((await clerk.post('/api/records/plans/2029/import', { xlsx: Buffer.from('not a spreadsheet').toString('base64') })).json().error.fields[0].code).toBe('PLAN_IMPORT_UNREADABLE');
    expect((await (await t.as('cv.cntt')).post('/api/records/plans/2029/import', { xlsx: 'AAAA' })).statusCode).toBe(403);

    const imported = ok(await clerk.post('/api/records/plans/2029/import', { xlsx: await sheetOf([
      ['', 'I. Tổng hợp'], ['', 'Hồ sơ kế hoạch', 'Vĩnh viễn', unitName], ['', '1. Thi đua'], ['', 'Hồ sơ khen thưởng', '20 năm', `${unitName} — Đặng Văn Long`], ['', 'II. Công nghệ thông tin'], ['', 'Hồ sơ hạ tầng', '10 năm', 'Đặng Văn Long'],
    ]) }));
    expect(imported.headings.map((h: { code: string; title: string }) => `${h.code}. ${h.title}`)).toEqual(['I. Tổng hợp', '1. Thi đua', 'II. Công nghệ thông tin']);
    expect(imported.entries.map((e: { fileNotation: string; title: string; retention: string }) => [e.fileNotation, e.title, e.retention])).toEqual([
      ['01', 'Hồ sơ kế hoạch', 'permanent'], ['02', 'Hồ sơ khen thưởng', '20'], ['03', 'Hồ sơ hạ tầng', '10'],
    ]);
    expect(imported.entries[1].keeperUser).toMatchObject({ fullName: 'Đặng Văn Long' });
  });
});

import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiffPart, VersionComparison } from '../../../shared/version-compare.js';
import { renderSamplePdf } from '../demo/demo.pdf.js';
import { diffTexts } from './outgoing.compare.js';
import { type Client, createTestApp, type TestApp } from '../../test-support/test-app.js';
import { makeDocx } from '../../test-support/zip-fixture.js';

let t: TestApp;
let serial = 0;

/** A DOCX as Word would save it, one paragraph per string. */
const docxOf = (...paragraphs: string[]) => Packer.toBuffer(new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph(p)) }] }));

/** A PDF in the Decree 30 layout with a Vietnamese font (DejaVu, embedded), the body paragraphs given. */
const pdfOf = async (...body: string[]) =>
  Buffer.from(await renderSamplePdf({ issuer: 'Sở Thông tin và Truyền thông', reference: '…/STTTT-CNTT', issuedOn: '2026-01-05', summary: 'V/v triển khai chữ ký số', signer: 'Nguyễn Văn Hùng', body }));

async function draftWith(as: Client, first: { name: string; content: Buffer }): Promise<string> {
  serial += 1;
  const metadata = { documentType: 'official_letter', summary: `V/v so sánh phiên bản, lần ${serial}`, recipients: [{ kind: 'external', name: 'UBND các huyện' }] };
  const response = await as.upload('/api/outgoing-documents', { metadata: JSON.stringify(metadata) }, [first]);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

async function addVersion(as: Client, docId: string, file: { name: string; content: Buffer }) {
  const response = await as.upload(`/api/outgoing-documents/${docId}/versions`, {}, [file]);
  expect(response.statusCode, response.body).toBe(201);
}

const compare = (as: Client, docId: string, from: number, to: number) => as.get(`/api/outgoing-documents/${docId}/versions/compare?from=${from}&to=${to}`);

/** The words of the parts of one kind, as the reader sees them marked. */
const marked = (parts: DiffPart[], kind: DiffPart['kind']) => parts.filter((p) => p.kind === kind).map((p) => p.text.trim()).filter(Boolean);
/** The old text is everything but the added parts; the new one everything but the removed. */
const oldText = (parts: DiffPart[]) => parts.filter((p) => p.kind !== 'added').map((p) => p.text).join('');
const newText = (parts: DiffPart[]) => parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('');

beforeAll(async () => {
  t = await createTestApp({ config: { maxFileMb: 5 } });
  t.setNow(new Date('2026-01-05T03:00:00Z'));
});
afterAll(async () => t?.close());

describe('comparing two versions of a draft', () => {
  it('a drafter revises her DOCX: the comparison marks the changed words as removed and added, and the rest as unchanged', async () => {
    const drafter = await t.as('cv.cntt');
    const docId = await draftWith(drafter, { name: 'du-thao.docx', content: await docxOf('Kính gửi: Sở Nội vụ tỉnh Điện Biên', 'Đề nghị các đơn vị báo cáo trước ngày 15 tháng 01 năm 2026.') });
    await addVersion(drafter, docId, { name: 'du-thao-v2.docx', content: await docxOf('Kính gửi: Sở Tài chính tỉnh Điện Biên', 'Đề nghị các đơn vị báo cáo trước ngày 20 tháng 01 năm 2026.') });

    const response = await compare(drafter, docId, 1, 2);
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json() as VersionComparison;
    expect(result.from).toMatchObject({ version: 1, fileName: 'du-thao.docx', createdBy: { fullName: expect.any(String) }, truncated: false });
    expect(result.to).toMatchObject({ version: 2, fileName: 'du-thao-v2.docx', createdBy: { id: t.people.get('cv.cntt')!.id } });
    expect(marked(result.parts, 'removed')).toEqual(['Nội vụ', '15']);
    expect(marked(result.parts, 'added')).toEqual(['Tài chính', '20']);
    expect(result.parts.filter((p) => p.kind === 'same').map((p) => p.text).join('')).toContain('tỉnh Điện Biên');
    expect(oldText(result.parts)).toBe('Kính gửi: Sở Nội vụ tỉnh Điện Biên\n\nĐề nghị các đơn vị báo cáo trước ngày 15 tháng 01 năm 2026.');
    expect(newText(result.parts)).toBe('Kính gửi: Sở Tài chính tỉnh Điện Biên\n\nĐề nghị các đơn vị báo cáo trước ngày 20 tháng 01 năm 2026.');
    expect(result.stats).toEqual({ added: 3, removed: 3 });
    expect(result.tooDifferent).toBe(false);

    // Backwards too: what v2 added is what v1 "adds" back.
    const backwards = (await compare(drafter, docId, 2, 1)).json() as VersionComparison;
    expect(marked(backwards.parts, 'added')).toEqual(['Nội vụ', '15']);
  });

  it('the same Vietnamese words typed with composed or decomposed diacritics are not a change', async () => {
    const drafter = await t.as('cv.cntt');
    const sentence = 'Hướng dẫn triển khai chữ ký số cho cán bộ, công chức.';
    const docId = await draftWith(drafter, { name: 'v1.docx', content: await docxOf(sentence.normalize('NFC')) });
    await addVersion(drafter, docId, { name: 'v2.docx', content: await docxOf(`${sentence.normalize('NFD')} Thời hạn: quý I.`) });

    const result = (await compare(drafter, docId, 1, 2)).json() as VersionComparison;
    expect(marked(result.parts, 'removed')).toEqual([]);
    expect(marked(result.parts, 'added')).toEqual(['Thời hạn: quý I.']);
    expect(newText(result.parts)).toBe(`${sentence} Thời hạn: quý I.`.normalize('NFC'));
    expect(result.stats).toEqual({ added: 4, removed: 0 });
  });

  it('two PDF versions are compared by their text, Vietnamese intact', async () => {
    const drafter = await t.as('cv.cntt');
    const docId = await draftWith(drafter, { name: 'du-thao.pdf', content: await pdfOf('Sở đề nghị Phòng Kế hoạch - Tài chính bố trí kinh phí năm 2026.', 'Giao Phòng Công nghệ thông tin chủ trì.') });
    await addVersion(drafter, docId, { name: 'du-thao-v2.pdf', content: await pdfOf('Sở đề nghị Phòng Kế hoạch - Tài chính bố trí đủ kinh phí năm 2026.', 'Giao Văn phòng Sở chủ trì.') });

    const response = await compare(drafter, docId, 1, 2);
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json() as VersionComparison;
    expect(result.from.mimeType).toBe('application/pdf');
    expect(marked(result.parts, 'removed')).toEqual(['Phòng Công nghệ thông tin']);
    expect(marked(result.parts, 'added')).toEqual(['đủ', 'Văn phòng Sở']);
    expect(oldText(result.parts)).toContain('Giao Phòng Công nghệ thông tin chủ trì.');
    expect(newText(result.parts)).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(result.stats).toEqual({ added: 4, removed: 5 });
  });

  it('another agency, and an official of this agency who may not see the draft, get 404 as if it did not exist', async () => {
    const drafter = await t.as('cv.cntt');
    const docId = await draftWith(drafter, { name: 'v1.docx', content: await docxOf('Bản thứ nhất') });
    await addVersion(drafter, docId, { name: 'v2.docx', content: await docxOf('Bản thứ hai') });
    for (const stranger of ['giamdoc.snv', 'vanthu.snv', 'tp.khtc']) {
      const response = await compare(await t.as(stranger), docId, 1, 2);
      expect(response.statusCode, stranger).toBe(404);
      expect(response.json().error.code).toBe('DOCUMENT_NOT_FOUND');
    }
    expect((await compare(await t.as('tp.cntt'), docId, 1, 2)).statusCode).toBe(200); // the head of the drafting unit may
  });

  it('a version that does not exist is 404 VERSION_NOT_FOUND, and comparing a version with itself is refused', async () => {
    const drafter = await t.as('cv.cntt');
    const docId = await draftWith(drafter, { name: 'v1.docx', content: await docxOf('Bản thứ nhất') });
    const missing = await compare(drafter, docId, 1, 7);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({ code: 'VERSION_NOT_FOUND', message: { vi: 'Văn bản không có phiên bản 7.', en: 'The document has no version 7.' } });
    const same = await compare(drafter, docId, 1, 1);
    expect(same.statusCode).toBe(400);
    expect(same.json().error.fields).toEqual([expect.objectContaining({ message: { vi: 'Chọn hai phiên bản khác nhau để so sánh.', en: 'Choose two different versions to compare.' } })]);
    expect((await drafter.get(`/api/outgoing-documents/${docId}/versions/compare?from=1`)).statusCode).toBe(400);
  });

  it('a damaged DOCX cannot be read: the comparison says which file, with a 422 the drafter can act on, never a server error', async () => {
    const drafter = await t.as('cv.cntt');
    const docId = await draftWith(drafter, { name: 'v1.docx', content: await docxOf('Bản thứ nhất') });
    // A ZIP that passes the upload checks (it looks like a DOCX) but whose document.xml is cut off.
    await addVersion(drafter, docId, { name: 'hong.docx', content: makeDocx(Buffer.from('<w:document><w:body><w:p><w:r><w:t>Bản bị cắt ng')) });
    const response = await compare(drafter, docId, 1, 2);
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'FILE_UNREADABLE', message: { vi: expect.stringContaining('"hong.docx"') } });
  });

  it('a damaged PDF is a 422 too', async () => {
    const drafter = await t.as('cv.cntt');
    const good = await pdfOf('Nội dung');
    const docId = await draftWith(drafter, { name: 'v1.pdf', content: good });
    // The header and the first bytes of a real PDF, the rest lost.
    await addVersion(drafter, docId, { name: 'hong.pdf', content: good.subarray(0, 600) });
    const response = await compare(drafter, docId, 1, 2);
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().error.code).toBe('FILE_UNREADABLE');
  });
});

describe('lining up two texts word by word', () => {
  it('a replaced phrase is one removed and one added run, and punctuation is not counted as a word', async () => {
    const { parts, stats } = await diffTexts('Kính gửi: Sở Nội vụ.', 'Kính gửi: Sở Tài chính – Kế hoạch.');
    expect(parts).toEqual([
      { kind: 'same', text: 'Kính gửi: Sở ' },
      { kind: 'removed', text: 'Nội vụ' },
      { kind: 'added', text: 'Tài chính – Kế hoạch' },
      { kind: 'same', text: '.' },
    ]);
    expect(stats).toEqual({ added: 4, removed: 2 });
  });

  it('texts too different to line up in time come back whole: the old one removed, the new one added', async () => {
    const result = await diffTexts('Một hai ba bốn năm', 'Sáu bảy tám chín mười', { maxEditLength: 1 });
    expect(result).toEqual({
      parts: [{ kind: 'removed', text: 'Một hai ba bốn năm' }, { kind: 'added', text: 'Sáu bảy tám chín mười' }],
      stats: { added: 5, removed: 5 },
      tooDifferent: true,
    });
  });
});

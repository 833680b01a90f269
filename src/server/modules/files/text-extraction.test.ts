import { Readable } from 'node:stream';
import { Document, Packer, Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import { renderSamplePdf } from '../demo/demo.pdf.js';
import { makeDocx } from '../../test-support/zip-fixture.js';
import { DOCX_MIME, extractText, PDF_MIME, TEXT_LIMITS } from './text-extraction.js';

const streamOf = (bytes: Uint8Array) => Readable.from([Buffer.from(bytes)]);
const docxOf = (...paragraphs: string[]) => Packer.toBuffer(new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph(p)) }] }));

describe('reading the text of a stored file', () => {
  it('a DOCX gives its paragraphs, an empty line between them, Vietnamese composed (NFC)', async () => {
    const bytes = await docxOf('Kính gửi: Sở Nội vụ'.normalize('NFD'), 'Đề nghị báo cáo.');
    const { text, truncated } = await extractText(streamOf(bytes), { fileName: 'a.docx', mimeType: DOCX_MIME });
    expect(text).toBe('Kính gửi: Sở Nội vụ\n\nĐề nghị báo cáo.'.normalize('NFC'));
    expect(truncated).toBe(false);
  });

  it('a PDF gives its lines and paragraphs in reading order, with the Vietnamese of its embedded font', async () => {
    const pdf = await renderSamplePdf({ issuer: 'UBND tỉnh Điện Biên', reference: '12/UBND-KT', issuedOn: '2026-01-05', summary: 'V/v thử đọc văn bản', signer: 'Lò Văn Tiến', body: ['Đoạn thứ nhất.', 'Đoạn thứ hai.'] });
    const { text } = await extractText(streamOf(pdf), { fileName: 'a.pdf', mimeType: PDF_MIME });
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Đoạn thứ nhất.\n\nĐoạn thứ hai.');
  });

  it('a file larger than the limit is refused before it is parsed, and a long text is cut and says so', async () => {
    const bytes = await docxOf('Một hai ba bốn năm sáu bảy tám chín mười.');
    await expect(extractText(streamOf(bytes), { fileName: 'to.docx', mimeType: DOCX_MIME }, { ...TEXT_LIMITS, maxBytes: 100 }))
      .rejects.toMatchObject({ code: 'FILE_TOO_LARGE_TO_READ', status: 422, params: { name: 'to.docx' } });
    const cut = await extractText(streamOf(bytes), { fileName: 'a.docx', mimeType: DOCX_MIME }, { ...TEXT_LIMITS, maxChars: 11 });
    expect(cut).toEqual({ text: 'Một hai ba ', truncated: true });
  });

  it('a damaged file, or one of another type, is a 422 naming the file', async () => {
    await expect(extractText(streamOf(Buffer.from('PK\x03\x04 not really a zip')), { fileName: 'hong.docx', mimeType: DOCX_MIME }))
      .rejects.toMatchObject({ code: 'FILE_UNREADABLE', status: 422, params: { name: 'hong.docx' } });
    await expect(extractText(streamOf(Buffer.from('%PDF-1.7\n%garbage')), { fileName: 'hong.pdf', mimeType: PDF_MIME }))
      .rejects.toMatchObject({ code: 'FILE_UNREADABLE', status: 422 });
    await expect(extractText(streamOf(Buffer.from([0xff, 0xd8, 0xff])), { fileName: 'anh.jpg', mimeType: 'image/jpeg' }))
      .rejects.toMatchObject({ code: 'FILE_TEXT_UNSUPPORTED', status: 422 });
  });

  it('a DOCX whose ZIP directory understates what it unpacks to (a disguised ZIP bomb) is refused before it is unpacked in memory', async () => {
    const bomb = makeDocx(Buffer.alloc(64 * 1024 * 1024)); // 64 MB of zeros in ~64 KB
    // Declare 1 KB for document.xml in both headers, as a forger would to pass the upload check.
    const declared = Buffer.from(bomb);
    for (let at = 0; at < declared.length - 4; at++) {
      const signature = declared.readUInt32LE(at);
      if (signature === 0x04034b50) declared.writeUInt32LE(1024, at + 22);
      if (signature === 0x02014b50) declared.writeUInt32LE(1024, at + 24);
    }
    await expect(extractText(streamOf(declared), { fileName: 'bom.docx', mimeType: DOCX_MIME }))
      .rejects.toMatchObject({ status: 422, code: 'FILE_UNREADABLE' }); // yauzl: more bytes than declared
    // Honest sizes beyond the upload ratio are refused too.
    await expect(extractText(streamOf(bomb), { fileName: 'bom.docx', mimeType: DOCX_MIME }))
      .rejects.toMatchObject({ status: 422, code: 'FILE_UNPACKS_TOO_LARGE' });
  });
});

import { describe, expect, it } from 'vitest';
import { prefillFromText } from './prefill.js';

// The pre-fill rules on texts as the readers give them: a PDF's text layer or DOCX (one column per
// line) and OCR of a scan (the header's two columns on the same lines, Ð for Đ).

const DIRECTORY = [
  { id: 'stc', name: 'Sở Tài chính tỉnh Điện Biên' },
  { id: 'ubnd', name: 'Ủy ban nhân dân tỉnh Điện Biên' },
  { id: 'ubnd-mc', name: 'Ủy ban nhân dân huyện Mường Chà' },
  { id: 'snv', name: 'Sở Nội vụ tỉnh Điện Biên' },
];

describe('pre-fill rules (Decree 30 layout)', () => {
  it('a decision read by OCR: issuer matched in the directory, number and notation, place and date, type line, two-line summary, signer', () => {
    const ocr = [
      'UBND TỈNH ĐIỆN BIÊN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'SỞ TÀI CHÍNH Độc lập - Tự do - Hạnh phúc',
      '',
      'Số: 123/QÐ-STC Điện Biên, ngày 5 tháng 3 năm 2026',
      '',
      'QUYẾT ĐỊNH',
      'Về việc phê duyệt dự toán kinh phí chuyển đổi số',
      'năm 2026 của các cơ quan, đơn vị',
      'GIÁM ĐỐC SỞ TÀI CHÍNH TỈNH ĐIỆN BIÊN',
      'Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;',
      'Điều 1. Phê duyệt dự toán.',
      'Nơi nhận: KT. GIÁM ĐỐC',
      '- Như Điều 3; PHÓ GIÁM ĐỐC',
      '- Lưu: VT, KH.',
      'Nguyễn Văn Hùng',
    ].join('\n');
    // "UBND TỈNH ĐIỆN BIÊN SỞ TÀI CHÍNH" names the Sở, not in the directory's words: the header stays as printed.
    expect(prefillFromText(ocr, DIRECTORY)).toEqual({
      issuer: 'Ubnd tỉnh điện biên sở tài chính',
      number: '123', notation: 'QĐ-STC', issuedOn: '2026-03-05', place: 'Điện Biên', documentType: 'decision',
      summary: 'Về việc phê duyệt dự toán kinh phí chuyển đổi số năm 2026 của các cơ quan, đơn vị', signer: 'Nguyễn Văn Hùng',
    });
  });

  it('a công văn from a PDF text layer: the issuer from the directory, the V/v summary, no type line (official letter), urgency mark', () => {
    const text = [
      'ỦY BAN NHÂN DÂN', 'HUYỆN MƯỜNG CHÀ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc',
      'Số: 45/UBND-VP', 'Mường Chà, ngày 12 tháng 04 năm 2026', 'V/v triển khai số hóa hồ sơ lưu trữ', 'HỎA TỐC',
      'Kính gửi: Sở Nội vụ tỉnh Điện Biên.', 'Nội dung công văn.', 'TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', 'Lò Văn Pọm',
    ].join('\n');
    expect(prefillFromText(text, DIRECTORY)).toEqual({
      issuer: 'Ủy ban nhân dân huyện Mường Chà', issuerId: 'ubnd-mc', number: '45', notation: 'UBND-VP', issuedOn: '2026-04-12',
      place: 'Mường Chà', documentType: 'official_letter', summary: 'V/v triển khai số hóa hồ sơ lưu trữ', signer: 'Lò Văn Pọm', urgency: 'flash',
    });
  });

  it('the type comes from the notation when there is no type line; a year in the notation is kept; secrecy and urgency marks in capitals only', () => {
    const text = ['SỞ NỘI VỤ TỈNH ĐIỆN BIÊN', 'MẬT THƯỢNG KHẨN', 'Số: 7/2026/KH-SNV', 'Điện Biên, ngày 31 tháng 12 năm 2026', 'Kế hoạch cải cách hành chính', 'Đề nghị khẩn trương thực hiện, giữ bí mật.', 'Tòng Văn Chiến'].join('\n');
    expect(prefillFromText(text, DIRECTORY)).toMatchObject({
      issuer: 'Sở Nội vụ tỉnh Điện Biên', issuerId: 'snv', number: '7', notation: '2026/KH-SNV', documentType: 'plan', issuedOn: '2026-12-31',
      summary: 'Kế hoạch cải cách hành chính', signer: 'Tòng Văn Chiến', urgency: 'very_urgent', secrecy: 'confidential',
    });
    const plain = prefillFromText('Số: 8/TB-SNV\nĐề nghị khẩn trương; thông tin mật của cơ quan.', DIRECTORY);
    expect(plain).toMatchObject({ number: '8', notation: 'TB-SNV', documentType: 'notice' });
    expect(plain).not.toHaveProperty('urgency');
    expect(plain).not.toHaveProperty('secrecy');
  });

  it('an impossible date or a text without the layout gives no field rather than a wrong one', () => {
    expect(prefillFromText('Điện Biên, ngày 31 tháng 2 năm 2026', DIRECTORY)).toEqual({ place: 'Điện Biên' });
    expect(prefillFromText('', DIRECTORY)).toEqual({});
    expect(prefillFromText('danh sách cán bộ tham gia tập huấn', DIRECTORY)).not.toHaveProperty('number');
  });
});

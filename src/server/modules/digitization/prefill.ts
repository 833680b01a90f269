import { DOCUMENT_TYPE_ABBREVIATIONS, type DocumentType, type Secrecy, type Urgency } from '../../../shared/enums.js';
import type { PrefillValues } from '../../../shared/digitization.js';
import { searchKey } from '../../../shared/text.js';

// Registration from the document itself (bóc tách thông tin): the fields of the incoming register
// read from a document's text by the rules of its layout (Decree 30/2020, Appendix I) — no outside
// service. The text may come from a PDF's text layer, a DOCX or OCR; OCR of the two-column header
// puts the issuer and the national motto on the same lines, which the rules expect. A rule that
// finds nothing leaves its field out: a guess never blocks the clerk.

export interface DirectoryName { id: string; name: string; shortName?: string | null }

const L = '\\p{L}\\p{M}';
/** A whole word in capitals (a mark such as KHẨN, not "khẩn trương"). */
const mark = (word: string) => new RegExp(`(?<![${L}])${word}(?![${L}])`, 'u');

/** Type names as printed on the type line (capitals), longest first so "THÔNG BÁO" is not read inside another. */
const TYPE_NAMES: [string, DocumentType][] = ([
  ['NGHỊ QUYẾT', 'resolution'], ['QUYẾT ĐỊNH', 'decision'], ['CHỈ THỊ', 'directive'], ['QUY CHẾ', 'regulation'], ['QUY ĐỊNH', 'rule'],
  ['THÔNG CÁO', 'communique'], ['THÔNG BÁO', 'notice'], ['HƯỚNG DẪN', 'guidance'], ['CHƯƠNG TRÌNH', 'programme'], ['KẾ HOẠCH', 'plan'],
  ['PHƯƠNG ÁN', 'scheme'], ['ĐỀ ÁN', 'proposal_scheme'], ['DỰ ÁN', 'project'], ['BÁO CÁO', 'report'], ['BIÊN BẢN', 'minutes'],
  ['TỜ TRÌNH', 'submission'], ['HỢP ĐỒNG', 'contract'], ['CÔNG ĐIỆN', 'telegram'], ['BẢN GHI NHỚ', 'memorandum'], ['BẢN THỎA THUẬN', 'agreement'],
  ['GIẤY ỦY QUYỀN', 'authorization'], ['GIẤY MỜI', 'invitation'], ['GIẤY GIỚI THIỆU', 'introduction'], ['GIẤY NGHỈ PHÉP', 'leave_permit'],
  ['PHIẾU GỬI', 'dispatch_note'], ['PHIẾU CHUYỂN', 'transfer_note'], ['PHIẾU BÁO', 'notification_slip'], ['THƯ CÔNG', 'public_letter'],
] as [string, DocumentType][]).sort((a, b) => b[0].length - a[0].length);

const ABBREVIATION_TYPES = new Map(Object.entries(DOCUMENT_TYPE_ABBREVIATIONS).filter(([, abbr]) => abbr).map(([type, abbr]) => [searchKey(abbr), type as DocumentType]));

const MOTTO = [/C[ỘO]NG\s+H(?:[ÒO]A|OÀ)\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM/giu, /Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc/giu, /ĐỘC\s+LẬP\s*[-–—]\s*TỰ\s+DO\s*[-–—]\s*HẠNH\s+PHÚC/gu];
const NUMBER = /Số\s*[:;.]?\s*(\d{1,6})\s*\/\s*([0-9\p{Lu}][0-9\p{L}\p{M}.\-/]*[0-9\p{L}\p{M}])/u;
const PLACE_DATE = new RegExp(`((?:[\\p{Lu}][${L}]*\\.?\\s+){0,3}[\\p{Lu}][${L}]*)\\s*,\\s*ngày\\s+(\\d{1,2})\\s+tháng\\s+(\\d{1,2})\\s+năm\\s+(\\d{4})`, 'u');
/** Lines that open the body: the summary above them has ended. */
const BODY_START = /^(Kính\s+gửi|Căn\s+cứ|Thực\s+hiện|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|Trên\s+cơ\s+sở|Ngày\s+\d|Để\s|Nhằm\s)/u;
const PERSON_NAME = new RegExp(`(?:^|\\s)((?:[\\p{Lu}][\\p{Ll}\\p{M}]+\\s+){1,4}[\\p{Lu}][\\p{Ll}\\p{M}]+)\\s*$`, 'u');
const NOT_NAMES = /^(Nơi|Lưu|Như|Trân|Kính|Văn|Phòng|Sở|Ủy|Ban|Trung|Chi|Cục|Tổng|Bộ|Hội|Đảng|Tỉnh|Huyện|Xã|Thành|Điện|Cộng|Độc|Người|Giám|Chủ|Phó|Trưởng|Chánh|Bí)\s/u;

export function prefillFromText(raw: string, directory: readonly DirectoryName[] = []): PrefillValues {
  const text = raw.normalize('NFC').replace(/\r/g, '').replace(/[Ðð]/g, (c) => (c === 'Ð' ? 'Đ' : 'đ'));
  const lines = text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
  const values: PrefillValues = {};
  const numberLine = lines.findIndex((l) => NUMBER.test(l));
  const dateLine = lines.findIndex((l) => PLACE_DATE.test(l));
  const number = numberLine >= 0 ? NUMBER.exec(lines[numberLine]!) : null;
  if (number) {
    values.number = number[1]!;
    values.notation = number[2]!.replace(/[.\-/]+$/, '');
  }
  const date = dateLine >= 0 ? PLACE_DATE.exec(lines[dateLine]!) : null;
  if (date) {
    const [day, month, year] = [Number(date[2]), Number(date[3]), Number(date[4])];
    if (validDate(year, month, day)) values.issuedOn = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const place = placeOf(date[1]!);
    if (place) values.place = place;
  }
  const headerEnd = [numberLine, dateLine].filter((i) => i >= 0).reduce((a, b) => Math.min(a, b), Math.min(lines.length, 8));
  Object.assign(values, issuerOf(lines.slice(0, headerEnd), directory));
  const typeLine = findTypeLine(lines, Math.max(numberLine, dateLine) + 1);
  const type = typeLine?.type ?? typeFromNotation(values.notation);
  if (type) values.documentType = type;
  const summary = summaryOf(lines, typeLine?.index ?? -1, Math.max(numberLine, dateLine));
  if (summary) values.summary = summary;
  const signer = signerOf(lines);
  if (signer) values.signer = signer;
  const head = lines.slice(0, Math.max(headerEnd, 0) + 6).join('\n');
  const urgency = urgencyOf(head);
  if (urgency) values.urgency = urgency;
  const secrecy = secrecyOf(head);
  if (secrecy) values.secrecy = secrecy;
  if (!values.documentType && values.summary && /^V\/v/iu.test(values.summary)) values.documentType = 'official_letter';
  return values;
}

function validDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return year >= 1945 && year <= 2100 && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** The place name before ", ngày": the capitalized words nearest the comma, without a notation read on the same line. */
function placeOf(found: string): string | undefined {
  // A notation read on the same line ("123/QĐ-STC") is in capitals or has digits; place names are not.
  const words = found.trim().split(/\s+/).filter((w) => !/\d|\//.test(w) && !(w.length > 1 && w === w.toUpperCase() && !w.endsWith('.')));
  const place = words.slice(-3).join(' ');
  return place.length >= 2 ? place : undefined;
}

/** The issuer: the header's left column (the motto removed), matched against the agency directory. */
function issuerOf(header: string[], directory: readonly DirectoryName[]): Pick<PrefillValues, 'issuer' | 'issuerId'> {
  let joined = header.join(' ');
  for (const motto of MOTTO) joined = joined.replace(motto, ' ');
  joined = joined.replace(/(?:HỎA|HOẢ)\s+TỐC|THƯỢNG\s+KHẨN|TUYỆT\s+MẬT|TỐI\s+MẬT/gu, ' ').replace(/[_\-–—=]{2,}/g, ' ').replace(/\s+/g, ' ').trim();
  if (!joined) return {};
  const key = searchKey(joined);
  let best: DirectoryName | undefined;
  for (const entry of directory) {
    const name = searchKey(entry.name);
    if (name && key.includes(name) && (!best || name.length > searchKey(best.name).length)) best = entry;
  }
  if (best) return { issuer: best.name, issuerId: best.id };
  // Not in the directory: the header as printed, the last (own) agency line in sentence case kept as the clerk would type it.
  return { issuer: sentenceCase(joined) };
}

function sentenceCase(upper: string): string {
  if (upper !== upper.toUpperCase()) return upper;
  const lower = upper.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

function findTypeLine(lines: string[], from: number): { index: number; type: DocumentType } | undefined {
  for (let i = Math.max(0, from); i < Math.min(lines.length, from + 8); i++) {
    const line = lines[i]!;
    if (!line || line !== line.toUpperCase()) continue;
    const found = TYPE_NAMES.find(([name]) => line === name || line.startsWith(`${name} `));
    if (found) return { index: i, type: found[1] };
  }
  return undefined;
}

/** The type from the notation's first part ("QĐ-UBND" → decision; "UBND-KT", a công văn, has none). */
function typeFromNotation(notation: string | undefined): DocumentType | undefined {
  if (!notation) return undefined;
  const parts = notation.split(/[-/]/).filter((p) => !/^\d+$/.test(p));
  return parts[0] ? ABBREVIATION_TYPES.get(searchKey(parts[0])) : undefined;
}

/**
 * The summary (trích yếu): the lines under the type line, or the "V/v …" lines of a công văn, up to
 * an empty line or the opening of the body. Without either, the first paragraph after the date.
 */
function summaryOf(lines: string[], typeLine: number, dateLine: number): string | undefined {
  let start = typeLine >= 0 ? typeLine + 1 : lines.findIndex((l) => /^V\/v\b/iu.test(l) || /\sV\/v\s/u.test(l));
  if (start >= 0 && typeLine < 0) {
    const line = lines[start]!;
    const at = line.search(/V\/v/iu);
    lines = [...lines];
    lines[start] = line.slice(at);
  }
  if (start < 0 && dateLine >= 0) start = lines.findIndex((l, i) => i > dateLine && l !== '');
  if (start < 0) return undefined;
  while (start < lines.length && lines[start] === '') start++;
  const parts: string[] = [];
  for (let i = start; i < lines.length && parts.length < 4; i++) {
    const line = lines[i]!;
    // A summary's next lines continue its sentence: they start in lower case (or with a number).
    if (parts.length && !/^[\p{Ll}\d(]/u.test(line)) break;
    // An empty line, the body, a rule, or a line in capitals (the authority of a decision: "CHỦ TỊCH …").
    if (!line || BODY_START.test(line) || /^[-_]{3,}$/.test(line) || (parts.length && line === line.toUpperCase() && /\p{Lu}{3}/u.test(line))) break;
    parts.push(line);
  }
  const summary = parts.join(' ').replace(/\s+/g, ' ').trim();
  return summary.length >= 4 ? summary : undefined;
}

/** The signer: the last person's name of the document (the signature block ends with it). */
function signerOf(lines: string[]): string | undefined {
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 15); i--) {
    const line = lines[i]!;
    const match = PERSON_NAME.exec(line);
    if (!match) continue;
    const name = match[1]!.trim();
    if (NOT_NAMES.test(`${name} `) || name.split(' ').length < 2) continue;
    return name;
  }
  return undefined;
}

function urgencyOf(head: string): Urgency | undefined {
  if (mark('HỎA TỐC').test(head) || mark('HOẢ TỐC').test(head)) return 'flash';
  if (mark('THƯỢNG KHẨN').test(head)) return 'very_urgent';
  if (mark('KHẨN').test(head)) return 'urgent';
  return undefined;
}

function secrecyOf(head: string): Secrecy | undefined {
  if (mark('TUYỆT MẬT').test(head)) return 'top_secret';
  if (mark('TỐI MẬT').test(head)) return 'secret';
  if (mark('MẬT').test(head)) return 'confidential';
  return undefined;
}

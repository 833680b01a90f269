// Finding signature dictionaries in a PDF's bytes. A signature dictionary must stay uncompressed
// (its /Contents is filled in after the rest of the file is written), so a scan for /ByteRange
// finds it in every revision without a full PDF parser, and a hostile file costs at most a few
// bounded passes over its bytes. Everything here is bounded and never throws on malformed input.

export interface SignatureDictionary {
  byteRange: number[];
  subFilter: string | null;
  name: string | null;
  reason: string | null;
  location: string | null;
  /** /M: the time the signing tool wrote; not covered by the signature's own proof. */
  signingTime: Date | null;
}

/** How far around /ByteRange a signature dictionary's other keys are looked for. */
const DICTIONARY_WINDOW = 64 * 1024;
const MAX_REVISIONS = 10_000;
/** /ByteRange mentions looked at in all: each costs up to two windows of scanning, so a file full of them stays cheap. */
const MAX_CANDIDATES = 500;

/** Every distinct signature dictionary, in file order, at most `limit`. */
export function findSignatureDictionaries(bytes: Buffer, limit: number): SignatureDictionary[] {
  const found: SignatureDictionary[] = [];
  const seen = new Set<string>();
  let at = bytes.indexOf('/ByteRange');
  for (let candidates = 0; at >= 0 && found.length < limit && candidates < MAX_CANDIDATES; candidates++) {
    const range = readByteRange(bytes, at + '/ByteRange'.length);
    // The same dictionary rewritten in a later revision is the same signature.
    if (range && !seen.has(range.join(' '))) {
      const dictionary = readDictionaryAround(bytes, at, range);
      if (dictionary) {
        seen.add(range.join(' '));
        found.push(dictionary);
      }
    }
    at = bytes.indexOf('/ByteRange', at + 1);
  }
  return found;
}

/**
 * Where each revision ends: just after its %%EOF marker. The line end after it is left out on
 * purpose: an incremental update may start with that line end, and the signed range stops before it.
 */
export function listRevisionEnds(bytes: Buffer): number[] {
  const ends: number[] = [];
  let at = bytes.indexOf('%%EOF');
  while (at >= 0 && ends.length < MAX_REVISIONS) {
    ends.push(at + 5);
    at = bytes.indexOf('%%EOF', at + 5);
  }
  return ends;
}

/** `[ a b c d ]` of plain integers; null for a placeholder not yet filled (`/**********`) or garbage. */
function readByteRange(bytes: Buffer, from: number): number[] | null {
  const text = bytes.subarray(from, from + 120).toString('latin1');
  const match = /^\s*\[\s*(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s*\]/.exec(text);
  return match ? match.slice(1, 5).map(Number) : null;
}

const isWhite = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDelimiter = (c: number | undefined) => c === undefined || isWhite(c) || '()<>[]{}/%'.includes(String.fromCharCode(c));

/** The region holding /Contents, skipped by the scans: its hex digits can hide any byte pattern when read as text. */
function contentsRegion(range: number[]): [number, number] | null {
  const [a, b, c] = range as [number, number, number];
  return a === 0 && c > b ? [b, c] : null;
}

function readDictionaryAround(bytes: Buffer, at: number, range: number[]): SignatureDictionary | null {
  const skip = contentsRegion(range);
  const start = findDictionaryStart(bytes, at, skip);
  if (start < 0) return null;
  const entries = readTopLevelEntries(bytes, start, skip);
  // A mention of /ByteRange in some other dictionary (or in text) is not a signature.
  if (!entries.has('Contents') && !entries.has('Filter') && !entries.has('SubFilter')) return null;
  return {
    byteRange: range,
    subFilter: entries.get('SubFilter') ?? null,
    name: entries.get('Name') ?? null,
    reason: entries.get('Reason') ?? null,
    location: entries.get('Location') ?? null,
    signingTime: parsePdfDate(entries.get('M') ?? null),
  };
}

/** Walks back from /ByteRange to the `<<` that opens its dictionary, stepping over nested ones. */
function findDictionaryStart(bytes: Buffer, at: number, skip: [number, number] | null): number {
  let depth = 0;
  const floor = Math.max(0, at - DICTIONARY_WINDOW);
  for (let pos = at - 1; pos > floor; pos--) {
    if (skip && pos >= skip[0] && pos < skip[1]) { pos = skip[0]; continue; }
    if (bytes[pos] === 0x3e && bytes[pos - 1] === 0x3e) { depth++; pos--; continue; }
    if (bytes[pos] === 0x3c && bytes[pos - 1] === 0x3c) {
      if (depth === 0) return pos - 1;
      depth--;
      pos--;
    }
  }
  return -1;
}

/**
 * The dictionary's own keys whose values are names or strings (nested dictionaries and arrays
 * skipped): a small PDF lexer, enough for /SubFilter, /Name, /Reason, /Location and /M.
 */
function readTopLevelEntries(bytes: Buffer, start: number, skip: [number, number] | null): Map<string, string> {
  const entries = new Map<string, string>();
  const limit = Math.min(bytes.length, start + DICTIONARY_WINDOW + (skip ? skip[1] - skip[0] : 0));
  let depth = 0;
  let key: string | null = null;
  let pos = start;
  const setValue = (value: string | null) => {
    if (depth === 1 && key !== null) {
      if (value !== null) entries.set(key, value);
      key = null;
    }
  };
  while (pos < limit) {
    if (skip && pos === skip[0]) { setValue(''); pos = skip[1]; continue; }
    const c = bytes[pos]!;
    if (isWhite(c)) { pos++; continue; }
    if (c === 0x25) { while (pos < limit && bytes[pos] !== 0x0a && bytes[pos] !== 0x0d) pos++; continue; } // comment
    if (c === 0x3c && bytes[pos + 1] === 0x3c) { if (depth === 1) setValue(null); depth++; pos += 2; continue; }
    if (c === 0x3e && bytes[pos + 1] === 0x3e) { depth--; pos += 2; if (depth <= 0) break; continue; }
    if (c === 0x3c) { const [text, next] = readHexString(bytes, pos, limit); setValue(text); pos = next; continue; }
    if (c === 0x28) { const [text, next] = readLiteralString(bytes, pos, limit); setValue(text); pos = next; continue; }
    if (c === 0x5b) { setValue(null); pos = skipArray(bytes, pos, limit); continue; }
    if (c === 0x2f) {
      let end = pos + 1;
      while (end < limit && !isDelimiter(bytes[end])) end++;
      const name = decodeName(bytes.subarray(pos + 1, end).toString('latin1'));
      if (depth === 1 && key === null) key = name;
      else setValue(name);
      pos = end;
      continue;
    }
    // Numbers, booleans, references ("5 0 R"): only their first token ends a pending key.
    let end = pos + 1;
    while (end < limit && !isDelimiter(bytes[end])) end++;
    setValue(null);
    pos = end;
  }
  return entries;
}

function decodeName(raw: string): string {
  return raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function skipArray(bytes: Buffer, pos: number, limit: number): number {
  let depth = 0;
  while (pos < limit) {
    const c = bytes[pos];
    if (c === 0x28) { pos = readLiteralString(bytes, pos, limit)[1]; continue; }
    if (c === 0x5b) depth++;
    if (c === 0x5d && --depth === 0) return pos + 1;
    pos++;
  }
  return pos;
}

function readHexString(bytes: Buffer, pos: number, limit: number): [string, number] {
  const end = bytes.subarray(pos, limit).indexOf(0x3e);
  const stop = end < 0 ? limit : pos + end;
  const hex = bytes.subarray(pos + 1, stop).toString('latin1').replace(/[^0-9a-fA-F]/g, '');
  return [decodeTextString(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex')), stop + 1];
}

const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };

/** A (literal) string with nested parentheses and escapes, PDF 32000 7.3.4.2. */
function readLiteralString(bytes: Buffer, pos: number, limit: number): [string, number] {
  const out: number[] = [];
  let depth = 0;
  while (pos < limit) {
    const c = bytes[pos]!;
    if (c === 0x5c) {
      const next = bytes[pos + 1];
      if (next !== undefined && next >= 0x30 && next <= 0x37) {
        let digits = '';
        while (digits.length < 3 && bytes[pos + 1 + digits.length]! >= 0x30 && bytes[pos + 1 + digits.length]! <= 0x37) digits += String.fromCharCode(bytes[pos + 1 + digits.length]!);
        out.push(parseInt(digits, 8) & 0xff);
        pos += 1 + digits.length;
        continue;
      }
      if (next === 0x0d || next === 0x0a) { pos += next === 0x0d && bytes[pos + 2] === 0x0a ? 3 : 2; continue; }
      if (next !== undefined) out.push(ESCAPES[next] ?? next);
      pos += 2;
      continue;
    }
    if (c === 0x28) { depth++; if (depth > 1) out.push(c); pos++; continue; }
    if (c === 0x29) { depth--; pos++; if (depth === 0) break; out.push(c); continue; }
    out.push(c);
    pos++;
  }
  return [decodeTextString(Buffer.from(out)), pos];
}

/** A PDF text string: UTF-16BE with its byte order mark, UTF-8 with its (PDF 2.0), else PDFDocEncoding (close to Latin-1). */
function decodeTextString(raw: Buffer): string {
  if (raw[0] === 0xfe && raw[1] === 0xff) return Buffer.from(raw.subarray(2)).swap16().toString('utf16le').replace(/\0/g, '');
  if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) return raw.subarray(3).toString('utf8');
  return raw.toString('latin1');
}

/** D:YYYYMMDDHHmmSS+HH'mm' (every part after the year optional); null when it is not one. */
export function parsePdfDate(text: string | null): Date | null {
  if (!text) return null;
  const match = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?/.exec(text.trim());
  if (!match) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = match;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = (Number(oh) * 60 + Number(om)) * 60_000 * (sign === '-' ? -1 : sign === '+' ? 1 : 0);
  const date = new Date(utc - offset);
  return Number.isNaN(date.getTime()) ? null : date;
}

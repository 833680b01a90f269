import { createRequire } from 'node:module';
import path from 'node:path';
import type { Readable } from 'node:stream';
import mammoth from 'mammoth';
import yauzl from 'yauzl';
import { DomainError } from '../../http/errors.js';
import { OFFICE_LIMITS } from './file-types.js';

// The plain text of a stored file, for whatever needs the words rather than the layout: comparing
// two versions of a draft now, full-text search and OCR checks later. DOCX through mammoth, PDF
// through pdf.js; both run in this process, so the input is bounded in bytes and the output in
// characters.

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_MIME = 'application/pdf';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface TextLimits {
  /** Files larger than this are refused (FILE_TOO_LARGE_TO_READ) before anything is parsed. */
  maxBytes: number;
  /** Text beyond this many characters is cut off, and `truncated` says so. */
  maxChars: number;
  /** PDF pages beyond this are not read (counts as truncated). */
  maxPages: number;
}

export const TEXT_LIMITS: TextLimits = { maxBytes: 50 * 1024 * 1024, maxChars: 300_000, maxPages: 500 };

export interface ExtractedText {
  /** NFC, lines separated by \n, paragraphs by an empty line where the format tells them apart. */
  text: string;
  truncated: boolean;
  /** PDFs: the number of pages of the file (all of them, read or not). */
  pageCount?: number;
}

/** What a file is, for the messages: its name and declared (content-detected at upload) type. */
export interface TextSource { fileName: string; mimeType: string }

export const canExtractText = (mimeType: string) => mimeType === DOCX_MIME || mimeType === PDF_MIME || mimeType === XLSX_MIME;

/**
 * Reads the stream (at most `maxBytes`) and returns its text. A file that is not what its type says,
 * or is damaged, is FILE_UNREADABLE (422): the user can act on it (upload it again), it is not a
 * server fault.
 */
export async function extractText(stream: Readable, source: TextSource, limits: TextLimits = TEXT_LIMITS): Promise<ExtractedText> {
  if (!canExtractText(source.mimeType)) throw new DomainError('FILE_TEXT_UNSUPPORTED', 422, { name: source.fileName });
  const bytes = await readBounded(stream, limits.maxBytes, source.fileName);
  let raw: { text: string; truncated: boolean; pageCount?: number };
  try {
    if (source.mimeType === DOCX_MIME) raw = { text: await docxText(bytes, source.fileName), truncated: false };
    else if (source.mimeType === XLSX_MIME) raw = { text: await xlsxText(bytes, source.fileName), truncated: false };
    else raw = await pdfText(bytes, limits);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('FILE_UNREADABLE', 422, { name: source.fileName }, { reason: (error as Error).message?.slice(0, 200) });
  }
  const text = raw.text.normalize('NFC');
  const pages = raw.pageCount === undefined ? {} : { pageCount: raw.pageCount };
  return text.length > limits.maxChars ? { text: text.slice(0, limits.maxChars), truncated: true, ...pages } : { text, truncated: raw.truncated, ...pages };
}

async function readBounded(stream: Readable, maxBytes: number, fileName: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      stream.destroy();
      throw new DomainError('FILE_TOO_LARGE_TO_READ', 422, { name: fileName, maxMb: Math.floor(maxBytes / 1024 / 1024) });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** mammoth's raw text: one paragraph per line with an empty line between paragraphs. */
async function docxText(bytes: Buffer, fileName: string): Promise<string> {
  await assertUnpacksHonestly(bytes, fileName);
  const result = await mammoth.extractRawText({ buffer: bytes });
  return result.value.replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * The words of a workbook, simply: its shared strings (where Excel keeps the text of cells) and
 * inline strings, one a line, in the order they are stored. Numbers and formulas are left out.
 */
async function xlsxText(bytes: Buffer, fileName: string): Promise<string> {
  await assertUnpacksHonestly(bytes, fileName);
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true });
  const parts: string[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== 'xl/sharedStrings.xml' && !/^xl\/worksheets\/sheet\d+\.xml$/.test(entry.fileName)) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      const xml = Buffer.concat(chunks).toString('utf8');
      // Shared strings: <si> items made of one <t> or of runs <r><t>…</t></r>; inline strings: <is><t>.
      const items = entry.fileName.endsWith('sharedStrings.xml') ? xml.match(/<si>[\s\S]*?<\/si>/g) ?? [] : xml.match(/<is>[\s\S]*?<\/is>/g) ?? [];
      for (const item of items) {
        const text = [...item.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => decodeXml(m[1] ?? '')).join('');
        if (text.trim()) parts.push(text.trim());
      }
    }
  } finally {
    zip.close();
  }
  return parts.join('\n');
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, name: string) => {
    if (name === 'lt') return '<';
    if (name === 'gt') return '>';
    if (name === 'amp') return '&';
    if (name === 'quot') return '"';
    if (name === 'apos') return "'";
    const code = name.startsWith('#x') ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/**
 * mammoth unpacks with JSZip, which believes the sizes a ZIP declares; the upload check
 * (officeDocumentIsSane) judged only those declared sizes. Here every entry is inflated once through
 * yauzl, which fails an entry that unpacks to more than it declared, and the total is held to the
 * upload limits: a ZIP bomb with a forged directory never reaches JSZip.
 */
async function assertUnpacksHonestly(bytes: Buffer, fileName: string, limits = OFFICE_LIMITS): Promise<void> {
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true });
  const budget = Math.min(limits.maxUnpackedBytes, Math.max(bytes.length, 1) * limits.maxRatio);
  let unpacked = 0;
  let entries = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (++entries > limits.maxEntries) throw new DomainError('FILE_UNPACKS_TOO_LARGE', 422, { name: fileName });
      if (entry.fileName.endsWith('/')) continue;
      for await (const chunk of await zip.openReadStreamPromise(entry)) {
        unpacked += (chunk as Buffer).length;
        if (unpacked > budget) throw new DomainError('FILE_UNPACKS_TOO_LARGE', 422, { name: fileName });
      }
    }
  } finally {
    zip.close();
  }
}

// pdf.js reads its standard fonts and character maps from its own package, never from the network.
const require = createRequire(import.meta.url);
const pdfjsRoot = path.dirname(require.resolve('pdfjs-dist/package.json'));
const PDFJS_ASSETS = {
  standardFontDataUrl: path.join(pdfjsRoot, 'standard_fonts') + path.sep,
  cMapUrl: path.join(pdfjsRoot, 'cmaps') + path.sep,
  wasmUrl: path.join(pdfjsRoot, 'wasm') + path.sep,
};

/** The fields of pdf.js's TextItem this module reads (its type is not exported from the legacy build's entry). */
interface PdfTextItem { str: string; hasEOL: boolean; transform: number[]; height: number }

/**
 * Each page's text items in reading order as pdf.js gives them, a line break where it marks the
 * end of a line and an empty line where the gap to the next line is clearly larger than a line
 * (a new paragraph); pages are separated by an empty line.
 */
async function pdfText(bytes: Buffer, limits: TextLimits): Promise<{ text: string; truncated: boolean; pageCount: number }> {
  // Loaded on first use: pdf.js is large and most requests never need it.
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes), // a copy: pdf.js may take ownership of (detach) what it is given
    ...PDFJS_ASSETS,
    cMapPacked: true,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const pages: string[] = [];
    const last = Math.min(doc.numPages, limits.maxPages);
    let length = 0;
    // Pages past the character limit would be cut off anyway: they are not read.
    for (let n = 1; n <= last && length <= limits.maxChars; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const text = pageText(content.items.flatMap((item) => ('str' in item ? [item] : [])));
      pages.push(text);
      length += text.length;
      page.cleanup();
    }
    return { text: pages.join('\n\n').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim(), truncated: pages.length < doc.numPages, pageCount: doc.numPages };
  } finally {
    await task.destroy();
  }
}

function pageText(items: PdfTextItem[]): string {
  let text = '';
  let lastY: number | null = null;
  let lineHeight = 0;
  for (const item of items) {
    const y = item.transform[5] ?? 0;
    if (lastY !== null && text.endsWith('\n') && lineHeight > 0 && lastY - y > lineHeight * 1.8) text += '\n';
    text += item.str;
    if (item.hasEOL) text += '\n';
    if (item.str) {
      lastY = y;
      lineHeight = item.height || lineHeight;
    }
  }
  return text;
}

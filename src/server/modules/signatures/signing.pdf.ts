import { createHash } from 'node:crypto';
import fontkit from '@cantoo/fontkit';
import {
  PDFArray, PDFDict, PDFDocument, PDFHexString, PDFInvalidObject, PDFName, PDFNumber, PDFPage, PDFRef, PDFString, type PDFFont, type PDFImage,
  beginText, concatTransformationMatrix, drawObject, endText, moveText, popGraphicsState, pushGraphicsState, setFillingRgbColor, setFontAndSize, showText,
} from '@cantoo/pdf-lib';
import { dejavuSerif, timesCompatibleFont } from '../../pdf/times-fonts.js';

// Visible PAdES signatures on a PDF, with @cantoo/pdf-lib:
// - the signer's signature: the approved PDF (unsigned) is rewritten once with a signature field
//   whose appearance is the signer's image, placed in the signer block;
// - the agency's signature and the number: ONLY incremental updates appended to the signed file, so
//   the bytes the signer's signature covers stay a prefix of the issued file and it stays valid.
// The placeholder is then filled: SHA-256 of the two byte ranges → CMS (signing.cms.ts) → /Contents.

const SIGNATURE_BYTES = 12_000; // room for the CMS with a three-certificate chain (about 4.5 KB)
const BYTE_RANGE_PLACEHOLDER = '**********';
const ANNOTATION_PRINT = 4;
export const SIG_FLAGS = 3; // SignaturesExist | AppendOnly

/** DejaVu Serif from the npm package: Vietnamese glyphs, nothing read from the network or the system. */
const serifFont = dejavuSerif;

export { timesCompatibleFont };

export type Rect = [number, number, number, number];

export interface SignatureDetails {
  fieldName: string;
  name: string;
  reason: string;
  location: string;
  signingTime: Date;
  /** Bytes kept in /Contents for the CMS (default 12,000); a CMS made outside may carry a longer chain or a timestamp. */
  contentsBytes?: number;
}

interface Placed { image: PDFImage; rect: Rect }

/** PDF date in Vietnam time: D:YYYYMMDDHHmmSS+07'00'. */
export function pdfDateVietnam(date: Date): string {
  const local = new Date(date.getTime() + 7 * 3_600_000).toISOString();
  return `D:${local.slice(0, 4)}${local.slice(5, 7)}${local.slice(8, 10)}${local.slice(11, 13)}${local.slice(14, 16)}${local.slice(17, 19)}+07'00'`;
}

/** ISO 8601 in Vietnam time with its offset, to the second: 2026-12-01T10:15:00+07:00 (Decree 30, Annex I). */
export function isoVietnam(date: Date): string {
  return `${new Date(date.getTime() + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;
}

/** A form XObject drawing images (and text) in a widget of `rect`, in the widget's own coordinates. */
export function appearance(doc: PDFDocument, rect: Rect, images: Placed[], texts: { font: PDFFont; size: number; x: number; y: number; text: string; rgb?: [number, number, number] }[] = []) {
  const [x1, y1, x2, y2] = rect;
  const xobjects: Record<string, PDFRef> = {};
  const ops = images.flatMap((p, i) => {
    xobjects[`Im${i}`] = p.image.ref;
    const [a, b, c, d] = p.rect;
    return [pushGraphicsState(), concatTransformationMatrix(c - a, 0, 0, d - b, a - x1, b - y1), drawObject(`Im${i}`), popGraphicsState()];
  });
  const fonts: Record<string, PDFRef> = {};
  texts.forEach((t, i) => {
    fonts[`F${i}`] = t.font.ref;
    ops.push(beginText(), setFillingRgbColor(...(t.rgb ?? [0, 0, 0])), setFontAndSize(`F${i}`, t.size), moveText(t.x - x1, t.y - y1), showText(t.font.encodeText(t.text)), endText());
  });
  const stream = doc.context.formXObject(ops, { BBox: [0, 0, x2 - x1, y2 - y1], Resources: { XObject: xobjects, Font: fonts } });
  return doc.context.register(stream);
}

/** The AcroForm, made as an indirect dictionary so a later update can add fields to it. */
function acroFormOf(doc: PDFDocument): { form: PDFDict; ref: PDFRef | undefined } {
  const existing = doc.catalog.get(PDFName.of('AcroForm'));
  if (existing instanceof PDFRef) return { form: doc.context.lookup(existing, PDFDict), ref: existing };
  if (existing instanceof PDFDict) return { form: existing, ref: undefined };
  const form = doc.context.obj({ Fields: [] });
  const ref = doc.context.register(form);
  doc.catalog.set(PDFName.of('AcroForm'), ref);
  return { form, ref };
}

/** Adds a widget to a page and a field to the form; marks what changed for an incremental update. */
export function addWidget(doc: PDFDocument, page: PDFPage, widget: PDFDict, flags = 0) {
  const widgetRef = doc.context.register(widget);
  const annots = page.node.get(PDFName.of('Annots'));
  if (annots instanceof PDFRef) {
    doc.context.lookup(annots, PDFArray).push(widgetRef);
    doc.context.snapshot?.markRefForSave(annots);
  } else if (annots instanceof PDFArray) {
    annots.push(widgetRef);
  } else {
    page.node.set(PDFName.of('Annots'), doc.context.obj([widgetRef]));
  }
  doc.context.snapshot?.markRefForSave(page.ref);
  const { form, ref } = acroFormOf(doc);
  const fields = form.lookup(PDFName.of('Fields'));
  if (fields instanceof PDFArray) fields.push(widgetRef);
  else form.set(PDFName.of('Fields'), doc.context.obj([widgetRef]));
  if (flags) form.set(PDFName.of('SigFlags'), PDFNumber.of(flags));
  doc.context.snapshot?.markRefForSave(ref ?? doc.context.trailerInfo.Root as PDFRef);
  return widgetRef;
}

/**
 * DocMDP permission of a certification signature (PDF 32000-1 12.8.2.2): 1 nothing may change,
 * 2 form filling and signing, 3 also annotations. The signer's signature certifies with 2, so the
 * number (form field values) and the agency's signature added at issuance are changes it allows.
 */
export type DocMdpPermission = 1 | 2 | 3;
export const SIGNER_DOCMDP: DocMdpPermission = 2;

/** The signature dictionary with an empty /Contents and a /ByteRange to fill, kept out of object streams. */
export function signaturePlaceholder(doc: PDFDocument, details: SignatureDetails, certify?: DocMdpPermission) {
  const byteRange = PDFArray.withContext(doc.context);
  byteRange.push(PDFNumber.of(0));
  for (let i = 0; i < 3; i++) byteRange.push(PDFName.of(BYTE_RANGE_PLACEHOLDER));
  const dict = doc.context.obj({
    Type: 'Sig', Filter: 'Adobe.PPKLite', SubFilter: 'ETSI.CAdES.detached', ByteRange: byteRange,
    Contents: PDFHexString.of('0'.repeat((details.contentsBytes ?? SIGNATURE_BYTES) * 2)),
    Reason: PDFHexString.fromText(details.reason), Name: PDFHexString.fromText(details.name), Location: PDFHexString.fromText(details.location),
    M: PDFString.of(pdfDateVietnam(details.signingTime)),
    Prop_Build: { App: { Name: 'VanPhong' } },
    ...(certify ? { Reference: [{ Type: 'SigRef', TransformMethod: 'DocMDP', TransformParams: { Type: 'TransformParams', P: certify, V: '1.2' } }] } : {}),
  });
  const bytes = new Uint8Array(dict.sizeInBytes());
  dict.copyBytesInto(bytes, 0);
  const ref = doc.context.register(PDFInvalidObject.of(bytes));
  // A certification signature is named by the catalog's /Perms /DocMDP.
  if (certify) doc.catalog.set(PDFName.of('Perms'), doc.context.obj({ DocMDP: ref }));
  return ref;
}

export function signatureWidget(doc: PDFDocument, page: PDFPage, rect: Rect, ap: PDFRef, sig: PDFRef, details: SignatureDetails) {
  return doc.context.obj({
    Type: 'Annot', Subtype: 'Widget', FT: 'Sig', Rect: rect, V: sig, T: PDFHexString.fromText(details.fieldName), F: ANNOTATION_PRINT, P: page.ref, AP: { N: ap },
  });
}

/**
 * The signer's signature: the PDF rewritten once, with a signature field showing `image` in `rect` of
 * the last page; a certification signature (DocMDP P=2) unless told otherwise.
 */
export async function prepareSignerSignature(pdf: Uint8Array, image: Uint8Array, rectOf: (page: PDFPage) => Promise<Rect> | Rect, details: SignatureDetails, certify: DocMdpPermission | null = SIGNER_DOCMDP): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const page = doc.getPages().at(-1)!;
  const rect = await rectOf(page);
  const embedded = await doc.embedPng(image);
  const ap = appearance(doc, rect, [{ image: embedded, rect }]);
  const sig = signaturePlaceholder(doc, details, certify ?? undefined);
  addWidget(doc, page, signatureWidget(doc, page, rect, ap, sig, details), SIG_FLAGS);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

export interface NumberFields {
  /** Where the number goes on page 1 (the blank after "Số:"), and the text. */
  number?: { rect: Rect; text: string } | undefined;
  /** The day and month blanks of the date line, when found. */
  day?: { rect: Rect; text: string } | undefined;
  month?: { rect: Rect; text: string } | undefined;
}

/** A read-only text field showing `text`: filled-in form data, which a signature's DocMDP allows, never page content. */
function textField(doc: PDFDocument, page: PDFPage, name: string, rect: Rect, text: string, font: PDFFont, size: number) {
  const width = font.widthOfTextAtSize(text, size);
  const ap = appearance(doc, rect, [], [{ font, size, x: rect[0] + Math.max(0, (rect[2] - rect[0] - width) / 2), y: rect[1] + (rect[3] - rect[1] - size * 0.7) / 2, text }]);
  addWidget(doc, page, doc.context.obj({
    Type: 'Annot', Subtype: 'Widget', FT: 'Tx', Ff: 1, T: PDFHexString.fromText(name), V: PDFHexString.fromText(text), Rect: rect, F: ANNOTATION_PRINT, P: page.ref,
    AP: { N: ap },
  }));
  // No /DA: the field is read-only and shows its own appearance. With a /DA (even with the font in
  // the form's /DR), pdfsig 22.12 reported the agency signature's certificate as "Unknown issue
  // with Certificate or corrupted data"; without it both signatures verify and are trusted.
}

/**
 * The agency's signature on an already signed PDF, as ONE incremental update: the number fields,
 * then the signature field whose appearance is the seal (over the left third of the signer's image)
 * and, when the number had nowhere to go, the reference and date in small text under the seal.
 */
export async function prepareAgencySignature(signed: Uint8Array, seal: Uint8Array, sealRect: Rect, fields: NumberFields, fallbackText: string | null, details: SignatureDetails): Promise<Buffer> {
  const doc = await PDFDocument.load(signed, { forIncrementalUpdate: true, updateMetadata: false });
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await serifFont(), { subset: true });
  const first = doc.getPages()[0]!;
  const page = doc.getPages().at(-1)!;
  const embedded = await doc.embedPng(seal);
  const rect: Rect = fallbackText ? [sealRect[0], sealRect[1] - 14, sealRect[2] + 60, sealRect[3]] : sealRect;
  const texts = fallbackText ? [{ font, size: 8, x: sealRect[0], y: sealRect[1] - 10, text: fallbackText }] : [];
  const ap = appearance(doc, rect, [{ image: embedded, rect: sealRect }], texts);
  const sig = signaturePlaceholder(doc, details);
  addWidget(doc, page, signatureWidget(doc, page, rect, ap, sig, details), SIG_FLAGS);
  if (fields.number) textField(doc, first, 'so_van_ban', fields.number.rect, fields.number.text, font, 13);
  if (fields.day) textField(doc, first, 'ngay_ban_hanh', fields.day.rect, fields.day.text, font, 13);
  if (fields.month) textField(doc, first, 'thang_ban_hanh', fields.month.rect, fields.month.text, font, 13);
  return Buffer.from(await doc.commit({ useObjectStreams: false }));
}

const MM = 72 / 25.4;
export const ATTACHMENT_TEXT_SIZE = 10;

/**
 * The agency's signature on a separate attachment (Decree 30, Annex I): at the top right of page 1,
 * no image, its visible text the reference and the ISO 8601 signing time, Times New Roman 10 pt,
 * black. An incremental update, so an attachment that was already signed keeps its signatures.
 * The block sits in the top margin (10 mm from the top, 15 mm from the right edge of the crop box).
 */
export async function prepareAttachmentSignature(pdf: Uint8Array, lines: string[], details: SignatureDetails): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { forIncrementalUpdate: true, updateMetadata: false });
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont((await timesCompatibleFont()).bytes, { subset: true });
  const page = doc.getPages()[0];
  if (!page) throw new Error('a PDF without pages');
  const box = page.getCropBox();
  const size = ATTACHMENT_TEXT_SIZE;
  const lineHeight = size * 1.2;
  const width = Math.max(...lines.map((line) => font.widthOfTextAtSize(line, size))) + 4;
  const height = lines.length * lineHeight + 4;
  const right = box.x + box.width - 15 * MM;
  const top = box.y + box.height - 10 * MM;
  const rect: Rect = [right - width, top - height, right, top];
  // Right-aligned lines, baselines from the top.
  const texts = lines.map((text, i) => ({ font, size, x: right - 2 - font.widthOfTextAtSize(text, size), y: top - 2 - (i + 1) * lineHeight + size * 0.25, text }));
  const ap = appearance(doc, rect, [], texts);
  const sig = signaturePlaceholder(doc, details);
  addWidget(doc, page, signatureWidget(doc, page, rect, ap, sig, details), SIG_FLAGS);
  return Buffer.from(await doc.commit({ useObjectStreams: false }));
}

export interface Placeholder {
  /** The file with /ByteRange filled in and /Contents still zeros. */
  pdf: Buffer;
  byteRange: [number, number, number, number];
  /** SHA-256 of the two byte ranges: what the CMS's messageDigest holds. */
  digest: Buffer;
}

/** Fills the (only unfilled) /ByteRange and returns the digest to sign. */
export function locatePlaceholder(prepared: Buffer): Placeholder {
  const marker = `/ByteRange [ 0 /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER} ]`;
  let at = prepared.lastIndexOf(marker);
  let length = marker.length;
  if (at < 0) {
    const compact = `/ByteRange [0 /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER}]`;
    at = prepared.lastIndexOf(compact);
    length = compact.length;
  }
  if (at < 0) throw new Error('no signature placeholder in the prepared PDF');
  const contentsAt = prepared.indexOf('/Contents', at + length) >= 0 ? prepared.indexOf('/Contents', at + length) : prepared.lastIndexOf('/Contents', at);
  const start = prepared.indexOf('<', contentsAt);
  const end = prepared.indexOf('>', start) + 1;
  const byteRange: Placeholder['byteRange'] = [0, start, end, prepared.length - end];
  const filled = `/ByteRange [${byteRange.join(' ')}]`.padEnd(length, ' ');
  const pdf = Buffer.from(prepared);
  pdf.write(filled, at, 'latin1');
  const digest = createHash('sha256').update(pdf.subarray(0, start)).update(pdf.subarray(end)).digest();
  return { pdf, byteRange, digest };
}

/** How many bytes of CMS the placeholder's /Contents holds. */
export const contentsRoom = (placeholder: Pick<Placeholder, 'byteRange'>) => Math.floor((placeholder.byteRange[2] - placeholder.byteRange[1] - 2) / 2);

/** Puts the CMS into /Contents (hex, zero-padded). */
export function embedSignature(placeholder: Placeholder, cms: Buffer): Buffer {
  const [, start, end] = placeholder.byteRange;
  const room = end - start - 2;
  const hex = cms.toString('hex');
  if (cms.length > contentsRoom(placeholder)) throw new Error(`signature of ${cms.length} bytes does not fit the placeholder`);
  const pdf = Buffer.from(placeholder.pdf);
  pdf.write(hex.padEnd(room, '0'), start + 1, 'latin1');
  return pdf;
}

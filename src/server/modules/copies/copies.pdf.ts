import fontkit from '@cantoo/fontkit';
import {
  PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFPage, PDFRef, PDFStream,
  concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState,
} from '@cantoo/pdf-lib';
import { timesCompatibleFonts } from '../../pdf/times-fonts.js';
import { SIG_FLAGS, addWidget, appearance, isoVietnam, signaturePlaceholder, signatureWidget, type Rect, type SignatureDetails } from '../signatures/signing.pdf.js';
import { COPY_TITLES, type CopyForm } from './copies.schemas.js';

// The PDF of an electronic copy (Decree 30, PL I Phần II): the agency's signature at the top right
// of page 1, with no image, whose visible text is the form ("SAO Y", "SAO LỤC", "TRÍCH SAO"), the
// copying agency, the copy's number and notation, and the signing time (ISO 8601, Vietnam time).
//
// - sao y / sao lục: the source bytes are kept whole and the copy's signature is appended as an
//   incremental update, so every signature the original carries still verifies inside the copy
//   (the copy proves its own fidelity: the original's bytes are a prefix of it).
// - trích sao: a new PDF of the chosen pages (their form fields and signature widgets drawn into
//   the page as they looked, since the original's signatures cannot cover part of a file), signed.

/** Times-compatible regular and bold faces (src/server/pdf/times-fonts.ts). */
export const markingFonts = timesCompatibleFonts;

/** Pages of a PDF, or an error when it cannot be read. */
export async function pdfPageCount(pdf: Uint8Array): Promise<number> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  return doc.getPageCount();
}

export interface CopyMarking {
  form: CopyForm;
  agencyName: string;
  /** "08/SY" */
  reference: string;
  signingTime: Date;
}

/**
 * The lines of the marking, in the order they are printed, each as runs (the form in bold):
 * "SAO Y  Số: 08/SY" / the copying agency / "Thời gian ký: 2026-12-01T10:15:00+07:00".
 * Three lines of 10 pt fit in the top margin above the national motto of a Decree 30 layout.
 */
export function markingLines(marking: CopyMarking): { text: string; bold: boolean }[][] {
  return [
    [{ text: COPY_TITLES[marking.form], bold: true }, { text: `  Số: ${marking.reference}`, bold: false }],
    [{ text: marking.agencyName, bold: false }],
    [{ text: `Thời gian ký: ${isoVietnam(marking.signingTime)}`, bold: false }],
  ];
}

const SIZE = 10;
const LEADING = 11;
const PADDING = 2;
const MM = 72 / 25.4;

/** Draws each widget's appearance into the page content and removes the page's annotations. */
function flattenAnnotations(page: PDFPage) {
  const annots = page.node.Annots();
  if (!annots) return;
  const ops = [];
  for (let i = 0; i < annots.size(); i++) {
    const annot = annots.lookupMaybe(i, PDFDict);
    if (!annot || annot.get(PDFName.of('Subtype')) !== PDFName.of('Widget')) continue;
    const flags = annot.lookupMaybe(PDFName.of('F'), PDFNumber)?.asNumber() ?? 0;
    if (flags & 2) continue; // hidden
    let normal = annot.lookupMaybe(PDFName.of('AP'), PDFDict)?.get(PDFName.of('N'));
    // A field with states (a check box) shows the appearance of its current state.
    if (!(normal instanceof PDFRef)) {
      const states = annot.lookupMaybe(PDFName.of('AP'), PDFDict)?.lookupMaybe(PDFName.of('N'), PDFDict);
      const state = annot.get(PDFName.of('AS'));
      normal = states && state instanceof PDFName ? states.get(state) : undefined;
    }
    if (!(normal instanceof PDFRef)) continue;
    const stream = page.doc.context.lookup(normal);
    const rect = annot.lookupMaybe(PDFName.of('Rect'), PDFArray)?.asRectangle();
    const bbox = stream instanceof PDFStream ? stream.dict.lookupMaybe(PDFName.of('BBox'), PDFArray)?.asRectangle() : undefined;
    if (!rect || !bbox || !bbox.width || !bbox.height) continue;
    const sx = rect.width / bbox.width, sy = rect.height / bbox.height;
    const name = page.node.newXObject('Flat', normal);
    ops.push(pushGraphicsState(), concatTransformationMatrix(sx, 0, 0, sy, rect.x - bbox.x * sx, rect.y - bbox.y * sy), drawObject(name), popGraphicsState());
  }
  if (ops.length) page.pushOperators(...ops);
  page.node.delete(PDFName.of('Annots'));
}

/** A new PDF of the chosen pages (1-based, ascending) of `source`. */
async function extractPages(source: Uint8Array, pages: number[]): Promise<PDFDocument> {
  const src = await PDFDocument.load(source, { updateMetadata: false });
  // Flattened in the source before copying, so nothing of the original's signatures (their
  // dictionaries and /Contents) is carried into the extract, where it could only show as broken.
  for (const n of pages) flattenAnnotations(src.getPage(n - 1));
  const out = await PDFDocument.create({ updateMetadata: false });
  for (const page of await out.copyPages(src, pages.map((n) => n - 1))) out.addPage(page);
  return out;
}

/**
 * The copy, with the agency signature's placeholder still to fill (signing.pdf.ts
 * `locatePlaceholder` / `embedSignature`): `pages` null for sao y and sao lục.
 */
export async function prepareCopy(source: Uint8Array, pages: number[] | null, marking: CopyMarking, details: SignatureDetails): Promise<Buffer> {
  const doc = pages ? await extractPages(source, pages) : await PDFDocument.load(source, { forIncrementalUpdate: true, updateMetadata: false });
  doc.registerFontkit(fontkit);
  const bytes = await markingFonts();
  const [regular, bold] = await Promise.all([doc.embedFont(bytes.regular, { subset: true }), doc.embedFont(bytes.bold, { subset: true })]);
  const page = doc.getPages()[0]!;
  const box = page.getMediaBox();
  const lines = markingLines(marking).map((runs) => {
    const placed = runs.map((run) => ({ ...run, font: run.bold ? bold : regular }));
    const widthAt = (size: number) => placed.reduce((sum, run) => sum + run.font.widthOfTextAtSize(run.text, size), 0);
    // A long agency name is set smaller rather than run off the page (at most 95 mm wide).
    const size = Math.min(SIZE, Math.max(6, (SIZE * 95 * MM) / widthAt(SIZE)));
    return { runs: placed, size, width: widthAt(size) };
  });
  const width = Math.max(...lines.map((l) => l.width)) + 2 * PADDING;
  const height = lines.length * LEADING + 2 * PADDING;
  // In the top margin at the right: 15 mm from the right edge (the smallest right margin), 3.5 mm from the top.
  const right = box.x + box.width - 15 * MM;
  const top = box.y + box.height - 3.5 * MM;
  const rect: Rect = [right - width, top - height, right, top];
  const texts = lines.flatMap((line, i) => {
    let x = right - PADDING - line.width;
    const y = top - PADDING - (i + 1) * LEADING + 2.5;
    return line.runs.map((run) => {
      const placed = { font: run.font, size: line.size, x, y, text: run.text };
      x += run.font.widthOfTextAtSize(run.text, line.size);
      return placed;
    });
  });
  const ap = appearance(doc, rect, [], texts);
  const sig = signaturePlaceholder(doc, details);
  addWidget(doc, page, signatureWidget(doc, page, rect, ap, sig, details), SIG_FLAGS);
  return Buffer.from(pages ? await doc.save({ useObjectStreams: false }) : await doc.commit({ useObjectStreams: false }));
}

import { createRequire } from 'node:module';
import path from 'node:path';
import type { NumberFields, Rect } from './signing.pdf.js';

// Where the images and the number go, read from the PDF's own text with pdf.js: the template
// (outgoing.template.ts) prints the signer's name under an empty space of about 60 pt, and "Số:"
// and "ngày … tháng …" with blanks to fill. A PDF without these marks gets the documented fallback:
// the signature near the bottom right of the last page, the number in the agency signature's text.

const require = createRequire(import.meta.url);
const pdfjsRoot = path.dirname(require.resolve('pdfjs-dist/package.json'));

interface TextItem { str: string; x: number; y: number; width: number; height: number }
export interface PageText { width: number; height: number; items: TextItem[] }

async function pageTexts(pdf: Uint8Array, pages: ('first' | 'last')[]): Promise<Record<'first' | 'last', PageText>> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    data: new Uint8Array(pdf), standardFontDataUrl: path.join(pdfjsRoot, 'standard_fonts') + path.sep, cMapUrl: path.join(pdfjsRoot, 'cmaps') + path.sep,
    wasmUrl: path.join(pdfjsRoot, 'wasm') + path.sep, cMapPacked: true, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const read = async (n: number): Promise<PageText> => {
      const page = await doc.getPage(n);
      const [, , width, height] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      const items = content.items.flatMap((item) => ('str' in item && item.str ? [{ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width, height: item.height }] : []));
      return { width, height, items };
    };
    const first = await read(1);
    const last = doc.numPages === 1 ? first : await read(doc.numPages);
    void pages;
    return { first, last };
  } finally {
    await task.destroy();
  }
}

const IMAGE_HEIGHT = 56;
const IMAGE_WIDTH = 126;

/** The signature image's place: centred over the signer's name in the signer block, else bottom right. */
export function signerRect(page: PageText, signerName: string): Rect {
  const name = signerName.trim();
  const hit = name ? [...page.items].reverse().find((i) => i.str.trim() === name) : undefined;
  if (hit) {
    const cx = hit.x + hit.width / 2;
    const bottom = hit.y + hit.height + 2;
    return [cx - IMAGE_WIDTH / 2, bottom, cx + IMAGE_WIDTH / 2, bottom + IMAGE_HEIGHT];
  }
  return [page.width - 80 - IMAGE_WIDTH, 150, page.width - 80, 150 + IMAGE_HEIGHT];
}

/** The seal: about 36 mm across, its right edge a third of the way into the signature image, centred on it vertically. */
export function sealRect(signer: Rect): Rect {
  const diameter = 102;
  const right = signer[0] + (signer[2] - signer[0]) / 3;
  const cy = (signer[1] + signer[3]) / 2;
  return [right - diameter, cy - diameter / 2, right, cy + diameter / 2];
}

/** The x of character `index` in an item, by a rough width per character (spaces are narrow in Times). */
function xAt(item: TextItem, index: number) {
  const weight = (s: string) => [...s].reduce((sum, ch) => sum + (ch === ' ' ? 0.25 : ch === ch.toUpperCase() && ch !== ch.toLowerCase() ? 0.68 : 0.47), 0);
  return item.x + (item.width * weight(item.str.slice(0, index))) / weight(item.str);
}

/** The blank (three spaces or more) that follows `label` in one text item, as a rectangle. */
function blankAfter(page: PageText, label: RegExp): Rect | undefined {
  for (const [index, item] of page.items.entries()) {
    // pdf.js often gives the blank as an item of its own (one space, as wide as the blank).
    const next = page.items[index + 1];
    if (label.test(item.str.trimEnd().slice(-8)) && next && !next.str.trim() && Math.abs(next.y - item.y) < 1 && next.width > 12) {
      return [next.x, next.y - 3, next.x + next.width, next.y + Math.max(next.height, item.height) + 1];
    }
    for (const match of item.str.matchAll(new RegExp(label.source, 'g'))) {
      const start = match.index + match[0].length;
      const blank = /^ {3,}/.exec(item.str.slice(start));
      if (!blank) continue;
      const x1 = xAt(item, start), x2 = xAt(item, start + blank[0].length);
      return [x1, item.y - 3, x2, item.y + item.height + 1];
    }
  }
  return undefined;
}

export interface Layout {
  signer: Rect;
  /** The number's and date's blanks on page 1 (none for a PDF the template did not make). */
  blanks: { number?: Rect | undefined; day?: Rect | undefined; month?: Rect | undefined };
}

export async function layoutOf(pdf: Uint8Array, signerName: string): Promise<Layout> {
  const { first, last } = await pageTexts(pdf, ['first', 'last']);
  return {
    signer: signerRect(last, signerName),
    blanks: { number: blankAfter(first, /Số:/), day: blankAfter(first, /ngày/), month: blankAfter(first, /tháng/) },
  };
}

/** The number, day and month into the blanks that exist. */
export function numberFields(blanks: Layout['blanks'], number: string, issuedOn: string): NumberFields {
  const [, month, day] = issuedOn.split('-');
  return {
    number: blanks.number && { rect: blanks.number, text: number },
    day: blanks.day && { rect: blanks.day, text: day! },
    month: blanks.month && { rect: blanks.month, text: month! },
  };
}

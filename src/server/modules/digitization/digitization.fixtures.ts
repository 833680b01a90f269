import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { renderSamplePdf, type SampleDocument } from '../demo/demo.pdf.js';

// Scans made from known text, for the tests and the bench: a document in the Decree 30 layout is
// rendered to a PDF, rasterized by poppler's pdftoppm at the scanner's resolution, and optionally
// turned grey, rotated slightly and sprinkled with noise as paper through a scanner would be.

const run = promisify(execFile);

export interface ScanOptions { dpi: number; grey?: boolean; rotateDegrees?: number; noise?: number }

export async function rasterizePdf(pdf: Uint8Array, dpi: number): Promise<Buffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-scan-fixture-'));
  try {
    await fs.writeFile(path.join(dir, 'doc.pdf'), pdf);
    await run('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', '-f', '1', '-l', '1', path.join(dir, 'doc.pdf'), path.join(dir, 'page')]);
    return await fs.readFile(path.join(dir, 'page.png'));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** A PNG scan of the document's first page at `dpi` (its density recorded in the file, as scanners do). */
export async function scanOf(doc: SampleDocument | Uint8Array, options: ScanOptions): Promise<Buffer> {
  const pdf = doc instanceof Uint8Array ? doc : await renderSamplePdf(doc);
  let image = sharp(await rasterizePdf(pdf, options.dpi));
  if (options.rotateDegrees) image = image.rotate(options.rotateDegrees, { background: '#ffffff' });
  if (options.noise) {
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    noisy(data, options.noise, info.channels);
    image = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  }
  // One channel, as a greyscale scanner writes it (keepMetadata would turn it back to sRGB).
  if (options.grey) image = image.greyscale().extractChannel(0);
  return image.withDensity(options.dpi).png().toBuffer();
}

/** Salt-and-pepper specks on a fraction of the pixels, from a fixed seed (the same scan every run). */
function noisy(data: Buffer, fraction: number, channels: number): void {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let i = 0; i < data.length; i += channels) {
    if (random() < fraction) data.fill(random() < 0.5 ? 0 : 255, i, i + Math.min(channels, 3));
  }
}

/** An image-only PDF (what a scanner writes) holding the PNG on an A4 page. */
export async function scannedPdf(png: Buffer): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const image = await doc.embedPng(png);
  doc.addPage([595.28, 841.89]).drawImage(image, { x: 0, y: 0, width: 595.28, height: 841.89 });
  return doc.save({ useObjectStreams: false });
}

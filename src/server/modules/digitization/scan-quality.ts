import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { ScanQuality, ScanWarning } from '../../../shared/digitization.js';

// DOMAIN.md 1.7: a paper document is digitized in colour at 200 dpi or more. The resolution and
// colour are read from the file itself — an image's density and channels, a PDF's embedded images
// (poppler's pdfimages -list) — so the clerk is warned at registration, before the paper is filed.

export const MIN_SCAN_DPI = 200;
const run = promisify(execFile);

export async function scanQuality(bytes: Buffer, mimeType: string): Promise<ScanQuality> {
  try {
    if (mimeType.startsWith('image/')) return judge(await imageQuality(bytes));
    if (mimeType === 'application/pdf') return judge(await pdfImageQuality(bytes));
  } catch {
    // A file the readers cannot measure gets no warning: the warning helps, it never blocks.
  }
  return { dpi: null, colour: null, warnings: [] };
}

function judge(found: { dpi: number | null; colour: boolean | null }): ScanQuality {
  const warnings: ScanWarning[] = [];
  if (found.dpi !== null && found.dpi < MIN_SCAN_DPI) warnings.push('low_dpi');
  if (found.colour === false) warnings.push('not_colour');
  return { ...found, warnings };
}

async function imageQuality(bytes: Buffer): Promise<{ dpi: number | null; colour: boolean | null }> {
  const meta = await sharp(bytes, { pages: 1 }).metadata();
  // sharp gives density in pixels per inch (converting a PNG's per-metre value); absent: unknown.
  const dpi = meta.density ? Math.round(meta.density) : null;
  const colour = meta.space === 'b-w' || meta.space === 'grey16' ? false : (meta.channels ?? 0) >= 3;
  return { dpi, colour };
}

/** The lowest resolution of the PDF's images and whether any is in colour; a PDF without images is not a scan. */
async function pdfImageQuality(bytes: Buffer): Promise<{ dpi: number | null; colour: boolean | null }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-scan-'));
  try {
    const file = path.join(dir, 'in.pdf');
    await fs.writeFile(file, bytes);
    const { stdout } = await run('pdfimages', ['-list', file], { timeout: 30_000, maxBuffer: 4 * 1024 * 1024 });
    return parsePdfImagesList(stdout);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** `pdfimages -list` rows: page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio. */
export function parsePdfImagesList(listing: string): { dpi: number | null; colour: boolean | null } {
  let dpi: number | null = null;
  let colour: boolean | null = null;
  for (const line of listing.split('\n').slice(2)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 14 || cols[2] !== 'image') continue; // masks and stencils are not the page
    const xppi = Number(cols[12]);
    const yppi = Number(cols[13]);
    if (Number.isFinite(xppi) && Number.isFinite(yppi)) dpi = Math.min(dpi ?? Infinity, Math.round(Math.min(xppi, yppi)));
    const isColour = ['rgb', 'cmyk', 'lab', 'icc', 'index'].includes(cols[5] ?? '') && Number(cols[6]) >= 3 || cols[5] === 'index';
    colour = (colour ?? false) || isColour;
  }
  return { dpi, colour };
}

import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';

// OCR of scans in Vietnamese. Two engines:
// - 'tesseract': the system tesseract with its Vietnamese data, driven by ocrmypdf, which also
//   writes a searchable PDF/A copy (the page images with a text layer). Both run as child
//   processes, one thread each (OMP_THREAD_LIMIT=1, --jobs 1): the server has two cores to share.
// - 'tesseract.js': the same engine compiled to WebAssembly, with the Vietnamese data read from
//   node_modules (@tesseract.js-data/vie), never downloaded; used where the system one is missing.
//   It makes no searchable copy; PDF pages are rasterized by poppler's pdftoppm.
// OCR_ENGINE=tesseract.js forces the fallback (its test); OCR_ENGINE=tesseract refuses it.

export type OcrEngine = 'tesseract' | 'tesseract.js';

export interface OcrResult {
  /** NFC; pages separated by an empty line. */
  text: string;
  pageCount: number;
  engine: OcrEngine;
  /** ocrmypdf's PDF/A copy (image and text layer); absent with tesseract.js. */
  searchablePdf?: Buffer;
}

export interface OcrInput {
  bytes: Buffer;
  mimeType: string;
  /** A file's own resolution when it does not say it (images without a density). */
  dpiHint?: number;
  signal?: AbortSignal;
}

const run = promisify(execFile);
const OCR_ENV = { ...process.env, OMP_THREAD_LIMIT: '1' };
/** Longest OCR of one file: a scan of hundreds of pages takes minutes, a hang is killed. */
const OCR_TIMEOUT_MS = 30 * 60 * 1000;

let systemReady: Promise<boolean> | undefined;
/** Whether ocrmypdf and a tesseract with Vietnamese data are installed (checked once). */
export const systemOcrAvailable = () => (systemReady ??= (async () => {
  try {
    const [langs] = await Promise.all([run('tesseract', ['--list-langs'], { env: OCR_ENV }), run('ocrmypdf', ['--version'])]);
    return /^vie$/m.test(langs.stdout + langs.stderr);
  } catch {
    return false;
  }
})());

/** The engine this server uses: OCR_ENGINE when set, else the system one when installed. */
export async function ocrEngine(setting = process.env.OCR_ENGINE): Promise<OcrEngine> {
  if (setting === 'tesseract.js') return 'tesseract.js';
  if (setting === 'tesseract') return 'tesseract';
  return (await systemOcrAvailable()) ? 'tesseract' : 'tesseract.js';
}

export async function ocr(input: OcrInput, engine?: OcrEngine): Promise<OcrResult> {
  const chosen = engine ?? await ocrEngine();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-ocr-'));
  try {
    return chosen === 'tesseract' ? await withOcrmypdf(input, dir) : await withTesseractJs(input, dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const extensionOf = (mimeType: string) => ({ 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg', 'image/tiff': 'tif' } as Record<string, string>)[mimeType] ?? 'bin';

/**
 * ocrmypdf reads a PDF or an image and writes the searchable copy and the text (the sidecar, pages
 * separated by form feeds). --force-ocr: the file was judged a scan, any stray text layer is
 * redone. The copy is a new file (a signed original's signature does not hold in it); the original
 * itself is only read, from a temporary copy, and stays byte-identical in the store.
 */
async function withOcrmypdf(input: OcrInput, dir: string): Promise<OcrResult> {
  const output = path.join(dir, 'out.pdf');
  const sidecar = path.join(dir, 'out.txt');
  const source = await ocrmypdfInput(input, dir);
  const args = ['-l', 'vie', '--jobs', '1', '--output-type', 'pdfa', '--sidecar', sidecar, '--force-ocr', '--quiet'];
  if (input.mimeType.startsWith('image/')) args.push('--image-dpi', String(input.dpiHint ?? 300));
  await spawnChecked('ocrmypdf', [...args, source, output], input.signal);
  const pages = (await fs.readFile(sidecar, 'utf8')).split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return { text: tidy(pages.join('\n\n')), pageCount: Math.max(1, pages.length), engine: 'tesseract', searchablePdf: await fs.readFile(output) };
}

/** The file as ocrmypdf takes it: an image with transparency is flattened onto white first (it refuses an alpha channel). */
async function ocrmypdfInput(input: OcrInput, dir: string): Promise<string> {
  if (input.mimeType.startsWith('image/')) {
    const meta = await sharp(input.bytes, { pages: 1 }).metadata().catch(() => null);
    if (meta?.hasAlpha) {
      const flat = path.join(dir, 'in.png');
      await sharp(input.bytes, { pages: 1 }).flatten({ background: '#ffffff' }).withDensity(input.dpiHint ?? 300).png().toFile(flat);
      return flat;
    }
  }
  const source = path.join(dir, `in.${extensionOf(input.mimeType)}`);
  await fs.writeFile(source, input.bytes);
  return source;
}

function spawnChecked(command: string, args: string[], signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: OCR_ENV, stdio: ['ignore', 'ignore', 'pipe'], signal, timeout: OCR_TIMEOUT_MS, killSignal: 'SIGKILL' });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => { errors = (errors + chunk.toString()).slice(-4000); });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new OcrFailed(`${command} exit ${code}: ${lastLine(errors)}`, code))));
  });
}

/** OCR's answer about the file itself (not a fault of this server): not retried. */
export class OcrFailed extends Error {
  constructor(message: string, readonly exitCode: number | null = null) {
    super(message);
  }
  /** ocrmypdf's exit codes for a bad input file (2) and an encrypted PDF (8): the file's fault. */
  get fileFault() { return this.exitCode === 2 || this.exitCode === 8; }
}

const lastLine = (text: string) => text.trim().split('\n').filter(Boolean).at(-1)?.slice(0, 300) ?? '';

const require = createRequire(import.meta.url);
// The LSTM-only "best_int" models: what tesseract.js uses with OEM 1, small and the fastest.
const VIE_DATA = path.join(path.dirname(require.resolve('@tesseract.js-data/vie/package.json')), '4.0.0_best_int');

async function withTesseractJs(input: OcrInput, dir: string): Promise<OcrResult> {
  const images = input.mimeType === 'application/pdf' ? await rasterize(input.bytes, dir, input.signal) : [await sharp(input.bytes, { pages: 1 }).png().toBuffer()];
  const { createWorker, OEM } = await import('tesseract.js');
  const worker = await createWorker('vie', OEM.LSTM_ONLY, { langPath: VIE_DATA, cacheMethod: 'none', gzip: true });
  try {
    const pages: string[] = [];
    for (const image of images) {
      input.signal?.throwIfAborted();
      pages.push((await worker.recognize(image)).data.text);
    }
    return { text: tidy(pages.join('\n\n')), pageCount: images.length, engine: 'tesseract.js' };
  } finally {
    await worker.terminate();
  }
}

/** The pages of a PDF as 300 dpi greyscale PNGs (poppler's pdftoppm). */
async function rasterize(bytes: Buffer, dir: string, signal?: AbortSignal): Promise<Buffer[]> {
  const source = path.join(dir, 'in.pdf');
  await fs.writeFile(source, bytes);
  await spawnChecked('pdftoppm', ['-r', '300', '-gray', '-png', source, path.join(dir, 'page')], signal);
  const names = (await fs.readdir(dir)).filter((n) => n.startsWith('page') && n.endsWith('.png')).sort();
  return Promise.all(names.map((n) => fs.readFile(path.join(dir, n))));
}

// OCR often reads Đ as the look-alike Ð (U+00D0, Icelandic eth), which Vietnamese never uses:
// left as is, "QĐ" would not match a search for it.
const tidy = (text: string) => text.normalize('NFC').replace(/\u00D0/g, 'Đ').replace(/\u00F0/g, 'đ').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();

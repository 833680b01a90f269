import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

// DOCX → PDF with LibreOffice in headless mode (Debian: libreoffice-writer-nogui), for reading in the
// browser and for signing. Each conversion gets its own LibreOffice profile directory: two
// conversions sharing one profile block each other, and a profile left by a killed run is not reused.

export const CONVERSION_TIMEOUT_MS = 120_000;

/** LIBREOFFICE_PATH when set, else `soffice` on the PATH, else null (conversion unavailable). */
export function findLibreOffice(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.LIBREOFFICE_PATH?.trim();
  if (configured) return fs.existsSync(configured) ? configured : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'soffice');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

export class ConversionError extends Error {}

/** Converts one office document to PDF; the PDF's bytes, or a ConversionError saying why not. */
export async function convertToPdf(soffice: string, input: Buffer, extension: string, timeoutMs = CONVERSION_TIMEOUT_MS): Promise<Buffer> {
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'vanphong-convert-'));
  try {
    const source = path.join(work, `document.${extension}`);
    await fsp.writeFile(source, input);
    const profile = path.join(work, 'profile');
    const output = meaningful(await run(soffice, ['--headless', '--norestore', '--nolockcheck', `-env:UserInstallation=file://${profile}`, '--convert-to', 'pdf', '--outdir', work, source], timeoutMs));
    const pdf = path.join(work, 'document.pdf');
    if (!fs.existsSync(pdf)) throw new ConversionError(`LibreOffice could not read the file${output ? `: ${output.slice(-300)}` : ''}`);
    const bytes = await fsp.readFile(pdf);
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new ConversionError('LibreOffice produced a file that is not a PDF');
    return bytes;
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
}

/** LibreOffice's output without its start-up noise (no Java runtime is expected on the server). */
function meaningful(output: string): string {
  return output.split(/\r?\n/).filter((line) => line.trim() && !/javaldx|java may not function|^convert /i.test(line)).join(' ').trim();
}

function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: os.tmpdir() } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => { clearTimeout(timer); reject(new ConversionError(`LibreOffice could not be started: ${error.message}`)); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') reject(new ConversionError(`LibreOffice took longer than ${Math.round(timeoutMs / 1000)} s`));
      else if (code !== 0) reject(new ConversionError(`LibreOffice exited with code ${code}: ${output.slice(-300)}`));
      else resolve(output);
    });
  });
}

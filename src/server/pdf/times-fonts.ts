import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

// One place for the Times-compatible fonts every PDF VanPhong writes uses (agency signature text,
// copy markings, registers and reports). Decree 30 asks for Times New Roman, which is not free to
// ship; Liberation Serif 2 (Debian `fonts-liberation2`, the font LibreOffice substitutes for it
// here) has the same metrics and the Vietnamese glyphs (the older Liberation 1.07 has none). Where
// it is not installed, DejaVu Serif from the npm package `dejavu-fonts-ttf`: never a download.

const require = createRequire(import.meta.url);
const LIBERATION2 = '/usr/share/fonts/truetype/liberation2';
const dejavuDir = () => path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export interface TimesFonts {
  regular: Buffer;
  bold: Buffer;
  italic: Buffer;
  boldItalic: Buffer;
  family: 'Liberation Serif' | 'DejaVu Serif';
}

const read = (dir: string, names: [string, string, string, string]) =>
  Promise.all(names.map((name) => fs.readFile(path.join(dir, name))));

let fonts: Promise<TimesFonts> | undefined;
/** The four faces, read once per process. */
export function timesCompatibleFonts(): Promise<TimesFonts> {
  fonts ??= (async () => {
    try {
      const [regular, bold, italic, boldItalic] = await read(LIBERATION2, ['LiberationSerif-Regular.ttf', 'LiberationSerif-Bold.ttf', 'LiberationSerif-Italic.ttf', 'LiberationSerif-BoldItalic.ttf']);
      return { regular: regular!, bold: bold!, italic: italic!, boldItalic: boldItalic!, family: 'Liberation Serif' as const };
    } catch {
      // not installed: the faces shipped with npm
      const [regular, bold, italic, boldItalic] = await read(dejavuDir(), ['DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf', 'DejaVuSerif-Italic.ttf', 'DejaVuSerif-BoldItalic.ttf']);
      return { regular: regular!, bold: bold!, italic: italic!, boldItalic: boldItalic!, family: 'DejaVu Serif' as const };
    }
  })();
  return fonts;
}

/** The regular face alone, with its family name. */
export async function timesCompatibleFont(): Promise<{ bytes: Buffer; family: string }> {
  const f = await timesCompatibleFonts();
  return { bytes: f.regular, family: f.family };
}

let dejavu: Promise<Buffer> | undefined;
/** DejaVu Serif from npm, whatever the system has (a font known to hold every glyph the signing appearance draws). */
export const dejavuSerif = () => (dejavu ??= fs.readFile(path.join(dejavuDir(), 'DejaVuSerif.ttf')));

import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { timesCompatibleFonts } from './times-fonts.js';

// pdfmake (tables that wrap, header rows repeated on every page, page numbers) set up once per
// process with the Times-compatible faces, held in its in-memory file system: it may read no file
// and fetch no URL, whatever a document definition names.

/** Its in-memory file system is on the object but not in @types/pdfmake. */
const vfs = (pdfmake as unknown as { virtualfs: { writeFileSync(name: string, data: Buffer): void } }).virtualfs;

let ready: Promise<void> | undefined;
function setUp() {
  ready ??= (async () => {
    const f = await timesCompatibleFonts();
    vfs.writeFileSync('times-regular.ttf', f.regular);
    vfs.writeFileSync('times-bold.ttf', f.bold);
    vfs.writeFileSync('times-italic.ttf', f.italic);
    vfs.writeFileSync('times-bolditalic.ttf', f.boldItalic);
    pdfmake.setFonts({ Times: { normal: 'times-regular.ttf', bold: 'times-bold.ttf', italics: 'times-italic.ttf', bolditalics: 'times-bolditalic.ttf' } });
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy(() => false);
  })();
  return ready;
}

export async function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  await setUp();
  return pdfmake.createPdf({ ...definition, defaultStyle: { font: 'Times', ...definition.defaultStyle } }).getBuffer();
}

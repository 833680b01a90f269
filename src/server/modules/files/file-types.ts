import { fileTypeFromFile } from 'file-type';
import yauzl from 'yauzl';

/** What agencies send: scans (PDF, images) and office documents, with the extensions each may carry. */
export const ALLOWED_TYPES: Record<string, { extensions: string[] }> = {
  'application/pdf': { extensions: ['pdf'] },
  'image/jpeg': { extensions: ['jpg', 'jpeg'] },
  'image/png': { extensions: ['png'] },
  'image/tiff': { extensions: ['tif', 'tiff'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { extensions: ['docx'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { extensions: ['xlsx'] },
};

export const isAllowedType = (mime: string | undefined): mime is string => Boolean(mime && ALLOWED_TYPES[mime]);

/** Judged by content, never by the name or the browser's word. */
export async function detectMimeType(filePath: string): Promise<string | undefined> {
  const detected = await fileTypeFromFile(filePath);
  return detected?.mime;
}

export function isInlineViewable(mime: string): boolean {
  return mime === 'application/pdf' || mime.startsWith('image/');
}

export const isOfficeDocument = (mime: string) => mime.startsWith('application/vnd.openxmlformats-officedocument.');

/**
 * Limits for what a DOCX/XLSX (a ZIP) may unpack to. Text compresses about 10:1 and images not at
 * all, so a real document stays far below these; a ZIP bomb (1 MB holding 1 GiB of zeros) does not.
 */
export const OFFICE_LIMITS = { maxUnpackedBytes: 512 * 1024 * 1024, maxRatio: 100, maxEntries: 10_000 };

/**
 * Whether an office document unpacks to a sane size, judged from its central directory (no
 * decompression). Sizes a forged directory understates are caught by yauzl's own size check when
 * the content is read later (text extraction reads with that check on).
 */
export async function officeDocumentIsSane(filePath: string, packedSize: number, limits = OFFICE_LIMITS): Promise<boolean> {
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(filePath, { lazyEntries: true, autoClose: true }, (error, opened) => (error ? reject(error) : resolve(opened))));
  } catch {
    return false; // not a readable ZIP
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    return false;
  }
  return new Promise<boolean>((resolve) => {
    let unpacked = 0;
    const stop = (sane: boolean) => { zip.close(); resolve(sane); };
    zip.on('entry', (entry: yauzl.Entry) => {
      unpacked += entry.uncompressedSize;
      if (unpacked > limits.maxUnpackedBytes || unpacked > Math.max(packedSize, 1) * limits.maxRatio) return stop(false);
      zip.readEntry();
    });
    zip.on('end', () => resolve(true));
    zip.on('error', () => stop(false));
    zip.readEntry();
  });
}

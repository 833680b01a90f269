import { fileTypeFromFile } from 'file-type';

/** What agencies send: scans (PDF, images) and office documents. Judged by content, not by name. */
export const ALLOWED_MIME_TYPES = new Set([
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/tiff',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);

export async function detectMimeType(filePath: string): Promise<string | undefined> {
  const detected = await fileTypeFromFile(filePath);
  return detected?.mime;
}

export function isInlineViewable(mime: string): boolean {
  return mime === 'application/pdf' || mime.startsWith('image/');
}

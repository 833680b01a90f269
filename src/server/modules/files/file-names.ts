import { ALLOWED_TYPES } from './file-types.js';

/** Control characters, and the bidirectional marks that make "hoadon\u202Efdp.exe" display as "hoadonexe.pdf". */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
const SEPARATORS = /[\\/:*?"<>|]/g;
const MAX_LENGTH = 200;
export const DEFAULT_FILE_NAME = 'tep-dinh-kem';

/**
 * A file name safe to store, show and offer for download: NFC, no control or bidi characters, no
 * path separators, at most 200 characters, and ending with an extension of its detected type
 * (appended when the name says otherwise, so "hoadon.exe" holding a PDF becomes "hoadon.exe.pdf").
 */
export function safeFileName(raw: string | undefined, mimeType: string): string {
  let name = (raw ?? '')
    .replace(/[\ud800-\udfff]/g, (c, i: number, s: string) => (isPaired(s, i) ? c : ''))
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(SEPARATORS, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const extensions = ALLOWED_TYPES[mimeType]?.extensions ?? [];
  const current = /\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1]?.toLowerCase();
  const extension = current && extensions.includes(current) ? '' : extensions[0] ? `.${extensions[0]}` : '';
  if (!name || name === '.') name = DEFAULT_FILE_NAME;
  const room = MAX_LENGTH - extension.length;
  if ([...name].length > room) {
    // Shorten the stem, keeping a valid extension the name already has (counted in characters, not UTF-16 units).
    const kept = current && !extension ? `.${current}` : '';
    name = [...name.slice(0, name.length - kept.length)].slice(0, room - kept.length).join('') + kept;
  }
  return `${name}${extension}`;
}

function isPaired(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code <= 0xdbff) return index + 1 < text.length && text.charCodeAt(index + 1) >= 0xdc00 && text.charCodeAt(index + 1) <= 0xdfff;
  return index > 0 && text.charCodeAt(index - 1) >= 0xd800 && text.charCodeAt(index - 1) <= 0xdbff;
}

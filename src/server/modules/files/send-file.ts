import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { type ByteRange, PRESIGN, REOPEN_RANGE, type RangedStream } from './file-store.js';
import { isInlineViewable } from './file-types.js';

export interface OpenedFile {
  stream: Readable;
  mimeType: string;
  fileName: string;
  size: number;
}

/**
 * Sends a stored file of a document: inline when the browser can show it safely (PDF, images),
 * else as a download; never cached (it may be secret) and never sniffed into another type.
 * A single-range request (`Range: bytes=a-b`, what a PDF viewer sends for a large file) gets 206 with
 * those bytes read from the store at their offset; an unsatisfiable one 416.
 *
 * Where the object store hands out presigned addresses (S3_PRESIGNED_DOWNLOADS), a browser that opens
 * or downloads the file itself (a navigation: `Sec-Fetch-Mode: navigate`, or a client that sends no
 * such header) gets 302 to a short-lived GET of the store, named and typed as here: the bytes no
 * longer pass through the app server. The permission was checked before (the caller opened the file).
 * The app's own fetches (the PDF viewer's, `Sec-Fetch-Mode: cors|same-origin`) stay streamed here, so
 * neither the Content-Security-Policy nor the bucket's CORS has to admit the store's origin.
 */
export async function sendFile(reply: FastifyReply, file: OpenedFile, options: { download?: boolean } = {}) {
  // `download`: always as an attachment (files sent in a conversation), whatever the type.
  const disposition = !options.download && isInlineViewable(file.mimeType) ? 'inline' : 'attachment';
  const presign = (file.stream as RangedStream)[PRESIGN];
  const mode = reply.request.headers['sec-fetch-mode'];
  if (presign && (mode === undefined || mode === 'navigate')) {
    const location = await presign({ fileName: file.fileName, mimeType: file.mimeType, disposition });
    file.stream.destroy();
    return reply.code(302).header('Location', location).header('Cache-Control', 'private, no-store').header('Referrer-Policy', 'no-referrer').send();
  }
  reply
    .header('Content-Type', file.mimeType)
    .header('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('Cache-Control', 'private, no-store')
    .header('X-Content-Type-Options', 'nosniff');
  const reopen = (file.stream as RangedStream)[REOPEN_RANGE];
  const header = reply.request.headers.range;
  if (!reopen || file.size <= 0) return reply.header('Content-Length', file.size).send(file.stream);
  reply.header('Accept-Ranges', 'bytes');
  if (typeof header !== 'string') return reply.header('Content-Length', file.size).send(file.stream);
  const range = parseRange(header, file.size);
  if (range === 'ignore') return reply.header('Content-Length', file.size).send(file.stream);
  file.stream.destroy();
  if (range === 'unsatisfiable') return reply.code(416).header('Content-Range', `bytes */${file.size}`).send();
  const part = await reopen(range);
  return reply
    .code(206)
    .header('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`)
    .header('Content-Length', range.end - range.start + 1)
    .send(part);
}

/** One byte range of RFC 9110 §14.1.2; several ranges, or a header we do not understand, are answered with the whole file. */
export function parseRange(header: string, size: number): ByteRange | 'ignore' | 'unsatisfiable' {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'ignore';
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

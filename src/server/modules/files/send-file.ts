import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
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
 */
export function sendFile(reply: FastifyReply, file: OpenedFile) {
  const disposition = isInlineViewable(file.mimeType) ? 'inline' : 'attachment';
  return reply
    .header('Content-Type', file.mimeType)
    .header('Content-Length', file.size)
    .header('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('Cache-Control', 'private, no-store')
    .header('X-Content-Type-Options', 'nosniff')
    .send(file.stream);
}

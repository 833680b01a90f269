import type { FastifyRequest } from 'fastify';
import { badRequest, DomainError } from '../../http/errors.js';
import type { ErrorCode } from '../../../shared/messages.js';
import { safeFileName } from '../files/file-names.js';

/** The one multipart field these routes read a file from. */
export const FILE_FIELD = 'file';

/**
 * One uploaded file held in memory, up to `maxBytes`: what is verified or imported here is
 * never stored, so it never goes through the file store's staging.
 */
export async function readSingleFile(request: FastifyRequest, maxBytes: number, missing: ErrorCode): Promise<{ name: string; bytes: Buffer }> {
  if (!request.isMultipart()) throw new DomainError('NOT_MULTIPART', 415);
  const part = await request.file({ limits: { fileSize: maxBytes, files: 1, fields: 5 } });
  if (!part) throw badRequest(missing);
  const name = safeFileName(part.filename, '');
  if (part.fieldname !== FILE_FIELD) {
    part.file.resume();
    throw badRequest('UNEXPECTED_FILE_FIELD', { field: safeFileName(part.fieldname, ''), expected: FILE_FIELD });
  }
  const bytes = await part.toBuffer();
  if (part.file.truncated) throw badRequest('FILE_TOO_LARGE', { name, maxMb: Math.round(maxBytes / 1024 / 1024 * 10) / 10 });
  return { name, bytes };
}

/** A stored file read into memory, refusing more than `maxBytes` as it streams. */
export async function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > maxBytes) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      return null;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

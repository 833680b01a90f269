import type { FastifyRequest } from 'fastify';
import { DomainError, ValidationError, badRequest, validationErrorFromZod } from '../../http/errors.js';
import { parseJsonInput } from '../../http/input-text.js';
import { ALLOWED_MIME_TYPES, detectMimeType } from '../files/file-types.js';
import type { FileStore } from '../files/file-store.js';
import { registerMetadata, type RegisterMetadata } from './incoming.schemas.js';
import type { UploadedFile } from './incoming.service.js';

export interface UploadLimits { maxFileMb: number; maxFiles: number }

/**
 * Reads a multipart form (an optional `metadata` JSON field and `files`), storing each file as it
 * arrives. Whatever happens afterwards, `discard()` removes the files this request added and no
 * row took, so a failed request leaves neither a row without its file nor a file without its row.
 */
export async function receiveUpload(request: FastifyRequest, store: FileStore, limits: UploadLimits) {
  if (!request.isMultipart()) throw new DomainError('NOT_MULTIPART', 415);
  const added: string[] = [];
  const files: UploadedFile[] = [];
  let metadataText: string | undefined;
  const maxBytes = limits.maxFileMb * 1024 * 1024;

  const discard = async (keep: (hash: string) => Promise<boolean>) => {
    for (const hash of added) if (!(await keep(hash))) await store.remove(hash);
  };

  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: limits.maxFiles, fields: 10 } })) {
      if (part.type === 'field') {
        if (part.fieldname === 'metadata') metadataText = String(part.value);
        continue;
      }
      const stored = await store.put(part.file, maxBytes);
      if (!stored.truncated && !stored.existed) added.push(stored.hash);
      if (stored.truncated || part.file.truncated) throw badRequest('FILE_TOO_LARGE', { name: part.filename, maxMb: limits.maxFileMb });
      const mimeType = await detectMimeType(store.pathOf(stored.hash));
      if (!mimeType || !ALLOWED_MIME_TYPES.has(mimeType)) throw badRequest('FILE_TYPE_NOT_ALLOWED', { name: part.filename });
      files.push({ hash: stored.hash, fileName: part.filename || 'tep-dinh-kem', mimeType, size: stored.size });
    }
  } catch (error) {
    await discard(async () => false).catch(() => undefined);
    if ((error as { code?: string }).code === 'FST_FILES_LIMIT') throw badRequest('TOO_MANY_FILES', { max: limits.maxFiles });
    throw error;
  }

  return { metadataText, files, discard };
}

/** A registration: the upload plus its validated `metadata`. */
export async function receiveRegistration(request: FastifyRequest, store: FileStore, limits: UploadLimits) {
  const upload = await receiveUpload(request, store, limits);
  let metadata: RegisterMetadata;
  try {
    const parsed = registerMetadata.safeParse(parseJsonInput(upload.metadataText ?? '{}'));
    if (!parsed.success) throw validationErrorFromZod(parsed.error);
    metadata = parsed.data;
  } catch (error) {
    await upload.discard(async () => false);
    if (error instanceof SyntaxError) throw ValidationError.single('metadata', 'không đúng định dạng JSON', 'is not valid JSON', 'invalid_json');
    throw error;
  }
  return { metadata, files: upload.files, discard: upload.discard };
}

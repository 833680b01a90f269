import type { FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import { DomainError, ValidationError, badRequest, validationErrorFromZod } from '../../http/errors.js';
import { parseJsonInput } from '../../http/input-text.js';
import { safeFileName } from './file-names.js';
import type { FileStore, StagedFile } from './file-store.js';
import { detectMimeType, isAllowedType, isOfficeDocument, officeDocumentIsSane } from './file-types.js';

export interface UploadLimits { maxFileMb: number; maxFiles: number }

/** A checked file of an upload, ready to be named by an attachment row once committed. */
export interface UploadedFile {
  hash: string;
  fileName: string;
  mimeType: string;
  size: number;
}

/** The files field every upload route documents; a file under any other name is refused. */
export const FILES_FIELD = 'files';

export interface ReceivedUpload {
  /** Text fields of the form, by name. */
  fields: Map<string, string>;
  files: UploadedFile[];
  /** Puts the staged files into the store: call it right before writing the rows that name them. */
  commit(): Promise<void>;
  /** Removes this request's staging files; never touches committed content. Safe to call always. */
  discard(): Promise<void>;
}

/**
 * Reads a multipart form, staging each file as it arrives and checking it by content. Nothing
 * reaches the store until `commit()`, so a request refused for any reason leaves no content
 * behind; and since a request only ever removes its own staging files, two requests sending the
 * same bytes can never delete each other's content.
 */
export async function receiveUpload(request: FastifyRequest, store: FileStore, limits: UploadLimits): Promise<ReceivedUpload> {
  if (!request.isMultipart()) throw new DomainError('NOT_MULTIPART', 415);
  const staged: StagedFile[] = [];
  const files: UploadedFile[] = [];
  const fields = new Map<string, string>();
  const maxBytes = limits.maxFileMb * 1024 * 1024;
  const discard = async () => { await Promise.all(staged.map((s) => s.discard())); };

  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: limits.maxFiles, fields: 10 } })) {
      if (part.type === 'field') {
        fields.set(part.fieldname, String(part.value));
        continue;
      }
      const shownName = safeFileName(part.filename, '');
      if (part.fieldname !== FILES_FIELD) {
        part.file.resume();
        throw badRequest('UNEXPECTED_FILE_FIELD', { field: safeFileName(part.fieldname, ''), expected: FILES_FIELD });
      }
      const user = request.currentUser;
      const origin = user ? { agencyId: user.agencyId, userId: user.id, fileName: shownName } : undefined;
      const result = await store.stage(part.file, maxBytes, origin).catch((error: unknown) => {
        // The antivirus (scanning-file-store.ts) refused it: say which file, and keep a trace of who sent what.
        if (error instanceof DomainError && (error.code === 'FILE_INFECTED' || error.code === 'SCANNER_UNAVAILABLE')) {
          if (error.code === 'FILE_INFECTED') request.log.warn({ event: 'upload_infected', user: request.currentUser?.id, ip: request.ip, file: shownName, signature: error.params.signature, url: request.url }, 'infected upload refused');
          throw new DomainError(error.code, error.status, { ...error.params, name: shownName }, error.details);
        }
        throw error;
      });
      if (result.truncated || part.file.truncated) {
        if (!result.truncated) staged.push(result);
        throw badRequest('FILE_TOO_LARGE', { name: shownName, maxMb: limits.maxFileMb });
      }
      staged.push(result);
      const mimeType = await detectMimeType(result.path);
      if (!isAllowedType(mimeType)) throw badRequest('FILE_TYPE_NOT_ALLOWED', { name: shownName });
      if (isOfficeDocument(mimeType) && !(await officeDocumentIsSane(result.path, result.size))) {
        throw badRequest('FILE_UNPACKS_TOO_LARGE', { name: shownName });
      }
      files.push({ hash: result.hash, fileName: safeFileName(part.filename, mimeType), mimeType, size: result.size });
    }
  } catch (error) {
    await discard().catch(() => undefined);
    if ((error as { code?: string }).code === 'FST_FILES_LIMIT') throw badRequest('TOO_MANY_FILES', { max: limits.maxFiles });
    throw error;
  }

  return {
    fields,
    files,
    async commit() {
      for (const file of staged) await file.commit();
    },
    discard,
  };
}

/**
 * An upload whose `metadata` field holds JSON checked by `schema` (a registration, a new draft).
 * A refused form leaves nothing behind: its staging files are discarded before the error is thrown.
 */
export async function receiveUploadWithMetadata<T>(request: FastifyRequest, store: FileStore, limits: UploadLimits, schema: ZodType<T>): Promise<ReceivedUpload & { metadata: T }> {
  const upload = await receiveUpload(request, store, limits);
  try {
    let raw: unknown;
    try {
      raw = parseJsonInput(upload.fields.get('metadata') ?? '{}');
    } catch (error) {
      if (error instanceof SyntaxError) throw ValidationError.single('metadata', 'không đúng định dạng JSON', 'is not valid JSON', 'invalid_json');
      throw error;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw validationErrorFromZod(parsed.error);
    return { ...upload, metadata: parsed.data };
  } catch (error) {
    await upload.discard();
    throw error;
  }
}

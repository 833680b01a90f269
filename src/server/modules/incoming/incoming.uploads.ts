import type { FastifyRequest } from 'fastify';
import { ValidationError, validationErrorFromZod } from '../../http/errors.js';
import { parseJsonInput } from '../../http/input-text.js';
import type { FileStore } from '../files/file-store.js';
import { receiveUpload, type ReceivedUpload, type UploadLimits } from '../files/uploads.js';
import { registerMetadata, type RegisterMetadata } from './incoming.schemas.js';

/** A registration: the upload plus its validated `metadata` field. */
export async function receiveRegistration(request: FastifyRequest, store: FileStore, limits: UploadLimits): Promise<ReceivedUpload & { metadata: RegisterMetadata }> {
  const upload = await receiveUpload(request, store, limits);
  try {
    let raw: unknown;
    try {
      raw = parseJsonInput(upload.fields.get('metadata') ?? '{}');
    } catch (error) {
      if (error instanceof SyntaxError) throw ValidationError.single('metadata', 'không đúng định dạng JSON', 'is not valid JSON', 'invalid_json');
      throw error;
    }
    const parsed = registerMetadata.safeParse(raw);
    if (!parsed.success) throw validationErrorFromZod(parsed.error);
    return { ...upload, metadata: parsed.data };
  } catch (error) {
    await upload.discard();
    throw error;
  }
}

import type { FastifyRequest } from 'fastify';
import type { FileStore } from '../files/file-store.js';
import { type ReceivedUpload, type UploadLimits, receiveUploadWithMetadata } from '../files/uploads.js';
import { type RegisterMetadata, registerMetadata } from './incoming.schemas.js';

/** A registration: the upload plus its validated `metadata` field. */
export const receiveRegistration = (request: FastifyRequest, store: FileStore, limits: UploadLimits): Promise<ReceivedUpload & { metadata: RegisterMetadata }> =>
  receiveUploadWithMetadata(request, store, limits, registerMetadata);

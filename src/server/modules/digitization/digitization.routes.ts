import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import type { FileStore } from '../files/file-store.js';
import { sendFile } from '../files/send-file.js';
import { attachmentParams, correctionBody } from './digitization.schemas.js';
import * as digitization from './digitization.service.js';

export async function digitizationRoutes(app: FastifyInstance, deps: { db: Db; files: FileStore; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['digitization'];
  const path = '/api/incoming-documents/:id/attachments/:attachmentId';

  api.get(`${path}/text`, { schema: { tags, summary: "A file's digitization: state, pages, SHA-256, scan quality and the text read (corrected, when it was)", params: attachmentParams } }, async (req) =>
    digitization.fileText(deps, actionContext(req), req.params.id, req.params.attachmentId));

  api.patch(`${path}/text`, { schema: { tags, summary: "Correct a file's read text (clerk); the history records it", params: attachmentParams, body: correctionBody } }, async (req) => {
    await digitization.correctText(deps, actionContext(req), req.params.id, req.params.attachmentId, req.body.text);
    return digitization.fileText(deps, actionContext(req), req.params.id, req.params.attachmentId);
  });

  api.get(`${path}/searchable`, { schema: { tags, summary: 'The searchable PDF/A copy OCR made of a scan', params: attachmentParams } }, async (req, reply) =>
    sendFile(reply, await digitization.searchableCopy(deps, actionContext(req), req.params.id, req.params.attachmentId)));
}

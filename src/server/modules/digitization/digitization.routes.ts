import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import type { FileStore } from '../files/file-store.js';
import { sendFile } from '../files/send-file.js';
import { attachmentParams, correctionBody, prefillParams } from './digitization.schemas.js';
import * as digitization from './digitization.service.js';
import { prefillOf, startPrefill } from './prefill.service.js';
import { canRegister } from '../incoming/incoming.policies.js';
import { forbidden } from '../../http/errors.js';
import { receiveUpload } from '../files/uploads.js';
import type { Config } from '../../config.js';

export async function digitizationRoutes(app: FastifyInstance, deps: { db: Db; files: FileStore; clock: Clock; config: Config }) {
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

  api.post('/api/incoming-documents/prefill', {
    schema: { tags, summary: 'Drop one file on the registration form: its scan quality now, its fields once read (clerk)', description: 'multipart/form-data with one `files` part. Poll GET /api/incoming-documents/prefill/{hash} until state is done.', consumes: ['multipart/form-data'] },
  }, async (request, reply) => {
    const ctx = actionContext(request);
    if (!canRegister(ctx.user)) throw forbidden('ONLY_CLERK_REGISTERS');
    const upload = await receiveUpload(request, deps.files, { maxFileMb: deps.config.maxFileMb, maxFiles: 1 });
    try {
      return reply.status(201).send(await startPrefill(deps, ctx, upload));
    } finally {
      await upload.discard();
    }
  });

  api.get('/api/incoming-documents/prefill/:hash', { schema: { tags, summary: 'The fields read from a dropped file (state waiting/reading until read)', params: prefillParams } }, async (req) =>
    prefillOf(deps, actionContext(req), req.params.hash));
}

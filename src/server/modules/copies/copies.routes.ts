import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import type { FileStore } from '../files/file-store.js';
import { sendFile } from '../files/send-file.js';
import type { KeyVault } from '../signatures/keys.js';
import { copyParams, documentParams, makeCopyBody, registerQuery } from './copies.schemas.js';
import { copiesRegister, listCopies, makeCopy, openCopy, verifyCopy } from './copies.service.js';

export async function copiesRoutes(app: FastifyInstance, deps: { db: Db; files: FileStore; clock: Clock; vault: Promise<KeyVault> }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['copies'];

  api.post('/api/documents/:id/copies', {
    schema: {
      tags, summary: 'Make an electronic copy (sao y, sao lục, trích sao) of a PDF of the document, numbered and signed by the agency (the clerk)',
      description: '`source`: `{ "kind": "signed_pdf" }` (an issued outgoing document) or `{ "kind": "attachment", "attachmentId": … }` (a PDF file of the document). `pages` only for `trich_sao` ("1-2,5"). `agencyPassphrase` opens the agency certificate and is never stored.',
      params: documentParams, body: makeCopyBody,
    },
  }, async (req, reply) => reply.status(201).send(await makeCopy(deps, actionContext(req), req.params.id, req.body)));

  api.get('/api/documents/:id/copies', { schema: { tags, summary: 'The electronic copies made of a document (whoever may see the document)', params: documentParams } }, async (req) =>
    listCopies(deps, actionContext(req), req.params.id));

  api.get('/api/copies/register', { schema: { tags, summary: 'The copies register (Sổ sao văn bản) of a year (the clerk and the leaders)', querystring: registerQuery } }, async (req) =>
    copiesRegister(deps, actionContext(req), req.query));

  api.get('/api/copies/:copyId/pdf', { schema: { tags, summary: 'The signed PDF of a copy (same access as the files of its document)', params: copyParams } }, async (req, reply) => {
    const file = await openCopy(deps, actionContext(req), req.params.copyId);
    return sendFile(reply, { stream: file.stream, fileName: file.fileName, size: file.size, mimeType: 'application/pdf' });
  });

  api.get('/api/copies/:copyId/verification', { schema: { tags: [...tags, 'signatures'], summary: 'The digital signatures of a copy', params: copyParams } }, async (req) =>
    verifyCopy(deps, actionContext(req), req.params.copyId));
}

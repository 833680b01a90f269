import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import type { FileStore } from '../files/file-store.js';
import { sendFile } from '../files/send-file.js';
import { acceptBody, deliveryFileParams, deliveryParams, documentParams, queueQuery, recallAnswerBody, recallBody, rejectBody, sentQuery } from './exchange.schemas.js';
import * as exchange from './exchange.service.js';

export async function exchangeRoutes(app: FastifyInstance, deps: { db: Db; files: FileStore; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['exchange'];
  const ok = { ok: true };

  api.get('/api/exchange/received', { schema: { tags, summary: 'The electronic-incoming queue (Văn bản điện tử đến) of the clerk\'s agency: waiting items, or all', querystring: queueQuery } }, async (req) =>
    exchange.queue(deps, actionContext(req), req.query));

  api.get('/api/exchange/received/:id', { schema: { tags, summary: 'One received electronic document: the sender\'s metadata, its files, what it replaces, the allowed actions (clerk)', params: deliveryParams } }, async (req) =>
    exchange.receivedItem(deps, actionContext(req), req.params.id));

  api.get('/api/exchange/received/:id/files/:fileId', { schema: { tags, summary: 'A file of a received electronic document (`main` or an attachment id), from the sender\'s stored content', params: deliveryFileParams } }, async (req, reply) =>
    sendFile(reply, await exchange.openFile(deps, actionContext(req), req.params.id, req.params.fileId)));

  api.get('/api/exchange/received/:id/files/:fileId/verification', { schema: { tags: [...tags, 'signatures'], summary: 'The digital signatures of a received file, against the agency\'s trusted roots', params: deliveryFileParams } }, async (req) =>
    exchange.verifyFile(deps, actionContext(req), req.params.id, req.params.fileId));

  api.post('/api/exchange/received/:id/accept', { schema: { tags, summary: 'Accept: register it in the incoming register (sender\'s metadata as sent) and tell the sender (03)', params: deliveryParams, body: acceptBody } }, async (req, reply) =>
    reply.status(201).send(await exchange.accept(deps, actionContext(req), req.params.id, req.body)));

  api.post('/api/exchange/received/:id/reject', { schema: { tags, summary: 'Reject with a reason (misaddressed, invalid_signature, other + note) and tell the sender (02)', params: deliveryParams, body: rejectBody } }, async (req) => {
    await exchange.reject(deps, actionContext(req), req.params.id, req.body);
    return ok;
  });

  api.post('/api/exchange/received/:id/recall-answer', { schema: { tags, summary: 'Answer the sender\'s recall: agree (15: withdrawn and frozen) or refuse with a reason (16)', params: deliveryParams, body: recallAnswerBody } }, async (req) => {
    await exchange.answerRecall(deps, actionContext(req), req.params.id, req.body);
    return ok;
  });

  api.get('/api/exchange/sent', { schema: { tags, summary: 'Theo dõi văn bản đã gửi: sent documents and their receivers\' progress', querystring: sentQuery } }, async (req) =>
    exchange.sentList(deps, actionContext(req), req.query.page, req.query.pageSize));

  api.get('/api/exchange/sent/:documentId', { schema: { tags, summary: 'Every receiver of a sent document and its state (edXML 01–06, recall 13/15/16)', params: documentParams } }, async (req) =>
    exchange.sentDocument(deps, actionContext(req), req.params.documentId));

  api.post('/api/exchange/sent/:documentId/recall', { schema: { tags, summary: 'Recall an issued document from its receivers, with a reason (13) (clerk or leader of the issuing agency)', params: documentParams, body: recallBody } }, async (req) => {
    await exchange.recall(deps, actionContext(req), req.params.documentId, req.body.reason);
    return ok;
  });
}

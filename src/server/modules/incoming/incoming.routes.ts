import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Config } from '../../config.js';
import type { Clock } from '../../time.js';
import { forbidden } from '../../http/errors.js';
import { actionContext } from '../auth/current-user.js';
import { canRegister } from './incoming.policies.js';
import type { FileStore } from '../files/file-store.js';
import { sendFile } from '../files/send-file.js';
import { assignBody, reasonBody } from '../assignments/assignments.schemas.js';
import { attachmentParams, duplicatesQuery, editBody, idParams, inboxQuery, listQuery, submitBody } from './incoming.schemas.js';
import * as incoming from './incoming.service.js';
import * as workflow from './incoming.workflow.js';
import { receiveUpload } from '../files/uploads.js';
import { receiveRegistration } from './incoming.uploads.js';

export async function incomingRoutes(app: FastifyInstance, deps: { db: Db; files: FileStore; clock: Clock; config: Config }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['incoming'];
  const ok = { ok: true };

  api.post('/api/incoming-documents', {
    schema: {
      tags,
      summary: 'Register an incoming document (clerk)',
      description: 'multipart/form-data: a `metadata` field holding JSON (issuer, number, notation, issuedOn, documentType, summary, signer, urgency, secrecy, pageCount, dueDate, confirmDuplicate, submitTo) and one or more `files` (PDF, JPG, PNG, TIFF, DOCX, XLSX). 409 DUPLICATE_DOCUMENT lists documents with the same issuer and reference until confirmDuplicate is true.',
      consumes: ['multipart/form-data'],
    },
  }, async (request, reply) => {
    const ctx = actionContext(request);
    // Refuse before reading the upload: nothing from a forbidden request touches the disk.
    if (!canRegister(ctx.user)) throw forbidden('ONLY_CLERK_REGISTERS');
    const upload = await receiveRegistration(request, deps.files, deps.config);
    try {
      return reply.status(201).send(await incoming.register(deps, ctx, upload.metadata, upload));
    } finally {
      await upload.discard();
    }
  });

  api.get('/api/incoming-documents', { schema: { tags, summary: 'The incoming register (filtered, paged)', querystring: listQuery } }, async (req) =>
    incoming.list(deps, actionContext(req), req.query));

  api.get('/api/incoming-documents/duplicates', { schema: { tags, summary: 'Documents already registered with this issuer and reference', querystring: duplicatesQuery } }, async (req) =>
    ({ items: await incoming.duplicates(deps, actionContext(req), req.query.issuer, req.query.number, req.query.notation) }));

  api.get('/api/incoming-documents/:id', { schema: { tags, summary: 'A document with files, assignments, history and allowed actions (opening it is recorded in the access log)', params: idParams } }, async (req) =>
    incoming.detail(deps, actionContext(req), req.params.id, { recordView: true }));

  api.get('/api/incoming-documents/:id/attachments/:attachmentId', { schema: { tags, summary: 'Open a file (inline for PDF and images)', params: attachmentParams } }, async (req, reply) => {
    return sendFile(reply, await incoming.openAttachment(deps, actionContext(req), req.params.id, req.params.attachmentId));
  });

  api.patch('/api/incoming-documents/:id', { schema: { tags, summary: 'Correct the registered details (clerk, before assignment)', params: idParams, body: editBody } }, async (req) => {
    await incoming.edit(deps, actionContext(req), req.params.id, req.body);
    return incoming.detail(deps, actionContext(req), req.params.id);
  });

  api.post('/api/incoming-documents/:id/attachments', {
    schema: { tags, summary: 'Add files (clerk, before assignment)', description: 'multipart/form-data with one or more `files`.', params: idParams, consumes: ['multipart/form-data'] },
  }, async (request, reply) => {
    const ctx = actionContext(request);
    if (!canRegister(ctx.user)) throw forbidden('ONLY_CLERK_EDITS');
    const upload = await receiveUpload(request, deps.files, deps.config);
    try {
      await incoming.addFiles(deps, ctx, request.params.id, upload, deps.config.maxFiles);
    } finally {
      await upload.discard();
    }
    return reply.status(201).send(await incoming.detail(deps, ctx, request.params.id));
  });

  api.post('/api/incoming-documents/:id/submit', { schema: { tags, summary: 'Submit to a leader (clerk)', params: idParams, body: submitBody } }, async (req) => {
    await incoming.submit(deps, actionContext(req), req.params.id, req.body.leaderId, req.body.note);
    return ok;
  });
  api.post('/api/incoming-documents/:id/return', { schema: { tags, summary: 'Return a submitted document to the clerk (leader)', params: idParams, body: reasonBody } }, async (req) => {
    await incoming.returnToClerk(deps, actionContext(req), req.params.id, req.body.reason);
    return ok;
  });
  api.post('/api/incoming-documents/:id/assign', { schema: { tags, summary: 'Direction and first assignment (leader)', params: idParams, body: assignBody } }, async (req) =>
    ({ assignmentIds: await workflow.assign(deps, actionContext(req), req.params.id, req.body) }));

  api.get('/api/inbox', { schema: { tags: ['inbox'], summary: 'My documents: todo, in_progress, returned, done, overdue, info', querystring: inboxQuery } }, async (req) =>
    incoming.inbox(deps, actionContext(req), req.query.box, req.query.page, req.query.pageSize));
  api.get('/api/inbox/counts', { schema: { tags: ['inbox'], summary: 'Counts for the menu' } }, async (req) => incoming.counts(deps, actionContext(req)));
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import type { FileStore } from '../files/file-store.js';
import { sendFile } from '../files/send-file.js';
import { receiveUpload, receiveUploadWithMetadata } from '../files/uploads.js';
import { listChains, previewChain, saveChain } from './outgoing.chains.js';
import { compareVersions } from './outgoing.compare.js';
import * as consultations from './outgoing.consultations.js';
import {
  answerMetadata, answerParams, consultBody, consultationFileParams, approveBody, boxQuery, registerQuery, chainBody, chainPreviewQuery, draftEdit, draftMetadata, fileParams, attachmentQuery, forwardBody, idParams, issueBody, returnBody, submitBody, versionParams, compareQuery,
} from './outgoing.schemas.js';
import { outgoingCounts } from './outgoing.repository.js';
import * as outgoing from './outgoing.service.js';
import type { KeyVault } from '../signatures/keys.js';

export async function outgoingRoutes(app: FastifyInstance, deps: { db: Db; files: FileStore; clock: Clock; config: Config; vault?: Promise<KeyVault> }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['outgoing'];
  const ok = { ok: true };

  api.post('/api/outgoing-documents', {
    schema: {
      tags,
      summary: 'Start a draft outgoing document (any official)',
      description: 'multipart/form-data: a `metadata` field holding JSON (documentType, summary, urgency, secrecy, draftingUnitId, signerId, signingForm, replyToId, recipients[], note) and `files`: the first is the main document (DOCX or PDF, version 1), the others are attachments.',
      consumes: ['multipart/form-data'],
    },
  }, async (request, reply) => {
    const ctx = actionContext(request);
    const upload = await receiveUploadWithMetadata(request, deps.files, deps.config, draftMetadata);
    try {
      const { id } = await outgoing.createDraft(deps, ctx, upload.metadata, upload);
      return reply.status(201).send(await outgoing.detail(deps, ctx, id));
    } finally {
      await upload.discard();
    }
  });

  api.get('/api/outgoing-documents', { schema: { tags, summary: 'A box of outgoing documents: review (waiting for me), mine, to_issue (clerk), issued', querystring: boxQuery } }, async (req) =>
    outgoing.list(deps, actionContext(req), req.query.box, req.query.page, req.query.pageSize));

  api.get('/api/outgoing-register', { schema: { tags, summary: 'The outgoing register (sổ văn bản đi) with the Decree 30 columns, filtered and paged', querystring: registerQuery } }, async (req) =>
    outgoing.register(deps, actionContext(req), req.query));

  api.get('/api/outgoing-documents/counts', { schema: { tags, summary: 'Counts for the menu: waiting for my review, my open drafts, to issue (clerk)' } }, async (req) =>
    outgoingCounts(deps.db, actionContext(req).user));

  api.get('/api/outgoing-documents/:id', { schema: { tags, summary: 'A draft or issued document with versions, comments, the review chain, recipients, history and allowed actions', params: idParams } }, async (req) =>
    outgoing.detail(deps, actionContext(req), req.params.id, { recordView: true }));

  api.patch('/api/outgoing-documents/:id', { schema: { tags, summary: 'Correct a saved draft: details and recipients (drafter, while the draft is with them)', params: idParams, body: draftEdit } }, async (req) => {
    await outgoing.editDraft(deps, actionContext(req), req.params.id, req.body);
    return outgoing.detail(deps, actionContext(req), req.params.id);
  });

  api.get('/api/outgoing-documents/:id/attachments/:fileId', {
    schema: { tags, summary: 'Open an attachment (inline for PDF and images); after issuance the PDF with the agency signature, `?original=true` for the file as uploaded', params: fileParams, querystring: attachmentQuery },
  }, async (req, reply) =>
    sendFile(reply, await outgoing.openAttachment(deps, actionContext(req), req.params.id, req.params.fileId, { original: req.query.original === 'true' })));

  api.delete('/api/outgoing-documents/:id/attachments/:fileId', { schema: { tags, summary: 'Remove an attachment from a draft (drafter, while the draft is with them)', params: fileParams } }, async (req) => {
    await outgoing.removeAttachment(deps, actionContext(req), req.params.id, req.params.fileId);
    return outgoing.detail(deps, actionContext(req), req.params.id);
  });

  api.post('/api/outgoing-documents/:id/versions', {
    schema: { tags, summary: 'Upload a revised main file: the next version (drafter, while the draft is with them)', description: 'multipart/form-data: `files` (the first is the new main file, others are added as attachments) and an optional `note` field.', params: idParams, consumes: ['multipart/form-data'] },
  }, async (request, reply) => {
    const ctx = actionContext(request);
    const upload = await receiveUpload(request, deps.files, deps.config);
    try {
      const note = upload.fields.get('note')?.trim().slice(0, 1000) || undefined;
      await outgoing.addVersion(deps, ctx, request.params.id, upload, note);
    } finally {
      await upload.discard();
    }
    return reply.status(201).send(await outgoing.detail(deps, ctx, request.params.id));
  });

  api.get('/api/outgoing-documents/:id/versions/compare', {
    schema: {
      tags,
      summary: 'Compare the text of two versions word by word (DOCX or PDF): what was removed from `from` and added in `to`',
      description: 'Answers both versions (number, file, who uploaded it, when), `parts` in reading order (`same`, `removed`: only in `from`, `added`: only in `to`) and the words added and removed. 422 FILE_UNREADABLE when a file cannot be read.',
      params: idParams,
      querystring: compareQuery,
    },
  }, async (req) => compareVersions(deps, actionContext(req), req.params.id, req.query.from, req.query.to));

  api.get('/api/outgoing-documents/:id/versions/:version', { schema: { tags, summary: 'Open one version of the main file', params: versionParams } }, async (req, reply) => {
    const file = await outgoing.openVersion(deps, actionContext(req), req.params.id, req.params.version);
    return sendFile(reply, file);
  });

  api.get('/api/outgoing-documents/:id/versions/:version/pdf', { schema: { tags, summary: 'The PDF of a version (a PDF upload itself, or the DOCX converted by LibreOffice)', params: versionParams } }, async (req, reply) => {
    const file = await outgoing.openVersionPdf(deps, actionContext(req), req.params.id, req.params.version);
    return sendFile(reply, { ...file, mimeType: 'application/pdf' });
  });

  api.post('/api/outgoing-documents/:id/submit', { schema: { tags, summary: 'Submit the draft for review (drafter)', params: idParams, body: submitBody } }, async (req) => {
    await outgoing.submit(deps, actionContext(req), req.params.id, req.body.comment);
    return ok;
  });
  api.post('/api/outgoing-documents/:id/approve', { schema: { tags, summary: 'Approve the current step (its holder); the last step approves for signing', params: idParams, body: approveBody } }, async (req) =>
    outgoing.approve(deps, actionContext(req), req.params.id, req.body.comment));
  api.post('/api/outgoing-documents/:id/return', { schema: { tags, summary: 'Return the draft to its drafter with comments (holder of the current step)', params: idParams, body: returnBody } }, async (req) => {
    await outgoing.returnDraft(deps, actionContext(req), req.params.id, req.body.comment);
    return ok;
  });
  api.post('/api/outgoing-documents/:id/forward', { schema: { tags, summary: 'Pass the review to another leader outside the chain (holder of the current step)', params: idParams, body: forwardBody } }, async (req) => {
    await outgoing.forward(deps, actionContext(req), req.params.id, req.body.userId, req.body.comment);
    return ok;
  });
  api.get('/api/outgoing-documents/:id/next-number', { schema: { tags, summary: 'The number and notation issuing would take now (clerk)', params: idParams } }, async (req) =>
    outgoing.previewNumber(deps, actionContext(req), req.params.id));
  api.post('/api/outgoing-documents/:id/issue', { schema: { tags, summary: 'Number and issue an approved document; recipients inside the agency get it at once (clerk)', params: idParams, body: issueBody } }, async (req) =>
    outgoing.issue(deps, actionContext(req), req.params.id, req.body));

  api.post('/api/outgoing-documents/:id/consultations', { schema: { tags, summary: 'Ask units or officials for comments by a date (drafter or reviewer)', params: idParams, body: consultBody } }, async (req, reply) =>
    reply.status(201).send(await consultations.ask(deps, actionContext(req), req.params.id, req.body)));
  api.post('/api/consultation-answers/:answerId', {
    schema: { tags, summary: 'Answer a consultation once (the official asked, or the head of the unit asked)', description: 'multipart/form-data: `metadata` JSON {opinion: agree | agree_with_comments | disagree, comment} and optional `files`.', params: answerParams, consumes: ['multipart/form-data'] },
  }, async (request) => {
    const ctx = actionContext(request);
    const upload = await receiveUploadWithMetadata(request, deps.files, deps.config, answerMetadata);
    try {
      await consultations.answer(deps, ctx, request.params.answerId, upload.metadata, upload);
    } finally {
      await upload.discard();
    }
    return ok;
  });
  api.get('/api/outgoing-documents/:id/consultation-files/:fileId', { schema: { tags, summary: 'Open a file attached to an answer', params: consultationFileParams } }, async (req, reply) => {
    const file = await consultations.openConsultationFile(deps, actionContext(req), req.params.id, req.params.fileId);
    return sendFile(reply, file);
  });

  api.get('/api/approval-chains', { schema: { tags, summary: 'The agency’s approval chains (default and per document type)' } }, async (req) =>
    listChains(deps.db, actionContext(req).user.agencyId));
  api.put('/api/approval-chains', { schema: { tags, summary: 'Set the chain of a document type, or the default (admin)', body: chainBody } }, async (req) =>
    saveChain(deps.db, actionContext(req), req.body));
  api.get('/api/approval-chains/preview', { schema: { tags, summary: 'Whom the chain names for a drafter', querystring: chainPreviewQuery } }, async (req) =>
    previewChain(deps.db, actionContext(req), req.query));
}

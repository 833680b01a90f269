import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MESSAGE_MAX_LENGTH } from '../../../shared/chat.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { ValidationError } from '../../http/errors.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import type { FileStore } from '../files/file-store.js';
import { sendFile } from '../files/send-file.js';
import { receiveUpload } from '../files/uploads.js';
import { createBody, fileParams, idParams, memberParams, membersBody, messageBody, pageQuery, readBody, searchQuery } from './messages.schemas.js';
import * as messages from './messages.service.js';

export async function messagesRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock; files: FileStore; config: Config }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['messages'];

  api.get('/api/conversations', { schema: { tags, summary: 'My conversations (current member), newest activity first, with unread counts and the total' } }, async (req) =>
    messages.listConversations(deps, actionContext(req)));

  api.get('/api/conversations/unread-count', { schema: { tags, summary: 'Unread messages in all my conversations (the menu badge)' } }, async (req) =>
    messages.unreadCount(deps, actionContext(req)));

  api.get('/api/conversations/search', { schema: { tags, summary: 'Search the history of my conversations; with or without diacritics ("hop" finds "họp")', querystring: searchQuery } }, async (req) =>
    messages.searchHistory(deps, actionContext(req), req.query.q, req.query.conversationId));

  api.post('/api/conversations', {
    schema: { tags, summary: 'Open a direct conversation with a colleague (200: the existing one) or create a group (201); members are officials of my agency', body: createBody },
  }, async (req, reply) => {
    const { created, conversation } = await messages.createConversation(deps, actionContext(req), req.body);
    return reply.status(created ? 201 : 200).send(conversation);
  });

  api.get('/api/conversations/:id', { schema: { tags, summary: 'A conversation: members with their read position, what I may do', params: idParams } }, async (req) =>
    messages.getConversation(deps, actionContext(req), req.params.id));

  api.post('/api/conversations/:id/members', { schema: { tags, summary: 'Add colleagues to a group (its creator)', params: idParams, body: membersBody } }, async (req) =>
    messages.addMembers(deps, actionContext(req), req.params.id, req.body.userIds));

  api.delete('/api/conversations/:id/members/:userId', { schema: { tags, summary: 'Remove a member from a group (its creator): they no longer read it', params: memberParams } }, async (req) =>
    messages.removeMember(deps, actionContext(req), req.params.id, req.params.userId));

  api.post('/api/conversations/:id/leave', { schema: { tags, summary: 'Leave a group: from now on it is closed to me', params: idParams } }, async (req, reply) => {
    await messages.leave(deps, actionContext(req), req.params.id);
    return reply.status(204).send();
  });

  api.get('/api/conversations/:id/messages', { schema: { tags, summary: 'Messages, oldest first in the page; `before` (a seq) pages back', params: idParams, querystring: pageQuery } }, async (req) =>
    messages.listMessages(deps, actionContext(req), req.params.id, req.query.before, req.query.limit));

  api.post('/api/conversations/:id/messages', {
    schema: { tags, summary: `Send a message: text (at most ${MESSAGE_MAX_LENGTH} characters) and/or a link to a document or a task`, params: idParams, body: messageBody },
  }, async (req, reply) => reply.status(201).send(await messages.postMessage(deps, actionContext(req), req.params.id, req.body)));

  api.post('/api/conversations/:id/files', {
    schema: {
      tags, summary: 'Send files into a conversation (the limits and type checks of document attachments; antivirus when configured)',
      description: 'multipart/form-data: one or more `files` and an optional `text` field.', params: idParams, consumes: ['multipart/form-data'],
    },
  }, async (req, reply) => {
    const ctx = actionContext(req);
    const upload = await receiveUpload(req, deps.files, deps.config);
    try {
      const text = (upload.fields.get('text') ?? '').trim();
      if (text.length > MESSAGE_MAX_LENGTH) throw ValidationError.single('text', `tối đa ${MESSAGE_MAX_LENGTH} ký tự`, `at most ${MESSAGE_MAX_LENGTH} characters`, 'too_big');
      return reply.status(201).send(await messages.postFiles(deps, ctx, req.params.id, upload, text));
    } finally {
      await upload.discard();
    }
  });

  api.get('/api/conversations/:id/files/:fileId', { schema: { tags, summary: 'Download a file sent in the conversation (members only; always as an attachment)', params: fileParams } }, async (req, reply) =>
    sendFile(reply, await messages.openFile(deps, actionContext(req), req.params.id, req.params.fileId), { download: true }));

  api.post('/api/conversations/:id/read', { schema: { tags, summary: 'I have seen the conversation up to message `seq` (read receipts, unread counts)', params: idParams, body: readBody } }, async (req) =>
    messages.markRead(deps, actionContext(req), req.params.id, req.body.seq));
}

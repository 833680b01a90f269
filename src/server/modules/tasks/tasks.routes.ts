import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import type { FileStore } from '../files/file-store.js';
import { receiveUpload } from '../files/uploads.js';
import {
  checklistBody, checklistPatch, commentBody, createTaskBody, editTaskBody, fileParams, idParams, itemParams, listQuery, noteBody, passOnBody, progressBody, reasonBody, remindBody,
} from './tasks.schemas.js';
import {
  acceptTask, addChecklistItem, addFiles, checkItem, comment, completeTask, editTask, getTask, giveTask, listTasks, openFile, passOn, remindTask, returnTask, updateProgress,
} from './tasks.service.js';

export async function taskRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock; files: FileStore; config: Pick<Config, 'maxFileMb' | 'maxFiles'> }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tasks'];

  api.post('/api/tasks', {
    schema: {
      tags, summary: 'Give a task to officials or units (a lead, optional coordinators), standalone or from a document, a meeting or another task (a sub-task)',
      description: 'A document source must be one the assigner may see; a due date before today is refused.', body: createTaskBody,
    },
  }, async (req, reply) => reply.status(201).send(await giveTask(deps, actionContext(req), req.body)));

  api.get('/api/tasks', {
    schema: { tags, summary: "Tasks I gave (`given`), I have (`mine`), of my unit (`unit`, unit heads), of the agency (`all`, leaders); overdue first", querystring: listQuery },
  }, async (req) => listTasks(deps, actionContext(req), req.query));

  api.get('/api/tasks/:id', { schema: { tags, summary: 'A task: assignees, checklist, files, sub-tasks, history, source (a document only for those who may open it), allowed actions', params: idParams } }, async (req) =>
    getTask(deps, actionContext(req), req.params.id));

  api.patch('/api/tasks/:id', { schema: { tags, summary: 'Correct title, description, priority or due date (the assigner)', params: idParams, body: editTaskBody } }, async (req) =>
    editTask(deps, actionContext(req), req.params.id, req.body));

  api.post('/api/tasks/:id/progress', { schema: { tags, summary: 'Report progress in % (an assignee); `version` refuses a stale update with 409', params: idParams, body: progressBody } }, async (req) =>
    updateProgress(deps, actionContext(req), req.params.id, req.body));

  api.post('/api/tasks/:id/comments', { schema: { tags, summary: 'Comment (the assigner or an assignee)', params: idParams, body: commentBody } }, async (req) =>
    comment(deps, actionContext(req), req.params.id, req.body.text));

  api.post('/api/tasks/:id/complete', { schema: { tags, summary: 'Report the task done (the lead)', params: idParams, body: noteBody } }, async (req) =>
    completeTask(deps, actionContext(req), req.params.id, req.body.note));

  api.post('/api/tasks/:id/accept', { schema: { tags, summary: 'Accept (close) a completed task (the assigner)', params: idParams, body: noteBody } }, async (req) =>
    acceptTask(deps, actionContext(req), req.params.id, req.body.note));

  api.post('/api/tasks/:id/return', { schema: { tags, summary: 'Return a completed task with the reason: in progress again (the assigner)', params: idParams, body: reasonBody } }, async (req) =>
    returnTask(deps, actionContext(req), req.params.id, req.body.reason));

  api.post('/api/tasks/:id/pass-on', { schema: { tags, summary: "Pass a unit's part on to a member of the unit (a head of the unit)", params: idParams, body: passOnBody } }, async (req) =>
    passOn(deps, actionContext(req), req.params.id, req.body.assigneeId, req.body.userId));

  api.post('/api/tasks/:id/remind', { schema: { tags, summary: "Remind (đôn đốc) the task's assignees (the assigner, a leader, the unit's head)", params: idParams, body: remindBody } }, async (req) =>
    remindTask(deps, actionContext(req), req.params.id, req.body.note));

  api.post('/api/tasks/:id/checklist', { schema: { tags, summary: 'Add a checklist item', params: idParams, body: checklistBody } }, async (req, reply) =>
    reply.status(201).send(await addChecklistItem(deps, actionContext(req), req.params.id, req.body.text)));

  api.patch('/api/tasks/:id/checklist/:itemId', { schema: { tags, summary: 'Check or uncheck a checklist item', params: itemParams, body: checklistPatch } }, async (req) =>
    checkItem(deps, actionContext(req), req.params.id, req.params.itemId, req.body.done));

  api.post('/api/tasks/:id/files', {
    schema: { tags, summary: 'Add files (the assigner or an assignee; the documents\' limits)', description: 'multipart/form-data with one or more `files`.', params: idParams, consumes: ['multipart/form-data'] },
  }, async (request, reply) => {
    const ctx = actionContext(request);
    const upload = await receiveUpload(request, deps.files, deps.config);
    try {
      return reply.status(201).send(await addFiles(deps, ctx, request.params.id, upload, deps.config.maxFiles));
    } finally {
      await upload.discard();
    }
  });

  api.get('/api/tasks/:id/files/:fileId', { schema: { tags, summary: 'Download a file of the task (always as an attachment)', params: fileParams } }, async (req, reply) => {
    const file = await openFile(deps, actionContext(req), req.params.id, req.params.fileId);
    return reply
      .header('Content-Type', file.mimeType)
      .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('Content-Length', file.size)
      .header('Cache-Control', 'private, no-store')
      .header('X-Content-Type-Options', 'nosniff')
      .send(file.stream);
  });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { forbidden, ValidationError } from '../../http/errors.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import type { FileStore } from '../files/file-store.js';
import { sendFile } from '../files/send-file.js';
import { receiveUpload } from '../files/uploads.js';
import {
  addConclusion, addFiles, answer, cancelMeeting, changeMeeting, changeRoom, convene, createRoom, getMeeting, listMeetings, listRooms, openFile, remind, removeConclusion, conclusionToTask,
} from './meetings.service.js';
import {
  answerBody, cancelBody, conclusionBody, conclusionParams, conclusionTaskBody, fileParams, idParams, listQuery, meetingBody, meetingPatch, roomBody, roomPatch,
} from './meetings.schemas.js';

export async function meetingsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock; files: FileStore; config: Pick<Config, 'maxFileMb' | 'maxFiles'> }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['meetings'];

  api.get('/api/meeting-rooms', { schema: { tags, summary: "The agency's meeting rooms (active and not), and whether the caller manages them" } }, async (req) =>
    listRooms(deps, actionContext(req)));
  api.post('/api/meeting-rooms', { schema: { tags, summary: 'Add a meeting room (administrator, office)', body: roomBody } }, async (req, reply) =>
    reply.status(201).send(await createRoom(deps, actionContext(req), req.body)));
  api.patch('/api/meeting-rooms/:id', { schema: { tags, summary: 'Rename a room, change its capacity, take it out of use (administrator, office)', params: idParams, body: roomPatch } }, async (req) =>
    changeRoom(deps, actionContext(req), req.params.id, req.body));

  api.get('/api/meetings', {
    schema: { tags, summary: 'Meetings: mine to come (`upcoming`) or past (`past`), those I convened or chair (`organized`), every one I may see (`agency`: the leaders see the whole agency)', querystring: listQuery },
  }, async (req) => listMeetings(deps, actionContext(req), req.query));

  api.post('/api/meetings', {
    schema: {
      tags, summary: 'Convene a meeting (leader, unit head, or the office for a leader as chair)',
      description: 'Times are instants with their offset (Vietnam time: +07:00). A room is booked for the time (409 ROOM_BOOKED when taken, decided by the database); units expand to their active members now and are remembered. Each participant is notified in the app and by e-mail.',
      body: meetingBody,
    },
  }, async (req, reply) => reply.status(201).send(await convene(deps, actionContext(req), req.body)));

  api.get('/api/meetings/:id', { schema: { tags, summary: 'A meeting: details, participants and answers, documents (linked ones only as far as the reader may see them), files, conclusions, history', params: idParams } }, async (req) =>
    getMeeting(deps, actionContext(req), req.params.id));

  api.patch('/api/meetings/:id', { schema: { tags, summary: 'Change a meeting (organizer, chair): everyone concerned is notified (new, kept, removed participants)', params: idParams, body: meetingPatch } }, async (req) =>
    changeMeeting(deps, actionContext(req), req.params.id, req.body));

  api.post('/api/meetings/:id/cancel', { schema: { tags, summary: 'Cancel a meeting (organizer, chair) with a reason; the room is freed, everyone notified', params: idParams, body: cancelBody } }, async (req) =>
    cancelMeeting(deps, actionContext(req), req.params.id, req.body.reason));

  api.post('/api/meetings/:id/answer', {
    schema: { tags, summary: 'Answer the invitation: attend, absent (reason required), or send a substitute (another official of the agency, who is invited and notified)', params: idParams, body: answerBody },
  }, async (req) => answer(deps, actionContext(req), req.params.id, req.body));

  api.post('/api/meetings/:id/remind', { schema: { tags, summary: 'Remind the participants who have not answered (organizer, chair)', params: idParams } }, async (req) =>
    remind(deps, actionContext(req), req.params.id));

  api.post('/api/meetings/:id/files', {
    schema: {
      tags, summary: "Add files: the meeting's papers (`kind=document`, before it ends) or its minutes (`kind=minutes`, once it has started); organizer, chair",
      description: 'multipart/form-data with a `kind` field and one or more `files`.', params: idParams, consumes: ['multipart/form-data'],
    },
  }, async (request, reply) => {
    const ctx = actionContext(request);
    // Who may add is checked before the upload is read, and again in the transaction.
    const meeting = await getMeeting(deps, ctx, request.params.id);
    if (!meeting.actions.includes('edit') && !meeting.actions.includes('minutes')) throw forbidden('MEETING_ORGANIZER_ONLY');
    const upload = await receiveUpload(request, deps.files, deps.config);
    try {
      const kind = upload.fields.get('kind') ?? 'document';
      if (kind !== 'document' && kind !== 'minutes') throw ValidationError.single('kind', 'phải là "document" hoặc "minutes"', 'must be "document" or "minutes"');
      return reply.status(201).send(await addFiles(deps, ctx, request.params.id, kind, upload));
    } finally {
      await upload.discard();
    }
  });

  api.get('/api/meetings/:id/files/:fileId', { schema: { tags, summary: "A file of the meeting (its readers only)", params: fileParams } }, async (req, reply) =>
    sendFile(reply, await openFile(deps, actionContext(req), req.params.id, req.params.fileId)));

  api.post('/api/meetings/:id/conclusions', { schema: { tags, summary: 'Record a conclusion (organizer, chair, once the meeting has started); it may later become a task', params: idParams, body: conclusionBody } }, async (req, reply) =>
    reply.status(201).send(await addConclusion(deps, actionContext(req), req.params.id, req.body.text)));

  api.delete('/api/meetings/:id/conclusions/:conclusionId', { schema: { tags, summary: 'Remove a conclusion (not once it became a task)', params: conclusionParams } }, async (req) =>
    removeConclusion(deps, actionContext(req), req.params.id, req.params.conclusionId));

  api.post('/api/meetings/:id/conclusions/:conclusionId/task', { schema: { tags, summary: 'Make a conclusion a task (organizer, chair): the task, its source the meeting, and the conclusion linked to it', params: conclusionParams, body: conclusionTaskBody } }, async (req, reply) =>
    reply.status(201).send(await conclusionToTask(deps, actionContext(req), req.params.id, req.params.conclusionId, req.body)));
}

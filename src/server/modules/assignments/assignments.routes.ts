import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import { assignBody, completeBody, noteBody, reasonBody } from './assignments.schemas.js';
import * as workflow from './assignments.workflow.js';

const idParams = z.object({ id: z.uuid() });

/** The work on any document (incoming, or an issued outgoing one delivered inside the agency). */
export async function assignmentRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['assignments'];
  const ok = { ok: true };

  api.post('/api/assignments/:id/forward', { schema: { tags, summary: 'Pass an assignment on (holder)', params: idParams, body: assignBody } }, async (req) =>
    ({ assignmentIds: await workflow.forward(deps, actionContext(req), req.params.id, req.body) }));
  api.post('/api/assignments/:id/notes', { schema: { tags, summary: 'Record progress (holder)', params: idParams, body: noteBody } }, async (req) => {
    await workflow.note(deps, actionContext(req), req.params.id, req.body.note);
    return ok;
  });
  api.post('/api/assignments/:id/complete', { schema: { tags, summary: 'Complete with a result (holder); `replyDocumentId` names the issued reply that answered the document', params: idParams, body: completeBody } }, async (req) => {
    await workflow.complete(deps, actionContext(req), req.params.id, req.body);
    return ok;
  });
  api.post('/api/assignments/:id/return', { schema: { tags, summary: 'Return to the assigner with a reason (holder)', params: idParams, body: reasonBody } }, async (req) => {
    await workflow.returnAssignment(deps, actionContext(req), req.params.id, req.body.reason);
    return ok;
  });
  api.post('/api/assignments/:id/confirm', { schema: { tags, summary: 'Accept a proposed result (the one who passed the work on)', params: idParams } }, async (req) => {
    await workflow.confirmResult(deps, actionContext(req), req.params.id);
    return ok;
  });
  api.post('/api/assignments/:id/reject-result', { schema: { tags, summary: 'Send a proposed result back with a reason', params: idParams, body: reasonBody } }, async (req) => {
    await workflow.rejectResult(deps, actionContext(req), req.params.id, req.body.reason);
    return ok;
  });

}

import { conflict, forbidden } from '../../http/errors.js';
import { type ActionContext, hasRole } from '../auth/current-user.js';
import { createAssignments } from '../assignments/assignments.workflow.js';
import type { AssignBody } from '../assignments/assignments.schemas.js';
import { type DocumentRow, stamp } from '../assignments/assignments.context.js';
import { type IncomingDeps, withDocument } from './incoming.context.js';
import { isDecidedBy } from './incoming.policies.js';

// What only an incoming document has: the leader it was submitted to directs it and makes its
// first assignments. Everything after that is the shared life of assignments (assignments module).

/** Only the leader a document was submitted to assigns it or returns it to the clerk. */
export function requireDecider(ctx: ActionContext, doc: DocumentRow) {
  if (!hasRole(ctx.user, 'leader')) throw forbidden('ONLY_LEADER_ASSIGNS');
  if (doc.status !== 'submitted') throw conflict('INVALID_STATE');
  if (!isDecidedBy(ctx.user, doc)) throw forbidden('NOT_SUBMITTED_TO_YOU');
}

/** The leader writes the direction and makes the first assignment of a document submitted to them. */
export const assign = (deps: IncomingDeps, ctx: ActionContext, id: string, body: AssignBody) =>
  withDocument(deps, ctx, id, async (tx, doc) => {
    requireDecider(ctx, doc);
    const rows = await createAssignments(deps, tx, ctx, doc, null, body);
    const leadDue = rows.find((r) => r.role === 'lead')?.due_date;
    await tx.updateTable('documents').set({ status: 'in_progress', due_date: leadDue ?? doc.due_date, returned_by: null, returned_at: null, return_reason: null, updated_at: stamp(ctx) }).where('id', '=', id).execute();
    return rows.map((r) => r.id);
  });


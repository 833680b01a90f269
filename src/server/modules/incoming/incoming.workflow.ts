import { conflict, forbidden } from '../../http/errors.js';
import { type ActionContext, delegatorsFor, hasRole, onBehalfOf } from '../auth/current-user.js';
import { createAssignments } from '../assignments/assignments.workflow.js';
import type { AssignBody } from '../assignments/assignments.schemas.js';
import { type DocumentRow, stamp } from '../assignments/assignments.context.js';
import { type IncomingDeps, withDocument } from './incoming.context.js';
import { decidesByDelegation, isDecidedBy } from './incoming.policies.js';

// What only an incoming document has: the leader it was submitted to directs it and makes its
// first assignments. Everything after that is the shared life of assignments (assignments module).

/**
 * Only the leader a document was submitted to assigns it or returns it to the clerk, or their
 * delegate in their name: the answer is the context to act in (naming the leader for a delegate).
 */
export function requireDecider(ctx: ActionContext, doc: DocumentRow): ActionContext {
  if (!hasRole(ctx.user, 'leader') && !delegatorsFor(ctx.user, 'incoming').length) throw forbidden('ONLY_LEADER_ASSIGNS');
  if (doc.status !== 'submitted') throw conflict('INVALID_STATE');
  if (!isDecidedBy(ctx.user, doc)) throw forbidden('NOT_SUBMITTED_TO_YOU');
  const delegation = decidesByDelegation(ctx.user, doc);
  return delegation ? onBehalfOf(ctx, delegation) : ctx;
}

/** The leader writes the direction and makes the first assignment of a document submitted to them. */
export const assign = (deps: IncomingDeps, ctx: ActionContext, id: string, body: AssignBody) =>
  withDocument(deps, ctx, id, async (tx, doc) => {
    const acting = requireDecider(ctx, doc);
    const rows = await createAssignments(deps, tx, acting, doc, null, body);
    const leadDue = rows.find((r) => r.role === 'lead')?.due_date;
    await tx.updateTable('documents').set({ status: 'in_progress', due_date: leadDue ?? doc.due_date, returned_by: null, returned_at: null, return_reason: null, updated_at: stamp(ctx) }).where('id', '=', id).execute();
    return rows.map((r) => r.id);
  });


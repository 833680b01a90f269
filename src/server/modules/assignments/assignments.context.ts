import { type Selectable } from 'kysely';
import type { Db, Executor } from '../../db/database.js';
import type { AssignmentsTable, DocumentsTable } from '../../db/schema.js';
import { conflict, forbidden, notFound } from '../../http/errors.js';
import { type Clock, vietnamDate } from '../../time.js';
import type { ActionContext } from '../auth/current-user.js';
import { findVisibleDocument } from '../documents/documents.visibility.js';
import { holds, isOpen } from './assignments.policies.js';

// What every action on a document's work needs: its dependencies, "today" in Vietnam, and the ways
// of acting on a document under its row lock (so the hash chain of its history stays ordered).

export interface WorkDeps {
  db: Db;
  clock: Clock;
}

export type DocumentRow = Selectable<DocumentsTable>;
export type AssignmentRow = Selectable<AssignmentsTable>;

/** The agency's calendar day, from the server's clock (never the user's PC). */
export const today = (deps: Pick<WorkDeps, 'clock'>) => vietnamDate(deps.clock.now());

/** When an action happened: now, or the replayed time of demo history. */
export const stamp = (ctx: ActionContext) => ctx.at ?? new Date();

/**
 * Runs an action on a document the user can see (of either direction), holding its row lock for the
 * whole transaction. FOR NO KEY UPDATE, not FOR UPDATE: writers still exclude each other, but rows
 * that merely point at the document (a view in the access log) need not wait for them.
 */
export function withVisibleDocument<T>(deps: WorkDeps, ctx: ActionContext, documentId: string, action: (tx: Executor, doc: DocumentRow) => Promise<T>): Promise<T> {
  return deps.db.transaction().execute(async (tx) => {
    const visible = await findVisibleDocument(tx, ctx.user, documentId);
    if (!visible) throw notFound('DOCUMENT_NOT_FOUND');
    const doc = await tx.selectFrom('documents').selectAll().where('id', '=', documentId).forNoKeyUpdate().executeTakeFirstOrThrow();
    // A document its sender recalled (exchange) is frozen: its history stays, nothing more happens to it.
    if (doc.status === 'recalled') throw conflict('DOCUMENT_RECALLED');
    return action(tx, doc);
  });
}

/** Runs an action on an assignment of a visible document, under the document's lock. */
export async function withAssignment<T>(
  deps: WorkDeps,
  ctx: ActionContext,
  assignmentId: string,
  action: (tx: Executor, assignment: AssignmentRow, doc: DocumentRow) => Promise<T>,
): Promise<T> {
  const found = await deps.db.selectFrom('assignments').select('document_id').where('id', '=', assignmentId).where('agency_id', '=', ctx.user.agencyId).executeTakeFirst();
  if (!found) throw notFound();
  return withVisibleDocument(deps, ctx, found.document_id, async (tx, doc) => {
    const assignment = await tx.selectFrom('assignments').selectAll().where('id', '=', assignmentId).executeTakeFirstOrThrow();
    return action(tx, assignment, doc);
  });
}

/** As `withAssignment`, for its holder while it is open. */
export function withHeldAssignment<T>(
  deps: WorkDeps,
  ctx: ActionContext,
  assignmentId: string,
  action: (tx: Executor, assignment: AssignmentRow, doc: DocumentRow) => Promise<T>,
): Promise<T> {
  return withAssignment(deps, ctx, assignmentId, (tx, assignment, doc) => {
    if (!holds(ctx.user, assignment)) throw forbidden('NOT_ASSIGNMENT_HOLDER');
    if (!isOpen(assignment)) throw conflict('ASSIGNMENT_CLOSED');
    return action(tx, assignment, doc);
  });
}

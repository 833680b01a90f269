import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { ActionContext } from '../auth/current-user.js';
import { appendEvent } from '../events/events.repository.js';
import { stamp } from '../assignments/assignments.context.js';

// What an official holds in the incoming workflow, and handing it to a successor when they leave
// (deactivation), so no document waits for someone who can no longer sign in.

/** Named assignments still theirs: open ones and results that may still come back to them. */
const HELD_STATUSES = ['pending', 'in_progress', 'awaiting_confirmation'] as const;

export interface HeldWork {
  assignments: { id: string; documentId: string; arrivalNumber: number | null; summary: string; role: string; status: string; dueDate: string | null }[];
  /** Documents submitted to them (a leader) and waiting for their decision. */
  submissions: { documentId: string; arrivalNumber: number | null; summary: string }[];
  /** Results of their own direct assignments waiting for their confirmation. */
  confirmations: { id: string; documentId: string; arrivalNumber: number | null; summary: string }[];
}

export async function workHeldBy(db: Executor, agencyId: string, userId: string): Promise<HeldWork> {
  const [assignments, submissions, confirmations] = await Promise.all([
    db.selectFrom('assignments as a').innerJoin('documents as d', 'd.id', 'a.document_id')
      .select(['a.id', 'a.document_id', 'd.arrival_number', 'd.summary', 'a.role', 'a.status', 'a.due_date'])
      .where('a.agency_id', '=', agencyId).where('a.assignee_user_id', '=', userId).where('a.status', 'in', HELD_STATUSES)
      .orderBy('d.received_on').execute(),
    db.selectFrom('documents').select(['id', 'arrival_number', 'summary'])
      .where('agency_id', '=', agencyId).where('status', '=', 'submitted').where('submitted_to', '=', userId).execute(),
    db.selectFrom('assignments as a').innerJoin('documents as d', 'd.id', 'a.document_id')
      .select(['a.id', 'a.document_id', 'd.arrival_number', 'd.summary'])
      .where('a.agency_id', '=', agencyId).where('a.parent_id', 'is', null).where('a.status', '=', 'awaiting_confirmation')
      .where(sql`COALESCE(a.confirm_by, a.assigned_by)`, '=', userId).execute(),
  ]);
  return {
    assignments: assignments.map((a) => ({ id: a.id, documentId: a.document_id, arrivalNumber: a.arrival_number, summary: a.summary, role: a.role, status: a.status, dueDate: a.due_date })),
    submissions: submissions.map((d) => ({ documentId: d.id, arrivalNumber: d.arrival_number, summary: d.summary })),
    confirmations: confirmations.map((a) => ({ id: a.id, documentId: a.document_id, arrivalNumber: a.arrival_number, summary: a.summary })),
  };
}

export const holdsAnything = (work: HeldWork) => work.assignments.length + work.submissions.length + work.confirmations.length > 0;
/** Submissions and confirmations are a leader's decisions: only a leader can take them over. */
export const needsLeader = (work: HeldWork) => work.submissions.length + work.confirmations.length > 0;

/**
 * Moves everything `from` holds to `to` inside the caller's transaction; each document's history
 * records the handover. Documents are locked in id order, so two handovers cannot deadlock.
 */
export async function handOver(tx: Executor, ctx: ActionContext, work: HeldWork, from: { id: string; fullName: string }, to: { id: string; fullName: string }) {
  const documentIds = [...new Set([...work.assignments, ...work.submissions, ...work.confirmations].map((w) => w.documentId))].sort();
  if (!documentIds.length) return;
  await tx.selectFrom('documents').select('id').where('id', 'in', documentIds).orderBy('id').forNoKeyUpdate().execute();
  const at = stamp(ctx);
  if (work.assignments.length) {
    await tx.updateTable('assignments').set({ assignee_user_id: to.id, updated_at: at })
      .where('id', 'in', work.assignments.map((a) => a.id)).where('assignee_user_id', '=', from.id).execute();
  }
  if (work.submissions.length) {
    await tx.updateTable('documents').set({ submitted_to: to.id, updated_at: at })
      .where('id', 'in', work.submissions.map((d) => d.documentId)).where('submitted_to', '=', from.id).where('status', '=', 'submitted').execute();
  }
  if (work.confirmations.length) {
    await tx.updateTable('assignments').set({ confirm_by: to.id, updated_at: at }).where('id', 'in', work.confirmations.map((a) => a.id)).execute();
  }
  for (const documentId of documentIds) {
    await appendEvent(tx, ctx, {
      agencyId: ctx.user.agencyId,
      documentId,
      action: 'reassigned',
      payload: {
        from: { id: from.id, name: from.fullName },
        to: { id: to.id, name: to.fullName },
        assignments: work.assignments.filter((a) => a.documentId === documentId).map((a) => a.id),
        submission: work.submissions.some((d) => d.documentId === documentId),
        confirmations: work.confirmations.filter((a) => a.documentId === documentId).map((a) => a.id),
      },
    });
  }
}

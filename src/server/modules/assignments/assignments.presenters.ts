import type { AssignmentAction } from '../../../shared/enums.js';
import type { CurrentUser } from '../auth/current-user.js';
import { reference } from '../documents/documents.presenters.js';
import { type AssignmentFacts, type AssignmentLink, assignmentActions, holds } from './assignments.policies.js';
import { canRemind } from '../notifications/notifications.policies.js';

// An assignment as every document page shows it: camelCase, names resolved, its actions attached.

export type AssignmentDetailRow = AssignmentLink & {
  id: string;
  sent_back_by: string | null;
  sent_back_by_name: string | null;
  sent_back_at: Date | null;
  sent_back_reason: string | null;
  confirmed_by: string | null;
  confirmed_by_name: string | null;
  confirmed_at: Date | null;
  parent_id: string | null;
  assigned_by_name: string;
  assignee_user_name: string | null;
  assignee_position: string | null;
  /** The unit of the official holding it (for who may remind them). */
  assignee_user_unit_id?: string | null;
  assignee_unit_name: string | null;
  direction: string | null;
  due_date: string | null;
  result: string | null;
  return_reason: string | null;
  created_at: Date;
  completed_at: Date | null;
  reply_document_id: string | null;
  reply_number: string | null;
  reply_notation: string | null;
};

/** What the one looking may do: which assignments they hold, and the actions each offers them. */
export interface AssignmentViewer {
  today: string;
  holds: (a: AssignmentFacts) => boolean;
  actions: (a: AssignmentDetailRow) => AssignmentAction[];
}

/** The viewer for `user` of a document's assignments `rows`. */
export function assignmentViewer(user: CurrentUser, rows: (AssignmentLink & { id: string; parent_id: string | null })[], today: string): AssignmentViewer {
  const byId = new Map(rows.map((a) => [a.id, a]));
  return {
    today,
    holds: (a) => holds(user, a),
    actions: (a) => {
      const actions = assignmentActions(user, a, a.parent_id ? byId.get(a.parent_id) ?? null : null);
      const open = a.status === 'pending' || a.status === 'in_progress';
      // Nobody reminds themselves: a unit head holding the unit's own work is not offered it.
      const remindable = open && a.role !== 'info' && !holds(user, a)
        && canRemind(user, { assigned_by: a.assigned_by, assignee_user_id: a.assignee_user_id, assignee_unit_id: a.assignee_unit_id, holder_unit_id: a.assignee_user_unit_id ?? null });
      return remindable ? [...actions, 'remind'] : actions;
    },
  };
}

export function presentAssignments(rows: AssignmentDetailRow[], viewer: AssignmentViewer) {
  return rows.map((a) => ({
    id: a.id,
    parentId: a.parent_id,
    role: a.role,
    assignee: a.assignee_user_id
      ? { kind: 'user' as const, id: a.assignee_user_id, name: a.assignee_user_name ?? '', position: a.assignee_position }
      : { kind: 'unit' as const, id: a.assignee_unit_id!, name: a.assignee_unit_name ?? '', position: null },
    assignedBy: { id: a.assigned_by, fullName: a.assigned_by_name },
    direction: a.direction,
    dueDate: a.due_date,
    overdue: Boolean(a.due_date && a.due_date < viewer.today && (a.status === 'pending' || a.status === 'in_progress')),
    status: a.status,
    result: a.result,
    returnReason: a.return_reason,
    /** The work came back to this holder: returned to them, or their result refused. */
    sentBack: a.sent_back_at ? { by: { id: a.sent_back_by!, fullName: a.sent_back_by_name ?? '' }, at: a.sent_back_at, reason: a.sent_back_reason } : null,
    confirmedBy: a.confirmed_by ? { id: a.confirmed_by, fullName: a.confirmed_by_name ?? '' } : null,
    confirmedAt: a.confirmed_at,
    createdAt: a.created_at,
    completedAt: a.completed_at,
    /** The issued reply the holder named when completing the work. */
    reply: a.reply_document_id ? { id: a.reply_document_id, reference: reference(a.reply_number, a.reply_notation) } : null,
    mine: viewer.holds(a),
    actions: viewer.actions(a),
  }));
}

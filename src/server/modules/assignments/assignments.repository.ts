import { type SqlBool, sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { type CurrentUser, hasRole } from '../auth/current-user.js';

/** An assignment `a` held by the user: named, or to a unit the user heads. */
export function heldBy(user: CurrentUser) {
  const headsUnit = hasRole(user, 'unit_head') && user.unitId;
  return headsUnit
    ? sql<SqlBool>`(a.assignee_user_id = ${user.id} OR a.assignee_unit_id = ${user.unitId})`
    : sql<SqlBool>`a.assignee_user_id = ${user.id}`;
}

/** The assignments of a document in the order they were made, with the names the page shows. */
export function assignmentsOf(db: Executor, documentId: string) {
  return db
    .selectFrom('assignments')
    .leftJoin('users as assignee', 'assignee.id', 'assignments.assignee_user_id')
    .leftJoin('units as unit', 'unit.id', 'assignments.assignee_unit_id')
    .innerJoin('users as assigner', 'assigner.id', 'assignments.assigned_by')
    .leftJoin('users as sender', 'sender.id', 'assignments.sent_back_by')
    .leftJoin('users as confirmer', 'confirmer.id', 'assignments.confirmed_by')
    .leftJoin('documents as reply', 'reply.id', 'assignments.reply_document_id')
    .selectAll('assignments')
    .select([
      'assignee.full_name as assignee_user_name', 'assignee.position as assignee_position', 'assignee.unit_id as assignee_user_unit_id', 'unit.name as assignee_unit_name', 'assigner.full_name as assigned_by_name',
      'sender.full_name as sent_back_by_name', 'confirmer.full_name as confirmed_by_name', 'reply.number as reply_number', 'reply.notation as reply_notation',
    ])
    .where('assignments.document_id', '=', documentId)
    .orderBy('assignments.seq')
    .execute();
}

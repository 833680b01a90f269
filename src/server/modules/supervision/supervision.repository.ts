import { sql } from 'kysely';
import { countUpTo } from '../../db/count.js';
import type { Executor } from '../../db/database.js';
import type { CurrentUser } from '../auth/current-user.js';
import type { ActivityQuery, DocumentsQuery } from './supervision.schemas.js';

// What supervision reads: the agency's documents and its history, always inside the user's agency
// (the agency condition is in every query), filtered in SQL, one page at a time with a capped count.

/** The instants bounding Vietnam days `from`..`to` (both included). */
function period(from: string | undefined, to: string | undefined) {
  return {
    start: from ? new Date(`${from}T00:00:00+07:00`) : undefined,
    end: to ? new Date(new Date(`${to}T00:00:00+07:00`).getTime() + 86_400_000) : undefined,
  };
}

export async function supervisedDocuments(db: Executor, user: CurrentUser, q: DocumentsQuery) {
  let base = db.selectFrom('documents').where('documents.agency_id', '=', user.agencyId);
  if (q.direction) base = base.where('documents.direction', '=', q.direction);
  if (q.status) base = base.where('documents.status', '=', q.status);
  // The period is the day a document arrived (incoming), else the day it was created, in Vietnam.
  const day = sql<string>`COALESCE(documents.received_on, (documents.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)`;
  if (q.from) base = base.where(day, '>=', q.from);
  if (q.to) base = base.where(day, '<=', q.to);
  if (q.unitId) {
    // Drafted in the unit, or any of its work given to the unit or to one of its officials.
    base = base.where(sql<boolean>`(documents.drafting_unit_id = ${q.unitId} OR EXISTS (SELECT 1 FROM assignments a LEFT JOIN users u ON u.id = a.assignee_user_id
      WHERE a.document_id = documents.id AND (a.assignee_unit_id = ${q.unitId} OR u.unit_id = ${q.unitId})))`);
  }
  if (q.userId) {
    // Any part the official had in it: wrote or registered it, it was submitted to them, they held, gave or reviewed its work.
    base = base.where(sql<boolean>`(documents.created_by = ${q.userId} OR documents.submitted_to = ${q.userId}
      OR EXISTS (SELECT 1 FROM assignments a WHERE a.document_id = documents.id AND (a.assignee_user_id = ${q.userId} OR a.assigned_by = ${q.userId}))
      OR EXISTS (SELECT 1 FROM approval_steps s WHERE s.document_id = documents.id AND s.holder_id = ${q.userId}))`);
  }
  const [items, total] = await Promise.all([
    base
      .select(['documents.id', 'documents.direction', 'documents.number', 'documents.notation', 'documents.summary', 'documents.urgency', 'documents.status', 'documents.due_date', 'documents.created_at'])
      .select(sql<string | null>`concat_ws(', ',
        (SELECT string_agg(COALESCE(un.name, us.full_name), ', ' ORDER BY a.seq) FROM assignments a
          LEFT JOIN units un ON un.id = a.assignee_unit_id LEFT JOIN users us ON us.id = a.assignee_user_id
          WHERE a.document_id = documents.id AND a.role <> 'info' AND a.status IN ('pending', 'in_progress', 'awaiting_confirmation')),
        CASE WHEN documents.status IN ('submitted', 'in_review') THEN (SELECT u.full_name FROM users u WHERE u.id = documents.submitted_to) END)`.as('holders'))
      .orderBy('documents.created_at', 'desc')
      .orderBy('documents.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    countUpTo(db, base),
  ]);
  return { items, ...total };
}

export async function supervisedActivity(db: Executor, user: CurrentUser, q: ActivityQuery) {
  let base = db
    .selectFrom('events')
    .leftJoin('users as actor', 'actor.id', 'events.actor_id')
    .leftJoin('users as principal', 'principal.id', 'events.on_behalf_of_id')
    .leftJoin('documents', 'documents.id', 'events.document_id')
    .where('events.agency_id', '=', user.agencyId);
  if (q.userId) base = base.where((eb) => eb.or([eb('events.actor_id', '=', q.userId!), eb('events.on_behalf_of_id', '=', q.userId!)]));
  if (q.unitId) base = base.where('actor.unit_id', '=', q.unitId);
  if (q.action) base = base.where('events.action', '=', q.action);
  const { start, end } = period(q.from, q.to);
  if (start) base = base.where('events.created_at', '>=', start);
  if (end) base = base.where('events.created_at', '<', end);
  const [items, total] = await Promise.all([
    base
      .select(['events.id', 'events.action', 'events.created_at', 'actor.full_name as actor_name', 'principal.full_name as principal_name', 'documents.id as document_id', 'documents.direction', 'documents.summary'])
      .orderBy('events.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    countUpTo(db, base),
  ]);
  return { items, ...total };
}

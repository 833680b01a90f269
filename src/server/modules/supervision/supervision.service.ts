import type { SupervisedDocument, SupervisedEvent, SupervisionPage } from '../../../shared/delegation.js';
import type { Db } from '../../db/database.js';
import { forbidden } from '../../http/errors.js';
import type { ActionContext } from '../auth/current-user.js';
import { reference } from '../documents/documents.presenters.js';
import { canSupervise } from './supervision.policies.js';
import { supervisedActivity, supervisedDocuments } from './supervision.repository.js';
import type { ActivityQuery, DocumentsQuery } from './supervision.schemas.js';

// Giám sát: the agency's leaders follow every document, assignment and step of their agency.

function requireSupervisor(ctx: ActionContext) {
  if (!canSupervise(ctx.user)) throw forbidden('SUPERVISION_LEADERS_ONLY');
}

export async function documents(deps: { db: Db }, ctx: ActionContext, q: DocumentsQuery): Promise<SupervisionPage<SupervisedDocument>> {
  requireSupervisor(ctx);
  const { items, total, totalCapped } = await supervisedDocuments(deps.db, ctx.user, q);
  return {
    items: items.map((r) => ({
      id: r.id, direction: r.direction as SupervisedDocument['direction'], reference: reference(r.number, r.notation) || null, summary: r.summary, urgency: r.urgency,
      status: r.status, dueDate: r.due_date, createdAt: r.created_at.toISOString(), holders: r.holders || null,
    })),
    total, totalCapped, page: q.page, pageSize: q.pageSize,
  };
}

export async function activity(deps: { db: Db }, ctx: ActionContext, q: ActivityQuery): Promise<SupervisionPage<SupervisedEvent>> {
  requireSupervisor(ctx);
  const { items, total, totalCapped } = await supervisedActivity(deps.db, ctx.user, q);
  return {
    items: items.map((r) => ({
      id: String(r.id), at: r.created_at.toISOString(), action: r.action, actor: r.actor_name, onBehalfOf: r.principal_name,
      document: r.document_id ? { id: r.document_id, direction: r.direction as 'incoming' | 'outgoing', summary: r.summary ?? '' } : null,
    })),
    total, totalCapped, page: q.page, pageSize: q.pageSize,
  };
}

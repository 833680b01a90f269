import { createHash } from 'node:crypto';
import type { EventAction } from '../../../shared/enums.js';
import type { Executor } from '../../db/database.js';
import type { ActionContext } from '../auth/current-user.js';
import { followReceiverWork } from '../exchange/exchange.delivery.js';
import { publish } from '../notifications/notifications.bus.js';

export interface NewEvent {
  agencyId: string;
  documentId?: string | null;
  assignmentId?: string | null;
  action: EventAction;
  payload?: Record<string, unknown>;
  onBehalfOfId?: string | null;
}

/** Canonical text for hashing: fixed key order, so the same event always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface HashedRow {
  agency_id: string;
  document_id: string | null;
  assignment_id: string | null;
  actor_id: string | null;
  on_behalf_of_id: string | null;
  action: string;
  payload: Record<string, unknown>;
  created_at: string;
}

/** What the chain covers: who, for whom, what, on which document, when (not the IP or browser). */
function hashedFields(row: HashedRow) {
  return {
    agencyId: row.agency_id,
    documentId: row.document_id,
    assignmentId: row.assignment_id,
    actorId: row.actor_id,
    onBehalfOfId: row.on_behalf_of_id,
    action: row.action,
    payload: row.payload,
    createdAt: row.created_at,
  };
}

export function eventHash(prevHash: string | null, fields: Record<string, unknown>): string {
  return createHash('sha256').update(`${prevHash ?? ''}\n${canonical(fields)}`).digest('hex');
}

/**
 * Appends an event in the caller's transaction. A document's events chain by hash; the caller
 * holds the document row lock, so two actions on one document never race for the chain's tail.
 */
export async function appendEvent(db: Executor, ctx: ActionContext | null, event: NewEvent): Promise<void> {
  let prevHash: string | null = null;
  if (event.documentId) {
    const last = await db
      .selectFrom('events')
      .select('hash')
      .where('document_id', '=', event.documentId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    prevHash = last?.hash ?? null;
  }
  const row = {
    agency_id: event.agencyId,
    document_id: event.documentId ?? null,
    assignment_id: event.assignmentId ?? null,
    actor_id: ctx?.user.id ?? null,
    on_behalf_of_id: event.onBehalfOfId ?? ctx?.onBehalfOf?.id ?? null,
    action: event.action,
    payload: event.payload ?? {},
    created_at: (ctx?.at ?? new Date()).toISOString(),
  };
  await db
    .insertInto('events')
    .values({
      ...row,
      payload: JSON.stringify(row.payload),
      ip: ctx?.ip ?? null,
      user_agent: ctx?.userAgent ?? null,
      prev_hash: prevHash,
      hash: eventHash(prevHash, hashedFields(row)),
    })
    .execute();
  // A document received through the exchange tells its sender how its work goes (same transaction).
  if (event.documentId) await followReceiverWork(db, ctx, { agencyId: event.agencyId, documentId: event.documentId, action: event.action });
  // Whoever has this document in a menu count hears of the change (at commit, on every server).
  if (event.documentId) await publish(db, { t: 'd', id: event.documentId });
}

/** The hash a stored event row should carry after `prevHash`: the one definition appendEvent and the verifier share. */
export function storedEventHash(prevHash: string | null, row: Omit<HashedRow, 'created_at'> & { created_at: Date }): string {
  return eventHash(prevHash, hashedFields({ ...row, created_at: row.created_at.toISOString() }));
}

/** Recomputes a document's chain; false when any event was altered, removed or reordered. */
export async function verifyDocumentChain(db: Executor, documentId: string): Promise<boolean> {
  const rows = await db.selectFrom('events').selectAll().where('document_id', '=', documentId).orderBy('id').execute();
  let prev: string | null = null;
  for (const row of rows) {
    const expected = storedEventHash(prev, row);
    if (row.prev_hash !== prev || row.hash !== expected) return false;
    prev = row.hash;
  }
  return true;
}

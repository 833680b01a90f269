import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { ActionContext } from '../auth/current-user.js';
import { heldBy } from '../assignments/assignments.repository.js';

// The access log every document shares (who opened which document or file, when, from where).

/** One line in the access log; no lock, so readers never wait for each other. */
export async function recordView(db: Executor, ctx: ActionContext, agencyId: string, documentId: string, attachmentId: string | null) {
  await db.insertInto('document_views').values({ agency_id: agencyId, document_id: documentId, attachment_id: attachmentId, user_id: ctx.user.id, viewed_at: ctx.at ?? new Date(), ip: ctx.ip, user_agent: ctx.userAgent }).execute();
}

/**
 * The user opened the document page: one line in the access log (not more than one every ten
 * minutes, so reloading does not flood it), and their for-information assignments become seen.
 */
export async function markSeen(db: Executor, ctx: ActionContext, agencyId: string, documentId: string) {
  await sql`INSERT INTO document_views (agency_id, document_id, user_id, viewed_at, ip, user_agent)
    SELECT ${agencyId}, ${documentId}, ${ctx.user.id}, ${ctx.at ?? new Date()}, ${ctx.ip}, ${ctx.userAgent}
    WHERE NOT EXISTS (SELECT 1 FROM document_views v WHERE v.document_id = ${documentId} AND v.user_id = ${ctx.user.id}
      AND v.attachment_id IS NULL AND v.viewed_at > now() - interval '10 minutes')`.execute(db);
  await sql`UPDATE assignments a SET status = 'completed', completed_at = now(), completed_by = ${ctx.user.id}, updated_at = now()
    WHERE a.document_id = ${documentId} AND a.role = 'info' AND a.status = 'pending' AND ${heldBy(ctx.user)}`.execute(db);
}

/** The access log of a document, newest first. */
export function viewsOf(db: Executor, documentId: string) {
  return db
    .selectFrom('document_views as v')
    .innerJoin('users as u', 'u.id', 'v.user_id')
    .leftJoin('attachments as a', 'a.id', 'v.attachment_id')
    .select(['v.id', 'v.viewed_at', 'v.attachment_id', 'a.file_name', 'u.id as user_id', 'u.full_name', 'u.position'])
    .where('v.document_id', '=', documentId)
    .orderBy('v.id', 'desc')
    .limit(500)
    .execute();
}

/**
 * Quản trị → Tệp bị cách ly: what the antivirus holds back in the administrator's own agency — content
 * quarantined by a later scan (`infected`) and content accepted unscanned while the scanner was down
 * (`unscanned`), with the file's name, a document that has it, who uploaded it and when, and the
 * malware's name. The agency is in the WHERE clause: another agency's administrator gets nothing.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { conflict, forbidden } from '../../http/errors.js';
import { type ActionContext, hasRole } from '../auth/current-user.js';
import { enqueue } from '../jobs/jobs.js';
import type { QuarantinedFile, QuarantineOverview, RescanQueued } from '../../../shared/quarantine.js';

export interface QuarantineDeps { db: Db; scannerConfigured: boolean }

/** The most a list shows (a deployment with more has a bigger problem than a long page). */
const LIMIT = 500;

function requireAdmin(ctx: ActionContext): void {
  if (!hasRole(ctx.user, 'admin')) throw forbidden('ADMIN_ONLY');
}

interface Row {
  file_hash: string; state: 'infected' | 'unscanned'; file_name: string | null; signature: string | null; attempts: number;
  created_at: Date | string; scanned_at: Date | string | null;
  uploader_id: string | null; uploader_name: string | null;
  document_id: string | null; direction: 'incoming' | 'outgoing' | 'internal' | null; summary: string | null; reference: string | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

export async function quarantineOverview(deps: QuarantineDeps, ctx: ActionContext): Promise<QuarantineOverview> {
  requireAdmin(ctx);
  const agencyId = ctx.user.agencyId;
  // The document: an attachment or a draft version of a document of the same agency naming the content
  // (its summary only when it is not classified: the administrator is not thereby one of its readers).
  const { rows } = await sql<Row>`
    SELECT s.file_hash, s.state, s.file_name, s.signature, s.attempts, s.created_at, s.scanned_at,
           u.id AS uploader_id, u.full_name AS uploader_name,
           d.id AS document_id, d.direction, d.summary, d.reference
      FROM file_scans s
      LEFT JOIN users u ON u.id = s.uploaded_by AND u.agency_id = s.agency_id
      LEFT JOIN LATERAL (
        SELECT doc.id, doc.direction, CASE WHEN doc.secrecy = 'none' THEN doc.summary END AS summary,
               NULLIF(concat_ws('/', doc.number, doc.notation), '') AS reference, named.at
          FROM (SELECT a.document_id, a.created_at AS at FROM attachments a WHERE a.file_hash = s.file_hash
                UNION ALL SELECT v.document_id, v.created_at FROM document_versions v WHERE v.file_hash = s.file_hash) named
          JOIN documents doc ON doc.id = named.document_id AND doc.agency_id = s.agency_id
         ORDER BY named.at
         LIMIT 1
      ) d ON true
     WHERE s.agency_id = ${agencyId} AND s.state IN ('infected', 'unscanned')
     ORDER BY s.state = 'infected' DESC, s.created_at DESC
     LIMIT ${LIMIT}`.execute(deps.db);
  const items: QuarantinedFile[] = rows.map((r) => ({
    hash: r.file_hash,
    state: r.state,
    fileName: r.file_name,
    signature: r.signature,
    document: r.document_id ? { id: r.document_id, direction: r.direction!, summary: r.summary, reference: r.reference } : null,
    uploadedBy: r.uploader_id ? { id: r.uploader_id, fullName: r.uploader_name! } : null,
    uploadedAt: iso(r.created_at),
    scannedAt: r.scanned_at ? iso(r.scanned_at) : null,
    attempts: r.attempts,
  }));
  return { items, scannerConfigured: deps.scannerConfigured };
}

/**
 * The administrator asks for the waiting files to be scanned now: the rescan job (which scans all
 * content waiting, oldest first) is made due at once, or queued when none waits. It still needs the
 * scanner to answer; while it does not, the job is tried again later as usual.
 */
export async function rescanNow(deps: QuarantineDeps, ctx: ActionContext): Promise<RescanQueued> {
  requireAdmin(ctx);
  if (!deps.scannerConfigured) throw conflict('SCANNER_NOT_CONFIGURED');
  const waiting = await deps.db.selectFrom('file_scans').select(sql<number>`count(*)::int`.as('n'))
    .where('agency_id', '=', ctx.user.agencyId).where('state', '=', 'unscanned').executeTakeFirstOrThrow();
  if (waiting.n === 0) return { waiting: 0 };
  // A rescan waiting out its retry delay (the scanner was down) runs now instead; a running one will see these files.
  const due = await sql<{ id: string }>`
    UPDATE pgboss.job SET start_after = now()
     WHERE name = 'antivirus.rescan' AND state IN ('created', 'retry') RETURNING id`.execute(deps.db);
  if (!due.rows.length) {
    const running = await sql<{ id: string }>`SELECT id FROM pgboss.job WHERE name = 'antivirus.rescan' AND state = 'active' LIMIT 1`.execute(deps.db);
    if (!running.rows.length) await enqueue(deps.db, 'antivirus.rescan', {}, { singletonKey: 'antivirus-rescan' });
  }
  return { waiting: waiting.n };
}

/**
 * Verification of the history's hash chains (`npm run verify-history`, and every night as a job).
 *
 * Each document's events chain by hash (events.repository.ts): an event's hash covers its content and
 * the previous event's hash. An event changed outside the app no longer matches its hash; one removed
 * or reordered breaks the next one's `prev_hash`. Events of no document (user administration, the
 * calendar) are each hashed alone and checked the same way. (Removing a document's LAST event leaves
 * no trace in the chain; the row counts of a backup's manifest are the check for that.)
 *
 * Efficient: the events are read in batches by keyset on the (document_id, id) index, never all at
 * once, so memory stays flat on millions of events. A broken chain is reported by its FIRST broken
 * link (later links of the same document follow from it). The nightly job tells the agency's head
 * (position director) and administrators once per broken event (history_chain_breaks).
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { defineJob, queueFor } from '../jobs/jobs.js';
import { documentParams, notify } from '../notifications/notifications.service.js';
import { type HashedRow, storedEventHash } from './events.repository.js';

export interface BrokenLink {
  agencyId: string;
  documentId: string | null;
  eventId: number;
  action: string;
  createdAt: string;
  /** `content`: the event's fields no longer give its stored hash (altered); `link`: its prev_hash is not the previous event's hash (an event removed, reordered or inserted). */
  reason: 'content' | 'link';
  expected: string;
  found: string;
}

export interface HistoryReport {
  events: number;
  documents: number;
  agencies: number;
  broken: BrokenLink[];
  ms: number;
}

interface Row extends Omit<HashedRow, 'created_at'> {
  id: number;
  created_at: Date;
  prev_hash: string | null;
  hash: string;
}

const COLUMNS = ['id', 'agency_id', 'document_id', 'assignment_id', 'actor_id', 'on_behalf_of_id', 'action', 'payload', 'created_at', 'prev_hash', 'hash'] as const;

/** Checks every chain (or one agency's); `batchSize` events are read at a time. */
export async function verifyHistory(db: Db, options: { agencyId?: string; batchSize?: number; onProgress?: (events: number) => void } = {}): Promise<HistoryReport> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 5000;
  const report: HistoryReport = { events: 0, documents: 0, agencies: 0, broken: [], ms: 0 };
  const agencies = new Set<string>();
  const check = (row: Row, prev: string | null): BrokenLink | null => {
    agencies.add(row.agency_id);
    const base = { agencyId: row.agency_id, documentId: row.document_id, eventId: row.id, action: row.action, createdAt: row.created_at.toISOString() };
    if (row.prev_hash !== prev) return { ...base, reason: 'link', expected: prev ?? '(none: the first event)', found: row.prev_hash ?? '(none)' };
    const expected = storedEventHash(prev, row);
    if (expected !== row.hash) return { ...base, reason: 'content', expected, found: row.hash };
    return null;
  };

  // Documents' chains, in (document_id, id) order.
  let after: { documentId: string; id: number } | null = null;
  let current: string | null = null;
  let prev: string | null = null;
  let reported = false;
  for (;;) {
    let query = db.selectFrom('events').select(COLUMNS).where('document_id', 'is not', null);
    if (options.agencyId) query = query.where('agency_id', '=', options.agencyId);
    if (after) query = query.where(sql<boolean>`(document_id, id) > (${after.documentId}::uuid, ${after.id}::bigint)`);
    const rows = await query.orderBy('document_id').orderBy('id').limit(batchSize).execute() as Row[];
    for (const row of rows) {
      if (row.document_id !== current) {
        current = row.document_id;
        prev = null;
        reported = false;
        report.documents++;
      }
      const broken = check(row, prev);
      if (broken && !reported) {
        report.broken.push(broken);
        reported = true; // the rest of this chain follows from its first broken link
      }
      prev = row.hash;
    }
    report.events += rows.length;
    options.onProgress?.(report.events);
    if (rows.length < batchSize) break;
    const last = rows[rows.length - 1]!;
    after = { documentId: last.document_id!, id: last.id };
  }

  // Events of no document: each one hashed alone.
  let afterId = 0;
  for (;;) {
    let query = db.selectFrom('events').select(COLUMNS).where('document_id', 'is', null).where('id', '>', afterId);
    if (options.agencyId) query = query.where('agency_id', '=', options.agencyId);
    const rows = await query.orderBy('id').limit(batchSize).execute() as Row[];
    for (const row of rows) {
      const broken = check(row, null);
      if (broken) report.broken.push(broken);
    }
    report.events += rows.length;
    options.onProgress?.(report.events);
    if (rows.length < batchSize) break;
    afterId = rows[rows.length - 1]!.id;
  }
  report.agencies = agencies.size;
  report.ms = Date.now() - started;
  return report;
}

/** One line for the operator: which document, which event, what differs. */
export function describeBrokenLink(link: BrokenLink): string {
  const where = link.documentId ? `document ${link.documentId}` : 'an event of no document';
  const what = link.reason === 'content'
    ? `its content no longer gives its stored hash (stored ${link.found}, recomputed ${link.expected}): the row was changed outside the app`
    : `its prev_hash ${link.found} is not the previous event's hash ${link.expected}: an event before it was removed, inserted or reordered`;
  return `agency ${link.agencyId}, ${where}: event ${link.eventId} (${link.action}, ${link.createdAt}): ${what}`;
}

/**
 * Verifies every chain and tells each agency's head (director) and administrators of each broken link
 * not reported before, naming the document and the event. Returns the report.
 */
export async function verifyAndNotify(db: Db): Promise<HistoryReport & { notified: number }> {
  const report = await verifyHistory(db);
  let notified = 0;
  for (const link of report.broken) {
    await db.transaction().execute(async (tx) => {
      const fresh = await tx.insertInto('history_chain_breaks')
        .values({ event_id: link.eventId, agency_id: link.agencyId, document_id: link.documentId, reason: link.reason })
        .onConflict((oc) => oc.column('event_id').doNothing())
        .returning('event_id')
        .executeTakeFirst();
      if (!fresh) return;
      const recipients = await tx.selectFrom('users').select('id').where('agency_id', '=', link.agencyId).where('active', '=', true)
        .where((eb) => eb.or([eb('position', '=', 'director'), sql<boolean>`'admin' = ANY(roles)`])).execute();
      const doc = link.documentId
        ? await tx.selectFrom('documents').select(['summary', 'number', 'notation', 'urgency']).where('id', '=', link.documentId).executeTakeFirst()
        : undefined;
      await notify(tx, null, recipients.map((r) => ({
        agencyId: link.agencyId,
        recipientId: r.id,
        kind: 'history_chain_broken' as const,
        documentId: doc ? link.documentId : null,
        params: {
          ...(doc ? documentParams(doc) : { summary: '' }),
          eventId: link.eventId,
          action: link.action,
          at: link.createdAt,
          what: link.reason === 'content' ? 'content' : 'link',
        },
      })));
      notified += recipients.length;
    });
  }
  return { ...report, notified };
}

declare module '../jobs/jobs.js' {
  interface JobPayloads {
    'events.verify-history': Record<string, never>;
  }
}

export const verifyHistoryJob = defineJob('events.verify-history', async (_payload, ctx) => {
  const report = await verifyAndNotify(ctx.db);
  ctx.log(`history verified: ${report.events} events of ${report.documents} documents in ${report.ms} ms, ${report.broken.length} broken link(s)${report.notified ? `, ${report.notified} notice(s)` : ''}`);
}, { retryLimit: 2, retryDelaySeconds: 300, expireInSeconds: 3 * 3600 });

/** Hour of the night (Vietnam time, UTC+7) at which the history is verified. */
export const VERIFY_AT_HOUR = 2;

/** The next VERIFY_AT_HOUR:00 in Vietnam after `now`. */
export function nextVerification(now: Date): Date {
  const vietnam = new Date(now.getTime() + 7 * 3600_000);
  const next = Date.UTC(vietnam.getUTCFullYear(), vietnam.getUTCMonth(), vietnam.getUTCDate(), VERIFY_AT_HOUR) - 7 * 3600_000;
  return new Date(next > now.getTime() ? next : next + 24 * 3600_000);
}

/**
 * Each server queues tonight's verification (at start and every hour); the job's key is the night's
 * date, so several servers queue one between them and a restart does not add another.
 */
export function scheduleHistoryVerification(db: Db, log: (message: string, error?: unknown) => void): () => void {
  const queue = () => {
    const at = nextVerification(new Date());
    queueFor(db, 'events.verify-history').boss
      .send('events.verify-history', {}, { startAfter: at, singletonKey: `verify-history-${at.toISOString().slice(0, 10)}`, singletonSeconds: 24 * 3600 })
      .catch((error: unknown) => log('history verification not queued', error));
  };
  queue();
  const timer = setInterval(queue, 3600_000);
  timer.unref();
  return () => clearInterval(timer);
}

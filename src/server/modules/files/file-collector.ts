import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { deleteEndedSigningSessions } from '../signatures/external-signing.sessions.js';
import type { CollectReport, FileStore } from './file-store.js';

/** Content committed less than this long ago is never collected: its request may still be writing the row. */
export const DEFAULT_GRACE_MS = 60 * 60 * 1000;
const LEASE = 'file-collector';
const LEASE_MINUTES = 30;

/**
 * Which of these hashes some row names. Every table that stores a file hash is listed here, so
 * a new capability that keeps files adds its table in this one place.
 */
export function referencedHashes(db: Db) {
  return async (hashes: string[]): Promise<Set<string>> => {
    if (!hashes.length) return new Set();
    const rows = await db
      .selectFrom('attachments').select('file_hash').where('file_hash', 'in', hashes)
      .union(db.selectFrom('document_versions').select('file_hash').where('file_hash', 'in', hashes))
      .union(db.selectFrom('document_versions').select((eb) => eb.fn.coalesce('pdf_hash', eb.val('')).as('file_hash')).where('pdf_hash', 'in', hashes))
      .union(db.selectFrom('consultation_files').select('file_hash').where('file_hash', 'in', hashes))
      .union(db.selectFrom('document_signatures').select('file_hash').where('file_hash', 'in', hashes))
      .union(db.selectFrom('document_copies').select('file_hash').where('file_hash', 'in', hashes))
      // OCR's searchable copy lives as long as the text row of its original.
      .union(db.selectFrom('file_texts').select((eb) => eb.fn.coalesce('searchable_pdf_hash', eb.val('')).as('file_hash')).where('searchable_pdf_hash', 'in', hashes))
      // A file dropped on the registration form is kept a day for the registration that follows.
      .union(db.selectFrom('prefill_uploads').select('file_hash').where('file_hash', 'in', hashes).where('created_at', '>', sql<Date>`now() - interval '1 day'`))
      .union(db.selectFrom('attachment_signatures').select('file_hash').where('file_hash', 'in', hashes))
      .union(db.selectFrom('meeting_files').select('file_hash').where('file_hash', 'in', hashes))
      // A PDF prepared for a signature made outside matters only until its session ends or expires.
      .union(db.selectFrom('external_signing_sessions').select('prepared_hash as file_hash').where('prepared_hash', 'in', hashes).where('status', '=', 'pending').where('expires_at', '>', sql<Date>`now()`))
      // Files sent in a conversation (issue 12).
      .union(db.selectFrom('message_files').select('file_hash').where('file_hash', 'in', hashes))
      .union(db.selectFrom('task_files').select('file_hash').where('file_hash', 'in', hashes))
      .execute();
    return new Set(rows.map((r) => r.file_hash));
  };
}

/**
 * Runs the collector if no other server is running it (a lease row, not a held connection, so the
 * database stays free while files are walked). Returns null when another holder has the lease.
 */
export async function collectUnreferencedFiles(db: Db, store: FileStore, graceMs = DEFAULT_GRACE_MS): Promise<CollectReport | null> {
  const holder = randomUUID();
  const taken = await db
    .updateTable('maintenance_leases')
    .set({ holder, expires_at: sql`now() + make_interval(mins => ${LEASE_MINUTES})` })
    .where('name', '=', LEASE)
    .where('expires_at', '<', sql<Date>`now()`)
    .returning('name')
    .executeTakeFirst();
  if (!taken) return null;
  try {
    await deleteEndedSigningSessions(db);
    return await store.collect({ referenced: referencedHashes(db), graceMs });
  } finally {
    await db.updateTable('maintenance_leases').set({ holder: null, expires_at: sql`'-infinity'` }).where('name', '=', LEASE).where('holder', '=', holder).execute();
  }
}

const EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * Collects a minute after start (not during it: start-up stays fast) and then every six hours,
 * so crash leftovers and content of failed requests do not stay forever. Returns a stop function.
 */
export function scheduleFileCollector(db: Db, store: FileStore, log: (message: string, error?: unknown) => void): () => void {
  const run = () => {
    collectUnreferencedFiles(db, store)
      .then((report) => { if (report && (report.removed || report.staging)) log(`file collector: removed ${report.removed} unreferenced file(s) and ${report.staging} staging file(s)`); })
      .catch((error: unknown) => log('file collector failed', error));
  };
  const first = setTimeout(run, 60_000);
  const every = setInterval(run, EVERY_MS);
  first.unref();
  every.unref();
  return () => { clearTimeout(first); clearInterval(every); };
}

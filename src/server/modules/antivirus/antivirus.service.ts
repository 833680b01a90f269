/**
 * What the antivirus keeps and tells: the audit and the administrators' notice of every refused
 * infected upload; content accepted unscanned while the scanner was down (CLAMAV_UNAVAILABLE=accept),
 * scanned by a job when the scanner returns (pg-boss retries it with a doubling delay while the
 * scanner is still down), and quarantined when it turns out infected.
 */
import { sql } from 'kysely';
import type { Db, Executor } from '../../db/database.js';
import type { ActionContext } from '../auth/current-user.js';
import { appendEvent } from '../events/events.repository.js';
import { FileMissingError, type FileStore, type UploadOrigin } from '../files/file-store.js';
import { defineJob, enqueue, type JobLog } from '../jobs/jobs.js';
import { notify } from '../notifications/notifications.service.js';
import { createScanner, type Scanner, scannerConfigFrom, ScannerUnavailableError } from './antivirus.scanner.js';

declare module '../jobs/jobs.js' {
  interface JobPayloads {
    'antivirus.rescan': Record<string, never>;
  }
}

const administrators = (db: Executor, agencyId: string) => db.selectFrom('users').select('id')
  .where('agency_id', '=', agencyId).where('active', '=', true).where(sql<boolean>`'admin' = ANY(roles)`).execute();

/** An infected upload was refused: in the history (audit) and told to the agency's administrators. */
export async function recordInfectedUpload(db: Db, ctx: ActionContext, file: { name: string; signature: string; url: string }): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, action: 'upload_refused_infected', payload: { fileName: file.name, signature: file.signature, url: file.url } });
    const admins = await administrators(tx, ctx.user.agencyId);
    // Sent in no one's name (an administrator who uploads it is told too).
    await notify(tx, null, admins.map((a) => ({
      agencyId: ctx.user.agencyId, recipientId: a.id, kind: 'file_infected' as const,
      params: { fileName: file.name, signature: file.signature, actor: ctx.user.fullName },
    })));
  });
}

/** Content accepted while the scanner was down: to be scanned when it returns. */
export async function recordUnscanned(db: Db, hash: string, origin: UploadOrigin | undefined): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const added = await tx.insertInto('file_scans')
      .values({ file_hash: hash, state: 'unscanned', agency_id: origin?.agencyId ?? null, uploaded_by: origin?.userId ?? null, file_name: origin?.fileName ?? null })
      .onConflict((oc) => oc.column('file_hash').doNothing())
      .returning('file_hash')
      .executeTakeFirst();
    if (added) await enqueue(tx, 'antivirus.rescan', {}, { singletonKey: 'antivirus-rescan' });
  });
}

/** The quarantine record of this content, or null when it may be read. */
export async function isQuarantined(db: Db, hash: string): Promise<{ signature: string | null } | null> {
  return (await db.selectFrom('file_scans').select('signature').where('file_hash', '=', hash).where('state', '=', 'infected').executeTakeFirst()) ?? null;
}

export interface RescanReport { clean: number; infected: number; gone: number }

/**
 * Scans the content accepted unscanned, oldest first. Throws ScannerUnavailableError when the scanner
 * is still down (the job is then tried again later); what was scanned before that is kept.
 */
export async function rescanUnscanned(deps: { db: Db; files: FileStore; scanner: Scanner; log?: JobLog }): Promise<RescanReport> {
  const { db, files, scanner } = deps;
  const report: RescanReport = { clean: 0, infected: 0, gone: 0 };
  for (;;) {
    const rows = await db.selectFrom('file_scans').select(['file_hash', 'agency_id', 'file_name', 'uploaded_by']).where('state', '=', 'unscanned').orderBy('created_at').limit(100).execute();
    if (!rows.length) return report;
    for (const row of rows) {
      let result;
      try {
        result = scanner.scanStream
          ? await scanner.scanStream(() => files.get(row.file_hash))
          : null;
      } catch (error) {
        if (error instanceof FileMissingError) {
          // Collected since (no row named it): nothing left to scan.
          await db.deleteFrom('file_scans').where('file_hash', '=', row.file_hash).execute();
          report.gone++;
          continue;
        }
        if (error instanceof ScannerUnavailableError) {
          await db.updateTable('file_scans').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('file_hash', '=', row.file_hash).execute();
        }
        throw error;
      }
      if (!result) throw new Error('this scanner cannot scan stored content');
      if (result.clean) {
        await db.updateTable('file_scans').set({ state: 'clean', scanned_at: new Date() }).where('file_hash', '=', row.file_hash).execute();
        report.clean++;
        continue;
      }
      const signature = result.signature;
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('file_scans').set({ state: 'infected', signature, scanned_at: new Date() }).where('file_hash', '=', row.file_hash).execute();
        if (!row.agency_id) return;
        await appendEvent(tx, null, { agencyId: row.agency_id, action: 'file_quarantined', payload: { fileHash: row.file_hash, fileName: row.file_name, signature, uploadedBy: row.uploaded_by } });
        const admins = await administrators(tx, row.agency_id);
        await notify(tx, null, admins.map((a) => ({
          agencyId: row.agency_id!, recipientId: a.id, kind: 'file_quarantined' as const,
          params: { fileName: row.file_name ?? row.file_hash, signature },
        })));
      });
      deps.log?.(`antivirus: quarantined ${row.file_hash} (${row.file_name ?? ''}): ${signature}`);
      report.infected++;
    }
  }
}

/**
 * The job that scans content accepted unscanned. Retried with a doubling delay (30 s … 1 h) while
 * the scanner is down, for about a day; `scanner` is the configured one (CLAMAV_*) unless a test gives its own.
 */
export function rescanJob(scanner: () => Scanner | null = defaultScanner) {
  return defineJob('antivirus.rescan', async (_payload, ctx) => {
    const configured = scanner();
    if (!configured) return; // no scanner configured any more: nothing to scan with
    const report = await rescanUnscanned({ db: ctx.db, files: ctx.files, scanner: configured, log: ctx.log });
    if (report.clean || report.infected) ctx.log(`antivirus: scanned ${report.clean + report.infected} file(s) accepted unscanned, ${report.infected} quarantined`);
  }, { retryLimit: 30, retryDelaySeconds: 30, retryDelayMaxSeconds: 3600, expireInSeconds: 3600 });
}

let configured: Scanner | null | undefined;
function defaultScanner(): Scanner | null {
  if (configured === undefined) {
    const config = scannerConfigFrom(process.env);
    configured = config ? createScanner(config) : null;
  }
  return configured;
}

/** Each server queues a rescan now and then while content waits unscanned (a job that ran out of retries included). */
export function scheduleRescans(db: Db, log: JobLog): () => void {
  const check = () => {
    db.selectFrom('file_scans').select('file_hash').where('state', '=', 'unscanned').limit(1).executeTakeFirst()
      .then((waiting) => (waiting ? enqueue(db, 'antivirus.rescan', {}, { singletonKey: 'antivirus-rescan' }) : undefined))
      .catch((error: unknown) => log('antivirus rescan not queued', error));
  };
  const timer = setInterval(check, 15 * 60_000);
  timer.unref();
  check();
  return () => clearInterval(timer);
}

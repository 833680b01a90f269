// Backup and restore of an agency with 10,000 incoming documents, each with its PDF (a distinct stored
// file) and a hash-chained history of two events; the slowdown of requests while a backup runs (a
// small load of inbox and register reads, without and during the backup); the history's verification;
// then an incremental backup (--since the full one) after 1 % more files (BENCH_NEW_FILES), attached to
// existing documents, and the restore of that chain.
// Run: npm run bench:backup [-- --db=pglite|postgres]   (BENCH_DOCS to change the 10,000)
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openPGlite, openPostgres } from '../src/server/db/database.js';
import { renderSamplePdf } from '../src/server/modules/demo/demo.pdf.js';
import { eventHash } from '../src/server/modules/events/events.repository.js';
import { verifyHistory } from '../src/server/modules/events/events.verify.js';
import { createDiskFileStore } from '../src/server/modules/files/file-store.js';
import { createBackup, inParallel, restoreBackup } from '../src/server/modules/operations/backup.js';
import { benchApp, fmt, freshDatabase, kinds, stats, time } from './bench-support.js';

const DOCS = Number(process.env.BENCH_DOCS ?? 10_000);
const LOAD_MS = 8000;

const pdf = Buffer.from(await renderSamplePdf({ issuer: 'UBND tỉnh Điện Biên', reference: '1/UBND-KT', issuedOn: '2026-01-02', summary: 'V/v thử nghiệm sao lưu', signer: 'Lò Văn Tiến' }));

/** An empty deployment to restore into: a new PostgreSQL database (dropped afterwards), or a PGlite folder. */
async function emptyTarget(kind: 'pglite' | 'postgres', suffix: string, pgliteDir: string): Promise<{ target: Parameters<typeof restoreBackup>[0]['target']; drop: () => Promise<void> }> {
  if (kind === 'pglite') return { target: { kind: 'pglite', dataDir: pgliteDir }, drop: async () => undefined };
  const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `vp_bench_${suffix}_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { target: { kind: 'postgres', url: url.toString() }, drop: async () => { await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); await admin.end(); } };
}

for (const kind of kinds()) {
  const database = await freshDatabase(kind);
  const bench = await benchApp(database, { maxEventLoopDelayMs: 0 });
  const db = database.db;
  const agency = await db.selectFrom('agencies').select('id').where('short_name', '=', 'STTTT').executeTakeFirstOrThrow();
  const clerk = await db.selectFrom('users').select('id').where('username', '=', 'vanthu').executeTakeFirstOrThrow();
  const director = await db.selectFrom('users').select('id').where('username', '=', 'giamdoc').executeTakeFirstOrThrow();

  const generate = await time(async () => {
    const register = await db.insertInto('registers').values({ agency_id: agency.id, kind: 'incoming', year: 2026, name: 'Sổ đăng ký văn bản đến năm 2026', next_number: DOCS + 1 }).returning('id').executeTakeFirstOrThrow();
    await sql`INSERT INTO documents (agency_id, direction, register_id, arrival_number, received_on, issuer, number, notation, issued_on,
        document_type, summary, urgency, due_date, status, submitted_to, created_by)
      SELECT ${agency.id}, 'incoming', ${register.id}, g, DATE '2026-01-01' + (g * 320 / ${DOCS}),
        (ARRAY['UBND tỉnh Điện Biên','Bộ Thông tin và Truyền thông','Sở Tài chính tỉnh Điện Biên','Sở Nội vụ tỉnh Điện Biên'])[1 + g % 4],
        g::text, 'UBND-KT', DATE '2026-01-01' + (g * 320 / ${DOCS}), 'official_letter',
        'V/v văn bản thử nghiệm sao lưu số ' || g, 'normal', DATE '2026-01-01' + (g * 320 / ${DOCS}) + 10,
        'submitted', ${director.id}::uuid, ${clerk.id}
      FROM generate_series(1, ${DOCS}) g`.execute(db);
    const docs = await db.selectFrom('documents').select(['id', 'arrival_number']).where('register_id', '=', register.id).orderBy('arrival_number').execute();
    // Each document's PDF: a distinct file in the store (what a backup copies), and its attachment row.
    for (let start = 0; start < docs.length; start += 500) {
      const batch = docs.slice(start, start + 500);
      const rows: { document_id: string; file_hash: string; file_name: string; mime_type: string; size_bytes: number; created_by: string }[] = [];
      await inParallel(batch, 8, async (doc) => {
        // Written straight into the disk store's layout (the generator need not sync each file as an upload does).
        const content = Buffer.concat([pdf, Buffer.from(`\n% ${doc.arrival_number}\n`)]);
        const hash = createHash('sha256').update(content).digest('hex');
        const file = path.join(bench.root, hash.slice(0, 2), hash.slice(2, 4), hash);
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, content);
        const staged = { hash, size: content.length };
        rows.push({ document_id: doc.id, file_hash: staged.hash, file_name: `cong-van-${doc.arrival_number}.pdf`, mime_type: 'application/pdf', size_bytes: staged.size, created_by: clerk.id });
      });
      await db.insertInto('attachments').values(rows).execute();
      // Its history: registered, then submitted to the director, chained by hash as appendEvent does.
      const events = batch.flatMap((doc) => {
        const at = new Date(Date.UTC(2026, 0, 2, 2, 0, doc.arrival_number!));
        const first = { agencyId: agency.id, documentId: doc.id, assignmentId: null, actorId: clerk.id, onBehalfOfId: null, action: 'registered', payload: { arrivalNumber: doc.arrival_number }, createdAt: at.toISOString() };
        const h1 = eventHash(null, first);
        const second = { ...first, action: 'submitted', payload: { leaderId: director.id }, createdAt: new Date(at.getTime() + 60_000).toISOString() };
        const h2 = eventHash(h1, second);
        return [[first, null, h1], [second, h1, h2]] as const;
      }).map(([e, prev, hash]) => ({ agency_id: e.agencyId, document_id: e.documentId, actor_id: e.actorId, action: e.action, payload: JSON.stringify(e.payload), created_at: e.createdAt, prev_hash: prev, hash }));
      await db.insertInto('events').values(events).execute();
    }
    await sql`ANALYZE`.execute(db);
  });
  const counts = await db.selectFrom('events').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  console.log(`${kind}: generated ${DOCS} documents, ${DOCS} files and ${counts.n} events in ${fmt(generate.ms)}`);

  // The load: one official reading the inbox and the register in a loop, for LOAD_MS.
  const cookies = [await bench.cookie('giamdoc'), await bench.cookie('vanthu')];
  const urls = ['/api/inbox?box=todo', '/api/incoming-documents?page=1&pageSize=20'];
  const failures = { quiet: 0, during: 0 };
  async function load(until: () => boolean, phase: keyof typeof failures = 'quiet'): Promise<number[]> {
    const samples: number[] = [];
    for (let i = 0; !until(); i++) {
      const r = await time(() => bench.app.inject({ method: 'GET', url: urls[i % 2]!, headers: { cookie: cookies[i % 2]! } }));
      // 503 SERVER_BUSY: no database connection within DB_CONNECT_TIMEOUT_MS (the PGlite snapshot holds the session).
      if (r.result.statusCode !== 200) failures[phase]++;
      samples.push(r.ms);
    }
    return samples;
  }
  let warm = 0;
  await load(() => warm++ >= 10);
  const quietEnd = Date.now() + LOAD_MS;
  const quiet = await load(() => Date.now() > quietEnd);

  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-bench-backup-'));
  const out = path.join(work, 'backup');
  let done = false;
  const [backup, during] = await Promise.all([
    time(() => createBackup({ database, files: bench.files, out })).finally(() => { done = true; }),
    load(() => done, 'during'),
  ]);
  const manifest = backup.result;
  const size = manifest.database.size + manifest.files.bytes;

  // Restore into an empty deployment of the same kind.
  const { target, drop: dropTarget } = await emptyTarget(kind, 'restore', path.join(work, 'restored', 'pglite'));
  const restore = await time(() => restoreBackup({ from: out, target, files: createDiskFileStore(path.join(work, 'restored', 'files')) }));
  const restored = target.kind === 'postgres' ? openPostgres(target.url) : await openPGlite(target.dataDir);
  const restoredDocs = await restored.db.selectFrom('documents').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  await restored.close();

  const verify = await verifyHistory(db);

  // Incremental: new files since the full backup (attachments added to existing documents), then a
  // backup --since the full one, and the restore of the chain (incremental + base) into an empty deployment.
  const NEW_FILES = Number(process.env.BENCH_NEW_FILES ?? Math.max(1, Math.round(DOCS / 100)));
  const someDocs = await db.selectFrom('documents').select('id').where('direction', '=', 'incoming').orderBy('arrival_number').limit(NEW_FILES).execute();
  const added: { document_id: string; file_hash: string; file_name: string; mime_type: string; size_bytes: number; created_by: string }[] = [];
  await inParallel(someDocs.map((d, i) => ({ ...d, i })), 8, async (doc) => {
    const content = Buffer.concat([pdf, Buffer.from(`\n% phụ lục ${doc.i}\n`)]);
    const hash = createHash('sha256').update(content).digest('hex');
    const file = path.join(bench.root, hash.slice(0, 2), hash.slice(2, 4), hash);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
    added.push({ document_id: doc.id, file_hash: hash, file_name: `phu-luc-${doc.i}.pdf`, mime_type: 'application/pdf', size_bytes: content.length, created_by: clerk.id });
  });
  if (added.length) await db.insertInto('attachments').values(added).execute();
  const incrementalOut = path.join(work, 'backup-incremental');
  const incremental = await time(() => createBackup({ database, files: bench.files, out: incrementalOut, since: out }));
  const { target: chainTarget, drop: dropChainTarget } = await emptyTarget(kind, 'restore_chain', path.join(work, 'restored-chain', 'pglite'));
  const chainRestore = await time(() => restoreBackup({ from: incrementalOut, target: chainTarget, files: createDiskFileStore(path.join(work, 'restored-chain', 'files')) }));
  await dropChainTarget();

  const q = stats(quiet);
  const d = stats(during);
  const p95During = stats(during).p95;
  console.log(`\n${kind}, ${DOCS} documents (${(size / 1048576).toFixed(0)} MB: database ${(manifest.database.size / 1048576).toFixed(0)} MB, ${manifest.files.count} files ${(manifest.files.bytes / 1048576).toFixed(0)} MB)`);
  console.log(`| backup total | ${fmt(backup.ms)} | database ${fmt(manifest.timings.databaseMs)}, files ${fmt(manifest.timings.filesMs)} |`);
  console.log(`| restore total (verify checksums, database, files) | ${fmt(restore.ms)} | ${restore.result.files.restored} files, ${restoredDocs.n} documents back |`);
  console.log(`| requests without backup | p50 ${fmt(q.p50)}, p95 ${fmt(q.p95)}, max ${fmt(Math.max(...quiet))} | ${q.n} requests in ${LOAD_MS / 1000} s (${(q.n / (LOAD_MS / 1000)).toFixed(1)}/s), ${failures.quiet} not 200 |`);
  console.log(`| requests during backup | p50 ${fmt(d.p50)}, p95 ${fmt(p95During)}, max ${fmt(Math.max(...during))} | ${d.n} requests in ${(backup.ms / 1000).toFixed(1)} s (${(d.n / (backup.ms / 1000)).toFixed(1)}/s), ${failures.during} not 200 (503 busy) |`);
  console.log(`| verify-history | ${fmt(verify.ms)} | ${verify.events} events of ${verify.documents} documents, ${verify.broken.length} broken |`);
  const inc = incremental.result;
  console.log(`| incremental backup (--since the full one, ${added.length} new files) | ${fmt(incremental.ms)} | database ${fmt(inc.timings.databaseMs)} (whole), files ${fmt(inc.timings.filesMs)}: ${inc.files.copied?.count} copied (${((inc.files.copied?.bytes ?? 0) / 1048576).toFixed(1)} MB) of ${inc.files.count} listed |`);
  console.log(`| restore of the chain (incremental + full) | ${fmt(chainRestore.ms)} | ${chainRestore.result.files.restored} files from ${chainRestore.result.bases.length + 1} folders |`);

  await dropTarget();
  await bench.close();
  await database.close();
  await fs.rm(work, { recursive: true, force: true });
}
process.exit(0);

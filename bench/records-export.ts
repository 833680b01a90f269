// The export package of a case file of 500 documents (issue 13): time to the first byte and to the
// last, the ZIP's size, and the server's peak resident memory while it streams, on a temporary app
// (PGlite, or PostgreSQL with BENCH_DATABASE=postgres). Five incoming documents are registered
// through the API with their own 3-page PDFs; the rest are copies of their rows (same stored files),
// so the package holds 500 documents, 500 originals and a bound PDF of 1,500 pages plus its contents.
// Run: node --import tsx bench/records-export.ts [--docs=500]
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { multipartBody } from '../src/server/test-support/test-app.js';
import { benchApp, freshDatabase } from './bench-support.js';

const DOCS = Number(process.argv.find((a) => a.startsWith('--docs='))?.split('=')[1] ?? 500);
const kind = process.env.BENCH_DATABASE === 'postgres' ? 'postgres' : 'pglite';

async function pdfOf(n: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let p = 1; p <= 3; p++) doc.addPage([595, 842]).drawText(`Cong van so ${n}, trang ${p}`, { x: 72, y: 760, size: 14, font });
  return Buffer.from(await doc.save());
}

const database = await freshDatabase(kind);
const bench = await benchApp(database, { now: new Date('2026-12-01T02:00:00Z'), maxEventLoopDelayMs: 0 });
const { app } = bench;
const clerk = await bench.cookie('vanthu');
const call = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
  const res = await app.inject({ method, url, headers: { cookie: clerk, origin: 'http://localhost' }, ...(payload === undefined ? {} : { payload: payload as object }) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
};
const director = (await call('GET', '/api/org/users')).items.find((u: { username: string }) => u.username === 'giamdoc').id as string;
const me = (await call('GET', '/api/auth/me')) as { id: string; user?: { id: string } };
const clerkId = me.user?.id ?? me.id;

await call('POST', '/api/records/plans', { year: 2026 });
const headingId = (await call('POST', '/api/records/plans/2026/headings', { title: 'Tổng hợp' })).headings[0].id;
await call('POST', '/api/records/plans/2026/entries', { headingId, title: 'Hồ sơ 500 văn bản', retention: '10', accessRegime: 'public', keeperUserId: clerkId });
const headCookie = await bench.cookie('giamdoc');
const plan = (await app.inject({ method: 'POST', url: '/api/records/plans/2026/approve', headers: { cookie: headCookie, origin: 'http://localhost' } })).json();
const file = await call('POST', '/api/case-files', { planEntryId: plan.entries[0].id });

const sources: string[] = [];
for (let i = 1; i <= 5; i++) {
  const metadata = { issuer: 'UBND tỉnh Điện Biên', number: String(i), notation: 'UBND-VP', issuedOn: '2026-11-02', documentType: 'official_letter', summary: `V/v hồ sơ lớn (${i})`, urgency: 'normal', pageCount: 3, submitTo: director };
  const { payload, contentType } = await multipartBody({ metadata: JSON.stringify(metadata) }, [{ name: `cv-${i}.pdf`, content: await pdfOf(i), type: 'application/pdf' }]);
  const res = await app.inject({ method: 'POST', url: '/api/incoming-documents', headers: { cookie: clerk, origin: 'http://localhost', 'content-type': contentType }, payload });
  if (res.statusCode !== 201) throw new Error(res.body);
  sources.push(res.json().id);
}
// Copies of the five documents' rows (and their attachments' rows), numbered on in the register.
const db = database.db;
const cols = (await sql<{ column_name: string }>`SELECT column_name FROM information_schema.columns WHERE table_name = 'documents' AND table_schema = current_schema() AND column_name <> 'id' AND is_generated = 'NEVER'`.execute(db)).rows.map((r) => r.column_name);
const ids: string[] = [...sources];
for (let n = sources.length; n < DOCS; n++) {
  const src = sources[n % sources.length]!;
  const list = sql.join(cols.map((c) => sql.ref(c)));
  const values = sql.join(cols.map((c) => (c === 'arrival_number' ? sql`arrival_number + ${n * 10}::int` : c === 'summary' ? sql`summary || ${` — bản ${n + 1}`}` : c === 'issued_on' ? sql`issued_on + ${n % 28}::int` : sql.ref(c))));
  const row = (await sql<{ id: string }>`INSERT INTO documents (${list}) SELECT ${values} FROM documents WHERE id = ${src} RETURNING id`.execute(db)).rows[0]!;
  await sql`INSERT INTO attachments (document_id, file_hash, file_name, mime_type, size_bytes, created_by) SELECT ${row.id}, file_hash, file_name, mime_type, size_bytes, created_by FROM attachments WHERE document_id = ${src}`.execute(db);
  ids.push(row.id);
}
for (let i = 0; i < ids.length; i++) await db.insertInto('case_file_documents').values({ case_file_id: file.id, document_id: ids[i]!, ordinal: i + 1, added_by: clerkId }).execute();
await db.updateTable('case_files').set({ next_ordinal: ids.length + 1 }).where('id', '=', file.id).execute();
await call('POST', `/api/case-files/${file.id}/close`);

await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as AddressInfo).port;
global.gc?.();
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
const start = performance.now();
let firstByte = 0;
const bytes = await new Promise<number>((resolve, reject) => {
  http.get({ host: '127.0.0.1', port, path: `/api/case-files/${file.id}/export`, headers: { cookie: clerk } }, (res) => {
    if (res.statusCode !== 200) reject(new Error(`export: ${res.statusCode}`));
    let size = 0;
    res.on('data', (chunk: Buffer) => { if (!firstByte) firstByte = performance.now() - start; size += chunk.length; });
    res.on('end', () => resolve(size)).on('error', reject);
  }).on('error', reject);
});
const total = performance.now() - start;
clearInterval(sampler);
console.log(JSON.stringify({
  database: kind, documents: ids.length, zipMb: +(bytes / 1048576).toFixed(1), firstByteMs: Math.round(firstByte), totalMs: Math.round(total),
  rssBeforeMb: Math.round(rssBefore / 1048576), peakRssMb: Math.round(peak / 1048576),
}));
await bench.close();
await database.close();
process.exit(0);

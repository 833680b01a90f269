// edXML export and import of one issued document with a 10 MB attachment (issue 9): the time of
// GET /api/outgoing-documents/:id/edxml (Sở TT&TT's clerk) and of POST /api/exchange/edxml/import
// (Sở Nội vụ's clerk, the same package as if it came from an agency of a peer deployment), and the
// process's peak RSS during each, sampled every 5 ms; against the same with a 100 KB attachment
// (the baseline, same run). Run: npm run bench:edxml [-- --db=pglite|postgres]
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { benchApp, fmt, freshDatabase, kinds, stats, time } from './bench-support.js';

const RUNS = Number(process.env.BENCH_EDXML_RUNS ?? 3);
const SIZES = [{ label: '10 MB', bytes: 10 * 1024 * 1024 }, { label: '100 KB (baseline)', bytes: 100 * 1024 }];
const A = '000.00.01.H17';
const SNV = '000.00.12.H17';
const PEER = '000.00.05.H99';
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;

/** Runs `fn` while sampling the RSS: its time, the RSS before, and the peak during it. */
async function measured<T>(fn: () => Promise<T>) {
  gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  try {
    const { ms, result } = await time(fn);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { ms, before, peak, result };
  } finally {
    clearInterval(timer);
  }
}

for (const kind of kinds()) {
  const database = await freshDatabase(kind);
  const bench = await benchApp(database, { maxEventLoopDelayMs: 0 });
  const db = database.db;
  const users = new Map((await db.selectFrom('users').select(['id', 'username', 'unit_id', 'agency_id']).execute()).map((u) => [u.username, u]));
  const sender = users.get('vanthu')!;
  const snv = users.get('vanthu.snv')!.agency_id;
  await db.updateTable('agencies').set({ organ_id: A }).where('id', '=', sender.agency_id).execute();
  await db.updateTable('agencies').set({ organ_id: SNV }).where('id', '=', snv).execute();
  const admin = await bench.cookie('quantri');
  const peer = await bench.app.inject({ method: 'POST', url: '/api/exchange/peers', headers: { cookie: admin }, payload: { name: 'Tỉnh khác', baseUrl: 'https://vanphong.example', inboundKey: 'tinh-khac', outboundKey: 'dien-bien' } });
  await bench.app.inject({ method: 'POST', url: `/api/exchange/peers/${peer.json().id}/agencies`, headers: { cookie: admin }, payload: { organId: PEER, name: 'Sở Nội vụ tỉnh khác' } });
  const clerk = await bench.cookie('vanthu');
  const receivingClerk = await bench.cookie('vanthu.snv');
  let number = 0;

  /** An issued document of Sở TT&TT to Sở Nội vụ whose one file has `bytes` bytes (synthetic rows, a stored file). */
  async function issuedWith(bytes: number): Promise<string> {
    number += 1;
    const staged = await bench.files.stage(Readable.from([randomBytes(bytes)]), bytes + 1);
    if (!('hash' in staged)) throw new Error('file too large for the store');
    await staged.commit();
    const doc = await sql<{ id: string }>`INSERT INTO documents (agency_id, direction, issuer, document_type, summary, urgency, status, number, notation, issued_on, issued_at, issued_by, approved_version, created_by, drafting_unit_id)
      VALUES (${sender.agency_id}, 'outgoing', 'Sở Thông tin và Truyền thông tỉnh Điện Biên', 'official_letter', ${`V/v gửi hồ sơ kèm tệp lớn, lần ${number}`}, 'normal', 'issued', ${String(number)}, 'STTTT-VP', '2026-12-01', now(), ${sender.id}, 1, ${sender.id}, ${sender.unit_id}) RETURNING id`.execute(db);
    const id = doc.rows[0]!.id;
    await db.insertInto('document_versions').values({ document_id: id, version: 1, file_hash: staged.hash, file_name: 'ho-so.pdf', mime_type: 'application/pdf', size_bytes: bytes, note: null, created_by: sender.id, pdf_hash: null, pdf_error: null, pdf_attempted_at: null }).execute();
    await db.insertInto('document_recipients').values({ document_id: id, kind: 'agency', agency_id: snv, purpose: 'info', sort_order: 0 }).execute();
    return id;
  }

  const rows: string[] = [];
  const results: Record<string, { exportMs: number; importMs: number; exportPeak: number; importPeak: number; packageBytes: number }> = {};
  for (const size of SIZES) {
    const exports: number[] = [];
    const imports: number[] = [];
    let exportPeak = 0;
    let importPeak = 0;
    let packageBytes = 0;
    for (let run = 0; run < RUNS + 1; run++) {
      const id = await issuedWith(size.bytes);
      const exported = await measured(() => bench.app.inject({ method: 'GET', url: `/api/outgoing-documents/${id}/edxml`, headers: { cookie: clerk } }));
      if (exported.result.statusCode !== 200) throw new Error(`export: ${exported.result.body.slice(0, 500)}`);
      // The same package as an agency of the peer deployment would have sent it to Sở Nội vụ.
      const xml = exported.result.body.replaceAll(A, PEER);
      packageBytes = Buffer.byteLength(xml);
      const imported = await measured(() => bench.app.inject({ method: 'POST', url: '/api/exchange/edxml/import', headers: { cookie: receivingClerk, 'content-type': 'application/xml' }, payload: xml }));
      if (imported.result.statusCode !== 201) throw new Error(`import: ${imported.result.body.slice(0, 500)}`);
      if (run === 0) continue; // warm-up
      exports.push(exported.ms);
      imports.push(imported.ms);
      exportPeak = Math.max(exportPeak, exported.peak);
      importPeak = Math.max(importPeak, imported.peak);
    }
    const e = stats(exports);
    const i = stats(imports);
    results[size.label] = { exportMs: e.p50, importMs: i.p50, exportPeak, importPeak, packageBytes };
    rows.push(`${kind}: ${size.label} attachment (package ${mb(packageBytes)}), ${RUNS} runs: export p50 ${fmt(e.p50)} (max ${fmt(Math.max(...exports))}), peak RSS ${mb(exportPeak)}; import p50 ${fmt(i.p50)} (max ${fmt(Math.max(...imports))}), peak RSS ${mb(importPeak)}`);
  }
  for (const row of rows) console.log(row);
  const big = results[SIZES[0]!.label]!;
  const small = results[SIZES[1]!.label]!;
  console.log(`${kind}: ratio 10 MB / 100 KB: export ${(big.exportMs / small.exportMs).toFixed(1)}×, import ${(big.importMs / small.importMs).toFixed(1)}×; peak RSS ${mb(big.exportPeak)} vs ${mb(small.exportPeak)} (export), ${mb(big.importPeak)} vs ${mb(small.importPeak)} (import)`);
  await bench.close();
  await database.close();
}

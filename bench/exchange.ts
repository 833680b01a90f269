// The exchange inside one deployment: (1) the time from the clerk's "issue" to the document being in
// the receiving clerk's queue (one request issues it; the next, as Sở Nội vụ's clerk, finds it), for a
// document sent to 15 agencies, against the same issuance with no other agency as recipient (the
// baseline, same run); (2) the throughput of 1,000 documents issued to 15 agencies each (15,000
// deliveries), against 1,000 issued to a unit of the agency only.
// Run: npm run bench:exchange [-- --db=pglite|postgres]  (BENCH_EXCHANGE_DOCS=200 for a quick run)
import { sql } from 'kysely';
import { benchApp, fmt, freshDatabase, kinds, stats, time } from './bench-support.js';

const DOCS = Number(process.env.BENCH_EXCHANGE_DOCS ?? 1000);
const AGENCIES = 15;
const LATENCY_RUNS = 20;
const CONCURRENCY = 4;

for (const kind of kinds()) {
  const database = await freshDatabase(kind);
  const bench = await benchApp(database);
  const db = database.db;
  const sender = await db.selectFrom('agencies').select('id').where('short_name', '=', 'STTTT').executeTakeFirstOrThrow();
  const users = new Map((await db.selectFrom('users').select(['id', 'username', 'unit_id', 'agency_id']).execute()).map((u) => [u.username, u]));
  const snv = users.get('vanthu.snv')!.agency_id;
  // Sở Nội vụ and 14 more agencies of the province as receivers.
  const extra = await db.insertInto('agencies')
    .values(Array.from({ length: AGENCIES - 1 }, (_, i) => ({ parent_id: null, organ_id: null, name: `Cơ quan thử nghiệm ${i + 1}`, short_name: `CQ${i + 1}`, place_name: null })))
    .returning('id').execute();
  const receivers = [snv, ...extra.map((a) => a.id)];
  const drafter = users.get('cv.cntt')!;
  const director = users.get('giamdoc')!.id;

  /** `n` approved documents (synthetic rows, as the clerk's box holds them), each to the 15 agencies or to a unit only. */
  async function approved(n: number, toAgencies: boolean, label: string): Promise<string[]> {
    const docs = await sql<{ id: string }>`INSERT INTO documents (agency_id, direction, issuer, document_type, summary, urgency, status, drafting_unit_id, approved_by, approved_at, approved_version, created_by)
      SELECT ${sender.id}, 'outgoing', 'Sở Thông tin và Truyền thông tỉnh Điện Biên', 'official_letter', 'V/v ' || ${label} || ' ' || g, 'normal', 'approved',
        ${drafter.unit_id}, ${director}, now(), 1, ${drafter.id} FROM generate_series(1, ${n}) g RETURNING id`.execute(db);
    const ids = docs.rows.map((d) => d.id);
    await sql`INSERT INTO document_versions (document_id, version, file_hash, file_name, mime_type, size_bytes, created_by)
      SELECT id, 1, ${'b'.repeat(64)}, 'cong-van.pdf', 'application/pdf', 1000, ${drafter.id} FROM documents WHERE id = ANY(${ids}::uuid[])`.execute(db);
    if (toAgencies) {
      await sql`INSERT INTO document_recipients (document_id, kind, agency_id, purpose, sort_order)
        SELECT d, 'agency', a, 'info', o FROM unnest(${ids}::uuid[]) d, unnest(${receivers}::uuid[]) WITH ORDINALITY AS r(a, o)`.execute(db);
    } else {
      await sql`INSERT INTO document_recipients (document_id, kind, unit_id, purpose, sort_order)
        SELECT d, 'unit', ${users.get('tp.khtc')!.unit_id}, 'info', 0 FROM unnest(${ids}::uuid[]) d`.execute(db);
    }
    return ids;
  }

  const clerk = await bench.cookie('vanthu');
  const receivingClerk = await bench.cookie('vanthu.snv');
  const issue = async (id: string) => {
    const res = await bench.app.inject({ method: 'POST', url: `/api/outgoing-documents/${id}/issue`, headers: { cookie: clerk }, payload: { copies: 1 } });
    if (res.statusCode !== 200) throw new Error(`issue: ${res.body}`);
  };

  // (1) Issue → in Sở Nội vụ's queue.
  async function latency(toAgencies: boolean) {
    const ids = await approved(LATENCY_RUNS + 2, toAgencies, toAgencies ? 'độ trễ liên thông' : 'độ trễ nội bộ');
    const samples: number[] = [];
    for (const [i, id] of ids.entries()) {
      const { ms } = await time(async () => {
        await issue(id);
        if (!toAgencies) return;
        const queue = await bench.app.inject({ method: 'GET', url: '/api/exchange/received?pageSize=1', headers: { cookie: receivingClerk } });
        const first = queue.json().items[0];
        const sent = await db.selectFrom('exchange_deliveries').select('id').where('document_id', '=', id).where('receiver_agency_id', '=', snv).executeTakeFirst();
        if (!first || first.id !== sent?.id) throw new Error('not in the queue');
      });
      if (i >= 2) samples.push(ms); // two warm-ups
    }
    return stats(samples);
  }
  const base = await latency(false);
  const exchanged = await latency(true);
  console.log(`${kind}: issue → arrival in the receiver's queue (15 agencies), ${exchanged.n} runs: p50 ${fmt(exchanged.p50)}, p95 ${fmt(exchanged.p95)}`);
  console.log(`${kind}:   baseline, issue to a unit only (no queue read): p50 ${fmt(base.p50)}, p95 ${fmt(base.p95)}; ratio p50 ${(exchanged.p50 / base.p50).toFixed(2)}×`);

  // (2) Throughput: DOCS documents, CONCURRENCY issuances at a time.
  async function throughput(toAgencies: boolean) {
    const ids = await approved(DOCS, toAgencies, toAgencies ? 'lưu lượng liên thông' : 'lưu lượng nội bộ');
    await sql`ANALYZE`.execute(db);
    const { ms } = await time(async () => {
      let next = 0;
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < ids.length) await issue(ids[next++]!);
      }));
    });
    return ms;
  }
  const baseMs = await throughput(false);
  const before = await db.selectFrom('exchange_deliveries').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const exchangeMs = await throughput(true);
  const after = await db.selectFrom('exchange_deliveries').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const deliveries = Number(after.n) - Number(before.n);
  console.log(`${kind}: ${DOCS} documents × ${AGENCIES} agencies: ${deliveries} deliveries in ${fmt(exchangeMs)} — ${(DOCS / (exchangeMs / 1000)).toFixed(1)} documents/s, ${(deliveries / (exchangeMs / 1000)).toFixed(0)} deliveries/s`);
  console.log(`${kind}:   baseline, ${DOCS} documents to a unit only: ${fmt(baseMs)} — ${(DOCS / (baseMs / 1000)).toFixed(1)} documents/s; ratio ${(exchangeMs / baseMs).toFixed(2)}×`);
  await bench.close();
  await database.close();
}

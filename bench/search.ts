// Search at a province's scale: a realistic corpus (bench/search-corpus.ts) in the real tables, the
// index built by the real triggers, then each kind of search timed through the HTTP API as real
// users, beside the raw SQL of its main query in the same run (the ratio is the server's overhead:
// permissions, counts, facets, snippets, JSON).
// Run: npm run bench:search [-- --db=pglite|postgres]   BENCH_DOCS=100000 (default)
//      BENCH_KEEP_URL=postgres://…/search_bench keeps the corpus in that database between runs (1,000,000).
// PGlite computes the index rows at a few documents a second (hours for 100,000): build the corpus
// on PostgreSQL once, then copy its rows (index rows included) into PGlite, which checks that it
// would compute the same index rows for a sample, builds its GIN index, and answers the same first pages:
//      createdb -h 127.0.0.1 -U postgres search_bench_100k
//      BENCH_KEEP_URL=postgres://postgres@127.0.0.1:5432/search_bench_100k BENCH_LOAD_ONLY=1 BENCH_LOAD_JOBS=2 npm run bench:search -- --db=postgres
//      BENCH_CORPUS_FROM=postgres://postgres@127.0.0.1:5432/search_bench_100k npm run bench:search -- --db=pglite
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { migrate, type OpenedDatabase, openPGlite, openPostgres } from '../src/server/db/database.js';
import { openScratchPostgres } from '../src/server/db/scratch-database.js';
import { matchQuery, parseQuery, prefixQuery, referenceKey } from '../src/server/modules/search/search.text.js';
import { benchApp, fmt, kinds, time } from './bench-support.js';
import { copyCorpus, insertBatch, provinceAgencies, recomputedDiffer } from './search-corpus.js';

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const BATCH = 5_000;
const REPEAT = Number(process.env.BENCH_REPEAT ?? 40);
const CONCURRENCY = 4;
/** A PostgreSQL database already holding the corpus of BENCH_DOCS documents, for PGlite to copy. */
const CORPUS_FROM = process.env.BENCH_CORPUS_FROM;
const LOAD_JOBS = Number(process.env.BENCH_LOAD_JOBS ?? 1);

async function open(kind: 'pglite' | 'postgres'): Promise<{ database: OpenedDatabase; cleanup: () => Promise<void> }> {
  if (kind === 'postgres') {
    if (process.env.BENCH_KEEP_URL) {
      const database = openPostgres(process.env.BENCH_KEEP_URL);
      await migrate(database);
      return { database, cleanup: () => database.close() };
    }
    const database = await openScratchPostgres(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 'search_bench');
    return { database, cleanup: () => database.close() };
  }
  // On disk, not in memory: 100,000 pages of text and their index would fill PGlite's heap.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'search-data-bench-'));
  // PGlite answers one statement at a time: a slow search of the burst must not turn into a 503 for waiting 5 s for it.
  const database = await openPGlite(dir, { pool: { connectTimeoutMs: 600_000 } });
  await migrate(database);
  return { database, cleanup: async () => { await database.close(); await fs.rm(dir, { recursive: true, force: true }); } };
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/** p50/p95/p99 of `run` after 3 warm-ups, and requests a second with CONCURRENCY at once. */
async function measure(run: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await run();
  const samples: number[] = [];
  let last: unknown;
  for (let i = 0; i < REPEAT; i++) {
    const r = await time(run);
    samples.push(r.ms);
    last = r.result;
  }
  const burst = await time(() => Promise.all(Array.from({ length: CONCURRENCY }, async () => { for (let i = 0; i < REPEAT / CONCURRENCY; i++) await run(); })));
  return { ...percentiles(samples), perSecond: (REPEAT / burst.ms) * 1000, last };
}

for (const kind of kinds()) {
  const { database, cleanup } = await open(kind);
  // The load shedding (503 past an event-loop delay) is for users; here it would stop the measurement.
  const bench = await benchApp(database, { maxEventLoopDelayMs: 0 });
  const db = database.db;
  const users = new Map((await db.selectFrom('users').select(['id', 'username', 'agency_id']).execute()).map((u) => [u.username, u]));
  const clerk = users.get('vanthu')!;
  const agencyIds = await provinceAgencies(db);
  const have = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM documents`.execute(db)).rows[0]!.n);
  console.log(`${kind}: ${DOCS} documents wanted, ${have} there`);
  // The GIN index is built once after the load (below), not entry by entry during it.
  if (have < DOCS) await sql`DROP INDEX IF EXISTS document_search_vector_idx`.execute(db);
  const source = kind === 'pglite' && CORPUS_FROM ? openPostgres(CORPUS_FROM) : null;
  const load = await time(async () => {
    if (source) {
      const there = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM documents`.execute(source.db)).rows[0]!.n);
      if (there !== DOCS || have > 0) throw new Error(`BENCH_CORPUS_FROM holds ${there} documents, ${have} here; BENCH_DOCS=${DOCS}`);
      await copyCorpus(source.db, db, (n) => { if (n % (BATCH * 10) === 0) console.error(`  ${n} documents copied`); });
      return;
    }
    // BENCH_LOAD_JOBS batches at once (PostgreSQL: one core each; PGlite has one).
    const starts = Array.from({ length: Math.ceil((DOCS - have) / BATCH) }, (_, i) => have + 1 + i * BATCH);
    await Promise.all(Array.from({ length: LOAD_JOBS }, async () => {
      for (let from = starts.shift(); from !== undefined; from = starts.shift()) {
        const to = Math.min(DOCS + 1, from + BATCH);
        const batch = await time(() => insertBatch(db, { agencyIds, userId: clerk.id }, from, to, DOCS));
        if ((from - 1) % (BATCH * 10) === 0) console.error(`  ${to - 1} documents (${fmt(batch.ms)} for the last ${to - from})`);
      }
    }));
  });
  // A specialist with the work of 1 % of the agency's incoming documents (a real user's permissions).
  // The agency's arrival numbers are 1 + g % 5000 with g ≡ 0 (mod 15): 1 (mod 5), so one in 100 ends in 01.
  const specialist = users.get('cv.cntt')!;
  await sql`INSERT INTO assignments (document_id, agency_id, role, assignee_user_id, assigned_by, status)
    SELECT d.id, d.agency_id, 'lead', ${specialist.id}, ${users.get('giamdoc')!.id}, 'completed' FROM documents d
     WHERE d.agency_id = ${clerk.agency_id} AND d.direction = 'incoming' AND d.arrival_number % 500 = 1
       AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.document_id = d.id AND a.assignee_user_id = ${specialist.id})`.execute(db);
  if (source) {
    // 20 documents over the corpus: secret (g % 50 = 0), old tone placement (even g) or not.
    const sample = Array.from({ length: 20 }, (_, k) => Math.max(1, Math.floor(((k + 1) * DOCS) / 21 / 50)) * 50 + (k % 4));
    const differ = await recomputedDiffer(db, sample);
    console.log(`${kind}: index rows of ${sample.length} sampled documents computed again here: ${differ.length ? `${differ.length} DIFFER (${differ.join(', ')})` : 'all equal to the copied ones'}`);
  }
  const analyze = have < DOCS ? await time(() => sql`ANALYZE`.execute(db)) : { ms: 0 };
  const generated = have < DOCS ? `${source ? 'copied' : 'loaded'} ${DOCS - have} documents (text, index rows) in ${fmt(load.ms)} (${((DOCS - have) / (load.ms / 1000)).toFixed(0)} a second)` : 'corpus already there';
  console.log(`${kind}: ${generated}; ANALYZE ${fmt(analyze.ms)}`);

  // The GIN index built again from scratch, and the sizes on disk.
  const rebuild = await time(() => sql`CREATE INDEX IF NOT EXISTS document_search_vector_idx ON document_search USING gin (vector)`.execute(db));
  const size = (await sql<{ table: string; gin: string; all: string; texts: string }>`SELECT
      pg_size_pretty(pg_table_size('document_search')) AS table, pg_size_pretty(pg_relation_size('document_search_vector_idx')) AS gin,
      pg_size_pretty(pg_total_relation_size('document_search')) AS all, pg_size_pretty(pg_total_relation_size('file_texts')) AS texts`.execute(db)).rows[0]!;
  console.log(`${kind}: GIN index built in ${fmt(rebuild.ms)}; document_search ${size.table} + GIN ${size.gin} (all indexes: ${size.all}); file_texts ${size.texts}`);
  if (process.env.BENCH_LOAD_ONLY) { await bench.close(); await source?.close(); await cleanup(); continue; }

  const page = (tsquery: string, extra = sql``) => () => sql`SELECT d.id, d.number, d.notation, d.summary, d.issuer, s.search_date
      FROM documents d JOIN document_search s ON s.document_id = d.id
     WHERE s.agency_id = ${clerk.agency_id} AND d.agency_id = ${clerk.agency_id} AND s.vector @@ ${tsquery}::tsquery ${extra}
     ORDER BY s.search_date DESC, s.document_id DESC LIMIT 20`.execute(db);
  const tsq = (q: string) => matchQuery(parseQuery(q));
  const cases: { label: string; who: string; url: string; raw: () => Promise<unknown> }[] = [
    { label: 'one word, common ("tỉnh")', who: 'vanthu', url: '/api/search?q=tỉnh', raw: page(tsq('tỉnh')) },
    { label: 'one word, rare ("Pá Khoang")', who: 'vanthu', url: '/api/search?q=Khoang', raw: page(tsq('Khoang')) },
    { label: 'one word with diacritics, ranked ("thủy")', who: 'vanthu', url: '/api/search?q=thủy', raw: page(tsq('thủy')) },
    // A word of no document: the index answers at once, or a plan that walks reads every row (DESIGN.md, statistics).
    { label: 'a word in no document ("cdsqg")', who: 'vanthu', url: '/api/search?q=cdsqg', raw: page(tsq('cdsqg')) },
    { label: 'two words unaccented ("chuyen doi")', who: 'vanthu', url: '/api/search?q=chuyen%20doi', raw: page(tsq('chuyen doi')) },
    { label: 'phrase ("cửa khẩu Tây Trang")', who: 'vanthu', url: `/api/search?q=${encodeURIComponent('"cửa khẩu Tây Trang"')}`, raw: page(tsq('"cửa khẩu Tây Trang"')) },
    { label: 'phrase, common ("kế hoạch chuyển đổi số")', who: 'vanthu', url: `/api/search?q=${encodeURIComponent('"kế hoạch chuyển đổi số"')}`, raw: page(tsq('"kế hoạch chuyển đổi số"')) },
    {
      label: '3 filters (type, urgency, a year) + "ngan sach"', who: 'vanthu',
      url: '/api/search?q=ngan%20sach&documentType=decision&urgency=urgent&from=2022-01-01&to=2022-12-31',
      raw: page(tsq('ngan sach'), sql`AND d.document_type = 'decision' AND d.urgency = 'urgent' AND s.search_date BETWEEN '2022-01-01' AND '2022-12-31'`),
    },
    {
      label: 'reference ("121/QD-STTTT", in the corpus)', who: 'vanthu', url: `/api/search?q=${encodeURIComponent('121/QD-STTTT')}`,
      raw: () => sql`SELECT d.id FROM documents d JOIN document_search s ON s.document_id = d.id WHERE s.agency_id = ${clerk.agency_id} AND d.agency_id = ${clerk.agency_id}
        AND s.reference LIKE ${`${referenceKey('121/QD-STTTT')}%`} ORDER BY s.search_date DESC LIMIT 20`.execute(db),
    },
    {
      label: 'suggestions while typing ("quyet di")', who: 'vanthu', url: '/api/search/suggest?q=quyet%20di',
      raw: () => sql`SELECT d.id, d.summary FROM documents d JOIN document_search s ON s.document_id = d.id WHERE s.agency_id = ${clerk.agency_id}
        AND d.agency_id = ${clerk.agency_id} AND s.vector @@ ${prefixQuery('quyet di')}::tsquery ORDER BY s.search_date DESC LIMIT 8`.execute(db),
    },
    { label: 'specialist (own 1 %), "chuyen doi"', who: 'cv.cntt', url: '/api/search?q=chuyen%20doi', raw: page(tsq('chuyen doi')) },
    {
      label: 'incoming register filter "tram bom"', who: 'vanthu', url: '/api/incoming-documents?q=tram%20bom',
      // What the register did before: an ILIKE on the summary.
      raw: () => sql`SELECT id FROM documents WHERE agency_id = ${clerk.agency_id} AND direction = 'incoming' AND summary ILIKE '%trạm bơm%'
        ORDER BY received_on DESC, arrival_number DESC LIMIT 20`.execute(db),
    },
    {
      label: 'incoming register filter, rare ("tay trang")', who: 'vanthu', url: '/api/incoming-documents?q=tay%20trang',
      raw: () => sql`SELECT id FROM documents WHERE agency_id = ${clerk.agency_id} AND direction = 'incoming' AND summary ILIKE '%tây trang%'
        ORDER BY received_on DESC, arrival_number DESC LIMIT 20`.execute(db),
    },
  ];
  if (source) {
    // The same first page on both databases for each search (ids in order): the copy changed nothing users see.
    const original = await benchApp(source, { maxEventLoopDelayMs: 0 });
    const firstPage = async (app: typeof bench, c: (typeof cases)[number]) => {
      const res = await app.app.inject({ method: 'GET', url: c.url, headers: { cookie: await app.cookie(c.who) } });
      if (res.statusCode !== 200) throw new Error(`${c.url}: ${res.statusCode} ${res.body}`);
      const answer = res.json() as { items: { id: string }[] } | { id: string }[];
      return (Array.isArray(answer) ? answer : answer.items).map((hit) => hit.id).join(',');
    };
    const differ: string[] = [];
    let hits = 0;
    for (const c of cases) {
      const [here, there] = [await firstPage(bench, c), await firstPage(original, c)];
      if (here !== there) differ.push(c.label);
      hits += here ? here.split(',').length : 0;
    }
    console.log(`${kind}: first pages equal to PostgreSQL's for ${cases.length - differ.length} of ${cases.length} searches (${hits} hits)${differ.length ? `; DIFFERENT: ${differ.join('; ')}` : ''}`);
    await original.close();
    await source.close();
  }
  console.log(`\n${kind}, ${DOCS} documents, ${REPEAT} runs each (${CONCURRENCY} at once for the rate):`);
  console.log(`  ${'query'.padEnd(48)} ${'API p50'.padStart(9)} ${'p95'.padStart(9)} ${'p99'.padStart(9)} ${'req/s'.padStart(6)} | ${'SQL p50'.padStart(9)} ${'p95'.padStart(9)} ${'q/s'.padStart(6)} | ratio  total`);
  for (const c of cases) {
    const cookie = await bench.cookie(c.who);
    const api = await measure(async () => {
      const res = await bench.app.inject({ method: 'GET', url: c.url, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`${c.url}: ${res.statusCode} ${res.body}`);
      return res.json();
    });
    const raw = await measure(c.raw);
    const answer = api.last as { total?: number; totalCapped?: boolean } | unknown[];
    const total = Array.isArray(answer) ? `${answer.length} shown` : `${answer.total}${answer.totalCapped ? '+' : ''}`;
    console.log(`  ${c.label.padEnd(48)} ${fmt(api.p50).padStart(9)} ${fmt(api.p95).padStart(9)} ${fmt(api.p99).padStart(9)} ${api.perSecond.toFixed(0).padStart(6)} | ${fmt(raw.p50).padStart(9)} ${fmt(raw.p95).padStart(9)} ${raw.perSecond.toFixed(0).padStart(6)} | ${(api.p50 / raw.p50).toFixed(1).padStart(5)}x ${total}`);
  }
  await bench.close();
  await cleanup();
}

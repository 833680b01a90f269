// The leader's dashboard, its charts, the tracking register, the report on handling and the
// statistics at 100,000 incoming documents (the corpus of bench/inbox-100k.ts, with completion
// dates so on-time rates mean something), through the HTTP API, beside the raw SQL that counts
// the agency's open documents by due date with no access rules, in the same run.
// Run: npm run bench:dashboard [-- --db=pglite|postgres]
import { sql } from 'kysely';
import { benchApp, fmt, freshDatabase, kinds, measurer, time } from './bench-support.js';

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 15);
const TODAY = new Date('2026-11-20T03:00:00Z');

for (const kind of kinds()) {
  const database = await freshDatabase(kind);
  // Latency is measured here, not load shedding: a busy shared machine must not turn a slow answer into a 503.
  // Nor may a request's wait for a database connection (5 s by default) turn into a 503: on PGlite the
  // first run answered the charts SERVER_BUSY after 564 s of generating the corpus.
  const bench = await benchApp(database, { now: TODAY, maxEventLoopDelayMs: 0, dbConnectTimeoutMs: 600_000 });
  const db = database.db;
  const agency = await db.selectFrom('agencies').select('id').where('short_name', '=', 'STTTT').executeTakeFirstOrThrow();
  const users = new Map((await db.selectFrom('users').select(['id', 'username', 'unit_id']).execute()).map((u) => [u.username, u]));
  const units = (await db.selectFrom('units').select('id').where('agency_id', '=', agency.id).orderBy('sort_order').execute()).map((u) => u.id);
  const specialists = ['quantri', 'cv.khtc', 'cv.cntt', 'cv.bcvt'].map((u) => users.get(u)!.id);

  const generate = await time(async () => {
    const register = await db.insertInto('registers').values({ agency_id: agency.id, kind: 'incoming', year: 2026, name: 'Sổ đăng ký văn bản đến năm 2026', next_number: DOCS + 1 }).returning('id').executeTakeFirstOrThrow();
    // As bench/inbox-100k.ts: spread over 2026, 10 % waiting for the leader, 60 % in progress, 30 % completed
    // (here completed 5–14 days after arrival, so some on time and some late).
    await sql`INSERT INTO documents (agency_id, direction, register_id, arrival_number, received_on, issuer, number, notation, issued_on,
        document_type, summary, urgency, due_date, status, submitted_to, created_by, completed_at)
      SELECT ${agency.id}, 'incoming', ${register.id}, g, DATE '2026-01-01' + (g * 320 / ${DOCS}),
        (ARRAY['UBND tỉnh Điện Biên','Bộ Thông tin và Truyền thông','Sở Tài chính tỉnh Điện Biên','Sở Nội vụ tỉnh Điện Biên'])[1 + g % 4],
        g::text, 'UBND-KT', DATE '2026-01-01' + (g * 320 / ${DOCS}),
        (ARRAY['official_letter','decision','plan','report','notice'])[1 + g % 5],
        'V/v văn bản thử nghiệm hiệu năng số ' || g,
        (ARRAY['normal','normal','normal','urgent','very_urgent','flash'])[1 + g % 6],
        DATE '2026-01-01' + (g * 320 / ${DOCS}) + 10,
        CASE WHEN g % 10 = 0 THEN 'submitted' WHEN g % 10 < 7 THEN 'in_progress' ELSE 'completed' END,
        CASE WHEN g % 10 = 0 THEN ${users.get('giamdoc')!.id}::uuid END,
        ${users.get('vanthu')!.id},
        CASE WHEN g % 10 >= 7 THEN (DATE '2026-01-01' + (g * 320 / ${DOCS}) + 5 + g % 10)::timestamptz END
      FROM generate_series(1, ${DOCS}) g`.execute(db);
    await sql`INSERT INTO assignments (document_id, agency_id, role, assignee_unit_id, assigned_by, due_date, status)
      SELECT d.id, d.agency_id, 'lead', (${sql.val(units)}::uuid[])[1 + d.arrival_number % 4], ${users.get('giamdoc')!.id}, d.due_date,
        CASE WHEN d.status = 'completed' THEN 'completed' WHEN d.arrival_number % 2 = 0 THEN 'in_progress' ELSE 'pending' END
      FROM documents d WHERE d.status <> 'submitted'`.execute(db);
    await sql`INSERT INTO assignments (document_id, agency_id, parent_id, role, assignee_user_id, assigned_by, due_date, status)
      SELECT a.document_id, a.agency_id, a.id, 'lead', (${sql.val(specialists)}::uuid[])[1 + d.arrival_number % 4], ${users.get('giamdoc')!.id}, a.due_date,
        CASE WHEN a.status = 'completed' THEN 'completed' ELSE 'pending' END
      FROM assignments a JOIN documents d ON d.id = a.document_id WHERE d.arrival_number % 2 = 0`.execute(db);
    await sql`ANALYZE`.execute(db);
  });
  console.log(`${kind}: generated ${DOCS} documents in ${fmt(generate.ms)}`);

  const timed = measurer(bench, REPEAT);
  // Each row is printed as soon as it is measured (a later failure keeps the earlier numbers).
  const measure: typeof timed = async (...args) => {
    const r = await timed(...args);
    console.log(`  … ${r.label}: p50 ${fmt(r.p50)}, p95 ${fmt(r.p95)}`);
    return r;
  };
  const baseline = await measure('baseline: raw SQL, open documents by due date, no access rules', null, () =>
    sql`SELECT count(*) FILTER (WHERE due_date < DATE '2026-11-20') AS overdue, count(*) AS open FROM documents
        WHERE agency_id = ${agency.id} AND direction = 'incoming' AND status <> 'completed'`.execute(db));
  // The statistics' own work without the API: a year's documents by lead unit and state, no access rules.
  const rawStatistics = await measure('raw SQL: a year grouped by lead unit and state, no access rules', null, () =>
    sql`SELECT l.unit_id, count(*) FILTER (WHERE d.status = 'completed') AS done, count(*) FILTER (WHERE d.status <> 'completed' AND d.due_date < DATE '2026-11-20') AS overdue
        FROM documents d LEFT JOIN (SELECT DISTINCT ON (document_id) document_id, assignee_unit_id AS unit_id FROM assignments
          WHERE parent_id IS NULL AND role = 'lead' ORDER BY document_id, seq DESC) l ON l.document_id = d.id
        WHERE d.agency_id = ${agency.id} AND d.direction = 'incoming' AND d.received_on BETWEEN DATE '2026-01-01' AND DATE '2026-12-31'
        GROUP BY l.unit_id`.execute(db));
  const rows = [
    baseline,
    rawStatistics,
    await measure('dashboard, director', 'giamdoc', '/api/dashboard'),
    await measure('dashboard charts (12 weeks), director', 'giamdoc', '/api/dashboard/charts'),
    await measure('dashboard, unit head (scoped)', 'tp.cntt', '/api/dashboard'),
    await measure('tracking register page 1, director', 'giamdoc', '/api/tracking?page=1&pageSize=20'),
    await measure('tracking register, overdue of one unit', 'giamdoc', `/api/tracking?state=overdue&unitId=${units[1]}`),
    await measure('report on handling, one year', 'giamdoc', '/api/reports/handling?from=2026-01-01&to=2026-12-31'),
    await measure('statistics (7 dimensions), one year', 'giamdoc', '/api/statistics?from=2026-01-01&to=2026-12-31'),
  ];
  for (const r of rows) {
    const ratio = r === baseline || r === rawStatistics ? '' : `  ratio ${(r.p50 / baseline.p50).toFixed(1)}x`;
    console.log(`  ${r.label.padEnd(64)} p50 ${fmt(r.p50).padStart(9)}  p95 ${fmt(r.p95).padStart(9)}${ratio}`);
  }
  await bench.close();
  await database.close();
}

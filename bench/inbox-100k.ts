// Builds an agency with 100,000 incoming documents (and their assignments), then times the inboxes,
// their counts and the incoming register through the HTTP API, against the plain SQL query that
// reads one page of the register with no access rules, in the same run.
// Run: npm run bench:inbox [-- --db=pglite|postgres]
import { sql } from 'kysely';
import { benchApp, fmt, freshDatabase, kinds, measurer, time } from './bench-support.js';

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const REPEAT = 30;

for (const kind of kinds()) {
  const database = await freshDatabase(kind);
  const bench = await benchApp(database);
  const db = database.db;
  const agency = await db.selectFrom('agencies').select('id').where('short_name', '=', 'STTTT').executeTakeFirstOrThrow();
  const users = new Map((await db.selectFrom('users').select(['id', 'username', 'unit_id']).execute()).map((u) => [u.username, u]));
  const units = (await db.selectFrom('units').select('id').where('agency_id', '=', agency.id).orderBy('sort_order').execute()).map((u) => u.id);
  const specialists = ['quantri', 'cv.khtc', 'cv.cntt', 'cv.bcvt'].map((u) => users.get(u)!.id);

  const generate = await time(async () => {
    const register = await db.insertInto('registers').values({ agency_id: agency.id, kind: 'incoming', year: 2026, name: 'Sổ đăng ký văn bản đến năm 2026', next_number: DOCS + 1 }).returning('id').executeTakeFirstOrThrow();
    // Documents spread over 2026: 10 % waiting for the leader, 60 % in progress, 30 % completed.
    await sql`INSERT INTO documents (agency_id, direction, register_id, arrival_number, received_on, issuer, number, notation, issued_on,
        document_type, summary, urgency, due_date, status, submitted_to, created_by)
      SELECT ${agency.id}, 'incoming', ${register.id}, g, DATE '2026-01-01' + (g * 320 / ${DOCS}),
        (ARRAY['UBND tỉnh Điện Biên','Bộ Thông tin và Truyền thông','Sở Tài chính tỉnh Điện Biên','Sở Nội vụ tỉnh Điện Biên'])[1 + g % 4],
        g::text, 'UBND-KT', DATE '2026-01-01' + (g * 320 / ${DOCS}),
        (ARRAY['official_letter','decision','plan','report','notice'])[1 + g % 5],
        'V/v văn bản thử nghiệm hiệu năng số ' || g,
        (ARRAY['normal','normal','normal','urgent','very_urgent','flash'])[1 + g % 6],
        DATE '2026-01-01' + (g * 320 / ${DOCS}) + 10,
        CASE WHEN g % 10 = 0 THEN 'submitted' WHEN g % 10 < 7 THEN 'in_progress' ELSE 'completed' END,
        CASE WHEN g % 10 = 0 THEN ${users.get('giamdoc')!.id}::uuid END,
        ${users.get('vanthu')!.id}
      FROM generate_series(1, ${DOCS}) g`.execute(db);
    // A lead unit for every assigned document; half of them passed on to the unit's specialist.
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
  const assignments = await db.selectFrom('assignments').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  console.log(`${kind}: generated ${DOCS} documents and ${assignments.n} assignments in ${fmt(generate.ms)}`);

  const measure = measurer(bench, REPEAT);


  const baseline = await measure('baseline: raw SQL, one register page, no access rules', null, () =>
    sql`SELECT id, arrival_number, received_on, issuer, number, notation, summary, urgency, due_date, status FROM documents
        WHERE agency_id = ${agency.id} AND direction = 'incoming' ORDER BY received_on DESC, arrival_number DESC LIMIT 20`.execute(db));
  const rows = [
    baseline,
    await measure('inbox todo, specialist (cv.cntt)', 'cv.cntt', '/api/inbox?box=todo'),
    await measure('inbox in progress, unit head (tp.cntt)', 'tp.cntt', '/api/inbox?box=in_progress'),
    await measure('inbox overdue, unit head (tp.cntt)', 'tp.cntt', '/api/inbox?box=overdue'),
    await measure('inbox todo, director (giamdoc)', 'giamdoc', '/api/inbox?box=todo'),
    await measure('inbox counts (4 boxes), unit head', 'tp.cntt', '/api/inbox/counts'),
    await measure('register page 1, clerk', 'vanthu', '/api/incoming-documents?page=1&pageSize=20'),
    await measure('register page 2500 (deep), clerk', 'vanthu', '/api/incoming-documents?page=2500&pageSize=20'),
    await measure('register filtered (urgency+type+dates), clerk', 'vanthu', '/api/incoming-documents?urgency=flash&documentType=decision&from=2026-03-01&to=2026-06-30'),
    await measure('register page 1, specialist (scoped)', 'cv.cntt', '/api/incoming-documents?page=1&pageSize=20'),
  ];
  for (const r of rows) {
    const ratio = r === baseline ? '' : `  ratio ${(r.p50 / baseline.p50).toFixed(1)}x`;
    console.log(`  ${r.label.padEnd(52)} p50 ${fmt(r.p50).padStart(9)}  p95 ${fmt(r.p95).padStart(9)}${r.total === undefined ? '' : `  (${r.total} rows)`}${ratio}`);
  }
  await bench.close();
  await database.close();
}

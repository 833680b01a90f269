// Outgoing documents at scale: 100,000 issued documents in the register and 100,000 drafts waiting
// for the director's review, then the register, the "waiting for my review" box and the menu counts
// through the HTTP API, against the plain SQL query of one register page with no access rules in the
// same run; and 100 approved documents issued at once (time, and proof that no number is skipped).
// Run: npm run bench:outgoing [-- --db=pglite|postgres]
import { sql } from 'kysely';
import { countUpTo } from '../src/server/db/count.js';
import { toCurrentUser } from '../src/server/modules/auth/current-user.js';
import { outgoingVisibleTo } from '../src/server/modules/outgoing/outgoing.repository.js';
import { benchApp, fmt, freshDatabase, kinds, measurer, time } from './bench-support.js';

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const REPEAT = 30;

for (const kind of kinds()) {
  const database = await freshDatabase(kind);
  const bench = await benchApp(database);
  const db = database.db;
  const agency = await db.selectFrom('agencies').select('id').where('short_name', '=', 'STTTT').executeTakeFirstOrThrow();
  const users = new Map((await db.selectFrom('users').select(['id', 'username', 'unit_id']).execute()).map((u) => [u.username, u]));
  const director = users.get('giamdoc')!.id;
  const drafter = users.get('cv.cntt')!;
  const hash = 'a'.repeat(64);

  const generate = await time(async () => {
    const register = await db.insertInto('registers').values({ agency_id: agency.id, kind: 'outgoing', year: 2026, name: 'Sổ đăng ký văn bản đi năm 2026', next_number: DOCS + 1 }).returning('id').executeTakeFirstOrThrow();
    await sql`INSERT INTO documents (agency_id, direction, register_id, issue_number, number, notation, issued_on, issuer, document_type, summary, urgency,
        status, drafting_unit_id, signer_id, approved_by, approved_at, issued_by, issued_at, copies, created_by)
      SELECT ${agency.id}, 'outgoing', ${register.id}, g, lpad(g::text, 2, '0'), 'STTTT-CNTT', DATE '2026-01-01' + (g * 320 / ${DOCS}),
        'Sở Thông tin và Truyền thông tỉnh Điện Biên', (ARRAY['official_letter','decision','plan','report','notice'])[1 + g % 5],
        'V/v văn bản đi thử nghiệm hiệu năng số ' || g, (ARRAY['normal','normal','urgent','very_urgent'])[1 + g % 4],
        'issued', ${drafter.unit_id}, ${director}, ${director}, now(), ${users.get('vanthu')!.id}, now(), 2, ${drafter.id}
      FROM generate_series(1, ${DOCS}) g`.execute(db);
    await sql`INSERT INTO document_recipients (document_id, kind, unit_id, purpose, sort_order)
      SELECT id, 'unit', ${users.get('tp.khtc')!.unit_id}, 'info', 0 FROM documents WHERE direction = 'outgoing'`.execute(db);
    // As many drafts under review, every one waiting for the director (a busy leader's worst day).
    await sql`INSERT INTO documents (agency_id, direction, issuer, document_type, summary, urgency, status, drafting_unit_id, submitted_to, submitted_at, created_by)
      SELECT ${agency.id}, 'outgoing', 'Sở Thông tin và Truyền thông tỉnh Điện Biên', 'official_letter', 'V/v dự thảo chờ duyệt số ' || g,
        (ARRAY['normal','normal','urgent','very_urgent'])[1 + g % 4], 'in_review', ${drafter.unit_id}, ${director}, now() - (g || ' minutes')::interval, ${drafter.id}
      FROM generate_series(1, ${DOCS}) g`.execute(db);
    await sql`INSERT INTO approval_steps (document_id, agency_id, round, position, kind, holder_id, status, became_current_at)
      SELECT id, agency_id, 1, 0, 'director', ${director}, 'current', submitted_at FROM documents WHERE status = 'in_review'`.execute(db);
    await sql`INSERT INTO document_versions (document_id, version, file_hash, file_name, mime_type, size_bytes, created_by)
      SELECT id, 1, ${hash}, 'du-thao.pdf', 'application/pdf', 1000, ${drafter.id} FROM documents WHERE direction = 'outgoing'`.execute(db);
    await sql`ANALYZE`.execute(db);
  });
  console.log(`${kind}: generated ${DOCS} issued documents and ${DOCS} drafts under review in ${fmt(generate.ms)}`);

  const measure = measurer(bench, REPEAT);


  const baseline = await measure('baseline: raw SQL, one register page, no access rules', null, () =>
    sql`SELECT id, number, notation, issued_on, document_type, summary FROM documents
        WHERE agency_id = ${agency.id} AND direction = 'outgoing' AND status = 'issued' ORDER BY issued_on DESC, issue_number DESC LIMIT 20`.execute(db));
  const rows = [
    baseline,
    await measure('register page 1, clerk', 'vanthu', '/api/outgoing-register?page=1&pageSize=20'),
    await measure('register page 2500 (deep), clerk', 'vanthu', '/api/outgoing-register?page=2500&pageSize=20'),
    await measure('register filtered (type + dates), clerk', 'vanthu', '/api/outgoing-register?documentType=decision&from=2026-03-01&to=2026-06-30'),
    await measure('register page 1, recipient unit head (scoped)', 'tp.khtc', '/api/outgoing-register?page=1&pageSize=20'),
    await measure('"waiting for my review", director', 'giamdoc', '/api/outgoing-documents?box=review'),
    await measure('menu counts, director', 'giamdoc', '/api/outgoing-documents/counts'),
  ];
  // The pager's total alone, exact against counted up to 10,000, for the clerk and the recipient unit head.
  for (const username of ['vanthu', 'tp.khtc']) {
    const user = toCurrentUser(await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow());
    const scope = db.selectFrom('documents').where(outgoingVisibleTo(user)).where('documents.status', '=', 'issued');
    rows.push(await measure(`total, exact count(*), ${username}`, null, () => scope.select((eb) => eb.fn.countAll().as('n')).execute()));
    rows.push(await measure(`total, counted up to 10,000, ${username}`, null, () => countUpTo(db, scope)));
  }
  for (const r of rows) {
    const ratio = r === baseline ? '' : `  ratio ${(r.p50 / baseline.p50).toFixed(1)}x`;
    console.log(`  ${r.label.padEnd(52)} p50 ${fmt(r.p50).padStart(9)}  p95 ${fmt(r.p95).padStart(9)}${r.total === undefined ? '' : `  (${r.total} rows)`}${ratio}`);
  }

  // 100 approved documents issued at once by the clerk, after the 100,000 of the year.
  const approved = await sql<{ id: string }>`INSERT INTO documents (agency_id, direction, issuer, document_type, summary, urgency, status, drafting_unit_id, approved_by, approved_at, created_by)
      SELECT ${agency.id}, 'outgoing', 'Sở Thông tin và Truyền thông tỉnh Điện Biên', 'official_letter', 'V/v phát hành đồng loạt ' || g, 'normal', 'approved',
        ${drafter.unit_id}, ${director}, now(), ${drafter.id} FROM generate_series(1, 100) g RETURNING id`.execute(db);
  const cookie = await bench.cookie('vanthu');
  const issued = await time(() => Promise.all(approved.rows.map((d) => bench.app.inject({ method: 'POST', url: `/api/outgoing-documents/${d.id}/issue`, headers: { cookie }, payload: { copies: 1 } }))));
  const numbers = issued.result.map((r) => (r.statusCode === 200 ? Number(r.json().number) : -r.statusCode)).sort((a, b) => a - b);
  const expected = Array.from({ length: 100 }, (_, i) => DOCS + 1 + i);
  const gapFree = numbers.every((n, i) => n === expected[i]);
  console.log(`  100 issuances at once: ${fmt(issued.ms)} in all, numbers ${numbers[0]}–${numbers.at(-1)}, ${gapFree ? 'consecutive, none repeated' : `NOT consecutive: ${numbers.join(',')}`}`);
  await bench.close();
  await database.close();
}

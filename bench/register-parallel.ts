// Registers 50 incoming documents in parallel through the HTTP API (multipart upload, numbering,
// file storage, history) and compares with the raw SQL that numbers and inserts 50 rows the same way.
// Run: npm run bench:register [-- --db=pglite|postgres]
import { sql } from 'kysely';
import { multipartBody } from '../src/server/test-support/test-app.js';
import { renderSamplePdf } from '../src/server/modules/demo/demo.pdf.js';
import { benchApp, fmt, freshDatabase, kinds, stats, time } from './bench-support.js';

const N = 50;
const ROUNDS = 5;

const pdf = await renderSamplePdf({ issuer: 'UBND tỉnh Điện Biên', reference: '1/UBND-KT', issuedOn: '2026-01-02', summary: 'V/v đo hiệu năng đăng ký văn bản đến', signer: 'Lò Văn Tiến' });

for (const kind of kinds()) {
  const database = await freshDatabase(kind);
  const bench = await benchApp(database);
  const cookie = await bench.cookie('vanthu');
  const agency = await database.db.selectFrom('agencies').select('id').where('short_name', '=', 'STTTT').executeTakeFirstOrThrow();
  const clerk = await database.db.selectFrom('users').select('id').where('username', '=', 'vanthu').executeTakeFirstOrThrow();
  let serial = 0;

  const apiRound = () => Promise.all(Array.from({ length: N }, async () => {
    const metadata = { issuer: 'UBND tỉnh Điện Biên', number: String(++serial), notation: 'UBND-KT', issuedOn: '2026-01-02', documentType: 'official_letter', summary: `V/v đo hiệu năng ${serial}` };
    const { payload, contentType } = await multipartBody({ metadata: JSON.stringify(metadata) }, [{ name: 'vb.pdf', content: Buffer.concat([Buffer.from(pdf), Buffer.from(`%${serial}`)]), type: 'application/pdf' }]);
    const res = await bench.app.inject({ method: 'POST', url: '/api/incoming-documents', headers: { cookie, 'content-type': contentType }, payload });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().arrivalNumber as number;
  }));

  // Baseline: the same numbering upsert and document insert, 50 transactions in parallel, no HTTP, no files, no history.
  const sqlRound = () => Promise.all(Array.from({ length: N }, () => database.db.transaction().execute(async (tx) => {
    const reg = await sql<{ id: string; n: number }>`INSERT INTO registers (agency_id, kind, year, name, next_number) VALUES (${agency.id}, 'incoming', 2099, 'bench', 2)
      ON CONFLICT (agency_id, kind, year) DO UPDATE SET next_number = registers.next_number + 1 RETURNING id, next_number - 1 AS n`.execute(tx);
    const row = reg.rows[0]!;
    await sql`INSERT INTO documents (agency_id, direction, register_id, arrival_number, received_on, issuer, issued_on, document_type, summary, status, created_by)
      VALUES (${agency.id}, 'incoming', ${row.id}, ${row.n}, '2099-01-01', 'x', '2099-01-01', 'official_letter', 'x', 'registered', ${clerk.id})`.execute(tx);
  })));

  await apiRound(); // warm up both paths
  await sqlRound();
  const api: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const a = await time(apiRound);
    const numbers = [...a.result].sort((x, y) => x - y);
    if (numbers.some((n, j) => j > 0 && n !== numbers[j - 1]! + 1)) throw new Error('gap or repeat in arrival numbers');
    api.push(a.ms);
    raw.push((await time(sqlRound)).ms);
  }
  const s = stats(api);
  const b = stats(raw);
  console.log(`${kind}: ${N} parallel registrations via HTTP (multipart + PDF + history): p50 ${fmt(s.p50)} (min ${fmt(s.min)}), ${fmt(s.p50 / N)} per document; raw SQL baseline p50 ${fmt(b.p50)}; ratio ${(s.p50 / b.p50).toFixed(1)}x  [${ROUNDS} rounds]`);
  await bench.close();
  await database.close();
}

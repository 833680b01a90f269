import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../src/server/db/database.js';

// A realistic corpus for search: 15 agencies of a province, 10 years of incoming and outgoing
// documents with the types, urgencies and secrecy of a real register, summaries and about a page
// of body text built from the phrases of administrative documents (frequent ones often, rare ones
// seldom: a Zipf-like draw), half of them in the old tone placement (hòa, thủy, khỏe). Bodies go
// into file_texts and attachments, so the real triggers build the real index.

export const AGENCIES = [
  ['Sở Thông tin và Truyền thông', 'STTTT'], ['Sở Tài chính', 'STC'], ['Sở Nội vụ', 'SNV'], ['Sở Kế hoạch và Đầu tư', 'SKHĐT'],
  ['Sở Giáo dục và Đào tạo', 'SGDĐT'], ['Sở Y tế', 'SYT'], ['Sở Nông nghiệp và Phát triển nông thôn', 'SNNPTNT'],
  ['Sở Tài nguyên và Môi trường', 'STNMT'], ['Sở Xây dựng', 'SXD'], ['Sở Giao thông vận tải', 'SGTVT'],
  ['Sở Lao động - Thương binh và Xã hội', 'SLĐTBXH'], ['Sở Văn hóa, Thể thao và Du lịch', 'SVHTTDL'],
  ['UBND thành phố Điện Biên Phủ', 'UBND-TP'], ['UBND huyện Mường Chà', 'UBND-MC'], ['UBND huyện Tủa Chùa', 'UBND-TC'],
] as const;

/** Phrases of administrative writing, most frequent first. */
const PHRASES = [
  'theo đề nghị của', 'ủy ban nhân dân tỉnh', 'các cơ quan, đơn vị', 'tổ chức thực hiện', 'có trách nhiệm',
  'báo cáo kết quả', 'trước ngày', 'căn cứ Luật Tổ chức chính quyền địa phương', 'đề nghị các đơn vị', 'triển khai thực hiện',
  'nâng cao chất lượng', 'chuyển đổi số', 'kế hoạch chuyển đổi số', 'công tác quản lý nhà nước', 'hướng dẫn thực hiện',
  'ngân sách nhà nước', 'kinh phí thực hiện', 'dự toán năm', 'phòng, chống thiên tai', 'bảo đảm an toàn',
  'cải cách hành chính', 'thủ tục hành chính', 'dịch vụ công trực tuyến', 'chính quyền điện tử', 'văn bản điện tử',
  'chữ ký số', 'an toàn thông tin mạng', 'hạ tầng kỹ thuật', 'cơ sở dữ liệu', 'phần mềm quản lý văn bản',
  'đào tạo, bồi dưỡng', 'cán bộ, công chức, viên chức', 'thi đua, khen thưởng', 'tổng kết năm', 'sơ kết sáu tháng',
  'phát triển kinh tế - xã hội', 'xây dựng nông thôn mới', 'giảm nghèo bền vững', 'đồng bào dân tộc thiểu số', 'vùng sâu, vùng xa',
  'chăm sóc sức khỏe nhân dân', 'phòng, chống dịch bệnh', 'bảo hiểm y tế', 'an sinh xã hội', 'hòa giải ở cơ sở',
  'thủy lợi nội đồng', 'quản lý đất đai', 'bảo vệ môi trường', 'tài nguyên nước', 'khai thác khoáng sản',
  'đầu tư công', 'giải ngân vốn', 'dự án đầu tư xây dựng', 'giải phóng mặt bằng', 'quy hoạch tỉnh',
  'giao thông nông thôn', 'an toàn giao thông', 'mùa mưa lũ', 'sạt lở đất', 'cứu hộ, cứu nạn',
  'văn hóa, thể thao và du lịch', 'lễ hội truyền thống', 'di tích lịch sử', 'chiến thắng Điện Biên Phủ', 'khu du lịch Mường Phăng',
  'giáo dục và đào tạo', 'năm học mới', 'trường phổ thông dân tộc bán trú', 'kỳ thi tốt nghiệp', 'xóa mù chữ',
  'hỗ trợ doanh nghiệp', 'khởi nghiệp đổi mới sáng tạo', 'thương mại điện tử', 'xúc tiến đầu tư', 'hợp tác xã',
  'phòng cháy, chữa cháy', 'quốc phòng, an ninh', 'biên giới Việt - Lào', 'trật tự an toàn xã hội', 'tiếp công dân',
  'giải quyết khiếu nại, tố cáo', 'thanh tra, kiểm tra', 'phòng, chống tham nhũng', 'thực hành tiết kiệm', 'kiểm toán nhà nước',
  'cà phê Mường Ảng', 'gạo Điện Biên', 'chè Tủa Chùa', 'hồ Pá Khoang', 'cầu Mường Thanh',
  'trạm bơm Nậm Rốm', 'đèo Pha Đin', 'bản Phiêng Lơi', 'xã Pa Thơm', 'cửa khẩu Tây Trang',
  'hệ thống camera giám sát', 'trung tâm điều hành thông minh', 'mạng truyền số liệu chuyên dùng', 'bưu chính công ích', 'phát thanh truyền hình',
];

const OPENINGS = ['V/v', 'V/v triển khai', 'V/v báo cáo', 'V/v đề nghị', 'V/v hướng dẫn', 'V/v tăng cường', 'V/v phối hợp', 'V/v góp ý dự thảo'];

/** type, weight, notation prefix */
const TYPES: [string, number][] = [['official_letter', 45], ['decision', 15], ['report', 12], ['plan', 8], ['notice', 8], ['invitation', 6], ['submission', 4], ['guidance', 2]];
const URGENCY: [string, number][] = [['normal', 80], ['urgent', 12], ['very_urgent', 5], ['flash', 3]];

const weighted = (list: [string, number][]) => list.flatMap(([v, w]) => Array<string>(w).fill(v));

/** A page of SQL that rewrites the new tone placement to the old for half the bodies (as many Word files do). */
const OLD_STYLE = (text: string) => `replace(replace(replace(replace(replace(${text}, 'oà', 'òa'), 'uỷ', 'ủy'), 'oẻ', 'ỏe'), 'oá', 'óa'), 'uỳ', 'ùy')`;

export interface CorpusContext { agencyIds: string[]; userId: string }

/**
 * Inserts documents numbered [from, to) in one statement each for file_texts, documents and attachments.
 * The search index is written once per document by the migration's own document_search_refresh():
 * the triggers are off for the batch (session_replication_role), which would refresh each document
 * twice (its row, then its attachment) and insert into the GIN index row by row.
 */
export async function insertBatch(db: Db, ctx: CorpusContext, from: number, to: number, total: number) {
  const phrases = sql.val(PHRASES);
  const openings = sql.val(OPENINGS);
  const types = sql.val(weighted(TYPES));
  const urgencies = sql.val(weighted(URGENCY));
  const agencies = sql.val(ctx.agencyIds);
  const abbreviations = sql.val(AGENCIES.map(([, short]) => short));
  // Deterministic draws from g (the same corpus every run): a hash of g and a salt in [0, 1).
  // `p`: the sentence within a body, so each sentence draws its own phrases.
  const r = (salt: number, p = '0') => sql.raw(`(((hashint8(g::bigint * 7919 + ${salt} + ${p} * 104729) & 2147483647)::float8) / 2147483648.0)`);
  // Zipf-like: the product of two uniform draws favours the first phrases.
  const phrase = (salt: number, p = '0') => sql`(${phrases}::text[])[1 + floor(${r(salt, p)} * ${r(salt + 1, p)} * ${PHRASES.length})::int]`;
  await db.transaction().execute(async (tx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(tx);
    await sql`CREATE TEMP TABLE corpus ON COMMIT DROP AS
      SELECT g,
        md5('vanphong-corpus-' || g) || md5('body-' || g) AS hash,
        (${agencies}::uuid[])[1 + g % ${ctx.agencyIds.length}] AS agency_id,
        (${abbreviations}::text[])[1 + g % ${ctx.agencyIds.length}] AS agency_short,
        CASE WHEN g % 10 < 7 THEN 'incoming' ELSE 'outgoing' END AS direction,
        DATE '2017-01-01' + (g::bigint * 3620 / ${total})::int AS day,
        (${types}::text[])[1 + floor(${r(1)} * 100)::int] AS document_type,
        (${urgencies}::text[])[1 + floor(${r(2)} * 100)::int] AS urgency,
        CASE WHEN g % 50 = 0 THEN 'confidential' ELSE 'none' END AS secrecy,
        (${openings}::text[])[1 + floor(${r(3)} * ${OPENINGS.length})::int] || ' ' || ${phrase(4)} || ' ' || ${phrase(6)} || ' năm ' || (2017 + g::bigint * 10 / ${total}) AS summary,
        (SELECT string_agg(${phrase(100, 'p')} || ' ' || ${phrase(200, 'p')} || ' ' || ${phrase(300, 'p')} || ' ' || ${phrase(400, 'p')} || ' số ' || (p * 37 + g) % 1000, '. ')
           FROM generate_series(1, 25) p) AS body
      FROM generate_series(${from}::int, ${to - 1}::int) g`.execute(tx);
    await sql`INSERT INTO file_texts (file_hash, mime_type, status, method, page_count, text, extracted_at)
      SELECT hash, 'application/pdf', 'done', 'pdf_text', 1, CASE WHEN g % 2 = 0 THEN ${sql.raw(OLD_STYLE('body'))} ELSE body END, now() FROM corpus`.execute(tx);
    await sql`INSERT INTO documents (id, agency_id, direction, arrival_number, received_on, issuer, number, notation, issued_on,
        document_type, summary, signer, urgency, secrecy, status, created_by, issue_number, created_at)
      SELECT md5('doc-' || g)::uuid, agency_id, direction, CASE WHEN direction = 'incoming' THEN 1 + g % 5000 END,
        CASE WHEN direction = 'incoming' THEN day + 2 END,
        CASE WHEN direction = 'incoming' THEN (ARRAY['UBND tỉnh Điện Biên','Bộ Thông tin và Truyền thông','Bộ Tài chính','Văn phòng Chính phủ','Tỉnh ủy Điện Biên'])[1 + g % 5] ELSE 'Sở Thông tin và Truyền thông tỉnh Điện Biên' END,
        (1 + g % 2000)::text,
        CASE document_type WHEN 'decision' THEN 'QĐ-' WHEN 'report' THEN 'BC-' WHEN 'plan' THEN 'KH-' WHEN 'notice' THEN 'TB-'
          WHEN 'invitation' THEN 'GM-' WHEN 'submission' THEN 'TTr-' WHEN 'guidance' THEN 'HD-' ELSE '' END || agency_short,
        day, document_type, summary,
        (ARRAY['Lò Văn Tiến','Nguyễn Văn Hùng','Lò Thị Mai','Trần Quốc Bảo','Quàng Văn Sơn','Cầm Văn Thắng'])[1 + g % 6],
        urgency, secrecy,
        CASE WHEN direction = 'incoming' THEN (ARRAY['completed','completed','completed','in_progress','registered'])[1 + g % 5] ELSE 'issued' END,
        ${ctx.userId}, CASE WHEN direction = 'outgoing' THEN g END, day::timestamptz
      FROM corpus`.execute(tx);
    await sql`INSERT INTO attachments (document_id, file_hash, file_name, mime_type, size_bytes, created_by)
      SELECT md5('doc-' || g)::uuid, hash, 'van-ban.pdf', 'application/pdf', 40000, ${ctx.userId} FROM corpus`.execute(tx);
    await sql`SELECT document_search_refresh(md5('doc-' || g)::uuid) FROM corpus`.execute(tx);
  });
}

/** The province's agencies (the demo one first, then 14 more), for documents to spread over. */
export async function provinceAgencies(db: Db): Promise<string[]> {
  const own = await db.selectFrom('agencies').select('id').where('short_name', '=', 'STTTT').executeTakeFirstOrThrow();
  const ids = [own.id];
  for (const [name, short] of AGENCIES.slice(1)) {
    const found = await db.selectFrom('agencies').select('id').where('short_name', '=', `${short}-B`).executeTakeFirst();
    ids.push(found?.id ?? (await db.insertInto('agencies').values({ name: `${name} (bench)`, short_name: `${short}-B` }).returning('id').executeTakeFirstOrThrow()).id);
  }
  return ids;
}

/** What a corpus page is made of, in dependency order: each table's rows for a page of documents (`d`: their ids). */
const CORPUS_TABLES: [string, (d: string[]) => RawBuilder<unknown>][] = [
  ['documents', (d) => sql`id = ANY(${d}::uuid[])`],
  ['file_texts', (d) => sql`file_hash IN (SELECT file_hash::text FROM attachments WHERE document_id = ANY(${d}::uuid[]))`],
  ['attachments', (d) => sql`document_id = ANY(${d}::uuid[])`],
  ['document_search', (d) => sql`document_id = ANY(${d}::uuid[])`],
];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * Copies a corpus built by insertBatch on PostgreSQL (`from`) into another database (`to`, PGlite,
 * where computing the index rows runs at a few documents a second): every row insertBatch wrote,
 * the index rows as they are (tsvectors through their text form), `page` documents at a time as
 * JSON, triggers and foreign-key checks off as in insertBatch. Both databases have their own demo
 * seed and `provinceAgencies`, with their own UUIDs: the rows' agencies (by short name) and users
 * (by username) are mapped to `to`'s. The next page is read while the last one is written.
 */
export async function copyCorpus(from: Db, to: Db, onPage: (copied: number) => void, page = 500) {
  const ids = new Map<string, string>();
  for (const [table, key] of [['agencies', 'short_name'], ['users', 'username']]) {
    const list = sql<{ id: string; key: string | null }>`SELECT id, ${sql.ref(key!)} AS key FROM ${sql.table(table!)}`;
    const ours = new Map((await list.execute(to)).rows.map((r) => [r.key, r.id]));
    for (const r of (await list.execute(from)).rows) if (r.key !== null && ours.has(r.key)) ids.set(r.id, ours.get(r.key)!);
  }
  const columns = await Promise.all(CORPUS_TABLES.map(async ([table]) => sql.join((await sql<{ name: string }>`SELECT attname AS name FROM pg_attribute
    WHERE attrelid = ${table}::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''`.execute(to)).rows.map((c) => sql.ref(c.name)))));
  const read = async (after: string) => {
    const docs = (await sql<{ id: string }>`SELECT id FROM documents WHERE id > ${after}::uuid ORDER BY id LIMIT ${page}`.execute(from)).rows.map((r) => r.id);
    const rows = await Promise.all(CORPUS_TABLES.map(async ([table, where]) =>
      (await sql<{ rows: string | null }>`SELECT json_agg(t)::text AS rows FROM ${sql.table(table)} t WHERE ${where(docs)}`.execute(from)).rows[0]!.rows));
    return { docs, rows };
  };
  let copied = 0;
  let next = read('00000000-0000-0000-0000-000000000000');
  for (let batch = await next; batch.docs.length > 0; batch = await next) {
    next = read(batch.docs.at(-1)!);
    await to.transaction().execute(async (tx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(tx);
      for (const [i, [table]] of CORPUS_TABLES.entries()) {
        const json = batch.rows[i]?.replace(UUID, (u) => ids.get(u) ?? u);
        if (json) await sql`INSERT INTO ${sql.table(table)} (${columns[i]!}) OVERRIDING SYSTEM VALUE
          SELECT ${columns[i]!} FROM json_populate_recordset(NULL::${sql.table(table)}, ${json}::json) ON CONFLICT DO NOTHING`.execute(tx);
      }
    });
    onPage((copied += batch.docs.length));
  }
  // Every copied row's agency and user exists here: a seed row left unmapped would show.
  const { n } = (await sql<{ n: number }>`SELECT
      (SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM agencies a WHERE a.id = d.agency_id) OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = d.created_by))
    + (SELECT count(*) FROM attachments x WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = x.created_by))
    + (SELECT count(*) FROM document_search s WHERE NOT EXISTS (SELECT 1 FROM agencies a WHERE a.id = s.agency_id)) AS n`.execute(to)).rows[0]!;
  if (Number(n) > 0) throw new Error(`${n} copied rows point to agencies or users this database does not have`);
  return copied;
}

/**
 * The documents among `gs` (corpus numbers) whose index row changes when this database computes
 * it again with its own document_search_refresh(): the copied rows must be what it would write.
 */
export async function recomputedDiffer(db: Db, gs: number[]): Promise<string[]> {
  const state = sql<Record<string, unknown>>`SELECT s.document_id, s.agency_id, s.search_date::text, s.vector::text, s.secret_vector::text, s.reference
    FROM unnest(${gs}::int[]) g JOIN document_search s ON s.document_id = md5('doc-' || g)::uuid ORDER BY g`;
  const before = (await state.execute(db)).rows;
  await sql`SELECT document_search_refresh(md5('doc-' || g)::uuid) FROM unnest(${gs}::int[]) g`.execute(db);
  const after = (await state.execute(db)).rows;
  if (before.length !== gs.length) throw new Error(`${gs.length - before.length} sampled documents have no index row`);
  return before.filter((row, i) => JSON.stringify(row) !== JSON.stringify(after[i])).map((row) => String(row.document_id));
}

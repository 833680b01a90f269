import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../test-support/responses.js';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';

// Case files outside the plan (hồ sơ ngoài danh mục), the statistics of case files with their
// accesses, and a spreadsheet imported into an approved plan (issue 13, migration 0036).

let t: TestApp;
const id = (username: string) => t.people.get(username)!.id;
const unitOf = (username: string) => t.people.get(username)!.unitId!;

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-12-01T02:00:00Z'));
});
afterAll(async () => t?.close());

type Plan = { id: string; status: string; version: number; headings: { id: string; code: string; title: string; parentId: string | null }[]; entries: { id: string; title: string; fileNotation: string; number: number; opened: boolean; caseFile: { id: string; code: string } | null }[]; revisions: { version: number; action: string; after: Record<string, unknown> | null }[] };
type CaseFile = { id: string; status: string; planEntryId: string | null; keeper: { fullName: string }; metadata: { code: string; title: string; accessRegime: string }; actions: string[] };
type Stats = {
  rows: { unit: { id: string; name: string } | null; year: number; files: number; open: number; closed: number; deposited: number; destroyed: number; unplanned: number; documents: number; pages: number; accesses: number }[];
  totals: Record<string, number>;
  accessesByFile: { id: string; accesses: number; readers: number }[];
};

const unplanned = (title: string, extra: Record<string, unknown> = {}) => ({ title, retention: '10', accessRegime: 'conditional', ...extra });
let plan2026: Plan;

describe('case files outside the plan (hồ sơ ngoài danh mục)', () => {
  beforeAll(async () => {
    const clerk = await t.as('vanthu');
    ok(await clerk.post('/api/records/plans', { year: 2026 }), 201);
    const general = (ok(await clerk.post('/api/records/plans/2026/headings', { title: 'Tổng hợp' }), 201) as Plan).headings[0]!;
    const it = (ok(await clerk.post('/api/records/plans/2026/headings', { title: 'Công nghệ thông tin' }), 201) as Plan).headings[1]!;
    ok(await clerk.post('/api/records/plans/2026/entries', { headingId: general.id, title: 'Hồ sơ kế hoạch công tác năm', retention: 'permanent', accessRegime: 'public', keeperUnitId: unitOf('vanthu') }), 201);
    ok(await clerk.post('/api/records/plans/2026/entries', { headingId: it.id, title: 'Hồ sơ chuyển đổi số năm 2026', retention: '20', accessRegime: 'public', keeperUnitId: unitOf('cv.cntt') }), 201);
    plan2026 = ok(await (await t.as('giamdoc')).post('/api/records/plans/2026/approve')) as Plan;
  });

  it('a specialist opens a case file the plan does not list: they keep it, it is marked unplanned, and only the office of the agency lists it', async () => {
    const specialist = await t.as('cv.cntt');
    const file = ok(await specialist.post('/api/case-files/unplanned', unplanned('Hồ sơ xử lý sự cố mất kết nối mạng tháng 11')), 201) as CaseFile;
    expect(file).toMatchObject({ status: 'open', planEntryId: null, keeper: { fullName: 'Đặng Văn Long' }, metadata: { accessRegime: 'conditional' } });
    expect(file.metadata.code).toMatch(/\.2026\.NDM-[0-9A-F]{8}$/);
    expect(file.actions).toContain('add');
    const mine = ok(await specialist.get('/api/case-files?view=mine')) as { items: { id: string; planned: boolean }[] };
    expect(mine.items.find((f) => f.id === file.id)).toMatchObject({ planned: false });

    expect((await specialist.get('/api/records/unplanned')).json().error.code).toBe('PLAN_CLERK_ONLY');
    const listed = ok(await (await t.as('vanthu')).get('/api/records/unplanned?year=2026')) as { items: { id: string; keeper: { fullName: string }; keeperUnit: { id: string } | null; docTotal: number }[] };
    expect(listed.items.map((f) => [f.id, f.keeper.fullName, f.keeperUnit?.id, f.docTotal])).toEqual([[file.id, 'Đặng Văn Long', unitOf('cv.cntt'), 0]]);
    expect((ok(await (await t.as('vanthu.snv')).get('/api/records/unplanned')) as { items: unknown[] }).items).toEqual([]);

    const bad = await specialist.post('/api/case-files/unplanned', { title: ' ', retention: 'forever', accessRegime: 'public' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['retention', 'title']);
  });

  it('the office adds it under a heading of the approved plan: the next number and its code, a new version of the plan, and a line in the file\'s history', async () => {
    const specialist = await t.as('cv.cntt');
    const clerk = await t.as('vanthu');
    const [item] = (ok(await clerk.get('/api/records/unplanned?year=2026')) as { items: { id: string }[] }).items;
    const itHeading = plan2026.headings.find((h) => h.title === 'Công nghệ thông tin')!;
    // Not the specialist, not another agency's clerk (for whom the file does not exist).
    expect((await specialist.post(`/api/case-files/${item!.id}/plan`, { headingId: itHeading.id })).json().error.code).toBe('PLAN_CLERK_ONLY');
    expect((await (await t.as('vanthu.snv')).post(`/api/case-files/${item!.id}/plan`, { headingId: itHeading.id })).statusCode).toBe(404);
    expect((await clerk.post(`/api/case-files/${item!.id}/plan`, { headingId: '00000000-0000-4000-8000-000000000000' })).json().error.fields[0]).toMatchObject({ field: 'headingId', code: 'HEADING_PARENT_NOT_FOUND' });

    const placed = ok(await clerk.post(`/api/case-files/${item!.id}/plan`, { headingId: itHeading.id, notation: 'CNTT' })) as { fileNotation: string; code: string; previousCode: string; planVersion: number; planEntryId: string };
    expect(placed).toMatchObject({ fileNotation: '03.CNTT', planVersion: 2 });
    expect(placed.code).toMatch(/\.2026\.03\.CNTT$/);
    expect(placed.previousCode).toMatch(/NDM-/);

    const plan = ok(await specialist.get('/api/records/plans/2026')) as Plan;
    expect(plan.version).toBe(2);
    expect(plan.entries.map((e) => [e.fileNotation, e.title])).toContainEqual(['03.CNTT', 'Hồ sơ xử lý sự cố mất kết nối mạng tháng 11']);
    expect(plan.entries.find((e) => e.id === placed.planEntryId)).toMatchObject({ opened: true, caseFile: { id: item!.id, code: placed.code } });
    expect(plan.revisions[0]).toMatchObject({ version: 2, action: 'unplanned_file_added', after: expect.objectContaining({ caseFileId: item!.id, code: placed.code, number: 3 }) });

    const file = ok(await specialist.get(`/api/case-files/${item!.id}`)) as CaseFile;
    expect(file).toMatchObject({ planEntryId: placed.planEntryId, metadata: { code: placed.code } });
    const history = await t.database.db.selectFrom('events').select(['action', 'payload']).where('action', '=', 'case_file_planned').execute();
    expect(history.map((e) => (e.payload as { caseFileId: string; previousCode: string }).caseFileId)).toEqual([item!.id]);
    expect((ok(await clerk.get('/api/records/unplanned')) as { items: unknown[] }).items).toEqual([]);

    const again = await clerk.post(`/api/case-files/${item!.id}/plan`, { headingId: itHeading.id });
    expect([again.statusCode, again.json().error.code, again.json().error.message.vi]).toEqual([409, 'CASE_FILE_ALREADY_PLANNED', 'Hồ sơ này đã có trong danh mục hồ sơ (số và ký hiệu 03.CNTT).']);
  });

  it('two office clerks adding files at once give unique numbers without gaps', async () => {
    // The head of the office (Chánh Văn phòng) also works as a clerk.
    const admin = await t.as('quantri');
    ok(await admin.patch(`/api/org/users/${id('chanhvanphong')}`, { roles: ['unit_head', 'clerk'] }));
    const specialist = await t.as('cv.cntt');
    const files: string[] = [];
    for (let i = 1; i <= 6; i++) files.push((ok(await specialist.post('/api/case-files/unplanned', unplanned(`Hồ sơ công việc phát sinh số ${i}`)), 201) as CaseFile).id);
    const clerks = [await t.as('vanthu'), await t.as('chanhvanphong')];
    const general = plan2026.headings.find((h) => h.title === 'Tổng hợp')!;
    const answers = await Promise.all(files.map((fileId, i) => clerks[i % 2]!.post(`/api/case-files/${fileId}/plan`, { headingId: general.id })));
    for (const answer of answers) expect(answer.statusCode, answer.body).toBe(200);
    const given = answers.map((a) => a.json() as { fileNotation: string; code: string; planVersion: number });
    expect(given.map((g) => Number(g.fileNotation)).sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(new Set(given.map((g) => g.code)).size).toBe(6);
    expect(given.map((g) => g.planVersion).sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8]);
    const plan = ok(await clerks[0]!.get('/api/records/plans/2026')) as Plan;
    expect(plan.entries.map((e) => e.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    ok(await admin.patch(`/api/org/users/${id('chanhvanphong')}`, { roles: ['unit_head'] }));
  });

  it('into a draft plan it is numbered with the others from 01, and its code follows when the plan is numbered again', async () => {
    const specialist = await t.as('cv.cntt');
    const clerk = await t.as('vanthu');
    const file = ok(await specialist.post('/api/case-files/unplanned', unplanned('Hồ sơ khảo sát hạ tầng năm 2027', { year: 2027 })), 201) as CaseFile;
    ok(await clerk.post('/api/records/plans', { year: 2027 }), 201);
    const first = (ok(await clerk.post('/api/records/plans/2027/headings', { title: 'Tổng hợp' }), 201) as Plan).headings[0]!;
    const second = (ok(await clerk.post('/api/records/plans/2027/headings', { title: 'Công nghệ thông tin' }), 201) as Plan).headings[1]!;
    const planned = ok(await clerk.post('/api/records/plans/2027/entries', { headingId: second.id, title: 'Hồ sơ chuyển đổi số', retention: '10', accessRegime: 'public', keeperUnitId: unitOf('cv.cntt') }), 201) as Plan;
    const placed = ok(await clerk.post(`/api/case-files/${file.id}/plan`, { headingId: second.id })) as { fileNotation: string; code: string; planVersion: number };
    expect([placed.fileNotation, placed.planVersion]).toEqual(['02', 0]);
    const code = async () => ((ok(await specialist.get(`/api/case-files/${file.id}`)) as CaseFile).metadata.code);
    expect(await code()).toMatch(/\.2027\.02$/);
    // A file added under the first heading comes first in the plan's order: ours becomes 03.
    ok(await clerk.post('/api/records/plans/2027/entries', { headingId: first.id, title: 'Hồ sơ kế hoạch', retention: 'permanent', accessRegime: 'public', keeperUnitId: unitOf('vanthu') }), 201);
    expect(await code()).toMatch(/\.2027\.03$/);
    ok(await clerk.put('/api/records/settings', { numbering: 'heading' }));
    expect(await code()).toMatch(/\.2027\.II\.02$/);
    ok(await clerk.put('/api/records/settings', { numbering: 'plan' }));
    ok(await clerk.delete(`/api/records/entries/${planned.entries[0]!.id}`));
    expect(await code()).toMatch(/\.2027\.02$/);
    expect((ok(await clerk.get('/api/records/plans/2027')) as Plan).revisions).toEqual([]);
  });
});

let serial = 0;
async function incomingFor(reader: string, pageCount: number): Promise<string> {
  serial += 1;
  const metadata = {
    issuer: 'UBND tỉnh Điện Biên', number: String(900 + serial), notation: 'UBND-KGVX', issuedOn: '2026-11-20', documentType: 'official_letter',
    summary: `V/v số liệu thống kê hồ sơ (${serial})`, urgency: 'normal', pageCount, submitTo: id('giamdoc'),
  };
  const created = ok(await (await t.as('vanthu')).upload('/api/incoming-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'van-ban.pdf', content: await samplePdfBytes(), type: 'application/pdf' }]), 201);
  ok(await (await t.as('giamdoc')).post(`/api/incoming-documents/${created.id}/assign`, {
    direction: 'Giao phòng CNTT chủ trì.', assignments: [{ role: 'lead', unitId: unitOf('tp.cntt') }, { role: 'info', userId: id(reader) }],
  }));
  return created.id as string;
}

describe('statistics of case files', () => {
  it('count files by state, documents, pages and accesses by unit and year, for the office and the head of the agency only, and never another agency\'s', async () => {
    const specialist = await t.as('cv.cntt');
    const mine = (ok(await specialist.get('/api/case-files?view=mine')) as { items: { id: string; title: string; year: number }[] }).items.filter((f) => f.year === 2026);
    expect(mine).toHaveLength(7);
    const target = mine.find((f) => f.title === 'Hồ sơ xử lý sự cố mất kết nối mạng tháng 11')!;
    ok(await specialist.post(`/api/case-files/${target.id}/documents`, { documentId: await incomingFor('cv.cntt', 3) }), 201);
    ok(await specialist.post(`/api/case-files/${target.id}/documents`, { documentId: await incomingFor('cv.cntt', 4) }), 201);
    ok(await specialist.post(`/api/case-files/${mine.find((f) => f.title === 'Hồ sơ công việc phát sinh số 1')!.id}/close`));
    ok(await specialist.post('/api/case-files/unplanned', unplanned('Hồ sơ chưa đưa vào danh mục')), 201);

    const clerk = await t.as('vanthu');
    const before = ok(await clerk.get('/api/records/statistics?year=2026')) as Stats;
    const accessesOf = (s: Stats) => s.accessesByFile.find((f) => f.id === target.id) ?? { accesses: 0, readers: 0 };
    // Reading the file's page is an access (twice by its keeper, once by the unit head); reading a list is not.
    ok(await specialist.get(`/api/case-files/${target.id}`));
    ok(await specialist.get(`/api/case-files/${target.id}`));
    ok(await (await t.as('tp.cntt')).get(`/api/case-files/${target.id}`));
    ok(await specialist.get('/api/case-files?view=mine'));
    ok(await (await t.as('tp.cntt')).get('/api/case-files?view=unit'));
    expect((await (await t.as('cv.khtc')).get(`/api/case-files/${target.id}`)).statusCode).toBe(404);
    const stats = ok(await clerk.get('/api/records/statistics?year=2026')) as Stats;
    expect(accessesOf(stats).accesses - accessesOf(before).accesses).toBe(3);
    expect(accessesOf(stats).readers).toBe(2);
    const accessRows = await t.database.db.selectFrom('case_file_accesses').select((eb) => eb.fn.countAll<number>().as('n')).where('case_file_id', '=', target.id).executeTakeFirstOrThrow();
    expect(accessesOf(stats).accesses).toBe(Number(accessRows.n));

    const it = stats.rows.find((r) => r.unit?.id === unitOf('cv.cntt'))!;
    expect(it).toMatchObject({ year: 2026, files: 8, open: 7, closed: 1, deposited: 0, destroyed: 0, unplanned: 1, documents: 2, pages: 7 });
    expect(stats.totals.files).toBe(8);
    expect(stats.totals.accesses).toBe(it.accesses);

    // The filters: a year, a unit; the head of the agency sees the same numbers.
    const all = ok(await clerk.get('/api/records/statistics')) as Stats;
    expect(all.rows.map((r) => r.year).sort()).toEqual([2026, 2027]);
    expect((ok(await clerk.get('/api/records/statistics?year=2027')) as Stats).rows.map((r) => [r.year, r.files])).toEqual([[2027, 1]]);
    expect((ok(await clerk.get(`/api/records/statistics?unitId=${unitOf('cv.khtc')}`)) as Stats).rows).toEqual([]);
    expect((ok(await (await t.as('giamdoc')).get('/api/records/statistics?year=2026')) as Stats).rows).toEqual(stats.rows);
    for (const refused of ['cv.cntt', 'tp.cntt', 'phogiamdoc']) {
      const answer = await (await t.as(refused)).get('/api/records/statistics');
      expect([answer.statusCode, answer.json().error.code], refused).toEqual([403, 'RECORD_STATISTICS_NOT_ALLOWED']);
    }
    // Another agency's clerk and director: their own agency's numbers only (none), whatever they filter by.
    for (const outsider of ['vanthu.snv', 'giamdoc.snv']) {
      const client = await t.as(outsider);
      for (const url of ['/api/records/statistics', `/api/records/statistics?unitId=${unitOf('cv.cntt')}`, '/api/records/statistics?year=2026']) {
        const s = ok(await client.get(url)) as Stats;
        expect([s.rows, s.accessesByFile, s.totals.files], `${outsider} ${url}`).toEqual([[], [], 0]);
      }
    }

    const xlsx = await clerk.get('/api/records/statistics/xlsx?year=2026');
    expect([xlsx.statusCode, xlsx.headers['content-type']]).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(xlsx.headers['content-disposition']).toContain('thong-ke-ho-so-2026.xlsx');
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells = book.worksheets[0]!.getSheetValues().flatMap((r) => (Array.isArray(r) ? r : [])).filter((v) => v !== null && v !== undefined).map(String);
    expect(cells).toContain('THỐNG KÊ HỒ SƠ');
    expect(cells).toContain(it.unit!.name);
    expect(cells).toContain('Tổng cộng');
    expect((await (await t.as('cv.cntt')).get('/api/records/statistics/xlsx')).statusCode).toBe(403);
  });
});

describe('a spreadsheet imported into an approved plan', () => {
  it('is one new version of the plan: numbers already given stay, the imported files take the next ones', async () => {
    const clerk = await t.as('vanthu');
    const before = ok(await clerk.get('/api/records/plans/2026')) as Plan;
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Danh mục');
    sheet.addRow(['Số và ký hiệu hồ sơ', 'Tên đề mục và tiêu đề hồ sơ', 'Thời hạn bảo quản', 'Đơn vị/người lập hồ sơ', 'Ghi chú']);
    sheet.addRow(['', 'III. Bưu chính, viễn thông']);
    sheet.addRow(['', 'Hồ sơ quản lý tần số', '10 năm', 'Đặng Văn Long']);
    sheet.addRow(['', 'Hồ sơ cấp phép bưu chính', '20 năm', 'Đặng Văn Long']);
    const imported = ok(await clerk.post('/api/records/plans/2026/import', { xlsx: Buffer.from(await book.xlsx.writeBuffer()).toString('base64') })) as Plan;
    expect(imported.version).toBe(before.version + 1);
    expect(imported.revisions[0]).toMatchObject({ action: 'plan_imported', after: { headings: 1, entries: 2, numbers: [10, 11] } });
    expect(imported.entries.filter((e) => before.entries.some((b) => b.id === e.id)).map((e) => e.fileNotation)).toEqual(before.entries.map((e) => e.fileNotation));
    expect(imported.entries.slice(-2).map((e) => [e.fileNotation, e.title])).toEqual([['10', 'Hồ sơ quản lý tần số'], ['11', 'Hồ sơ cấp phép bưu chính']]);
    expect(imported.headings.at(-1)).toMatchObject({ code: 'III', title: 'Bưu chính, viễn thông' });
  });
});

describe('a large plan on screen', () => {
  it('the screen asks for one window of the printed lines and gets only the files on it, in the plan\'s order', async () => {
    const clerk = await t.as('vanthu');
    const full = ok(await clerk.get('/api/records/plans/2026')) as Omit<Plan, 'headings'> & { entryTotal: number; lines: unknown; headings: { entryCount: number }[] };
    expect([full.entryTotal, full.entries.length, full.lines]).toEqual([11, 11, null]);
    expect(full.headings.reduce((sum, h) => sum + h.entryCount, 0)).toBe(11);
    const lines = full.headings.length + full.entryTotal;
    const window = ok(await clerk.get('/api/records/plans/2026?lineOffset=5&lineLimit=6')) as Plan & { entryOffset: number; lines: { offset: number; limit: number; total: number } };
    expect(window.lines).toEqual({ offset: 5, limit: 6, total: lines });
    // Lines: I, its 7 files, II, its 2 files, III, its 2: lines 5–10 hold files 4–6, the heading II, files 7–8.
    expect([window.entryOffset, window.entries.map((e) => e.id)]).toEqual([4, full.entries.slice(4, 9).map((e) => e.id)]);
    expect((ok(await clerk.get('/api/records/plans/2026?lineOffset=500&lineLimit=50')) as Plan).entries).toEqual([]);
    expect((await clerk.get('/api/records/plans/2026?lineLimit=5000')).statusCode).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../test-support/responses.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
const id = (username: string) => t.people.get(username)!.id;
const unitOf = (username: string) => t.people.get(username)!.unitId!;

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-12-01T02:00:00Z'));
});
afterAll(async () => t?.close());

/** The answer's JSON, once its status is the one expected. */
type Plan = { id: string; status: string; version: number; numbering: string; headings: { id: string; code: string; title: string; parentId: string | null }[]; entries: { id: string; title: string; fileNotation: string; number: number; headingId: string; canOpen: boolean; opened: boolean; caseFile: { id: string } | null }[]; revisions: { version: number; action: string; before: unknown; after: unknown }[]; actions: string[] };

const entry = (headingId: string, title: string, keeper: { keeperUnitId?: string; keeperUserId?: string }, extra: Record<string, unknown> = {}) =>
  ({ headingId, title, retention: '10', accessRegime: 'public', ...keeper, ...extra });

describe('the file plan (danh mục hồ sơ)', () => {
  it('the office drafts the plan: files are numbered from 01 across the plan in its order, or within each top-level heading when the agency says so', async () => {
    const clerk = await t.as('vanthu');
    ok(await clerk.post('/api/records/plans', { year: 2030 }), 201);
    const chapter1 = (ok(await clerk.post('/api/records/plans/2030/headings', { title: 'Tổng hợp' }), 201) as Plan).headings[0]!;
    const chapter2 = (ok(await clerk.post('/api/records/plans/2030/headings', { title: 'Công nghệ thông tin' }), 201) as Plan).headings[1]!;
    expect([chapter1.code, chapter2.code]).toEqual(['I', 'II']);
    const sub = (ok(await clerk.post('/api/records/plans/2030/headings', { parentId: chapter1.id, title: 'Thi đua, khen thưởng' }), 201) as Plan).headings.find((h) => h.parentId === chapter1.id)!;
    expect(sub.code).toBe('1');
    // Added out of the plan's order: the numbers follow the plan, not the order of typing.
    ok(await clerk.post('/api/records/plans/2030/entries', entry(chapter2.id, 'Hồ sơ chuyển đổi số', { keeperUnitId: unitOf('cv.cntt') })), 201);
    ok(await clerk.post('/api/records/plans/2030/entries', entry(sub.id, 'Hồ sơ khen thưởng', { keeperUserId: id('chanhvanphong') }, { notation: 'VP' })), 201);
    const plan = ok(await clerk.post('/api/records/plans/2030/entries', entry(chapter1.id, 'Hồ sơ kế hoạch công tác năm', { keeperUnitId: unitOf('vanthu') }, { retention: 'permanent' })), 201) as Plan;
    expect(plan.entries.map((e) => [e.title, e.fileNotation])).toEqual([
      ['Hồ sơ kế hoạch công tác năm', '01'], ['Hồ sơ khen thưởng', '02.VP'], ['Hồ sơ chuyển đổi số', '03'],
    ]);
    expect(plan).toMatchObject({ status: 'draft', version: 0, numbering: 'plan', actions: ['edit'] });

    ok(await clerk.put('/api/records/settings', { numbering: 'heading' }));
    const perHeading = ok(await clerk.get('/api/records/plans/2030')) as Plan;
    // The top-level heading's code goes first, so two files never share a code.
    expect(perHeading.entries.map((e) => e.fileNotation)).toEqual(['I.01', 'I.02.VP', 'II.01']);
    ok(await clerk.put('/api/records/settings', { numbering: 'plan' }));
    // Taking one out of a draft closes the gap.
    const removed = ok(await clerk.delete(`/api/records/entries/${plan.entries[0]!.id}`)) as Plan;
    expect(removed.entries.map((e) => e.fileNotation)).toEqual(['01.VP', '02']);
  });

  it('only the office changes the plan and only the head of the agency approves it; an empty plan is not approved', async () => {
    const specialist = await t.as('cv.cntt');
    expect(ok(await specialist.get('/api/records/plans/2030'))).toMatchObject({ actions: [] });
    expect((await specialist.post('/api/records/plans', { year: 2031 })).json().error.code).toBe('PLAN_CLERK_ONLY');
    const plan = (await specialist.get('/api/records/plans/2030')).json() as Plan;
    const refused = await specialist.post('/api/records/plans/2030/headings', { title: 'Đề mục của chuyên viên' });
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'PLAN_CLERK_ONLY']);
    expect((await specialist.patch(`/api/records/entries/${plan.entries[0]!.id}`, { title: 'Đổi tên' })).statusCode).toBe(403);

    const deputy = await t.as('phogiamdoc');
    expect((await deputy.post('/api/records/plans/2030/approve')).json().error.code).toBe('PLAN_HEAD_APPROVES');
    const head = await t.as('giamdoc');
    expect((ok(await head.get('/api/records/plans/2030')) as Plan).actions).toEqual(['approve']);
    ok(await (await t.as('vanthu')).post('/api/records/plans', { year: 2031 }), 201);
    const empty = await head.post('/api/records/plans/2031/approve');
    expect([empty.statusCode, empty.json().error.code]).toEqual([400, 'PLAN_EMPTY']);
    // Twice the same year is refused.
    expect((await (await t.as('vanthu')).post('/api/records/plans', { year: 2031 })).statusCode).toBe(409);
  });

  it('after approval every change is a new version of the plan, with what it was and what it became; numbers already given never change', async () => {
    const head = await t.as('giamdoc');
    const approved = ok(await head.post('/api/records/plans/2030/approve')) as Plan;
    expect(approved).toMatchObject({ status: 'approved', version: 1, actions: [] });
    expect((await head.post('/api/records/plans/2030/approve')).statusCode).toBe(409);

    const clerk = await t.as('vanthu');
    const renamed = ok(await clerk.patch(`/api/records/entries/${approved.entries[1]!.id}`, { title: 'Hồ sơ chuyển đổi số năm 2030', retention: '20' })) as Plan;
    expect(renamed.version).toBe(2);
    expect(renamed.revisions[0]).toMatchObject({
      version: 2, action: 'entry_changed',
      before: expect.objectContaining({ title: 'Hồ sơ chuyển đổi số', retention: '10' }),
      after: expect.objectContaining({ title: 'Hồ sơ chuyển đổi số năm 2030', retention: '20' }),
    });
    const added = ok(await clerk.post('/api/records/plans/2030/entries', entry(approved.headings[0]!.id, 'Hồ sơ bổ sung', { keeperUserId: id('cv.cntt') })), 201) as Plan;
    expect(added.version).toBe(3);
    expect(added.entries.map((e) => [e.title, e.fileNotation])).toEqual([
      ['Hồ sơ bổ sung', '03'], ['Hồ sơ khen thưởng', '01.VP'], ['Hồ sơ chuyển đổi số năm 2030', '02'],
    ]);
    expect(added.revisions.map((r) => r.action)).toEqual(['entry_added', 'entry_changed', 'approved']);
  });

  it('refuses bad input field by field, in both languages, and writes nothing', async () => {
    const clerk = await t.as('vanthu');
    const plan = (await clerk.get('/api/records/plans/2031')).json() as Plan;
    ok(await clerk.post('/api/records/plans/2031/headings', { title: 'Chương' }), 201);
    const headingId = ((await clerk.get('/api/records/plans/2031')).json() as Plan).headings[0]!.id;
    const bad = await clerk.post('/api/records/plans/2031/entries', { headingId, title: '', retention: 'forever', accessRegime: 'public', keeperUnitId: unitOf('cv.cntt') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['retention', 'title']);
    const noKeeper = await clerk.post('/api/records/plans/2031/entries', { headingId, title: 'Hồ sơ', retention: '10', accessRegime: 'public' });
    expect(noKeeper.json().error.fields[0]).toMatchObject({ field: 'keeperUnitId', code: 'KEEPER_REQUIRED', message: { vi: expect.stringContaining('Đơn vị lập hồ sơ') } });
    const foreignKeeper = await clerk.post('/api/records/plans/2031/entries', { headingId, title: 'Hồ sơ', retention: '10', accessRegime: 'public', keeperUserId: id('vanthu.snv') });
    expect(foreignKeeper.json().error.fields[0]).toMatchObject({ field: 'keeperUserId', code: 'KEEPER_NOT_MEMBER' });
    expect((await clerk.post('/api/records/plans/2031/headings', { parentId: plan.id, title: 'x' })).json().error.fields[0].code).toBe('HEADING_PARENT_NOT_FOUND');
    expect(((await clerk.get('/api/records/plans/2031')).json() as Plan).entries).toEqual([]);
    expect((await clerk.get('/api/records/plans/1999')).statusCode).toBe(400);
  });

  it("another agency's officials see nothing of the plan and change nothing in it (404)", async () => {
    const plan = (await (await t.as('vanthu')).get('/api/records/plans/2030')).json() as Plan;
    const other = await t.as('vanthu.snv');
    expect((await other.get('/api/records/plans/2030')).json().error.code).toBe('PLAN_NOT_FOUND');
    expect((await other.patch(`/api/records/headings/${plan.headings[0]!.id}`, { title: 'Đổi' })).statusCode).toBe(404);
    expect((await other.patch(`/api/records/entries/${plan.entries[0]!.id}`, { title: 'Đổi' })).statusCode).toBe(404);
    expect((await other.delete(`/api/records/entries/${plan.entries[0]!.id}`)).statusCode).toBe(404);
  });
});

let serial = 0;
/** An incoming document (from paper) registered by the clerk and assigned by the director: its unit CNTT leads, `readers` get it for information. */
async function incomingFor(readers: string[], summary = 'V/v triển khai chuyển đổi số'): Promise<string> {
  serial += 1;
  const metadata = {
    issuer: 'UBND tỉnh Điện Biên', number: String(700 + serial), notation: 'UBND-KGVX', issuedOn: `2026-11-${String(serial).padStart(2, '0')}`, documentType: 'official_letter',
    summary: `${summary} (${serial})`, urgency: 'normal', pageCount: 2, submitTo: id('giamdoc'),
  };
  const created = ok(await (await t.as('vanthu')).upload('/api/incoming-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'van-ban.pdf', content: pdf, type: 'application/pdf' }]), 201);
  ok(await (await t.as('giamdoc')).post(`/api/incoming-documents/${created.id}/assign`, {
    direction: 'Giao phòng CNTT chủ trì.', assignments: [{ role: 'lead', unitId: unitOf('tp.cntt') }, ...readers.map((r) => ({ role: 'info', userId: id(r) }))],
  }));
  return created.id as string;
}

type CaseFile = { id: string; status: string; metadata: { code: string; docTotal: number; pageTotal: number; startDate: string | null; endDate: string | null; reliability: string | null; keywords: string | null; overridden: string[] }; documents: { ordinal: number; archiveCode: string; visible: boolean; document: { id: string; summary: string } | null }[]; actions: string[] };

let pdf: Uint8Array;
let plan2027: Plan;

describe('case files (hồ sơ)', () => {
  beforeAll(async () => {
    const { samplePdfBytes } = await import('../../test-support/test-app.js');
    pdf = await samplePdfBytes();
    const clerk = await t.as('vanthu');
    ok(await clerk.post('/api/records/plans', { year: 2027 }), 201);
    const heading = (ok(await clerk.post('/api/records/plans/2027/headings', { title: 'Công nghệ thông tin' }), 201) as Plan).headings[0]!;
    ok(await clerk.post('/api/records/plans/2027/entries', entry(heading.id, 'Hồ sơ chuyển đổi số năm 2027', { keeperUnitId: unitOf('cv.cntt') }, { notation: 'CNTT' })), 201);
    ok(await clerk.post('/api/records/plans/2027/entries', entry(heading.id, 'Hồ sơ an toàn thông tin', { keeperUserId: id('cv.cntt2') })), 201);
    ok(await clerk.post('/api/records/plans/2027/entries', entry(heading.id, 'Hồ sơ hạ tầng', { keeperUnitId: unitOf('cv.cntt') })), 201);
    plan2027 = ok(await (await t.as('giamdoc')).post('/api/records/plans/2027/approve'));
  });

  it('an official opens the file the approved plan gives their unit, once; another unit, or a plan not yet approved, cannot', async () => {
    const [digital] = plan2027.entries;
    expect(plan2027.entries.map((e) => e.fileNotation)).toEqual(['01.CNTT', '02', '03']);
    const otherUnit = await t.as('cv.khtc');
    expect((await otherUnit.post('/api/case-files', { planEntryId: digital!.id })).json().error.code).toBe('NOT_FILE_KEEPER');
    const specialist = await t.as('cv.cntt');
    expect((ok(await specialist.get('/api/records/plans/2027')) as Plan).entries.map((e) => e.canOpen)).toEqual([true, false, true]);
    const file = ok(await specialist.post('/api/case-files', { planEntryId: digital!.id }), 201) as CaseFile;
    expect(file).toMatchObject({ status: 'open', metadata: { code: expect.stringMatching(/\.2027\.01\.CNTT$/), docTotal: 0, pageTotal: 0 } });
    const again = await (await t.as('tp.cntt')).post('/api/case-files', { planEntryId: digital!.id });
    expect([again.statusCode, again.json().error.message.vi]).toEqual([409, 'Hồ sơ này đã được lập (người lập: Đặng Văn Long).']);
    expect((ok(await specialist.get('/api/records/plans/2027')) as Plan).entries[0]).toMatchObject({ opened: true, canOpen: false, caseFile: { id: file.id } });
    // Opened: it can no longer be taken out of the plan.
    expect((await (await t.as('vanthu')).delete(`/api/records/entries/${digital!.id}`)).json().error.code).toBe('PLAN_ENTRY_OPENED');

    const draft = ok(await (await t.as('vanthu')).post('/api/records/plans/2031/entries', entry((await (await t.as('vanthu')).get('/api/records/plans/2031')).json().headings[0].id, 'Hồ sơ năm sau', { keeperUnitId: unitOf('cv.cntt') })), 201) as Plan;
    expect((await specialist.post('/api/case-files', { planEntryId: draft.entries[0]!.id })).json().error.code).toBe('PLAN_NOT_APPROVED');
    expect((await (await t.as('vanthu.snv')).post('/api/case-files', { planEntryId: plan2027.entries[2]!.id })).statusCode).toBe(404);
  });

  it('documents are linked, not copied: ordinals run 1..n without gaps, archive codes follow, metadata is computed and the keeper may correct it', async () => {
    const specialist = await t.as('cv.cntt');
    const fileId = ((await specialist.get('/api/case-files?view=mine')).json().items[0]).id as string;
    const [a, b, c] = [await incomingFor(['cv.cntt', 'cv.cntt2']), await incomingFor(['cv.cntt']), await incomingFor(['cv.cntt'])];
    ok(await specialist.post(`/api/case-files/${fileId}/documents`, { documentId: a }), 201);
    ok(await specialist.post(`/api/case-files/${fileId}/documents`, { documentId: b }), 201);
    let file = ok(await specialist.post(`/api/case-files/${fileId}/documents`, { documentId: c }), 201) as CaseFile;
    const code = file.metadata.code;
    expect(file.documents.map((d) => [d.ordinal, d.archiveCode, d.document?.id])).toEqual([[1, `${code}.0000001`, a], [2, `${code}.0000002`, b], [3, `${code}.0000003`, c]]);
    expect((await specialist.post(`/api/case-files/${fileId}/documents`, { documentId: a })).json().error.code).toBe('DOCUMENT_ALREADY_IN_FILE');
    file = ok(await specialist.delete(`/api/case-files/${fileId}/documents/${a}`)) as CaseFile;
    expect(file.documents.map((d) => [d.ordinal, d.document?.id])).toEqual([[1, b], [2, c]]);
    file = ok(await specialist.post(`/api/case-files/${fileId}/documents`, { documentId: a }), 201) as CaseFile;
    expect(file.documents.map((d) => [d.ordinal, d.document?.id])).toEqual([[1, b], [2, c], [3, a]]);
    expect(file.metadata).toMatchObject({ docTotal: 3, pageTotal: 6, reliability: 'digitized', overridden: [] });
    expect([file.metadata.startDate! <= file.metadata.endDate!, file.metadata.startDate]).toEqual([true, expect.stringMatching(/^2026-11-/)]);

    // The same document in another official's file: still one document, linked twice.
    const other = await t.as('cv.cntt2');
    const second = ok(await other.post('/api/case-files', { planEntryId: plan2027.entries[1]!.id }), 201) as CaseFile;
    ok(await other.post(`/api/case-files/${second.id}/documents`, { documentId: a }), 201);
    const links = await t.database.db.selectFrom('case_file_documents').select('case_file_id').where('document_id', '=', a).execute();
    expect(links).toHaveLength(2);
    expect(await t.database.db.selectFrom('documents').select('id').where('summary', '=', file.documents[2]!.document!.summary).execute()).toHaveLength(1);
    // A document the official may not open cannot be put into a file (as if it did not exist).
    expect((await other.post(`/api/case-files/${second.id}/documents`, { documentId: b })).json().error.code).toBe('DOCUMENT_NOT_FOUND');

    const edited = ok(await specialist.patch(`/api/case-files/${fileId}`, { keywords: 'chuyển đổi số; hạ tầng', pageTotal: 7, reliability: 'mixed' })) as CaseFile;
    expect(edited.metadata).toMatchObject({ keywords: 'chuyển đổi số; hạ tầng', pageTotal: 7, reliability: 'mixed', overridden: ['pageTotal', 'reliability'] });
    const back = ok(await specialist.patch(`/api/case-files/${fileId}`, { pageTotal: null })) as CaseFile;
    expect(back.metadata).toMatchObject({ pageTotal: 6, overridden: ['reliability'] });
    const bad = await specialist.patch(`/api/case-files/${fileId}`, { startDate: '2027-05-01', endDate: '2027-04-01' });
    expect(bad.json().error.fields[0]).toMatchObject({ field: 'endDate', code: 'END_BEFORE_START' });
    expect((await specialist.patch(`/api/case-files/${fileId}`, { pageTotal: -1 })).statusCode).toBe(400);
  });

  it('two officials adding to one file at once get unique ordinals without gaps', async () => {
    const specialist = await t.as('cv.cntt');
    const head = await t.as('tp.cntt');
    const file = ok(await specialist.post('/api/case-files', { planEntryId: plan2027.entries[2]!.id }), 201) as CaseFile;
    const ids = [];
    for (let i = 0; i < 8; i++) ids.push(await incomingFor(['cv.cntt'], 'V/v hạ tầng số'));
    const answers = await Promise.all(ids.map((docId, i) => (i % 2 ? head : specialist).post(`/api/case-files/${file.id}/documents`, { documentId: docId })));
    for (const answer of answers) expect(answer.statusCode, answer.body).toBe(201);
    const after = ok(await specialist.get(`/api/case-files/${file.id}`)) as CaseFile;
    expect(after.documents.map((d) => d.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(after.documents.map((d) => d.document!.id))).toEqual(new Set(ids));
  });
});

describe('who may read a case file', () => {
  it('the keeper, the head of their unit and those they share it with; a document closed to a reader stays closed inside a shared file', async () => {
    const keeper = await t.as('cv.cntt');
    const file = (await keeper.get('/api/case-files?view=mine')).json().items.find((f: { title: string }) => f.title === 'Hồ sơ chuyển đổi số năm 2027') as { id: string };
    const full = ok(await keeper.get(`/api/case-files/${file.id}`)) as CaseFile;
    const colleague = await t.as('cv.cntt2');
    // Of the three documents only one was given to the colleague.
    const open = await Promise.all(full.documents.map(async (d) => (await colleague.get(`/api/incoming-documents/${d.document!.id}`)).statusCode));
    expect(open).toEqual([404, 404, 200]);
    expect((await colleague.get(`/api/case-files/${file.id}`)).json().error.code).toBe('CASE_FILE_NOT_FOUND');
    expect((await colleague.get('/api/case-files?view=shared')).json().items).toEqual([]);

    const shared = ok(await keeper.post(`/api/case-files/${file.id}/shares`, { userId: id('cv.cntt2') })) as CaseFile & { shares: { fullName: string }[] };
    expect(shared.shares.map((s) => s.fullName)).toEqual(['Bùi Thị Ngọc']);
    const seen = ok(await colleague.get(`/api/case-files/${file.id}`)) as CaseFile;
    expect(seen.documents.map((d) => [d.ordinal, d.visible, d.document?.id ?? null])).toEqual([[1, false, null], [2, false, null], [3, true, full.documents[2]!.document!.id]]);
    expect(seen.actions).toEqual([]);
    // Being in a shared file opens nothing: the document's own page still answers 404.
    expect((await colleague.get(`/api/incoming-documents/${full.documents[0]!.document!.id}`)).statusCode).toBe(404);
    expect((await colleague.post(`/api/case-files/${file.id}/documents`, { documentId: full.documents[2]!.document!.id })).json().error.code).toBe('CASE_FILE_KEEPER_ONLY');
    expect((await colleague.get('/api/case-files?view=shared')).json().items.map((f: { id: string }) => f.id)).toEqual([file.id]);

    // The head of the keeper's unit reads it and may add; another unit's head and official do not even see it.
    expect((ok(await (await t.as('tp.cntt')).get(`/api/case-files/${file.id}`)) as CaseFile).actions).toEqual(['add', 'remove', 'edit', 'close']);
    for (const outsider of ['tp.khtc', 'cv.khtc', 'vanthu', 'vanthu.snv', 'giamdoc.snv']) {
      const client = await t.as(outsider);
      expect((await client.get(`/api/case-files/${file.id}`)).statusCode, outsider).toBe(404);
      expect((await client.post(`/api/case-files/${file.id}/documents`, { documentId: full.documents[0]!.document!.id })).statusCode, outsider).toBe(404);
      expect((await client.get(`/api/case-files?documentId=${full.documents[0]!.document!.id}`)).json().items, outsider).toEqual([]);
    }
    expect((await keeper.post(`/api/case-files/${file.id}/shares`, { userId: id('vanthu.snv') })).json().error.fields[0]).toMatchObject({ field: 'userId', code: 'SHARE_NOT_MEMBER' });

    // The administrator is told of each change of access, and it stays unread until acknowledged.
    ok(await keeper.delete(`/api/case-files/${file.id}/shares/${id('cv.cntt2')}`));
    expect((await colleague.get(`/api/case-files/${file.id}`)).statusCode).toBe(404);
    const notices = (ok(await (await t.as('quantri')).get('/api/notifications')) as { items: { kind: string; params: { person: string; code: string }; readAt: string | null }[] }).items
      .filter((n) => n.kind === 'case_file_access_changed');
    expect(notices.map((n) => [n.params.person, n.params.code, n.readAt])).toEqual([['− Bùi Thị Ngọc', full.metadata.code, null], ['+ Bùi Thị Ngọc', full.metadata.code, null]]);
  });
});

describe('closing a case file', () => {
  it('freezes it: nothing is added, removed, corrected or shared any more, and it stays readable', async () => {
    const keeper = await t.as('cv.cntt');
    const file = (await keeper.get('/api/case-files?view=mine')).json().items.find((f: { title: string }) => f.title === 'Hồ sơ hạ tầng') as { id: string };
    const before = ok(await keeper.get(`/api/case-files/${file.id}`)) as CaseFile;
    const extra = await incomingFor(['cv.cntt'], 'V/v sau khi kết thúc');
    // Only the keeper and the unit head close it.
    expect((await (await t.as('cv.cntt2')).post(`/api/case-files/${file.id}/close`)).statusCode).toBe(404);
    const closed = ok(await keeper.post(`/api/case-files/${file.id}/close`)) as CaseFile & { closedBy: string };
    expect(closed).toMatchObject({ status: 'closed', actions: ['export'], closedBy: 'Đặng Văn Long' });
    for (const attempt of [
      keeper.post(`/api/case-files/${file.id}/documents`, { documentId: extra }),
      keeper.delete(`/api/case-files/${file.id}/documents/${before.documents[0]!.document!.id}`),
      keeper.patch(`/api/case-files/${file.id}`, { keywords: 'sửa sau khi đóng' }),
      keeper.post(`/api/case-files/${file.id}/shares`, { userId: id('cv.cntt2') }),
      keeper.post(`/api/case-files/${file.id}/close`),
      (await t.as('tp.cntt')).post(`/api/case-files/${file.id}/documents`, { documentId: extra }),
    ]) {
      const answer = await attempt;
      expect([answer.statusCode, answer.json().error.code]).toEqual([409, 'CASE_FILE_CLOSED']);
    }
    const after = ok(await keeper.get(`/api/case-files/${file.id}`)) as CaseFile;
    expect(after.documents.map((d) => d.archiveCode)).toEqual(before.documents.map((d) => d.archiveCode));
    expect(after.metadata.keywords).toBeNull();
    expect((await keeper.get('/api/case-files?view=mine&status=closed')).json().items.map((f: { id: string }) => f.id)).toEqual([file.id]);
  });
});

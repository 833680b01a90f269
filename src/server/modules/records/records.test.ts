import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
function ok(response: LightMyRequestResponse, status = 200) {
  expect(response.statusCode, response.body).toBe(status);
  return response.json();
}

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
    expect(perHeading.entries.map((e) => e.fileNotation)).toEqual(['01', '02.VP', '01']);
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDate } from '../../time.js';
import { type Client, createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let pdf: Uint8Array;
let serial = 0;
const id = (username: string) => t.people.get(username)!.id;
const unitOf = (username: string) => t.people.get(username)!.unitId!;

function ok(response: { statusCode: number; body: string }, status = 200) {
  expect(response.statusCode, response.body).toBe(status);
}

async function registered(clerk: Client, submitTo: string, summary: string): Promise<string> {
  serial += 1;
  const metadata = { issuer: 'UBND tỉnh Điện Biên', number: String(700 + serial), notation: 'UBND-VX', issuedOn: '2026-11-02', documentType: 'official_letter', summary, urgency: 'normal', submitTo: id(submitTo) };
  const created = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'van-ban.pdf', content: pdf, type: 'application/pdf' }]);
  ok(created, 201);
  return created.json().id as string;
}

let assignedToCntt: string;
let waiting: string;

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-11-10T03:00:00Z'));
  pdf = await samplePdfBytes();
  const clerk = await t.as('vanthu');
  waiting = await registered(clerk, 'giamdoc', 'V/v giám sát: chờ chỉ đạo');
  t.setNow(new Date('2026-11-12T03:00:00Z'));
  assignedToCntt = await registered(clerk, 'giamdoc', 'V/v giám sát: giao phòng CNTT');
  // The deputy assigns it in the director's name, by delegation.
  ok(await (await t.as('giamdoc')).post('/api/delegations', { delegateId: id('phogiamdoc'), scopes: ['incoming'], startsAt: '2026-11-12T00:00:00+07:00', endsAt: '2026-11-13T00:00:00+07:00' }), 201);
  ok(await (await t.as('phogiamdoc')).post(`/api/incoming-documents/${assignedToCntt}/assign`, { direction: 'Giao phòng CNTT.', assignments: [{ role: 'lead', unitId: unitOf('tp.cntt') }] }));
  // Another agency's document, with the same words.
  await registered(await t.as('vanthu.snv'), 'giamdoc.snv', 'V/v giám sát: của Sở Nội vụ');
});
afterAll(async () => t?.close());

const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);

describe('supervision of the agency (Giám sát)', () => {
  it('the head sees every document of the agency with who holds it, filtered by unit, person, period and state; never another agency', async () => {
    const head = await t.as('giamdoc');
    const all = (await head.get('/api/supervision/documents?pageSize=200')).json();
    expect(ids(all)).toEqual(expect.arrayContaining([waiting, assignedToCntt]));
    expect(all.items.some((i: { summary: string }) => i.summary.includes('Sở Nội vụ'))).toBe(false);
    expect(all).toMatchObject({ totalCapped: false, page: 1 });
    expect(all.items.find((i: { id: string }) => i.id === waiting)).toMatchObject({ direction: 'incoming', status: 'submitted', holders: 'Nguyễn Văn Hùng' });
    expect(all.items.find((i: { id: string }) => i.id === assignedToCntt).holders).toBe('Phòng Công nghệ thông tin');

    expect(ids((await head.get(`/api/supervision/documents?unitId=${unitOf('tp.cntt')}`)).json())).toEqual([assignedToCntt]);
    expect(ids((await head.get(`/api/supervision/documents?userId=${id('phogiamdoc')}`)).json())).toEqual([]);
    expect(ids((await head.get('/api/supervision/documents?from=2026-11-10&to=2026-11-11')).json())).toEqual([waiting]);
    expect(ids((await head.get('/api/supervision/documents?status=in_progress&direction=incoming')).json())).toEqual([assignedToCntt]);
    // A unit of another agency filters to nothing rather than to its documents.
    expect((await head.get(`/api/supervision/documents?unitId=${unitOf('vanthu.snv')}`)).json()).toMatchObject({ items: [], total: 0 });
  });

  it("the activity lists every step, who did it and on whose behalf, filtered by person and period; the other agency's head sees none of it", async () => {
    const deputy = await t.as('phogiamdoc2');
    // The history is stamped by the wall clock: today's steps, and none tomorrow.
    const today = vietnamDate(new Date());
    const tomorrow = vietnamDate(new Date(Date.now() + 86_400_000));
    const acts = (await deputy.get(`/api/supervision/activity?userId=${id('phogiamdoc')}&from=${today}&to=${today}`)).json();
    expect(acts.items.find((e: { action: string }) => e.action === 'assigned')).toMatchObject({ actor: 'Lò Thị Mai', onBehalfOf: 'Nguyễn Văn Hùng', document: { id: assignedToCntt } });
    expect((await deputy.get(`/api/supervision/activity?from=${tomorrow}`)).json().items).toEqual([]);
    const foreign = (await (await t.as('giamdoc.snv')).get('/api/supervision/activity?pageSize=200')).json();
    expect(foreign.items.some((e: { document: { id: string } | null }) => e.document?.id === assignedToCntt)).toBe(false);
  });

  it('a specialist, a unit head and the administrator get 403; a malformed filter 400', async () => {
    for (const username of ['cv.cntt', 'tp.cntt', 'quantri']) {
      const refused = await (await t.as(username)).get('/api/supervision/documents');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('SUPERVISION_LEADERS_ONLY');
    }
    expect((await (await t.as('cv.cntt')).get('/api/supervision/activity')).statusCode).toBe(403);
    expect((await (await t.as('giamdoc')).get('/api/supervision/documents?from=12/11/2026')).statusCode).toBe(400);
  });
});

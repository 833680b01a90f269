import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardCharts, DashboardSummary } from '../../../shared/reports.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { buildTrackingFixture, TODAY } from '../reports/reports.fixture.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await buildTrackingFixture(t);
});
afterAll(async () => t?.close());

describe("the leader's dashboard", () => {
  it("shows the director today's arrivals by urgency, what waits for him, the overdue work by unit and person and what is due within 3 working days", async () => {
    const res = await (await t.as('giamdoc')).get('/api/dashboard');
    expect(res.statusCode, res.body).toBe(200);
    const d: DashboardSummary = res.json();
    expect(d.today).toBe(TODAY);
    expect(d.receivedToday).toEqual({ normal: 1, urgent: 0, very_urgent: 0, flash: 1 });
    expect(d.waitingDirection).toBe(1);
    expect(d.waitingSignature).toBe(1);
    expect(d.waitingApproval).toBe(0);
    expect(d.overdue.total).toBe(1);
    expect(d.overdue.byUnit).toEqual([{ id: t.people.get('tp.khtc')!.unitId, name: 'Phòng Kế hoạch - Tài chính', count: 1 }]);
    expect(d.overdue.byPerson).toEqual([{ id: t.people.get('cv.khtc')!.id, name: 'Vũ Thị Hoa', count: 1 }]);
    // Monday 2 March + 3 working days = Thursday 5 March; D is due on 4 March.
    expect(d.dueSoonUntil).toBe('2026-03-05');
    expect(d.dueSoon).toBe(1);
  });

  it('the lists behind the numbers hold the documents counted', async () => {
    const director = await t.as('giamdoc');
    const d: DashboardSummary = (await director.get('/api/dashboard')).json();
    const waiting = (await director.get(`/api/incoming-documents?status=submitted&submittedTo=${t.people.get('giamdoc')!.id}`)).json();
    expect(waiting.total).toBe(d.waitingDirection);
    const flash = (await director.get(`/api/incoming-documents?from=${TODAY}&to=${TODAY}&urgency=flash`)).json();
    expect(flash.total).toBe(d.receivedToday.flash);
    const toSign = (await director.get('/api/outgoing-documents?box=to_sign')).json();
    expect(toSign.total).toBe(d.waitingSignature);
    const overdue = (await director.get(`/api/tracking?state=overdue&unitId=${d.overdue.byUnit[0]!.id}`)).json();
    expect(overdue.items.map((i: { summary: string }) => i.summary)).toHaveLength(1);
    const dueSoon = (await director.get(`/api/tracking?state=in_progress&dueFrom=${TODAY}&dueTo=${d.dueSoonUntil}`)).json();
    expect(dueSoon.total).toBe(d.dueSoon);
  });

  it("shows a unit head their unit's part only, and the draft waiting for their review", async () => {
    const d: DashboardSummary = (await (await t.as('tp.cntt')).get('/api/dashboard')).json();
    expect(d.overdue.total).toBe(0);
    expect(d.receivedToday.flash).toBe(0);
    expect(d.waitingApproval).toBe(1);
    const khtc: DashboardSummary = (await (await t.as('tp.khtc')).get('/api/dashboard')).json();
    expect(khtc.overdue.total).toBe(1);
  });

  it("never counts another agency's documents", async () => {
    const d: DashboardSummary = (await (await t.as('giamdoc.snv')).get('/api/dashboard')).json();
    expect(d.receivedToday).toEqual({ normal: 0, urgent: 0, very_urgent: 0, flash: 1 });
    expect(d.waitingDirection).toBe(1);
    expect(d.overdue.total).toBe(0);
    expect(d.dueSoon).toBe(0);
  });

  it('is refused to a specialist', async () => {
    const res = await (await t.as('cv.cntt')).get('/api/dashboard');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('REPORTS_NOT_ALLOWED');
    expect((await (await t.as('cv.cntt')).get('/api/dashboard/charts')).statusCode).toBe(403);
  });

  it('charts documents per week, the on-time rate per unit and the backlog by age', async () => {
    const c: DashboardCharts = (await (await t.as('giamdoc')).get('/api/dashboard/charts')).json();
    expect(c.weeks).toHaveLength(12);
    expect(c.weeks.at(-1)).toEqual({ weekStart: '2026-03-02', incoming: 2, outgoing: 0 });
    expect(c.weeks.find((w) => w.weekStart === '2026-02-02')?.incoming).toBe(2);
    const cntt = c.onTimeByUnit.find((u) => u.id === t.people.get('cv.cntt')!.unitId);
    expect(cntt).toMatchObject({ name: 'Phòng Công nghệ thông tin', onTime: 1, late: 1, overdue: 0 });
    // Open: C (15 days), D (4 days), E and F (today).
    expect(c.backlogByAge).toEqual([
      { bucket: '0_7', count: 3 }, { bucket: '8_15', count: 1 }, { bucket: '16_30', count: 0 }, { bucket: '31_60', count: 0 }, { bucket: 'over_60', count: 0 },
    ]);
  });
});

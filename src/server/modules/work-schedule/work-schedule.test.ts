import { PDFDocument } from 'pdf-lib';
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

type Entry = { id: string; day: string; session: string; content: string; cancelled: boolean; changedInVersion: number | null; leaders: { name: string }[] };
type Schedule = { id: string; status: string; version: number; entries: Entry[]; versions: { version: number; summary: string }[]; actions: string[] };
type Notice = { kind: string; subject: { kind: string; id: string } | null; params: Record<string, string | number> };
const notices = async (username: string, kind: string) => ((ok(await (await t.as(username)).get('/api/notifications')).items) as Notice[]).filter((n) => n.kind === kind);
const items = async (username: string) => ok(await (await t.as(username)).get('/api/personal-calendar/items?from=2026-12-07&to=2026-12-13')) as { source: string; title: string; start: string; link: string }[];

const entry = (extra: Record<string, unknown> = {}) => ({
  day: '2026-12-07', session: 'morning', time: '08:00', leaderIds: [id('giamdoc')], content: 'Giao ban lãnh đạo Sở đầu tuần', place: 'Phòng họp số 1',
  participants: 'Lãnh đạo các phòng', participantUserIds: [id('tp.cntt')], participantUnitIds: [], preparingUnitId: unitOf('vanthu'), ...extra,
});

let schedule: Schedule;

describe('the weekly work schedule (lịch công tác tuần)', () => {
  it('the office drafts the week; only a leader approves; then it is published and those named are told; it shows on their calendars', async () => {
    const office = await t.as('vanthu');
    schedule = ok(await office.post('/api/work-schedules', { weekStart: '2026-12-07' }), 201);
    expect(schedule).toMatchObject({ status: 'draft', version: 0, actions: ['edit'] });
    // Approving an empty schedule: refused.
    expect((await (await t.as('giamdoc')).post(`/api/work-schedules/${schedule.id}/approve`)).json().error.code).toBe('WORK_SCHEDULE_EMPTY');
    ok(await office.post(`/api/work-schedules/${schedule.id}/entries`, entry()), 201);
    ok(await office.post(`/api/work-schedules/${schedule.id}/entries`, entry({ day: '2026-12-08', session: 'afternoon', time: null, leaderIds: [id('phogiamdoc')], content: 'Kiểm tra hạ tầng CNTT tại huyện Điện Biên Đông', place: 'Huyện Điện Biên Đông', participantUserIds: [], participantUnitIds: [unitOf('cv.cntt')] })), 201);
    // The chief of office is of the office too.
    schedule = ok(await (await t.as('chanhvanphong')).post(`/api/work-schedules/${schedule.id}/entries`, entry({ day: '2026-12-09', content: 'Làm việc với Đoàn kiểm tra của Bộ', participantUserIds: [] })), 201);
    expect(schedule.entries.map((e) => e.day)).toEqual(['2026-12-07', '2026-12-08', '2026-12-09']);

    // Who may do what.
    const specialist = await t.as('cv.cntt');
    expect((await specialist.get(`/api/work-schedules/${schedule.id}`)).statusCode).toBe(404); // not published yet
    expect((await specialist.post(`/api/work-schedules/${schedule.id}/entries`, entry())).statusCode).toBe(404);
    expect((await (await t.as('giamdoc')).post(`/api/work-schedules/${schedule.id}/entries`, entry())).json().error.code).toBe('WORK_SCHEDULE_OFFICE_ONLY');
    expect((await office.post(`/api/work-schedules/${schedule.id}/approve`)).json().error.code).toBe('WORK_SCHEDULE_LEADER_APPROVES');
    expect((await office.post(`/api/work-schedules/${schedule.id}/publish`)).json().error.code).toBe('WORK_SCHEDULE_NOT_APPROVED');

    expect(ok(await (await t.as('giamdoc')).post(`/api/work-schedules/${schedule.id}/approve`))).toMatchObject({ status: 'approved', actions: ['publish'] });
    schedule = ok(await office.post(`/api/work-schedules/${schedule.id}/publish`));
    expect(schedule).toMatchObject({ status: 'published', version: 1, versions: [{ version: 1, summary: 'Phát hành' }] });
    expect(schedule.entries.every((e) => e.changedInVersion === null)).toBe(true);

    // Published: every official of the agency reads it.
    expect(ok(await specialist.get(`/api/work-schedules/${schedule.id}`)).entries).toHaveLength(3);
    expect(ok(await specialist.get('/api/work-schedules?week=2026-12-09')).map((s: { id: string }) => s.id)).toEqual([schedule.id]);
    // Those named are told: the leaders, the participants named, the members of the units named.
    expect((await notices('giamdoc', 'work_schedule_published'))[0]).toMatchObject({ subject: { kind: 'work_schedule', id: schedule.id }, params: { count: 2 } });
    expect(await notices('tp.cntt', 'work_schedule_published')).toHaveLength(1);
    expect(await notices('cv.cntt2', 'work_schedule_published')).toHaveLength(1);
    expect(await notices('cv.khtc', 'work_schedule_published')).toHaveLength(0);
    // The entries that concern an official are on their calendar, with the session's hours when no time is set.
    expect((await items('giamdoc')).filter((i) => i.source === 'work_schedule').map((i) => [i.title, i.start])).toEqual([
      ['Giao ban lãnh đạo Sở đầu tuần', '2026-12-07T01:00:00.000Z'], ['Làm việc với Đoàn kiểm tra của Bộ', '2026-12-09T01:00:00.000Z'],
    ]);
    expect((await items('cv.cntt')).filter((i) => i.source === 'work_schedule')).toEqual([
      expect.objectContaining({ title: 'Kiểm tra hạ tầng CNTT tại huyện Điện Biên Đông', start: '2026-12-08T07:00:00.000Z', link: `/work-schedule/${schedule.id}` }),
    ]);
    expect((await items('cv.khtc')).filter((i) => i.source === 'work_schedule')).toEqual([]);
  });

  it('a change after publication is a new version, the entry marked as changed, and those concerned (before and after) are notified', async () => {
    const office = await t.as('vanthu');
    const first = schedule.entries[0]!;
    const changed = ok(await office.put(`/api/work-schedules/${schedule.id}/entries/${first.id}`, entry({ time: '14:00', session: 'afternoon', leaderIds: [id('phogiamdoc2')] }))) as Schedule;
    expect(changed).toMatchObject({ status: 'published', version: 2 });
    expect(changed.entries.find((e) => e.id === first.id)).toMatchObject({ session: 'afternoon', changedInVersion: 2 });
    expect(changed.entries.filter((e) => e.changedInVersion === null)).toHaveLength(2);
    expect(changed.versions.map((v) => [v.version, v.summary])).toEqual([[2, 'Thay đổi'], [1, 'Phát hành']]);
    // The leader taken off and the one put on are both told; so is the participant.
    for (const who of ['giamdoc', 'phogiamdoc2', 'tp.cntt']) {
      const [notice] = await notices(who, 'work_schedule_changed');
      expect(notice, who).toMatchObject({ subject: { kind: 'work_schedule', id: schedule.id }, params: { version: 2 } });
    }
    expect(await notices('cv.khtc', 'work_schedule_changed')).toHaveLength(0);

    // Cancelling a published entry keeps it, struck out and marked; it leaves the calendars.
    const cancelled = ok(await office.delete(`/api/work-schedules/${schedule.id}/entries/${schedule.entries[2]!.id}`)) as Schedule;
    expect(cancelled.version).toBe(3);
    expect(cancelled.entries.find((e) => e.id === schedule.entries[2]!.id)).toMatchObject({ cancelled: true, changedInVersion: 3 });
    expect((await items('giamdoc')).filter((i) => i.source === 'work_schedule')).toEqual([]);
    expect((await items('phogiamdoc2')).filter((i) => i.source === 'work_schedule').map((i) => i.title)).toEqual(['(Thay đổi) Giao ban lãnh đạo Sở đầu tuần']);
    // The version keeps the entries as they then were.
    const kept = await t.database.db.selectFrom('work_schedule_versions').select(['version', 'entries']).where('schedule_id', '=', schedule.id).orderBy('version').execute();
    expect((kept[0]!.entries as Entry[]).find((e) => e.id === first.id)!.session).toBe('morning');
  });

  it('prints on one A4 landscape page, even a full week', async () => {
    const office = await t.as('vanthu');
    const full = ok(await office.post('/api/work-schedules', { weekStart: '2026-12-14' }), 201) as Schedule;
    for (let day = 14; day <= 19; day++) {
      for (const session of ['morning', 'afternoon']) {
        for (let k = 0; k < 2; k++) {
          ok(await office.post(`/api/work-schedules/${full.id}/entries`, entry({
            day: `2026-12-${day}`, session, time: session === 'morning' ? `0${8 + k}:00` : `1${4 + k}:00`,
            content: `Làm việc với Ủy ban nhân dân huyện về tiến độ triển khai chuyển đổi số, chính quyền số và các nhiệm vụ trọng tâm (${day}-${session}-${k})`,
            participants: 'Lãnh đạo các phòng chuyên môn, chuyên viên theo dõi lĩnh vực, đại diện Trung tâm Công nghệ thông tin và Truyền thông',
          })), 201);
        }
      }
    }
    for (const scheduleId of [schedule.id, full.id]) {
      const response = await office.get(`/api/work-schedules/${scheduleId}/pdf`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      if (process.env.WORK_SCHEDULE_PDF_DIR) await import('node:fs/promises').then((fs) => fs.writeFile(`${process.env.WORK_SCHEDULE_PDF_DIR}/${scheduleId}.pdf`, response.rawPayload));
      const pdf = await PDFDocument.load(response.rawPayload);
      expect(pdf.getPageCount()).toBe(1);
      const { width, height } = pdf.getPage(0).getSize();
      expect([Math.round(width), Math.round(height)]).toEqual([842, 595]);
    }
  });

  it("another agency never sees the schedule (404) and cannot change it; bad input is 400 with the documented shape", async () => {
    for (const other of ['vanthu.snv', 'giamdoc.snv']) {
      const client = await t.as(other);
      expect((await client.get(`/api/work-schedules/${schedule.id}`)).json().error.code).toBe('WORK_SCHEDULE_NOT_FOUND');
      expect((await client.get(`/api/work-schedules/${schedule.id}/pdf`)).statusCode).toBe(404);
      expect(ok(await client.get('/api/work-schedules'))).toEqual([]);
    }
    expect((await (await t.as('vanthu.snv')).post(`/api/work-schedules/${schedule.id}/entries`, entry())).statusCode).toBe(404);
    expect((await (await t.as('giamdoc.snv')).post(`/api/work-schedules/${schedule.id}/approve`)).statusCode).toBe(404);

    const office = await t.as('vanthu');
    const notMonday = await office.post('/api/work-schedules', { weekStart: '2026-12-08' });
    expect([notMonday.statusCode, notMonday.json().error.fields[0].code]).toEqual([400, 'NOT_MONDAY']);
    expect((await office.post('/api/work-schedules', { weekStart: '2026-12-07' })).json().error.code).toBe('WORK_SCHEDULE_EXISTS');
    const cases: [Record<string, unknown>, string][] = [
      [entry({ day: '2026-12-20' }), 'DAY_OUTSIDE_WEEK'],
      [entry({ leaderIds: [id('cv.cntt')] }), 'NOT_AGENCY_LEADER'],
      [entry({ leaderIds: [id('giamdoc.snv')] }), 'NOT_AGENCY_LEADER'],
      [entry({ participantUserIds: [id('vanthu.snv')] }), 'NOT_AGENCY_MEMBER'],
      [entry({ participantUnitIds: [unitOf('vanthu.snv')] }), 'NOT_AGENCY_MEMBER'],
    ];
    for (const [body, code] of cases) {
      const refused = await office.post(`/api/work-schedules/${schedule.id}/entries`, body);
      expect([refused.statusCode, refused.json().error.code, refused.json().error.fields[0].code]).toEqual([400, 'VALIDATION', code]);
    }
    for (const body of [entry({ content: 'a\u0000b' }), entry({ content: 'x'.repeat(100_000) }), entry({ session: 'night' }), entry({ time: '25:00' }), entry({ leaderIds: 'giamdoc' }), entry({ extra: 1 })]) {
      expect((await office.post(`/api/work-schedules/${schedule.id}/entries`, body)).statusCode).toBe(400);
    }
    // Nothing of the refused bodies was kept.
    expect((ok(await office.get(`/api/work-schedules/${schedule.id}`)) as Schedule).version).toBe(3);
  });
});

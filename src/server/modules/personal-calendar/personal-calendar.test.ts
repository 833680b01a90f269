import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../test-support/responses.js';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';
import { scanEventReminders } from './personal-calendar.reminders.js';

let t: TestApp;
const id = (username: string) => t.people.get(username)!.id;

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-12-01T02:00:00Z'));
});
afterAll(async () => t?.close());

type Item = { key: string; source: string; title: string; start: string; end: string | null; allDay: boolean; place: string | null; link: string | null };
const items = async (username: string, from: string, to: string) => ok(await (await t.as(username)).get(`/api/personal-calendar/items?from=${from}&to=${to}`)) as Item[];

const meeting = { title: 'Họp giao ban phòng', allDay: false, start: '2026-12-02T08:00:00+07:00', end: '2026-12-02T09:30:00+07:00', place: 'Phòng họp tầng 2', note: 'Chuẩn bị báo cáo tuần', reminderMinutes: 15 };

describe('my own events', () => {
  it('an official adds, reads, changes and deletes an event of their calendar; it shows in Vietnam time', async () => {
    const me = await t.as('cv.cntt');
    const created = ok(await me.post('/api/personal-calendar/events', meeting), 201);
    expect(created).toMatchObject({ title: meeting.title, start: '2026-12-02T01:00:00.000Z', end: '2026-12-02T02:30:00.000Z', allDay: false, reminderMinutes: 15, repeat: null });
    const changed = ok(await me.put(`/api/personal-calendar/events/${created.id}`, { ...meeting, title: 'Họp giao ban phòng CNTT', place: null }));
    expect(changed).toMatchObject({ title: 'Họp giao ban phòng CNTT', place: null });
    const day = await items('cv.cntt', '2026-12-02', '2026-12-02');
    expect(day.filter((i) => i.source === 'event').map((i) => [i.title, i.start])).toEqual([['Họp giao ban phòng CNTT', '2026-12-02T01:00:00.000Z']]);
    // An all-day event runs from 00:00 Vietnam time of its first day to 00:00 after its last.
    const allDay = ok(await me.post('/api/personal-calendar/events', { title: 'Tập huấn chuyển đổi số', allDay: true, startDate: '2026-12-03', endDate: '2026-12-04' }), 201);
    expect(allDay).toMatchObject({ start: '2026-12-02T17:00:00.000Z', end: '2026-12-04T17:00:00.000Z', allDay: true });
    expect((await items('cv.cntt', '2026-12-04', '2026-12-04')).map((i) => i.title)).toContain('Tập huấn chuyển đổi số');
    expect((await items('cv.cntt', '2026-12-05', '2026-12-05')).map((i) => i.title)).not.toContain('Tập huấn chuyển đổi số');
    ok(await me.delete(`/api/personal-calendar/events/${allDay.id}`));
    expect((await me.get(`/api/personal-calendar/events/${allDay.id}`)).statusCode).toBe(404);
  });

  it("another official, of the agency or of another agency, neither reads nor changes nor deletes my event (404), nor sees it in their calendar", async () => {
    const mine = ok(await (await t.as('cv.cntt')).post('/api/personal-calendar/events', { ...meeting, title: 'Khám sức khỏe' }), 201);
    for (const other of ['cv.cntt2', 'giamdoc', 'giamdoc.snv']) {
      const client = await t.as(other);
      const read = await client.get(`/api/personal-calendar/events/${mine.id}`);
      expect([read.statusCode, read.json().error.code]).toEqual([404, 'PERSONAL_EVENT_NOT_FOUND']);
      expect((await client.put(`/api/personal-calendar/events/${mine.id}`, meeting)).statusCode).toBe(404);
      expect((await client.delete(`/api/personal-calendar/events/${mine.id}`)).statusCode).toBe(404);
      expect((await items(other, '2026-12-02', '2026-12-02')).map((i) => i.title)).not.toContain('Khám sức khỏe');
    }
    expect((await t.anonymous().get('/api/personal-calendar/items?from=2026-12-01&to=2026-12-02')).statusCode).toBe(401);
    ok(await (await t.as('cv.cntt')).get(`/api/personal-calendar/events/${mine.id}`));
  });

  it('repeating events are expanded within the asked range only: daily, weekly, and monthly on the 31st skipping shorter months', async () => {
    const me = await t.as('cv.khtc');
    ok(await me.post('/api/personal-calendar/events', { title: 'Tập thể dục', allDay: false, start: '2026-12-01T06:00:00+07:00', end: '2026-12-01T06:30:00+07:00', repeat: { freq: 'daily', until: '2026-12-05' } }), 201);
    ok(await me.post('/api/personal-calendar/events', { title: 'Giao ban tuần', allDay: false, start: '2026-12-07T07:30:00+07:00', end: '2026-12-07T08:30:00+07:00', repeat: { freq: 'weekly', until: '2027-01-31' } }), 201);
    ok(await me.post('/api/personal-calendar/events', { title: 'Báo cáo tháng', allDay: true, startDate: '2026-12-31', endDate: '2026-12-31', repeat: { freq: 'monthly', until: '2027-05-31' } }), 201);
    const dec = await items('cv.khtc', '2026-12-03', '2026-12-20');
    expect(dec.filter((i) => i.title === 'Tập thể dục').map((i) => i.start)).toEqual(['2026-12-02T23:00:00.000Z', '2026-12-03T23:00:00.000Z', '2026-12-04T23:00:00.000Z']);
    expect(dec.filter((i) => i.title === 'Giao ban tuần').map((i) => i.start)).toEqual(['2026-12-07T00:30:00.000Z', '2026-12-14T00:30:00.000Z']);
    const months = await items('cv.khtc', '2026-12-01', '2027-06-30');
    expect(months.filter((i) => i.title === 'Báo cáo tháng').map((i) => i.start.slice(0, 10))).toEqual(['2026-12-30', '2027-01-30', '2027-03-30', '2027-05-30']);
    expect(months.filter((i) => i.title === 'Giao ban tuần')).toHaveLength(8);
    // Each occurrence has its own stable key.
    expect(new Set(months.map((i) => i.key)).size).toBe(months.length);
  });

  it('bad input is refused with 400 in the documented shape: end before start, NUL bytes, huge strings, unknown fields, bad ranges', async () => {
    const me = await t.as('cv.cntt');
    const endFirst = await me.post('/api/personal-calendar/events', { ...meeting, end: '2026-12-02T07:00:00+07:00' });
    expect(endFirst.statusCode).toBe(400);
    expect(endFirst.json().error).toMatchObject({ code: 'VALIDATION', fields: [{ field: 'end', code: 'END_BEFORE_START' }] });
    expect(endFirst.json().error.message.vi).toBeTruthy();
    const allDayBackwards = await me.post('/api/personal-calendar/events', { title: 'x', allDay: true, startDate: '2026-12-05', endDate: '2026-12-04' });
    expect(allDayBackwards.json().error.fields[0]).toMatchObject({ field: 'endDate', code: 'END_BEFORE_START' });
    const untilBefore = await me.post('/api/personal-calendar/events', { ...meeting, repeat: { freq: 'daily', until: '2026-11-30' } });
    expect(untilBefore.json().error.fields[0]).toMatchObject({ code: 'REPEAT_UNTIL_BEFORE_START' });
    for (const body of [
      { ...meeting, title: 'Họp\u0000giao ban' }, { ...meeting, title: 'x'.repeat(100_000) }, { ...meeting, note: 'y'.repeat(1_000_000) },
      { ...meeting, start: 'ngày mai' }, { ...meeting, allDay: 'no' }, { ...meeting, owner: id('giamdoc') }, { ...meeting, reminderMinutes: -5 },
      { ...meeting, repeat: { freq: 'yearly', until: '2027-01-01' } }, { title: '' }, [],
    ]) {
      const refused = await me.post('/api/personal-calendar/events', body);
      expect(refused.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(refused.json().error.code).toMatch(/^[A-Z_]+$/);
    }
    for (const query of ['from=2026-12-05&to=2026-12-01', 'from=2026-01-01&to=2028-01-01', 'from=hôm-nay&to=2026-12-01', 'from=2026-12-01']) {
      expect((await me.get(`/api/personal-calendar/items?${query}`)).statusCode, query).toBe(400);
    }
    expect((await me.get('/api/personal-calendar/events/not-a-uuid')).statusCode).toBe(400);
  });
});

describe('what other modules put on my calendar', () => {
  it("the due dates of the documents I hold appear on my calendar (open, mine only) and open the document", async () => {
    const pdf = await samplePdfBytes();
    const metadata = {
      issuer: 'UBND tỉnh Điện Biên', number: '901', notation: 'UBND-KGVX', issuedOn: '2026-11-25', documentType: 'official_letter',
      summary: 'V/v báo cáo kết quả chuyển đổi số năm 2026', urgency: 'normal', pageCount: 2, submitTo: id('giamdoc'),
    };
    const created = ok(await (await t.as('vanthu')).upload('/api/incoming-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'van-ban.pdf', content: pdf, type: 'application/pdf' }]), 201);
    ok(await (await t.as('giamdoc')).post(`/api/incoming-documents/${created.id}/assign`, {
      direction: 'Giao đồng chí Long chủ trì.', assignments: [{ role: 'lead', userId: id('cv.cntt'), dueDate: '2026-12-10' }, { role: 'info', userId: id('cv.cntt2') }],
    }));
    const mine = (await items('cv.cntt', '2026-12-01', '2026-12-31')).filter((i) => i.source === 'document_due');
    expect(mine).toEqual([expect.objectContaining({ title: expect.stringContaining('V/v báo cáo kết quả chuyển đổi số năm 2026'), allDay: true, start: '2026-12-09T17:00:00.000Z', link: `/incoming/${created.id}` })]);
    // For information only, or another agency: nothing.
    expect((await items('cv.cntt2', '2026-12-01', '2026-12-31')).filter((i) => i.source === 'document_due')).toEqual([]);
    expect((await items('giamdoc.snv', '2026-12-01', '2026-12-31')).filter((i) => i.source === 'document_due')).toEqual([]);
    // Outside the range: not there.
    expect((await items('cv.cntt', '2026-12-11', '2026-12-31')).filter((i) => i.source === 'document_due')).toEqual([]);
  });
});

describe('reminders', () => {
  it('the reminder scan notifies the owner at the time they chose before each occurrence, once, with the event as subject', async () => {
    const me = await t.as('tp.bcvt');
    const event = ok(await me.post('/api/personal-calendar/events', { title: 'Đi công tác huyện Mường Nhé', allDay: false, start: '2026-12-08T14:00:00+07:00', end: '2026-12-08T16:00:00+07:00', place: 'UBND huyện', reminderMinutes: 30, repeat: { freq: 'weekly', until: '2026-12-31' } }), 201);
    const notices = async () => ((ok(await me.get('/api/notifications')).items) as { kind: string; subject: { kind: string; id: string } | null; params: Record<string, string> }[])
      .filter((n) => n.kind === 'personal_event_reminder');
    const scanAt = (iso: string) => { t.setNow(new Date(iso)); return scanEventReminders({ db: t.database.db, clock: t.clock }); };
    await scanAt('2026-12-08T06:29:00Z'); // 13:29 in Vietnam: too early
    expect(await notices()).toHaveLength(0);
    await scanAt('2026-12-08T06:31:00Z'); // 13:31: the reminder is due
    await scanAt('2026-12-08T06:35:00Z'); // a second scan sends nothing twice
    const sent = await notices();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ subject: { kind: 'personal_event', id: event.id }, params: { title: 'Đi công tác huyện Mường Nhé', place: 'UBND huyện' } });
    expect(sent[0]!.params.start).toContain('14:00');
    // The next week's occurrence has its own reminder.
    await scanAt('2026-12-15T06:45:00Z');
    expect(await notices()).toHaveLength(2);
    t.setNow(new Date('2026-12-01T02:00:00Z'));
  });
});

describe('iCalendar', () => {
  it('the export is iCalendar with my events (RRULE, VALARM) and the other items, in Vietnam time (TZID)', async () => {
    const response = await (await t.as('cv.cntt')).get('/api/personal-calendar/export.ics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/calendar');
    const ics = response.body;
    expect(ics.startsWith('BEGIN:VCALENDAR')).toBe(true);
    expect(ics).toContain('BEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh');
    const events = ics.split('BEGIN:VEVENT').slice(1);
    const giaoBan = events.find((e) => e.includes('SUMMARY:Họp giao ban phòng CNTT'))!;
    expect(giaoBan).toContain('DTSTART;TZID=Asia/Ho_Chi_Minh:20261202T080000');
    expect(giaoBan).toContain('DTEND;TZID=Asia/Ho_Chi_Minh:20261202T093000');
    expect(giaoBan).toContain('TRIGGER:-PT15M');
    // RFC 5545 3.8.7.2: DTSTAMP is in UTC, with its Z (the test's clock is 2026-12-01 02:00 UTC).
    expect(giaoBan).toContain('DTSTAMP:20261201T020000Z\r\n');
    expect(ics).not.toMatch(/^DTSTAMP:\d{8}T\d{6}\r?$/m);
    const due = events.find((e) => e.includes('V/v báo cáo kết quả'))!;
    expect(due).toContain('DTSTART;VALUE=DATE:20261210');
    const weekly = (await (await t.as('cv.khtc')).get('/api/personal-calendar/export.ics')).body.split('BEGIN:VEVENT').find((e) => e.includes('SUMMARY:Giao ban tuần'))!;
    expect(weekly).toContain('RRULE:FREQ=WEEKLY;UNTIL=20270131T165959Z');
    expect(weekly).toContain('DTSTART;TZID=Asia/Ho_Chi_Minh:20261207T073000');
    expect(ics.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
  });

  it('the private subscription address works without a session; renewing it ends the old one; a wrong secret is 404', async () => {
    const me = await t.as('cv.cntt');
    expect(ok(await me.get('/api/personal-calendar/feed'))).toMatchObject({ exists: false, path: null });
    const first = ok(await me.post('/api/personal-calendar/feed'));
    expect(first.path).toMatch(/^\/ical\/[A-Za-z0-9_-]{43}\.ics$/);
    const feed = await t.anonymous().get(first.path);
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('SUMMARY:Họp giao ban phòng CNTT');
    expect(feed.body).not.toContain('Giao ban tuần'); // another official's event
    // Only a hash is stored: the secret is not in the database.
    const stored = await t.database.db.selectFrom('calendar_feed_tokens').select('token_hash').where('user_id', '=', id('cv.cntt')).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(first.path.slice(6, -4));
    expect(ok(await me.get('/api/personal-calendar/feed'))).toMatchObject({ exists: true, path: null });

    const renewed = ok(await me.post('/api/personal-calendar/feed'));
    expect(renewed.path).not.toBe(first.path);
    expect((await t.anonymous().get(first.path)).statusCode).toBe(404);
    expect((await t.anonymous().get(renewed.path)).statusCode).toBe(200);
    for (const bad of ['/ical/abc.ics', `/ical/${'A'.repeat(43)}.ics`, `${renewed.path.slice(0, -4)}.txt`]) {
      expect((await t.anonymous().get(bad)).statusCode, bad).toBe(404);
    }
    // A NUL byte is refused at the input boundary, before any lookup.
    expect((await t.anonymous().get('/ical/%00.ics')).statusCode).toBe(400);
    ok(await me.delete('/api/personal-calendar/feed'));
    expect((await t.anonymous().get(renewed.path)).statusCode).toBe(404);
  });
});

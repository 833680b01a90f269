import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingDetail, MeetingSummary } from '../../../shared/meetings.js';
import { ok } from '../../test-support/responses.js';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';
import type { CurrentUser } from '../auth/current-user.js';
import { meetingCalendarItems } from './meetings.calendar.js';

let t: TestApp;
const id = (username: string) => t.people.get(username)!.id;
const unitOf = (username: string) => t.people.get(username)!.unitId!;
let roomA: string;
let roomB: string;
let meeting: MeetingDetail;

/** Vietnam time on 2026-12-<day>. */
const at = (day: number, time: string) => `2026-12-${String(day).padStart(2, '0')}T${time}:00+07:00`;

const body = (overrides: Record<string, unknown> = {}) => ({
  title: 'Họp giao ban triển khai chuyển đổi số', startsAt: at(10, '08:00'), endsAt: at(10, '10:00'), roomId: roomA,
  chairId: id('giamdoc'), userIds: [id('cv.khtc')], unitIds: [unitOf('cv.cntt')], agenda: ['Báo cáo tiến độ', 'Thảo luận'], ...overrides,
});

/** The notices of a kind about a meeting, by recipient username. */
async function noticesOf(kind: string, meetingId: string): Promise<string[]> {
  const rows = await t.database.db.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.recipient_id')
    .select('users.username').where('kind', '=', kind as never).where('subject_kind', '=', 'meeting').where('subject_id', '=', meetingId).execute();
  return rows.map((r) => r.username).sort();
}

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-12-01T02:00:00Z'));
  const admin = await t.as('quantri');
  roomA = ok<{ id: string }>(await admin.post('/api/meeting-rooms', { name: 'Phòng họp tầng 2', capacity: 30 }), 201).id;
  roomB = ok<{ id: string }>(await (await t.as('vanthu')).post('/api/meeting-rooms', { name: 'Phòng họp trực tuyến', capacity: 12 }), 201).id;
});
afterAll(async () => t?.close());

describe('convening a meeting', () => {
  it('a leader convenes: named officials and a whole unit (its active members today) are invited and notified at once; the unit is remembered', async () => {
    meeting = ok<MeetingDetail>(await (await t.as('giamdoc')).post('/api/meetings', body()), 201);
    const invited = meeting.participants.map((p) => p.user.id).sort();
    expect(invited).toEqual([id('giamdoc'), id('cv.khtc'), id('tp.cntt'), id('pp.cntt'), id('cv.cntt'), id('cv.cntt2')].sort());
    expect(meeting.participants.find((p) => p.user.id === id('cv.cntt'))?.viaUnit?.id).toBe(unitOf('cv.cntt'));
    expect(meeting.units.map((u) => u.id)).toEqual([unitOf('cv.cntt')]);
    expect(meeting).toMatchObject({ room: { id: roomA }, agenda: ['Báo cáo tiến độ', 'Thảo luận'], counts: { invited: 6, pending: 6 }, actions: ['edit', 'cancel', 'remind', 'answer'] });
    // Everyone but the organizer is told, with the link to the meeting.
    expect(await noticesOf('meeting_invited', meeting.id)).toEqual(['cv.cntt', 'cv.cntt2', 'cv.khtc', 'pp.cntt', 'tp.cntt']);
    const bell = ok<{ items: { kind: string; subject: unknown; params: Record<string, string> }[] }>(await (await t.as('cv.cntt')).get('/api/notifications'));
    expect(bell.items[0]).toMatchObject({ kind: 'meeting_invited', subject: { kind: 'meeting', id: meeting.id }, params: { when: '08:00 10/12/2026', place: 'Phòng họp tầng 2' } });
    expect(meeting.history.map((e) => e.action)).toEqual(['convened']);
  });

  it('the office convenes for a leader (the chair must be a leader); a specialist cannot convene', async () => {
    const clerk = await t.as('vanthu');
    const notLeader = await clerk.post('/api/meetings', body({ roomId: roomB, chairId: id('tp.khtc') }));
    expect(notLeader.statusCode).toBe(400);
    expect(notLeader.json().error.fields[0]).toMatchObject({ field: 'chairId', code: 'MEETING_CHAIR_LEADER' });
    const forLeader = ok<MeetingDetail>(await clerk.post('/api/meetings', body({ roomId: null, place: 'Hội trường UBND tỉnh', chairId: id('phogiamdoc'), unitIds: [] })), 201);
    expect(forLeader.organizer.id).toBe(id('vanthu'));
    expect(await noticesOf('meeting_invited', forLeader.id)).toEqual(['cv.khtc', 'phogiamdoc']);
    const refused = await (await t.as('cv.cntt')).post('/api/meetings', body({ roomId: roomB }));
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'MEETING_CONVENE_NOT_ALLOWED']);
  });

  it('bad input is refused with 400 in the documented shape: end before start, NUL, huge text, unknown room, no place', async () => {
    const leader = await t.as('phogiamdoc');
    const cases: [Record<string, unknown>, string][] = [
      [{ endsAt: at(10, '07:00') }, 'endsAt'],
      [{ title: 'Họp\u0000' }, 'title'],
      [{ title: 'x'.repeat(600) }, 'title'],
      [{ agenda: ['y'.repeat(5000)] }, 'agenda.0'],
      [{ roomId: '00000000-0000-4000-8000-000000000000' }, 'roomId'],
      [{ roomId: null }, 'place'],
      [{ userIds: [], unitIds: [] }, 'userIds'],
      [{ startsAt: 'ngày mai' }, 'startsAt'],
    ];
    for (const [overrides, field] of cases) {
      const response = await leader.post('/api/meetings', body({ roomId: roomB, ...overrides }));
      expect(response.statusCode, JSON.stringify(overrides).slice(0, 80)).toBe(400);
      const error = response.json().error;
      expect(error.code).toBe('VALIDATION');
      expect(error.message.vi).toBeTruthy();
      expect(error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
  });
});

describe('answers and reminders', () => {
  it('each participant answers: attend, absent with a reason (required), or a substitute who is invited and notified', async () => {
    const absent = await (await t.as('cv.khtc')).post(`/api/meetings/${meeting.id}/answer`, { answer: 'absent' });
    expect([absent.statusCode, absent.json().error.fields[0].field]).toEqual([400, 'reason']);
    ok<MeetingDetail>(await (await t.as('cv.khtc')).post(`/api/meetings/${meeting.id}/answer`, { answer: 'absent', reason: 'Đi công tác huyện Mường Nhé' }));
    ok<MeetingDetail>(await (await t.as('cv.cntt')).post(`/api/meetings/${meeting.id}/answer`, { answer: 'attend' }));
    const taken = await (await t.as('cv.cntt2')).post(`/api/meetings/${meeting.id}/answer`, { answer: 'substitute', substituteId: id('cv.cntt') });
    expect([taken.statusCode, taken.json().error.fields[0].code]).toEqual([400, 'MEETING_SUBSTITUTE_INVALID']);
    const other = await (await t.as('cv.cntt2')).post(`/api/meetings/${meeting.id}/answer`, { answer: 'substitute', substituteId: id('giamdoc.snv') });
    expect(other.statusCode).toBe(400);
    ok<MeetingDetail>(await (await t.as('cv.cntt2')).post(`/api/meetings/${meeting.id}/answer`, { answer: 'substitute', substituteId: id('cv.bcvt') }));
    expect(await noticesOf('meeting_invited', meeting.id)).toContain('cv.bcvt');
    const outsider = await (await t.as('tp.bcvt')).post(`/api/meetings/${meeting.id}/answer`, { answer: 'attend' });
    expect(outsider.statusCode).toBe(404);

    // The organizer sees the answers at a glance.
    meeting = ok<MeetingDetail>(await (await t.as('giamdoc')).get(`/api/meetings/${meeting.id}`));
    expect(meeting.counts).toEqual({ invited: 7, attend: 1, absent: 1, substitute: 1, pending: 4 });
    expect(meeting.participants.find((p) => p.user.id === id('cv.khtc'))).toMatchObject({ response: 'absent', reason: 'Đi công tác huyện Mường Nhé' });
    expect(meeting.participants.find((p) => p.user.id === id('cv.cntt2'))).toMatchObject({ response: 'substitute', substitute: { id: id('cv.bcvt') } });
    expect(meeting.participants.find((p) => p.user.id === id('cv.bcvt'))).toMatchObject({ response: 'pending', substituteFor: { id: id('cv.cntt2') } });
  });

  it('the organizer reminds only those who have not answered', async () => {
    expect((await (await t.as('cv.cntt')).post(`/api/meetings/${meeting.id}/remind`)).statusCode).toBe(403);
    const reminded = ok<MeetingDetail & { reminded: number }>(await (await t.as('giamdoc')).post(`/api/meetings/${meeting.id}/remind`));
    expect(reminded.reminded).toBe(3);
    expect(await noticesOf('meeting_reminder', meeting.id)).toEqual(['cv.bcvt', 'pp.cntt', 'tp.cntt']);
  });
});

describe('rooms are never double booked', () => {
  it('an overlapping booking of the same room is refused with 409 and a clear message; back to back and another room are fine', async () => {
    const leader = await t.as('phogiamdoc');
    const clash = await leader.post('/api/meetings', body({ startsAt: at(10, '09:30'), endsAt: at(10, '11:00') }));
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error).toMatchObject({ code: 'ROOM_BOOKED', message: { vi: expect.stringContaining('Phòng họp đã được đặt'), en: expect.stringContaining('already booked') } });
    ok<MeetingDetail>(await leader.post('/api/meetings', body({ startsAt: at(10, '10:00'), endsAt: at(10, '11:00') })), 201);
    ok<MeetingDetail>(await leader.post('/api/meetings', body({ roomId: roomB, startsAt: at(10, '09:30'), endsAt: at(10, '11:00') })), 201);
  });

  it('two bookings racing for the same room and time: exactly one succeeds, the other gets 409', async () => {
    const [a, b] = await Promise.all([
      (await t.as('phogiamdoc')).post('/api/meetings', body({ title: 'Họp A', startsAt: at(11, '14:00'), endsAt: at(11, '16:00') })),
      (await t.as('phogiamdoc2')).post('/api/meetings', body({ title: 'Họp B', chairId: id('phogiamdoc2'), startsAt: at(11, '15:00'), endsAt: at(11, '17:00') })),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().error.code).toBe('ROOM_BOOKED');
  });
});

describe('changes and cancellation', () => {
  it('a change of time and participants notifies the kept, the new and the removed; a move onto a booked room is refused', async () => {
    const leader = await t.as('giamdoc');
    const taken = await leader.patch(`/api/meetings/${meeting.id}`, { startsAt: at(11, '14:30'), endsAt: at(11, '15:30') });
    expect(taken.statusCode).toBe(409);
    const changed = ok<MeetingDetail>(await leader.patch(`/api/meetings/${meeting.id}`, { startsAt: at(10, '07:30'), endsAt: at(10, '09:30'), userIds: [id('tp.khtc')] }));
    expect(changed.participants.some((p) => p.user.id === id('cv.khtc'))).toBe(false);
    expect(await noticesOf('meeting_invited', meeting.id)).toContain('tp.khtc');
    expect(await noticesOf('meeting_uninvited', meeting.id)).toEqual(['cv.khtc']);
    expect(await noticesOf('meeting_changed', meeting.id)).toEqual(['cv.bcvt', 'cv.cntt', 'cv.cntt2', 'pp.cntt', 'tp.cntt']);
    expect(changed.history.at(-1)).toMatchObject({ action: 'changed', payload: { changes: ['time', 'participants'] } });
    // The answers given stay.
    expect(changed.counts).toMatchObject({ attend: 1, substitute: 1 });
  });

  it('a cancellation notifies everyone concerned and frees the room', async () => {
    const leader = await t.as('phogiamdoc');
    const other = ok<MeetingDetail>(await leader.post('/api/meetings', body({ title: 'Họp sẽ hủy', startsAt: at(12, '08:00'), endsAt: at(12, '09:00'), unitIds: [], userIds: [id('cv.bcvt'), id('tp.bcvt')] })), 201);
    ok<MeetingDetail>(await (await t.as('cv.bcvt')).post(`/api/meetings/${other.id}/answer`, { answer: 'attend' }));
    expect((await (await t.as('cv.bcvt')).post(`/api/meetings/${other.id}/cancel`, { reason: 'x' })).statusCode).toBe(403);
    const cancelled = ok<MeetingDetail>(await leader.post(`/api/meetings/${other.id}/cancel`, { reason: 'Lãnh đạo bận đột xuất' }));
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Lãnh đạo bận đột xuất', actions: [] });
    // The chair is told too.
    expect(await noticesOf('meeting_cancelled', other.id)).toEqual(['cv.bcvt', 'giamdoc', 'tp.bcvt']);
    ok<MeetingDetail>(await leader.post('/api/meetings', body({ title: 'Họp thay thế', startsAt: at(12, '08:00'), endsAt: at(12, '09:00') })), 201);
    expect((await (await t.as('cv.bcvt')).post(`/api/meetings/${other.id}/answer`, { answer: 'attend' })).statusCode).toBe(409);
  });
});

describe('who sees a meeting and its documents', () => {
  let documentId: string;
  let fileId: string;

  it('files are for the meeting\'s readers; linked documents open only under their own rules (never widened)', async () => {
    const pdf = await samplePdfBytes();
    const registered = await (await t.as('vanthu')).upload('/api/incoming-documents', {
      metadata: JSON.stringify({ issuer: 'UBND tỉnh Điện Biên', number: '77', notation: 'UBND-KT', issuedOn: '2026-11-20', documentType: 'official_letter', summary: 'V/v kế hoạch chuyển đổi số năm 2027', signer: 'Lò Văn Tiến', urgency: 'normal', pageCount: 2 }),
    }, [{ name: 'van-ban.pdf', content: pdf, type: 'application/pdf' }]);
    documentId = ok<{ id: string }>(registered, 201).id;
    const leader = await t.as('giamdoc');
    const specialist = await t.as('cv.cntt');
    // The specialist may not open this document, so cannot link it either.
    expect((await specialist.get(`/api/incoming-documents/${documentId}`)).statusCode).toBe(404);
    const linked = ok<MeetingDetail>(await leader.patch(`/api/meetings/${meeting.id}`, { documentIds: [documentId] }));
    expect(linked.documents).toEqual([expect.objectContaining({ id: documentId, visible: true, summary: 'V/v kế hoạch chuyển đổi số năm 2027' })]);
    const withFile = ok<MeetingDetail>(await leader.upload(`/api/meetings/${meeting.id}/files`, { kind: 'document' }, [{ name: 'tai-lieu-hop.pdf', content: pdf, type: 'application/pdf' }]), 201);
    fileId = withFile.files[0]!.id;

    const seen = ok<MeetingDetail>(await specialist.get(`/api/meetings/${meeting.id}`));
    expect(seen.documents).toEqual([{ id: documentId, visible: false, summary: null, reference: null, path: null }]);
    expect((await specialist.get(`/api/incoming-documents/${documentId}`)).statusCode).toBe(404);
    expect((await specialist.get(`/api/meetings/${meeting.id}/files/${fileId}`)).statusCode).toBe(200);
    expect((await specialist.upload(`/api/meetings/${meeting.id}/files`, { kind: 'document' }, [{ name: 'x.pdf', content: pdf, type: 'application/pdf' }])).statusCode).toBe(403);
  });

  it('a non-participant and another agency get 404 for the meeting and its files; the agency\'s leaders see it', async () => {
    for (const username of ['tp.bcvt', 'giamdoc.snv']) {
      const client = await t.as(username);
      expect((await client.get(`/api/meetings/${meeting.id}`)).statusCode).toBe(404);
      expect((await client.get(`/api/meetings/${meeting.id}/files/${fileId}`)).statusCode).toBe(404);
      expect((await client.patch(`/api/meetings/${meeting.id}`, { title: 'Đổi' })).statusCode).toBe(404);
      const all = ok<{ items: MeetingSummary[] }>(await client.get('/api/meetings?view=agency'));
      expect(all.items.some((m) => m.id === meeting.id)).toBe(false);
    }
    const deputy = ok<MeetingDetail>(await (await t.as('phogiamdoc2')).get(`/api/meetings/${meeting.id}`));
    expect(deputy.actions).toEqual([]);
  });

  it('lists: my upcoming meetings, those I organize; the calendar shows the meetings I attend, not those I declined', async () => {
    const mine = ok<{ items: MeetingSummary[] }>(await (await t.as('cv.cntt')).get('/api/meetings?view=upcoming'));
    expect(mine.items.find((m) => m.id === meeting.id)).toMatchObject({ myResponse: 'attend' });
    expect(mine.items.every((m) => m.status === 'scheduled')).toBe(true);
    const organized = ok<{ items: MeetingSummary[] }>(await (await t.as('giamdoc')).get('/api/meetings?view=organized'));
    expect(organized.items.map((m) => m.id)).toContain(meeting.id);
    expect((await (await t.as('cv.cntt')).get('/api/meetings?view=nope')).statusCode).toBe(400);

    const ctx = (username: string) => ({ user: { id: id(username), agencyId: t.people.get(username)!.agencyId, roles: [] } as unknown as CurrentUser, ip: '', userAgent: null });
    const range = { from: '2026-12-01', to: '2026-12-31' };
    const attending = await meetingCalendarItems(t.database.db, ctx('cv.cntt'), range);
    expect(attending.find((i) => i.key === `meeting:${meeting.id}`)).toMatchObject({ source: 'meeting', link: `/meetings/${meeting.id}`, start: '2026-12-10T00:30:00.000Z', place: 'Phòng họp tầng 2' });
    expect((await meetingCalendarItems(t.database.db, ctx('cv.cntt2'), range)).some((i) => i.key === `meeting:${meeting.id}`)).toBe(false);
    expect((await meetingCalendarItems(t.database.db, ctx('giamdoc'), range)).some((i) => i.key === `meeting:${meeting.id}`)).toBe(true);
    expect(await meetingCalendarItems(t.database.db, ctx('cv.cntt'), { from: '2027-01-01', to: '2027-01-31' })).toEqual([]);
  });
});

describe('after the meeting', () => {
  it('the organizer attaches minutes and conclusions (each with an empty task link); nobody else can', async () => {
    const leader = await t.as('giamdoc');
    const early = await leader.post(`/api/meetings/${meeting.id}/conclusions`, { text: 'Giao phòng CNTT xây dựng kế hoạch' });
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'MEETING_NOT_ENDED']);
    t.setNow(new Date('2026-12-10T03:00:00Z'));
    try {
      const pdf = await samplePdfBytes();
      const minutes = ok<MeetingDetail>(await leader.upload(`/api/meetings/${meeting.id}/files`, { kind: 'minutes' }, [{ name: 'bien-ban.pdf', content: pdf, type: 'application/pdf' }]), 201);
      expect(minutes.files.map((f) => f.kind).sort()).toEqual(['document', 'minutes']);
      ok<MeetingDetail>(await leader.post(`/api/meetings/${meeting.id}/conclusions`, { text: 'Giao phòng CNTT xây dựng kế hoạch chuyển đổi số 2027' }), 201);
      const done = ok<MeetingDetail>(await leader.post(`/api/meetings/${meeting.id}/conclusions`, { text: 'Phòng KHTC bố trí kinh phí' }), 201);
      expect(done.conclusions).toEqual([
        expect.objectContaining({ position: 1, taskId: null }), expect.objectContaining({ position: 2, text: 'Phòng KHTC bố trí kinh phí', taskId: null }),
      ]);
      expect((await (await t.as('cv.cntt')).post(`/api/meetings/${meeting.id}/conclusions`, { text: 'x' })).statusCode).toBe(403);
      const removed = ok<MeetingDetail>(await leader.delete(`/api/meetings/${meeting.id}/conclusions/${done.conclusions[0]!.id}`));
      expect(removed.conclusions.map((c) => c.text)).toEqual(['Phòng KHTC bố trí kinh phí']);
      expect(removed.history.map((e) => e.action)).toEqual(expect.arrayContaining(['convened', 'answered', 'reminded', 'changed', 'files_added', 'minutes_added', 'conclusion_added', 'conclusion_removed']));
    } finally {
      t.setNow(new Date('2026-12-01T02:00:00Z'));
    }
  });

  it('a conclusion becomes a task once, by the organizer: the task comes from the meeting and the conclusion links to it', async () => {
    t.setNow(new Date('2026-12-10T03:00:00Z'));
    try {
      const leader = await t.as('giamdoc');
      const [conclusion] = ok<MeetingDetail>(await leader.get(`/api/meetings/${meeting.id}`)).conclusions;
      expect((await (await t.as('cv.cntt')).post(`/api/meetings/${meeting.id}/conclusions/${conclusion!.id}/task`, { lead: { userId: id('cv.khtc') } })).statusCode).toBe(403);
      const made = ok<{ taskId: string }>(await leader.post(`/api/meetings/${meeting.id}/conclusions/${conclusion!.id}/task`, { lead: { userId: id('cv.khtc') }, dueDate: '2026-12-20' }), 201);
      const after = ok<MeetingDetail>(await leader.get(`/api/meetings/${meeting.id}`));
      expect(after.conclusions[0]).toEqual(expect.objectContaining({ id: conclusion!.id, taskId: made.taskId }));
      expect(after.history.map((e) => e.action)).toContain('conclusion_to_task');
      const task = ok<{ title: string; dueDate: string; source: { kind: string; id: string } }>(await (await t.as('cv.khtc')).get(`/api/tasks/${made.taskId}`));
      expect([task.title, task.dueDate, task.source.kind, task.source.id]).toEqual([conclusion!.text, '2026-12-20', 'meeting', meeting.id]);
      const again = await leader.post(`/api/meetings/${meeting.id}/conclusions/${conclusion!.id}/task`, { lead: { userId: id('cv.khtc') } });
      expect([again.statusCode, again.json().error.code]).toEqual([409, 'CONCLUSION_HAS_TASK']);
      // A task may name a meeting as its source only if its assigner can read that meeting.
      const foreign = await (await t.as('giamdoc.snv')).post('/api/tasks', { title: 'Việc', lead: { userId: id('cv.khtc') }, source: { kind: 'meeting', id: meeting.id } });
      expect([foreign.statusCode, foreign.json().error.code]).toEqual([404, 'MEETING_NOT_FOUND']);
    } finally {
      t.setNow(new Date('2026-12-01T02:00:00Z'));
    }
  });
});

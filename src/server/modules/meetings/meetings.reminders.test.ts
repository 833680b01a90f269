import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingDetail } from '../../../shared/meetings.js';
import { ok } from '../../test-support/responses.js';
import { mailJobsSettled, startTestSmtp, type TestSmtp } from '../../test-support/smtp.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { sendEmailJob } from '../notifications/notifications.email.js';
import { scanMeetingReminders, scanMeetingRemindersJob } from './meetings.reminders.js';

let t: TestApp;
let smtp: TestSmtp;
const id = (username: string) => t.people.get(username)!.id;
const address = (username: string) => `${username}@dienbien.gov.vn`;

/** Vietnam time on 2026-12-<day>. */
const at = (day: number, time: string) => `2026-12-${String(day).padStart(2, '0')}T${time}:00+07:00`;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ config: { mail: smtp.mail }, jobs: { definitions: [sendEmailJob({ retryDelaySeconds: 1 }), scanMeetingRemindersJob], workers: true } });
  t.setNow(new Date('2026-12-01T02:00:00Z'));
  // (Invitations and changes are mailed too: the checks below pick the reminders by their subject.)
  const admin = await t.as('quantri');
  for (const username of ['giamdoc', 'pp.cntt', 'cv.cntt', 'cv.cntt2', 'cv.khtc']) {
    ok(await admin.patch(`/api/org/users/${id(username)}`, { email: address(username) }));
  }
  // The other agency (Sở Nội vụ) has no administrator among the demo accounts: its addresses straight in.
  for (const username of ['giamdoc.snv', 'vanthu.snv']) {
    await t.database.db.updateTable('users').set({ email: address(username) }).where('id', '=', id(username)).execute();
  }
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const scanAt = (iso: string) => {
  t.setNow(new Date(iso));
  return scanMeetingReminders({ db: t.database.db, clock: t.clock }, { leadMinutes: 60, morningHour: 7 });
};

async function convene(leader: string, day: number, time: string, usernames: string[], title = 'Họp triển khai chuyển đổi số'): Promise<MeetingDetail> {
  const [h, m] = time.split(':').map(Number);
  const ends = `${String(h! + 2).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  return ok<MeetingDetail>(await (await t.as(leader)).post('/api/meetings', {
    title, startsAt: at(day, time), endsAt: at(day, ends), roomId: null, place: 'Phòng họp tầng 2',
    chairId: id(leader), userIds: usernames.map(id), unitIds: [], agenda: [],
  }), 201);
}

/** Who got a notice of this kind about this meeting (usernames, sorted, once per notice). */
async function told(kind: 'meeting_starting' | 'meeting_today', meetingId: string): Promise<string[]> {
  const rows = await t.database.db.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.recipient_id')
    .select('users.username').where('kind', '=', kind).where('subject_kind', '=', 'meeting').where('subject_id', '=', meetingId).execute();
  return rows.map((r) => r.username).sort();
}

const remindersMailed = (meetingId: string) => smtp.received.filter((m) => m.text.includes(`/meetings/${meetingId}`) && m.subject.includes('Sắp đến giờ họp'));

describe('reminders before a meeting', () => {
  let meeting: MeetingDetail;

  beforeAll(async () => {
    meeting = await convene('giamdoc', 10, '14:00', ['cv.khtc', 'cv.cntt', 'pp.cntt']);
    ok(await (await t.as('cv.khtc')).post(`/api/meetings/${meeting.id}/answer`, { answer: 'absent', reason: 'Đi công tác huyện Mường Nhé' }));
    ok(await (await t.as('cv.cntt')).post(`/api/meetings/${meeting.id}/answer`, { answer: 'substitute', substituteId: id('cv.cntt2') }));
    ok(await (await t.as('pp.cntt')).post(`/api/meetings/${meeting.id}/answer`, { answer: 'attend' }));
  });

  it('those expected — not who declined or sent a substitute, but the substitute — are told the morning of the day, then an hour before in the bell and by e-mail', async () => {
    await scanAt(at(10, '06:59'));
    expect(await told('meeting_today', meeting.id)).toEqual([]);
    await scanAt(at(10, '07:00'));
    expect(await told('meeting_today', meeting.id)).toEqual(['cv.cntt2', 'giamdoc', 'pp.cntt']);
    await scanAt(at(10, '12:59'));
    expect(await told('meeting_starting', meeting.id)).toEqual([]);

    expect(await scanAt(at(10, '13:00'))).toEqual({ sent: 3 });
    expect(await told('meeting_starting', meeting.id)).toEqual(['cv.cntt2', 'giamdoc', 'pp.cntt']);
    const bell = ok<{ items: { kind: string; subject: unknown; params: Record<string, string> }[] }>(await (await t.as('cv.cntt2')).get('/api/notifications'));
    expect(bell.items[0]).toMatchObject({ kind: 'meeting_starting', subject: { kind: 'meeting', id: meeting.id }, params: { title: 'Họp triển khai chuyển đổi số', when: '14:00 10/12/2026', place: 'Phòng họp tầng 2' } });

    const mail = await smtp.arrives((m) => m.to === address('pp.cntt') && m.subject.includes('Sắp đến giờ họp'));
    expect(mail.subject).toBe('[VanPhong] Sắp đến giờ họp: «Họp triển khai chuyển đổi số» lúc 14:00 10/12/2026, tại Phòng họp tầng 2');
    expect(mail.text).toContain(`https://vanphong.example/meetings/${meeting.id}`);
    await mailJobsSettled(t.database.db);
    expect(remindersMailed(meeting.id).map((m) => m.to).sort()).toEqual([address('cv.cntt2'), address('giamdoc'), address('pp.cntt')]);
  });

  it('two scans racing, and a later one worked by another server after a restart, remind each participant once', async () => {
    const [first, second] = await Promise.all([scanAt(at(10, '13:01')), scanAt(at(10, '13:01'))]);
    expect(first.sent + second.sent).toBe(0);

    // A second meeting, due now: both scans race for it and only one sends.
    t.setNow(new Date('2026-12-01T02:00:00Z'));
    const other = await convene('phogiamdoc', 11, '09:00', ['cv.cntt', 'cv.khtc'], 'Họp rà soát hồ sơ cấp phép');
    const racing = await Promise.all([scanAt(at(11, '08:10')), scanAt(at(11, '08:10'))]);
    expect(racing[0].sent + racing[1].sent).toBe(3);
    expect(await told('meeting_starting', other.id)).toEqual(['cv.cntt', 'cv.khtc', 'phogiamdoc']);

    const restarted = await t.openJobQueue({ definitions: [scanMeetingRemindersJob] });
    await restarted.startWorkers({ files: t.files, clock: t.clock });
    const jobId = await restarted.boss.send('meetings.scan-reminders', { leadMinutes: 60, morningHour: 7 });
    for (let i = 0; i < 100 && (await restarted.boss.getJobById('meetings.scan-reminders', jobId!))?.state !== 'completed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await restarted.boss.getJobById('meetings.scan-reminders', jobId!))?.state).toBe('completed');
    expect(await told('meeting_starting', other.id)).toEqual(['cv.cntt', 'cv.khtc', 'phogiamdoc']);
    await mailJobsSettled(t.database.db);
    expect(remindersMailed(other.id).map((m) => m.to).sort()).toEqual([address('cv.cntt'), address('cv.khtc')]);
  });

  it('a meeting moved to another day is reminded again for its new time; a cancelled one is reminded no more', async () => {
    t.setNow(new Date('2026-12-01T02:00:00Z'));
    const moved = await convene('giamdoc', 14, '08:30', ['cv.cntt2']);
    const cancelled = await convene('giamdoc', 14, '15:00', ['pp.cntt']);
    await scanAt(at(14, '07:40'));
    expect(await told('meeting_starting', moved.id)).toEqual(['cv.cntt2', 'giamdoc']);
    expect(await told('meeting_today', cancelled.id)).toEqual(['giamdoc', 'pp.cntt']);

    // Put off to the next afternoon (the organizer's change, at 8:00).
    t.setNow(new Date(at(14, '08:00')));
    ok(await (await t.as('giamdoc')).patch(`/api/meetings/${moved.id}`, { startsAt: at(15, '14:00'), endsAt: at(15, '16:00') }));
    ok(await (await t.as('giamdoc')).post(`/api/meetings/${cancelled.id}/cancel`, { reason: 'Lãnh đạo đi họp tỉnh' }));
    await scanAt(at(14, '14:30'));
    await scanAt(at(15, '07:00'));
    expect(await told('meeting_today', moved.id)).toEqual(['cv.cntt2', 'giamdoc']);
    expect(await told('meeting_starting', moved.id)).toEqual(['cv.cntt2', 'giamdoc']);
    await scanAt(at(15, '13:00'));
    await scanAt(at(15, '13:30'));
    expect(await told('meeting_starting', moved.id)).toEqual(['cv.cntt2', 'cv.cntt2', 'giamdoc', 'giamdoc']);
    const params = await t.database.db.selectFrom('notifications').select('params').where('kind', '=', 'meeting_starting')
      .where('subject_id', '=', moved.id).where('recipient_id', '=', id('cv.cntt2')).orderBy('created_at').execute();
    expect(params.map((p) => p.params.when)).toEqual(['08:30 14/12/2026', '14:00 15/12/2026']);
    expect(await told('meeting_starting', cancelled.id)).toEqual([]);
    expect(await told('meeting_today', cancelled.id)).toEqual(['giamdoc', 'pp.cntt']);
  });

  it('someone invited after the reminder time is not reminded: the invitation has just told them', async () => {
    t.setNow(new Date('2026-12-01T02:00:00Z'));
    const late = await convene('giamdoc', 16, '10:00', ['pp.cntt']);
    t.setNow(new Date(at(16, '09:30')));
    ok(await (await t.as('giamdoc')).patch(`/api/meetings/${late.id}`, { userIds: [id('pp.cntt'), id('cv.khtc')] }));
    await scanAt(at(16, '09:31'));
    expect(await told('meeting_starting', late.id)).toEqual(['giamdoc', 'pp.cntt']);
  });

  it("another agency's meeting reminds only its own officials, even with a participant's row naming one of ours", async () => {
    t.setNow(new Date('2026-12-01T02:00:00Z'));
    const theirs = await convene('giamdoc.snv', 17, '09:00', ['vanthu.snv'], 'Họp Sở Nội vụ');
    // A row no screen can make: the reminder still goes through the agency's own officials only.
    await t.database.db.insertInto('meeting_participants').values({ meeting_id: theirs.id, user_id: id('cv.cntt'), invited_at: new Date('2026-12-01T02:00:00Z') }).execute();
    await scanAt(at(17, '08:00'));
    expect(await told('meeting_starting', theirs.id)).toEqual(['giamdoc.snv', 'vanthu.snv']);
    await mailJobsSettled(t.database.db);
    expect(remindersMailed(theirs.id).map((m) => m.to).sort()).toEqual([address('giamdoc.snv'), address('vanthu.snv')]);
  });
});

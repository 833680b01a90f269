import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openStream } from '../../test-support/event-stream.js';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';
import { DEMO_PASSWORD } from '../demo/demo.data.js';
import { useMail } from './notifications.email.js';
import { sendDigestJob, sendEmailJob } from './notifications.email.js';
import { scanReminders, scanRemindersJob } from './notifications.reminders.js';
import { NOTIFICATION_KINDS } from '../../../shared/notifications.js';

// A real SMTP server on a random port: the first message it is given fails (421), the rest arrive.
const received: { to: string; subject: string; body: string }[] = [];
let refuseNext = 0;
const waiters: (() => void)[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      if (refuseNext > 0) {
        refuseNext -= 1;
        callback(Object.assign(new Error('Try again later'), { responseCode: 421 }));
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), subject: /^Subject: (.*)$/m.exec(text)?.[1] ?? '', body: text });
      for (const wake of waiters.splice(0)) wake();
      callback();
    });
  },
});

async function mailArrives(predicate: (m: (typeof received)[number]) => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!received.some(predicate)) {
    if (Date.now() > deadline) throw new Error(`no such mail; received: ${JSON.stringify(received.map((m) => [m.to, m.subject]))}`);
    await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, 500); });
  }
  return received.find(predicate)!;
}

let t: TestApp;
let port: number;
let pdf: Uint8Array;
let serial = 0;

async function register(overrides: Record<string, unknown> = {}) {
  const clerk = await t.as('vanthu');
  const metadata = {
    issuer: 'UBND tỉnh Điện Biên', number: String(500 + ++serial), notation: 'UBND-KT', issuedOn: '2026-01-02', documentType: 'official_letter',
    summary: `V/v báo cáo tình hình số ${serial}`, signer: 'Lò Văn Tiến', urgency: 'normal', pageCount: 1, ...overrides,
  };
  const response = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'vb.pdf', content: pdf, type: 'application/pdf' }]);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

async function assignTo(documentId: string, username: string, dueDate: string) {
  const assigned = await (await t.as('giamdoc')).post(`/api/incoming-documents/${documentId}/assign`, {
    direction: 'Đề nghị xử lý đúng hạn.', assignments: [{ role: 'lead', userId: t.people.get(username)!.id, dueDate }],
  });
  expect(assigned.statusCode, assigned.body).toBe(200);
  return assigned.json().assignmentIds[0] as string;
}

/** A second browser of the same official: a session of its own. */
async function secondSession(username: string): Promise<string> {
  const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  return `vp_session=${response.cookies.find((c) => c.name === 'vp_session')!.value}`;
}

const noticesOf = async (username: string, kind?: string) => {
  let query = t.database.db.selectFrom('notifications').select(['kind', 'assignment_id', 'params']).where('recipient_id', '=', t.people.get(username)!.id);
  if (kind) query = query.where('kind', '=', kind);
  return query.execute();
};

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  t = await createTestApp({
    config: { mail: { url: `smtp://127.0.0.1:${smtpPort}`, from: 'VanPhong <vanphong@dienbien.gov.vn>', appUrl: 'https://vanphong.example' } },
    // Mail retried after 1 s instead of a minute: the test waits for the retry.
    jobs: { definitions: [sendEmailJob({ retryDelaySeconds: 1, retryDelayMaxSeconds: 2 }), sendDigestJob({ retryDelaySeconds: 1 }), scanRemindersJob], workers: true },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
  pdf = await samplePdfBytes();
  // Monday 5 January 2026, 10:00 in Vietnam.
  t.setNow(new Date('2026-01-05T03:00:00Z'));
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('live notifications', () => {
  it('a hỏa tốc document submitted to the director reaches both his open browsers at once with the new counts, and no one else', async () => {
    const director = await t.as('giamdoc');
    const first = await openStream(port, director.cookie);
    const second = await openStream(port, await secondSession('giamdoc'));
    const deputy = await openStream(port, (await t.as('phogiamdoc')).cookie);
    const before = (await first.next((e) => e.event === 'counts')).data;

    const id = await register({ urgency: 'flash', summary: 'V/v phòng chống lũ quét khẩn cấp', submitTo: t.people.get('giamdoc')!.id });
    for (const stream of [first, second]) {
      const notice = await stream.next((e) => e.event === 'notification');
      expect(notice.data).toMatchObject({ kind: 'urgent_document', documentId: id, documentDirection: 'incoming', params: { urgency: 'flash', summary: 'V/v phòng chống lũ quét khẩn cấp', actor: 'Phạm Thị Lan' } });
      expect((await stream.next((e) => e.event === 'unread')).data).toEqual({ unread: before.unread + 1 });
      const counts = await stream.next((e) => e.event === 'counts' && e.data.unread === before.unread + 1);
      expect(counts.data.inbox.todo).toBe(before.inbox.todo + 1);
    }
    expect(deputy.events.filter((e) => e.event === 'notification')).toEqual([]);

    // Marking it read in one browser updates the other's bell.
    const page = (await director.get('/api/notifications')).json();
    expect(page.unread).toBe(before.unread + 1);
    const seen = second.events.length;
    expect((await director.post('/api/notifications/read', { ids: [page.items[0].id] })).json().unread).toBe(before.unread);
    await second.next((e) => e.event === 'counts' && e.data.unread === before.unread, seen);

    // Signing out ends that browser's stream; the other stays open.
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: (await t.as('phogiamdoc')).cookie } });
    await deputy.ended;
    for (const stream of [first, second]) stream.close();
  });

  it('each official lists and marks only their own notices; an anonymous stream is refused', async () => {
    await register({ submitTo: t.people.get('giamdoc')!.id });
    const specialist = await t.as('cv.cntt');
    const mine = (await specialist.get('/api/notifications')).json();
    const theirs = (await (await t.as('giamdoc')).get('/api/notifications?unreadOnly=true')).json();
    expect(theirs.items.length).toBeGreaterThan(0);
    expect(mine.items.map((n: { id: string }) => n.id)).not.toContain(theirs.items[0].id);
    // Another's id is ignored, not marked.
    await specialist.post('/api/notifications/read', { ids: [theirs.items[0].id] });
    expect((await t.database.db.selectFrom('notifications').select('read_at').where('id', '=', theirs.items[0].id).executeTakeFirstOrThrow()).read_at).toBeNull();
    expect((await (await t.as('giamdoc.snv')).get('/api/notifications')).json().items).toEqual([]);
    expect((await t.anonymous().get('/api/notifications/stream')).statusCode).toBe(401);
    expect((await specialist.post('/api/notifications/read', { ids: ['not-an-id'] })).statusCode).toBe(400);
  });

  it('preferences decide the channels: a kind switched off in the app writes no notice', async () => {
    const deputy = await t.as('phogiamdoc2');
    const saved = await deputy.put('/api/notifications/preferences', { kinds: [{ kind: 'document_submitted', inApp: false, email: false }], dailyDigest: true });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ dailyDigest: true, emailAvailable: true, hasEmailAddress: false });
    expect(saved.json().kinds.find((k: { kind: string }) => k.kind === 'document_submitted')).toEqual({ kind: 'document_submitted', inApp: false, email: false });
    await register({ submitTo: t.people.get('phogiamdoc2')!.id });
    expect(await noticesOf('phogiamdoc2', 'document_submitted')).toEqual([]);
    // Another kind still arrives.
    await register({ urgency: 'very_urgent', submitTo: t.people.get('phogiamdoc2')!.id });
    expect(await noticesOf('phogiamdoc2', 'urgent_document')).toHaveLength(1);
  });
});

describe('e-mail', () => {
  it('a notice goes by e-mail through SMTP in the background, tried again after the server refused it', async () => {
    const admin = await t.as('quantri');
    expect((await admin.patch(`/api/org/users/${t.people.get('tp.bcvt')!.id}`, { email: 'tp.bcvt@dienbien.gov.vn' })).statusCode).toBe(200);
    refuseNext = 1;
    const id = await register({ urgency: 'flash', summary: 'V/v sự cố mạng truyền số liệu chuyên dùng' });
    await (await t.as('vanthu')).post(`/api/incoming-documents/${id}/submit`, { leaderId: t.people.get('giamdoc')!.id });
    // The action answered before any mail: the director assigns, and the mail follows.
    await assignTo(id, 'tp.bcvt', '2026-01-06');
    const mail = await mailArrives((m) => m.to === 'tp.bcvt@dienbien.gov.vn');
    expect(refuseNext).toBe(0);
    // The body is quoted-printable: soft line breaks joined, the link is whole.
    expect(mail.body.replace(/=\r?\n/g, '')).toContain(`https://vanphong.example/incoming/${id}`);
    const job = await sql<{ retry_count: number }>`SELECT retry_count FROM pgboss.job WHERE name = 'notifications.send-email' ORDER BY created_on LIMIT 1`.execute(t.database.db);
    expect(job.rows[0]!.retry_count).toBeGreaterThanOrEqual(1);
  });

  it('without SMTP configured the e-mail channel is off and says so', async () => {
    useMail(t.database.db, null);
    try {
      expect((await (await t.as('quantri')).get('/api/notifications/preferences')).json().emailAvailable).toBe(false);
    } finally {
      useMail(t.database.db, { url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, from: 'VanPhong <vanphong@dienbien.gov.vn>', appUrl: 'https://vanphong.example' });
    }
  });
});

describe('reminders', () => {
  let assignmentId: string;
  beforeAll(async () => {
    t.setNow(new Date('2026-01-05T03:00:00Z'));
    const id = await register({ summary: 'V/v rà soát hạ tầng mạng' });
    await (await t.as('vanthu')).post(`/api/incoming-documents/${id}/submit`, { leaderId: t.people.get('giamdoc')!.id });
    // Due Thursday 8 January; the agency reminds one working day before.
    assignmentId = await assignTo(id, 'cv.cntt', '2026-01-08');
  });

  const kindsFor = async (username: string) => (await noticesOf(username)).filter((n) => n.assignment_id === assignmentId).map((n) => n.kind).sort();
  const scanAt = (iso: string) => { t.setNow(new Date(iso)); return scanReminders({ db: t.database.db, clock: t.clock }); };

  it('the holder is reminded the working day before and on the due date, each once however often the scan runs', async () => {
    await scanAt('2026-01-06T02:00:00Z');
    expect(await kindsFor('cv.cntt')).toEqual(['work_assigned']);
    await scanAt('2026-01-07T02:00:00Z');
    await scanAt('2026-01-07T09:00:00Z');
    expect(await kindsFor('cv.cntt')).toEqual(['due_soon', 'work_assigned']);
    await scanAt('2026-01-08T01:00:00Z');
    await scanAt('2026-01-08T01:00:00Z');
    expect(await kindsFor('cv.cntt')).toEqual(['due_soon', 'due_today', 'work_assigned']);
  });

  it('overdue work is flagged to its holder and the unit head, then a working day later to the leader who assigned it, after a restart too', async () => {
    await scanAt('2026-01-09T02:00:00Z');
    expect(await kindsFor('cv.cntt')).toEqual(['due_soon', 'due_today', 'overdue', 'work_assigned']);
    expect(await kindsFor('tp.cntt')).toEqual(['overdue_escalated']);
    expect(await kindsFor('giamdoc')).toEqual([]);
    // Saturday: still one working day late, nothing new.
    await scanAt('2026-01-10T02:00:00Z');
    expect(await kindsFor('giamdoc')).toEqual([]);

    // Monday, on a "restarted" server: a new queue works the scan job with the same clock.
    t.setNow(new Date('2026-01-12T02:00:00Z'));
    const restarted = await t.openJobQueue({ definitions: [scanRemindersJob] });
    await restarted.startWorkers({ files: t.files, clock: t.clock });
    const jobId = await restarted.boss.send('notifications.scan-reminders', {});
    for (let i = 0; i < 100 && (await restarted.boss.getJobById('notifications.scan-reminders', jobId!))?.state !== 'completed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await kindsFor('giamdoc')).toEqual(['overdue_escalated']);
    await scanAt('2026-01-12T03:00:00Z');
    expect(await kindsFor('giamdoc')).toEqual(['overdue_escalated']);
    expect(await kindsFor('tp.cntt')).toEqual(['overdue_escalated']);
    const rows = await t.database.db.selectFrom('assignment_reminders').select('rule').where('assignment_id', '=', assignmentId).orderBy('rule').execute();
    expect(rows.map((r) => r.rule)).toEqual(['due_soon', 'due_today', 'overdue_assigner', 'overdue_unit_head']);
  });

  it('a leader reminds the holder with a note, recorded in the history; a specialist cannot, another agency sees nothing', async () => {
    const deputy = await t.as('phogiamdoc2');
    const sent = await deputy.post(`/api/assignments/${assignmentId}/reminders`, { note: 'Đề nghị hoàn thành trước 16 giờ.' });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toEqual({ notified: 1 });
    const reminder = (await noticesOf('cv.cntt', 'reminder'))[0]!;
    expect(reminder.params).toMatchObject({ note: 'Đề nghị hoàn thành trước 16 giờ.', actor: expect.any(String) });
    const event = await t.database.db.selectFrom('events').select(['actor_id', 'payload']).where('action', '=', 'reminder_sent').where('assignment_id', '=', assignmentId).executeTakeFirstOrThrow();
    expect(event.actor_id).toBe(t.people.get('phogiamdoc2')!.id);
    expect(event.payload).toMatchObject({ note: 'Đề nghị hoàn thành trước 16 giờ.' });

    const specialist = await t.as('cv.cntt2');
    const refused = await specialist.post(`/api/assignments/${assignmentId}/reminders`, { note: '' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('NOT_ALLOWED_TO_REMIND');
    // The head of the holder's unit may.
    expect((await (await t.as('tp.cntt')).post(`/api/assignments/${assignmentId}/reminders`, {})).statusCode).toBe(200);
    expect((await (await t.as('giamdoc.snv')).post(`/api/assignments/${assignmentId}/reminders`, { note: 'x' })).statusCode).toBe(404);
  });
});


describe('the daily digest', () => {
  /** The Vietnam date `days` after the one of the real now (notices are stamped by the database's clock). */
  const vietnamDay = (days: number) => new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
  const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+07:00`);
  const scanAt = (when: Date) => { t.setNow(when); return scanReminders({ db: t.database.db, clock: t.clock }); };
  const mailsTo = (address: string) => received.filter((m) => m.to === address);
  /** The quoted-printable body as text. */
  const bodyOf = (m: { body: string }) => Buffer.from(m.body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  async function digestJobsSettled() {
    for (let i = 0; i < 150; i++) {
      const open = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'notifications.send-digest' AND state NOT IN ('completed', 'failed', 'cancelled')`.execute(t.database.db);
      if (open.rows[0]!.n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('digest jobs still pending');
  }

  it('goes once a day from 7:00, only to those who chose it, with only their own unread notices', async () => {
    const admin = await t.as('quantri');
    const mine = 'phogiamdoc@dienbien.gov.vn';
    const other = 'giamdoc@dienbien.gov.vn';
    expect((await admin.patch(`/api/org/users/${t.people.get('phogiamdoc')!.id}`, { email: mine })).statusCode).toBe(200);
    expect((await admin.patch(`/api/org/users/${t.people.get('giamdoc')!.id}`, { email: other })).statusCode).toBe(200);
    // No notice by its own mail for either: any mail to them is a digest. Only the deputy asks for one.
    const noMail = NOTIFICATION_KINDS.map((kind) => ({ kind, inApp: true, email: false }));
    // (A session of their own: an earlier test signed the deputy out.)
    const choose = async (username: string, dailyDigest: boolean) => (await t.app.inject({
      method: 'PUT', url: '/api/notifications/preferences', headers: { cookie: await secondSession(username) }, payload: { kinds: noMail, dailyDigest },
    })).statusCode;
    expect(await choose('phogiamdoc', true)).toBe(200);
    expect(await choose('giamdoc', false)).toBe(200);

    t.setNow(new Date());
    await register({ summary: 'V/v DIGESTMINE kế hoạch chuyển đổi số', submitTo: t.people.get('phogiamdoc')!.id });
    await register({ summary: 'V/v DIGESTOTHER hồ sơ của Giám đốc', submitTo: t.people.get('giamdoc')!.id });

    // The next morning: nothing before 7:00; at 8:00 the deputy's digest; later scans that day send nothing more.
    const next = vietnamDay(1);
    expect((await scanAt(at(next, 6))).digests).toBe(0);
    // (The earlier deputy who chose the digest, without an e-mail address, is claimed too, and sent nothing.)
    expect((await scanAt(at(next, 8))).digests).toBeGreaterThanOrEqual(1);
    const claimed = await t.database.db.selectFrom('notification_digests').select(sql<string>`last_sent_on::text`.as('day')).where('user_id', '=', t.people.get('phogiamdoc')!.id).executeTakeFirstOrThrow();
    expect(claimed.day).toBe(next);
    const digest = await mailArrives((m) => m.to === mine);
    const text = bodyOf(digest);
    expect(text).toContain('DIGESTMINE');
    expect(text).not.toContain('DIGESTOTHER');
    expect(text).toContain('https://vanphong.example/incoming/');
    expect((await scanAt(at(next, 10))).digests).toBe(0);
    expect((await scanAt(at(next, 23))).digests).toBe(0);
    await digestJobsSettled();
    expect(mailsTo(mine)).toHaveLength(1);
    expect(mailsTo(other)).toHaveLength(0);

    // The day after, the day is claimed again, but yesterday's notices are not sent twice: no mail.
    expect((await scanAt(at(vietnamDay(2), 8))).digests).toBeGreaterThanOrEqual(1);
    await digestJobsSettled();
    expect(mailsTo(mine)).toHaveLength(1);
    expect(mailsTo(other)).toHaveLength(0);
  });
});

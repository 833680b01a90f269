import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDetail, MessageView } from '../../../shared/chat.js';
import { ok } from '../../test-support/responses.js';
import { mailJobsSettled, startTestSmtp, type TestSmtp } from '../../test-support/smtp.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { sendMailJob } from '../notifications/notifications.email.js';
import { scanUnreadMessages, scanUnreadMessagesJob } from './messages.unread-mails.js';

let t: TestApp;
let smtp: TestSmtp;
const id = (username: string) => t.people.get(username)!.id;
const address = (username: string) => `${username}@dienbien.gov.vn`;

/** Vietnam time on 2 December 2026. */
const at = (time: string) => new Date(`2026-12-02T${time}:00+07:00`);

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ config: { mail: smtp.mail }, jobs: { definitions: [sendMailJob({ retryDelaySeconds: 1 }), scanUnreadMessagesJob], workers: true } });
  t.setNow(at('07:30'));
  const admin = await t.as('quantri');
  for (const username of ['cv.cntt', 'cv.cntt2', 'tp.cntt', 'pp.cntt', 'cv.khtc', 'tp.khtc']) {
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

const scanAt = async (time: string) => {
  t.setNow(at(time));
  return scanUnreadMessages({ db: t.database.db, clock: t.clock }, { afterMinutes: 15 });
};
async function sendAt(time: string, username: string, conversationId: string, text: string): Promise<MessageView> {
  t.setNow(at(time));
  return ok(await (await t.as(username)).post(`/api/conversations/${conversationId}/messages`, { text }), 201);
}
const direct = async (from: string, to: string) => ok<ConversationDetail>(await (await t.as(from)).post('/api/conversations', { kind: 'direct', userId: id(to) }), 201);
const group = async (creator: string, name: string, members: string[]) =>
  ok<ConversationDetail>(await (await t.as(creator)).post('/api/conversations', { kind: 'group', name, memberIds: members.map(id) }), 201);
/** The mails an official received, once every mail job has run. */
async function mailsTo(username: string) {
  await mailJobsSettled(t.database.db);
  return smtp.received.filter((m) => m.to === address(username));
}

describe('e-mail about unread messages', () => {
  it('an official who leaves a conversation unread for 15 minutes gets one mail summing up its messages, with the link; the sender none', async () => {
    const chat = await direct('cv.cntt', 'cv.cntt2');
    await sendAt('08:00', 'cv.cntt', chat.id, 'Chị Ngọc ơi, chiều nay họp giao ban lúc 14 giờ nhé');
    await sendAt('08:02', 'cv.cntt', chat.id, `Em gửi chị bản dự thảo kế hoạch chuyển đổi số năm 2027 ${'để chị góp ý trước cuộc họp '.repeat(6)}`);
    await sendAt('08:05', 'cv.cntt', chat.id, 'Chị xem giúp em phần kinh phí');

    expect(await scanAt('08:14')).toEqual({ mailed: 0 });
    expect(await scanAt('08:15')).toEqual({ mailed: 1 });
    const [mail, ...more] = await mailsTo('cv.cntt2');
    expect(more).toEqual([]);
    expect(mail!.subject).toBe('[VanPhong] 3 tin nhắn chưa đọc trong «Đặng Văn Long»');
    expect(mail!.text).toContain('Bạn có 3 tin nhắn chưa đọc trong cuộc trò chuyện «Đặng Văn Long»:');
    expect(mail!.text).toContain('- 08:00 02/12 Đặng Văn Long: Chị Ngọc ơi, chiều nay họp giao ban lúc 14 giờ nhé');
    expect(mail!.text).toContain('- 08:05 02/12 Đặng Văn Long: Chị xem giúp em phần kinh phí');
    // A long message shows its first words only.
    expect(mail!.text).toMatch(/- 08:02 02\/12 Đặng Văn Long: Em gửi chị bản dự thảo kế hoạch chuyển đổi số năm 2027 để chị góp ý[^\n]*…\n/);
    expect(mail!.text).toContain(`Xem cuộc trò chuyện: https://vanphong.example/messages/${chat.id}`);
    expect(await mailsTo('cv.cntt')).toEqual([]);

    // The same unread messages are not mailed again; a new one, left unread, is, alone.
    await scanAt('08:40');
    await scanAt('09:30');
    expect(await mailsTo('cv.cntt2')).toHaveLength(1);
    await sendAt('09:31', 'cv.cntt', chat.id, 'Chị đã xem chưa ạ?');
    await scanAt('09:46');
    const second = (await mailsTo('cv.cntt2'))[1]!;
    expect(second.subject).toBe('[VanPhong] 1 tin nhắn chưa đọc trong «Đặng Văn Long»');
    expect(second.text).toContain('Chị đã xem chưa ạ?');
    expect(second.text).not.toContain('phần kinh phí');
  });

  it('two scans racing, and another server scanning later, mail each member once', async () => {
    const team = await group('tp.cntt', 'Tổ triển khai phần mềm', ['pp.cntt', 'cv.khtc']);
    await sendAt('10:00', 'tp.cntt', team.id, 'Đề nghị các đồng chí cập nhật tiến độ trước 16 giờ');
    t.setNow(at('10:20'));
    const racing = await Promise.all([scanAt('10:20'), scanAt('10:20')]);
    expect(racing[0].mailed + racing[1].mailed).toBe(2);

    const restarted = await t.openJobQueue({ definitions: [scanUnreadMessagesJob] });
    await restarted.startWorkers({ files: t.files, clock: t.clock });
    const jobId = await restarted.boss.send('messages.scan-unread', { afterMinutes: 15 });
    for (let i = 0; i < 100 && (await restarted.boss.getJobById('messages.scan-unread', jobId!))?.state !== 'completed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await restarted.boss.getJobById('messages.scan-unread', jobId!))?.state).toBe('completed');
    expect(await mailsTo('pp.cntt')).toHaveLength(1);
    expect(await mailsTo('cv.khtc')).toHaveLength(1);
    expect((await mailsTo('cv.khtc'))[0]!.subject).toBe('[VanPhong] 1 tin nhắn chưa đọc trong «Tổ triển khai phần mềm»');
    expect(await mailsTo('tp.cntt')).toEqual([]);
  });

  it('nothing is mailed for messages read in time, nor to whoever switched these mails off', async () => {
    const chat = await direct('tp.khtc', 'cv.cntt2');
    const sent = await sendAt('11:00', 'tp.khtc', chat.id, 'Ngọc gửi anh số liệu quý IV nhé');
    t.setNow(at('11:10'));
    ok(await (await t.as('cv.cntt2')).post(`/api/conversations/${chat.id}/read`, { seq: sent.seq }));
    expect(ok<{ unread: number }>(await (await t.as('cv.cntt2')).get(`/api/conversations/${chat.id}`)).unread).toBe(0);
    const before = (await mailsTo('cv.cntt2')).length;

    ok(await (await t.as('cv.cntt2')).put('/api/notifications/preferences', { kinds: [{ kind: 'message_unread', inApp: false, email: false }], dailyDigest: false }));
    await sendAt('11:20', 'cv.cntt2', chat.id, 'Dạ, em gửi anh ngay ạ');
    ok(await (await t.as('tp.khtc')).put('/api/notifications/preferences', { kinds: [{ kind: 'message_unread', inApp: false, email: false }], dailyDigest: false }));
    await scanAt('11:40');
    expect(await mailsTo('cv.cntt2')).toHaveLength(before);
    expect(await mailsTo('tp.khtc')).toEqual([]);
    // Switching them on again does not mail what was left unread meanwhile.
    ok(await (await t.as('tp.khtc')).put('/api/notifications/preferences', { kinds: [{ kind: 'message_unread', inApp: false, email: true }], dailyDigest: false }));
    await scanAt('12:00');
    expect(await mailsTo('tp.khtc')).toEqual([]);
  });

  it('whoever left a group is mailed nothing of it, and a newcomer is not mailed the history they were added to', async () => {
    const board = await group('cv.cntt', 'Nhóm soạn thảo quy chế', ['pp.cntt', 'cv.khtc']);
    await sendAt('13:00', 'cv.cntt', board.id, 'Dự thảo quy chế lần 2 đã cập nhật');
    t.setNow(at('13:05'));
    ok(await (await t.as('pp.cntt')).post(`/api/conversations/${board.id}/leave`), 204);
    ok(await (await t.as('cv.cntt')).post(`/api/conversations/${board.id}/members`, { userIds: [id('cv.cntt2')] }));
    const mailedBefore = { pp: (await mailsTo('pp.cntt')).length, ngoc: (await mailsTo('cv.cntt2')).length, khtc: (await mailsTo('cv.khtc')).length };
    await scanAt('13:30');
    expect(await mailsTo('pp.cntt')).toHaveLength(mailedBefore.pp);
    expect(await mailsTo('cv.cntt2')).toHaveLength(mailedBefore.ngoc);
    expect(await mailsTo('cv.khtc')).toHaveLength(mailedBefore.khtc + 1);
  });

  it("never across agencies: another agency's conversation mails its own officials only, even with a member row naming one of ours", async () => {
    const theirs = await direct('giamdoc.snv', 'vanthu.snv');
    // A row no screen can make: the mail still goes to the conversation's own agency only.
    await t.database.db.insertInto('conversation_members').values({ conversation_id: theirs.id, user_id: id('cv.cntt') }).execute();
    const before = (await mailsTo('cv.cntt')).length;
    await sendAt('14:00', 'giamdoc.snv', theirs.id, 'Đề nghị chị Dung chuẩn bị hồ sơ thi đua');
    await scanAt('14:20');
    const mail = await mailsTo('vanthu.snv');
    expect(mail.map((m) => m.subject)).toEqual(['[VanPhong] 1 tin nhắn chưa đọc trong «Tòng Văn Chiến»']);
    expect(await mailsTo('cv.cntt')).toHaveLength(before);
  });
});

import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDetail, MessagePage, MessageView } from '../../../shared/chat.js';
import { openStream } from '../../test-support/event-stream.js';
import { ok } from '../../test-support/responses.js';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let port: number;
let pdf: Uint8Array;
const id = (username: string) => t.people.get(username)!.id;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
  pdf = await samplePdfBytes();
});
afterAll(async () => t?.close());

async function group(creator: string, name: string, members: string[]): Promise<ConversationDetail> {
  return ok(await (await t.as(creator)).post('/api/conversations', { kind: 'group', name, memberIds: members.map(id) }), 201);
}
async function send(username: string, conversationId: string, body: object): Promise<MessageView> {
  return ok(await (await t.as(username)).post(`/api/conversations/${conversationId}/messages`, body), 201);
}
const messagesOf = async (username: string, conversationId: string) => (await t.as(username)).get(`/api/conversations/${conversationId}/messages`);

describe('conversations between officials of one agency', () => {
  it('a direct conversation is one per pair and a message reaches the other official live, with read receipts and unread counts', async () => {
    const long = await t.as('cv.cntt');
    const ngoc = await t.as('cv.cntt2');
    const opened = ok(await long.post('/api/conversations', { kind: 'direct', userId: id('cv.cntt2') }), 201) as ConversationDetail;
    expect(opened).toMatchObject({ kind: 'direct', title: 'Bùi Thị Ngọc', memberCount: 2, actions: [] });
    // Opened again, from either side: the same conversation (200).
    expect((ok(await ngoc.post('/api/conversations', { kind: 'direct', userId: id('cv.cntt') })) as ConversationDetail).id).toBe(opened.id);

    const stream = await openStream(port, ngoc.cookie);
    const sent = await send('cv.cntt', opened.id, { text: 'Chị Ngọc ơi, chiều nay họp giao ban lúc 14 giờ nhé' });
    const live = await stream.next((e) => e.event === 'message' && e.data.messageId === sent.id);
    expect(live.data).toEqual({ conversationId: opened.id, messageId: sent.id });
    stream.close();

    expect(ok(await ngoc.get('/api/conversations/unread-count'))).toEqual({ unread: 1 });
    const list = ok(await ngoc.get('/api/conversations'));
    expect(list.items[0]).toMatchObject({ id: opened.id, title: 'Đặng Văn Long', unread: 1, lastMessage: { sender: 'Đặng Văn Long' } });
    expect((ok(await messagesOf('cv.cntt', opened.id)) as MessagePage).items[0]!.seenBy).toEqual([]);

    expect(ok(await ngoc.post(`/api/conversations/${opened.id}/read`, { seq: sent.seq }))).toEqual({ unread: 0 });
    const mine = (ok(await messagesOf('cv.cntt', opened.id)) as MessagePage).items[0]!;
    expect(mine.seenBy).toEqual(['Bùi Thị Ngọc']);
    // Nobody leaves a direct conversation.
    expect((await ngoc.post(`/api/conversations/${opened.id}/leave`)).statusCode).toBe(409);
  });

  it('messages never cross agencies: another agency is refused as a member and sees nothing', async () => {
    const refused = await (await t.as('cv.cntt')).post('/api/conversations', { kind: 'direct', userId: id('vanthu.snv') });
    expect([refused.statusCode, refused.json().error.fields[0].field]).toEqual([400, 'userId']);
    const badGroup = await (await t.as('cv.cntt')).post('/api/conversations', { kind: 'group', name: 'Liên sở', memberIds: [id('cv.cntt2'), id('giamdoc.snv')] });
    expect([badGroup.statusCode, badGroup.json().error.fields[0].field]).toEqual([400, 'memberIds.1']);

    const g = await group('tp.cntt', 'Phòng CNTT', ['cv.cntt', 'cv.cntt2']);
    await send('tp.cntt', g.id, { text: 'Nội bộ phòng' });
    const other = await t.as('vanthu.snv');
    expect(ok(await other.get('/api/conversations')).items).toEqual([]);
    for (const url of [`/api/conversations/${g.id}`, `/api/conversations/${g.id}/messages`]) expect((await other.get(url)).statusCode).toBe(404);
    expect((await other.post(`/api/conversations/${g.id}/messages`, { text: 'xin chào' })).statusCode).toBe(404);
    expect(ok(await other.get('/api/conversations/search?q=noi%20bo')).items).toEqual([]);
  });

  it('a non-member cannot read, receive live or download; leaving a group ends access to its new messages', async () => {
    const g = await group('tp.cntt', 'Triển khai chữ ký số', ['cv.cntt', 'pp.cntt']);
    const file = ok(await (await t.as('cv.cntt')).upload(`/api/conversations/${g.id}/files`, { text: 'Kế hoạch triển khai' }, [{ name: 'ke-hoach.pdf', content: pdf, type: 'application/pdf' }]), 201) as MessageView;
    expect(file.files).toMatchObject([{ fileName: 'ke-hoach.pdf', mimeType: 'application/pdf' }]);
    const url = `/api/conversations/${g.id}/files/${file.files[0]!.id}`;
    const download = await (await t.as('pp.cntt')).get(url);
    expect(download.statusCode).toBe(200);
    // Never shown inline: a download, whatever the type.
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');

    const outsider = await t.as('cv.khtc');
    expect((await outsider.get(url)).statusCode).toBe(404);
    expect((await outsider.get(`/api/conversations/${g.id}/messages`)).statusCode).toBe(404);
    const outsiderStream = await openStream(port, outsider.cookie);

    // Thu leaves; her stream gets nothing of what follows, the API answers 404.
    const thu = await t.as('pp.cntt');
    const thuStream = await openStream(port, thu.cookie);
    expect((await thu.post(`/api/conversations/${g.id}/leave`)).statusCode).toBe(204);
    const after = await send('tp.cntt', g.id, { text: 'Tin nhắn sau khi chị Thu rời nhóm' });
    const long = await openStream(port, (await t.as('cv.cntt')).cookie);
    const another = await send('tp.cntt', g.id, { text: 'Tin thứ hai' });
    await long.next((e) => e.event === 'message' && e.data.messageId === another.id);
    for (const stream of [thuStream, outsiderStream]) {
      expect(stream.events.filter((e) => e.event === 'message' && (e.data.messageId === after.id || e.data.messageId === another.id))).toEqual([]);
      stream.close();
    }
    long.close();
    expect((await messagesOf('pp.cntt', g.id)).statusCode).toBe(404);
    expect((await thu.get(url)).statusCode).toBe(404);
    expect((await thu.post(`/api/conversations/${g.id}/messages`, { text: 'vẫn gửi được?' })).statusCode).toBe(404);
    expect(ok(await thu.get('/api/conversations')).items.map((c: { id: string }) => c.id)).not.toContain(g.id);

    // Removal by the creator works the same way; only the creator removes.
    expect((await (await t.as('cv.cntt')).delete(`/api/conversations/${g.id}/members/${id('tp.cntt')}`)).json().error.code).toBe('CONVERSATION_CREATOR_ONLY');
    const removed = ok(await (await t.as('tp.cntt')).delete(`/api/conversations/${g.id}/members/${id('cv.cntt')}`)) as ConversationDetail;
    expect(removed.members.map((m) => m.fullName)).toEqual(['Lê Minh Tuấn']);
    expect((await messagesOf('cv.cntt', g.id)).statusCode).toBe(404);
    // Added back: the conversation is open to them again.
    ok(await (await t.as('tp.cntt')).post(`/api/conversations/${g.id}/members`, { userIds: [id('cv.cntt')] }));
    expect((ok(await messagesOf('cv.cntt', g.id)) as MessagePage).items.length).toBe(3);
  });

  it('files sent in a conversation pass the limits and type checks of document attachments', async () => {
    const g = await group('cv.bcvt', 'Tệp thử', ['tp.bcvt']);
    const bcvt = await t.as('cv.bcvt');
    const exe = await bcvt.upload(`/api/conversations/${g.id}/files`, {}, [{ name: 'setup.exe', content: Buffer.from('MZ\x90\x00\x03\x00\x00\x00 not a document'), type: 'application/octet-stream' }]);
    expect([exe.statusCode, exe.json().error.code]).toEqual([400, 'FILE_TYPE_NOT_ALLOWED']);
    const big = await bcvt.upload(`/api/conversations/${g.id}/files`, {}, [{ name: 'lon.pdf', content: Buffer.concat([Buffer.from(pdf), Buffer.alloc(2 * 1024 * 1024 + 10)]), type: 'application/pdf' }]);
    expect([big.statusCode, big.json().error.code]).toEqual([400, 'FILE_TOO_LARGE']);
    const none = await bcvt.upload(`/api/conversations/${g.id}/files`, { text: 'không tệp' }, []);
    expect(none.statusCode).toBe(400);
    // A non-member's upload is refused and stores nothing visible.
    const stranger = await (await t.as('cv.khtc')).upload(`/api/conversations/${g.id}/files`, {}, [{ name: 'a.pdf', content: pdf, type: 'application/pdf' }]);
    expect(stranger.statusCode).toBe(404);
  });

  it('a shared document shows its reference only to members who may open it; the sender must be able to open it', async () => {
    const clerk = await t.as('vanthu');
    const metadata = {
      issuer: 'UBND tỉnh Điện Biên', number: '901', notation: 'UBND-VX', issuedOn: '2026-11-20', documentType: 'official_letter',
      summary: 'V/v tổ chức hội nghị chuyển đổi số', signer: 'Lò Văn Tiến', urgency: 'normal', pageCount: 1,
    };
    const registered = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'vb.pdf', content: pdf, type: 'application/pdf' }]);
    const documentId = ok(registered, 201).id as string;
    const g = await group('vanthu', 'Văn phòng và CNTT', ['giamdoc', 'cv.cntt']);
    const shared = await send('vanthu', g.id, { text: 'Văn bản mới đến', link: { kind: 'document', id: documentId } });
    expect(shared.link).toMatchObject({ kind: 'document', visible: true, reference: '901/UBND-VX', title: 'V/v tổ chức hội nghị chuyển đổi số' });

    const seen = async (username: string) => (ok(await messagesOf(username, g.id)) as MessagePage).items.find((m) => m.id === shared.id)!.link;
    expect(await seen('giamdoc')).toMatchObject({ visible: true, reference: '901/UBND-VX' });
    // The specialist is not assigned the document: the link says nothing of it, and the document stays closed.
    expect(await seen('cv.cntt')).toEqual({ kind: 'document', id: documentId, visible: false, title: null, reference: null, direction: null });
    expect((await (await t.as('cv.cntt')).get(`/api/incoming-documents/${documentId}`)).statusCode).toBe(404);
    // Nor can the specialist share it (or guess an id of it).
    const refused = await (await t.as('cv.cntt')).post(`/api/conversations/${g.id}/messages`, { link: { kind: 'document', id: documentId } });
    expect([refused.statusCode, refused.json().error.fields[0].field]).toEqual([400, 'link.id']);
    // A task is linked by its id; its own page checks its reader.
    const task = await send('cv.cntt', g.id, { link: { kind: 'task', id: '00000000-0000-4000-8000-000000000001' } });
    expect(task.link).toMatchObject({ kind: 'task', visible: true });
  });

  it('search finds words with or without diacritics, only in my conversations', async () => {
    const g = await group('tp.khtc', 'Kế hoạch tài chính', ['cv.khtc']);
    await send('tp.khtc', g.id, { text: 'Đề nghị hoàn thiện báo cáo quyết toán trước thứ Sáu' });
    await send('cv.khtc', g.id, { text: 'Em đã gửi bản dự thảo' });
    const khtc = await t.as('cv.khtc');
    for (const q of ['quyet toan', 'quyết toán', 'QUYẾT', 'bao cao quyet']) {
      const hits = ok(await khtc.get(`/api/conversations/search?q=${encodeURIComponent(q)}`)).items;
      expect(hits.map((h: { text: string }) => h.text), q).toEqual(['Đề nghị hoàn thiện báo cáo quyết toán trước thứ Sáu']);
      expect(hits[0].conversationTitle).toBe('Kế hoạch tài chính');
    }
    expect(ok(await (await t.as('cv.bcvt')).get('/api/conversations/search?q=quyet%20toan')).items).toEqual([]);
  });

  it('bad input is refused in the documented shape', async () => {
    const g = await group('cv.cntt2', 'Kiểm tra dữ liệu', ['cv.cntt']);
    const me = await t.as('cv.cntt2');
    const cases: [object, string][] = [
      [{ text: 'a\u0000b' }, 'text'],
      [{ text: 'lỗi \ud800 ký tự' }, 'text'],
      [{ text: 'x'.repeat(4001) }, 'text'],
      [{ text: '   ' }, 'text'],
      [{ text: 'ok', extra: 1 }, 'body'],
      [{ link: { kind: 'meeting', id: g.id } }, 'link.kind'],
    ];
    for (const [body, field] of cases) {
      const response = await me.post(`/api/conversations/${g.id}/messages`, body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION');
      expect(response.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect((await me.post('/api/conversations', { kind: 'group', name: '', memberIds: [] })).statusCode).toBe(400);
    expect((await me.get('/api/conversations/not-a-uuid/messages')).statusCode).toBe(400);
    expect((await me.post(`/api/conversations/${g.id}/read`, { seq: -1 })).statusCode).toBe(400);
    expect((await t.anonymous().get('/api/conversations')).statusCode).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';
import { approveThroughChain } from '../../test-support/outgoing-flow.js';

let t: TestApp;
let pdf: Uint8Array;
let serial = 0;

const person = (username: string) => t.people.get(username)!;
const snv = () => person('vanthu.snv').agencyId;

function expectStatus(response: { statusCode: number; body: string }, status: number) {
  expect(response.statusCode, response.body).toBe(status);
}

/** A PDF draft of a CNTT specialist addressed to Sở Nội vụ, approved through its chain. */
async function approvedFor(overrides: Record<string, unknown> = {}): Promise<string> {
  serial += 1;
  const metadata = { documentType: 'official_letter', summary: `V/v phối hợp chuyển đổi số, lần ${serial}`, recipients: [{ kind: 'agency', agencyId: snv() }], ...overrides };
  const created = await (await t.as('cv.cntt')).upload('/api/outgoing-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'cong-van.pdf', content: Buffer.from(pdf), type: 'application/pdf' }]);
  expectStatus(created, 201);
  return approveThroughChain(t, created.json().id);
}

async function issued(overrides: Record<string, unknown> = {}): Promise<string> {
  const id = await approvedFor(overrides);
  expectStatus(await (await t.as('vanthu')).post(`/api/outgoing-documents/${id}/issue`, {}), 200);
  return id;
}

/** The receiving queue's item for a sent document. */
async function itemFor(documentId: string, clerk: Client): Promise<string> {
  const sent = (await (await t.as('vanthu')).get(`/api/exchange/sent/${documentId}`)).json();
  const deliveryId = sent.receivers[0].deliveryId as string;
  expectStatus(await clerk.get(`/api/exchange/received/${deliveryId}`), 200);
  return deliveryId;
}

const receivers = async (documentId: string) => (await (await t.as('vanthu')).get(`/api/exchange/sent/${documentId}`)).json().receivers;

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-01-05T03:00:00Z'));
  pdf = await samplePdfBytes();
});
afterAll(async () => t?.close());

describe('delivery at issuance', () => {
  it('an issued document reaches the other agency\'s queue at once with the sender\'s own files, and nobody else sees it', async () => {
    const clerk = await t.as('vanthu.snv');
    const id = await approvedFor();
    const before = (await clerk.get('/api/exchange/received')).json().total;
    expectStatus(await (await t.as('vanthu')).post(`/api/outgoing-documents/${id}/issue`, {}), 200);

    const queue = (await clerk.get('/api/exchange/received')).json();
    expect(queue.total).toBe(before + 1);
    const deliveryId = queue.items[0].id;
    const item = (await clerk.get(`/api/exchange/received/${deliveryId}`)).json();
    expect(item).toMatchObject({ senderAgency: expect.stringContaining('Thông tin và Truyền thông'), state: 'arrived', business: 'new', actions: ['accept', 'reject'], documentType: 'official_letter' });
    expect(item.reference).toMatch(/^\d+\/STTTT/);
    // The same stored bytes as the sender's version: content-addressed, never copied.
    const main = item.files.find((f: { id: string }) => f.id === 'main');
    const sentVersion = await t.database.db.selectFrom('document_versions').select('file_hash').where('document_id', '=', id).executeTakeFirstOrThrow();
    expect(main.sha256).toBe(sentVersion.file_hash);
    const file = await clerk.get(`/api/exchange/received/${deliveryId}/files/main`);
    expect(Buffer.compare(file.rawPayload, Buffer.from(pdf))).toBe(0);
    expect((await clerk.get(`/api/exchange/received/${deliveryId}/files/main/verification`)).json()).toHaveProperty('signatures');

    expect(await receivers(id)).toMatchObject([{ agencyId: snv(), state: 'arrived', code: '01', history: [{ code: '01' }] }]);
    // Another agency's officials (here the sender's clerk) learn nothing; the receiver's leader may not answer.
    expectStatus(await (await t.as('vanthu')).get(`/api/exchange/received/${deliveryId}`), 404);
    expectStatus(await (await t.as('vanthu')).post(`/api/exchange/received/${deliveryId}/accept`, {}), 404);
    expectStatus(await (await t.as('giamdoc.snv')).post(`/api/exchange/received/${deliveryId}/accept`, {}), 403);
    expectStatus(await (await t.as('giamdoc.snv')).get('/api/exchange/received'), 403);
    expectStatus(await (await t.as('giamdoc.snv')).get(`/api/exchange/sent/${id}`), 404);
    // The receiver cannot reach the sender's document, let alone change its files.
    expectStatus(await clerk.get(`/api/outgoing-documents/${id}`), 404);
    expectStatus(await clerk.upload(`/api/outgoing-documents/${id}/versions`, {}, [{ name: 'x.pdf', content: Buffer.from(pdf), type: 'application/pdf' }]), 404);
  });

  it('a secret document never leaves through the exchange, whatever is tried', async () => {
    const drafter = await t.as('cv.cntt');
    const refused = await drafter.upload('/api/outgoing-documents', { metadata: JSON.stringify({ documentType: 'report', summary: 'Báo cáo mật', secrecy: 'confidential', recipients: [{ kind: 'agency', agencyId: snv() }] }) }, [{ name: 'bc.pdf', content: Buffer.from(pdf), type: 'application/pdf' }]);
    expectStatus(refused, 400);
    expect(refused.json().error.code).toBe('SECRET_NOT_EXCHANGED');

    const id = await approvedFor({ documentType: 'report', summary: 'Báo cáo tình hình' });
    // Made secret after drafting (as an old record could be): its agency recipient stays on paper only.
    await t.database.db.updateTable('documents').set({ secrecy: 'secret' }).where('id', '=', id).execute();
    const queued = (await (await t.as('vanthu.snv')).get('/api/exchange/received?box=all')).json().total;
    expectStatus(await (await t.as('vanthu')).post(`/api/outgoing-documents/${id}/issue`, {}), 200);
    expect((await (await t.as('vanthu.snv')).get('/api/exchange/received?box=all')).json().total).toBe(queued);
    expect(await receivers(id)).toMatchObject([{ state: 'not_sent', deliveryId: null }]);
    expectStatus(await (await t.as('vanthu')).post(`/api/exchange/sent/${id}/recall`, { reason: 'Thu hồi' }), 409);
  });

  it('a drafter cannot make a draft addressed to another agency secret', async () => {
    const drafter = await t.as('cv.cntt');
    const created = await drafter.upload('/api/outgoing-documents', { metadata: JSON.stringify({ documentType: 'report', summary: 'Báo cáo', recipients: [{ kind: 'agency', agencyId: snv() }] }) }, [{ name: 'bc.pdf', content: Buffer.from(pdf), type: 'application/pdf' }]);
    expectStatus(created, 201);
    const edited = await drafter.patch(`/api/outgoing-documents/${created.json().id}`, { secrecy: 'top_secret' });
    expectStatus(edited, 400);
    expect(edited.json().error.code).toBe('SECRET_NOT_EXCHANGED');
  });
});

describe('receiving', () => {
  it('the clerk accepts: registered with its own arrival number and the sender\'s metadata, and the sender follows its workflow to completion', async () => {
    const clerk = await t.as('vanthu.snv');
    const id = await issued();
    const deliveryId = await itemFor(id, clerk);
    const accepted = await clerk.post(`/api/exchange/received/${deliveryId}/accept`, { submitTo: person('giamdoc.snv').id, dueDate: '2026-01-20' });
    expectStatus(accepted, 201);
    const { incomingDocumentId, arrivalNumber } = accepted.json();
    const incoming = (await clerk.get(`/api/incoming-documents/${incomingDocumentId}`)).json();
    const sent = await t.database.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(incoming).toMatchObject({ arrivalNumber, issuer: sent.issuer, number: sent.number, notation: sent.notation, summary: sent.summary, status: 'submitted', dueDate: '2026-01-20' });
    expect(incoming.receivedThrough).toMatchObject({ deliveryId, senderAgency: expect.stringContaining('Thông tin và Truyền thông'), recall: null });
    const row = await t.database.db.selectFrom('documents').select(['sent_document_id', 'agency_id']).where('id', '=', incomingDocumentId).executeTakeFirstOrThrow();
    expect(row).toEqual({ sent_document_id: id, agency_id: snv() });
    expect(await receivers(id)).toMatchObject([{ state: 'registered', code: '03', arrivalNumber }]);
    // The sender's signed files stay the sender's.
    const addFiles = await clerk.upload(`/api/incoming-documents/${incomingDocumentId}/attachments`, {}, [{ name: 'them.pdf', content: Buffer.from(pdf), type: 'application/pdf' }]);
    expect(addFiles.json().error.code).toBe('EXCHANGED_FILES_ARE_SENDERS');
    expectStatus(await clerk.post(`/api/exchange/received/${deliveryId}/accept`, {}), 409);

    const director = await t.as('giamdoc.snv');
    expectStatus(await director.post(`/api/incoming-documents/${incomingDocumentId}/assign`, { direction: 'Văn thư theo dõi', assignments: [{ role: 'lead', userId: person('vanthu.snv').id }] }), 200);
    expect(await receivers(id)).toMatchObject([{ state: 'assigned', code: '04' }]);
    const assignment = (await clerk.get(`/api/incoming-documents/${incomingDocumentId}`)).json().assignments[0];
    expectStatus(await clerk.post(`/api/assignments/${assignment.id}/notes`, { note: 'Đang thực hiện' }), 200);
    expect(await receivers(id)).toMatchObject([{ state: 'in_progress', code: '05' }]);
    expectStatus(await clerk.post(`/api/assignments/${assignment.id}/complete`, { result: 'Đã phối hợp' }), 200);
    const confirm = (await director.get(`/api/incoming-documents/${incomingDocumentId}`)).json().assignments[0];
    if (confirm.status === 'awaiting_confirmation') expectStatus(await director.post(`/api/assignments/${confirm.id}/confirm`, {}), 200);
    const [done] = await receivers(id);
    expect(done).toMatchObject({ state: 'completed', code: '06' });
    expect(done.history.map((h: { code: string }) => h.code)).toEqual(['01', '03', '04', '05', '06']);
  });

  it('two accepts of one item at once: one registration, the other a clear 409', async () => {
    const clerk = await t.as('vanthu.snv');
    const id = await issued();
    const deliveryId = await itemFor(id, clerk);
    const answers = await Promise.all([clerk.post(`/api/exchange/received/${deliveryId}/accept`, {}), clerk.post(`/api/exchange/received/${deliveryId}/accept`, {})]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.statusCode === 409)!.json().error.code).toBe('DELIVERY_ALREADY_ANSWERED');
    const registered = await t.database.db.selectFrom('documents').select('id').where('sent_document_id', '=', id).execute();
    expect(registered).toHaveLength(1);
  });

  it('the clerk rejects with a reason the sender sees at once; hostile reasons are refused', async () => {
    const clerk = await t.as('vanthu.snv');
    const id = await issued();
    const deliveryId = await itemFor(id, clerk);
    expectStatus(await clerk.post(`/api/exchange/received/${deliveryId}/reject`, { reason: 'other' }), 400);
    expectStatus(await clerk.post(`/api/exchange/received/${deliveryId}/reject`, { reason: 'other', note: 'a\u0000b' }), 400);
    expectStatus(await clerk.post(`/api/exchange/received/${deliveryId}/reject`, { reason: 'other', note: 'x'.repeat(5000) }), 400);
    expectStatus(await clerk.post(`/api/exchange/received/${deliveryId}/reject`, { reason: 'because' }), 400);
    expectStatus(await (await t.as('giamdoc.snv')).post(`/api/exchange/received/${deliveryId}/reject`, { reason: 'misaddressed' }), 403);
    expectStatus(await clerk.post(`/api/exchange/received/${deliveryId}/reject`, { reason: 'other', note: 'Không thuộc thẩm quyền của Sở' }), 200);
    expect(await receivers(id)).toMatchObject([{ state: 'rejected', code: '02', rejectReason: 'other', rejectNote: 'Không thuộc thẩm quyền của Sở' }]);
    expectStatus(await clerk.post(`/api/exchange/received/${deliveryId}/accept`, {}), 409);
    expect((await clerk.get('/api/exchange/received')).json().items.map((i: { id: string }) => i.id)).not.toContain(deliveryId);
  });
});

describe('recall and replacement', () => {
  it('the sender recalls; the receiver agrees and its document is withdrawn and frozen, its history kept', async () => {
    const clerk = await t.as('vanthu.snv');
    const id = await issued();
    const deliveryId = await itemFor(id, clerk);
    const { incomingDocumentId } = (await clerk.post(`/api/exchange/received/${deliveryId}/accept`, {})).json();

    expectStatus(await (await t.as('cv.cntt')).post(`/api/exchange/sent/${id}/recall`, { reason: 'Sai nội dung' }), 403);
    expectStatus(await (await t.as('vanthu')).post(`/api/exchange/sent/${id}/recall`, { reason: 'Sai nội dung' }), 200);
    expect(await receivers(id)).toMatchObject([{ state: 'registered', recall: 'requested', recallReason: 'Sai nội dung' }]);
    expectStatus(await (await t.as('vanthu')).post(`/api/exchange/sent/${id}/recall`, { reason: 'Lần nữa' }), 409);
    expect((await clerk.get(`/api/exchange/received/${deliveryId}`)).json().actions).toEqual(['answer_recall']);
    expectStatus(await (await t.as('giamdoc.snv')).post(`/api/exchange/received/${deliveryId}/recall-answer`, { agree: true }), 403);
    expectStatus(await clerk.post(`/api/exchange/received/${deliveryId}/recall-answer`, { agree: true }), 200);

    const [answered] = await receivers(id);
    expect(answered).toMatchObject({ recall: 'agreed' });
    expect(answered.history.map((h: { code: string }) => h.code)).toEqual(['01', '03', '13', '15']);
    const incoming = (await clerk.get(`/api/incoming-documents/${incomingDocumentId}`)).json();
    expect(incoming.status).toBe('recalled');
    expect(incoming.actions).toEqual([]);
    expect(incoming.events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['registered', 'recall_agreed']));
    const submitted = await clerk.post(`/api/incoming-documents/${incomingDocumentId}/submit`, { leaderId: person('giamdoc.snv').id });
    expectStatus(submitted, 409);
    expect(submitted.json().error.code).toBe('DOCUMENT_RECALLED');
  });

  it('a receiver refuses a recall with a reason, and a replacement travels the same way with its link', async () => {
    const clerk = await t.as('vanthu.snv');
    const id = await issued();
    const deliveryId = await itemFor(id, clerk);
    expectStatus(await (await t.as('giamdoc')).post(`/api/exchange/sent/${id}/recall`, { reason: 'Thay bằng văn bản khác' }), 200);
    expectStatus(await clerk.post(`/api/exchange/received/${deliveryId}/accept`, {}), 409);
    expectStatus(await clerk.post(`/api/exchange/received/${deliveryId}/recall-answer`, { agree: false }), 400);
    expectStatus(await clerk.post(`/api/exchange/received/${deliveryId}/recall-answer`, { agree: false, note: 'Đã triển khai thực hiện' }), 200);
    expect(await receivers(id)).toMatchObject([{ state: 'arrived', recall: 'refused', recallNote: 'Đã triển khai thực hiện' }]);

    const replacement = await issued({ replacesId: id, summary: 'V/v phối hợp chuyển đổi số (thay thế)' });
    const replacementItem = (await clerk.get(`/api/exchange/received/${await itemFor(replacement, clerk)}`)).json();
    expect(replacementItem).toMatchObject({ business: 'replacement', replaces: { id, incomingDocumentId: null } });
    const sender = (await (await t.as('vanthu')).get(`/api/exchange/sent/${id}`)).json();
    expect(sender.replacedBy.map((r: { id: string }) => r.id)).toEqual([replacement]);
  });

  it('"Theo dõi văn bản đã gửi" lists what the agency sent with its receivers\' progress, and nothing of another agency', async () => {
    const list = (await (await t.as('vanthu')).get('/api/exchange/sent?pageSize=50')).json();
    expect(list.total).toBeGreaterThanOrEqual(5);
    expect(list.items.some((i: { counts: Record<string, number> }) => i.counts.completed === 1)).toBe(true);
    expect(list.items.some((i: { counts: Record<string, number> }) => i.counts.rejected === 1)).toBe(true);
    expect((await (await t.as('vanthu.snv')).get('/api/exchange/sent')).json().total).toBe(0);
    expect((await (await t.as('cv.khtc')).get('/api/exchange/sent')).json().total).toBe(0);
  });
});

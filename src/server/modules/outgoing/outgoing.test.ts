import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { type Client, createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';
import { approveThroughChain } from '../../test-support/outgoing-flow.js';
import { makeDocx } from '../../test-support/zip-fixture.js';
import { verifyDocumentChain } from '../events/events.repository.js';

let t: TestApp;
let pdf: Uint8Array;
let serial = 0;
const docx = makeDocx(Buffer.from('<w:document><w:body><w:p><w:r><w:t>Kính gửi: Sở Nội vụ</w:t></w:r></w:p></w:body></w:document>'));

const id = (username: string) => t.people.get(username)!.id;
const unitOf = (username: string) => t.people.get(username)!.unitId!;

function draft(overrides: Record<string, unknown> = {}) {
  serial += 1;
  return {
    documentType: 'official_letter',
    summary: `V/v báo cáo chuyển đổi số quý IV, lần ${serial}`,
    urgency: 'urgent',
    recipients: [{ kind: 'unit', unitId: unitOf('tp.khtc'), purpose: 'handle', dueDate: '2026-01-20' }, { kind: 'external', name: 'UBND các huyện, thị xã, thành phố' }],
    ...overrides,
  };
}

async function createDraft(as: Client, overrides: Record<string, unknown> = {}, files = [{ name: 'du-thao.docx', content: docx }]) {
  return as.upload('/api/outgoing-documents', { metadata: JSON.stringify(draft(overrides)) }, files);
}

async function created(as: Client, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await createDraft(as, overrides);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

async function ok(response: { statusCode: number; body: string }, status = 200) {
  expect(response.statusCode, response.body).toBe(status);
}

/** A draft of a CNTT specialist taken through its whole chain, each holder approving in turn. */
async function approved(overrides: Record<string, unknown> = {}): Promise<string> {
  const drafter = await t.as('cv.cntt');
  const docId = await created(drafter, overrides);
  return approveThroughChain(t, docId);
}

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-01-05T03:00:00Z'));
  pdf = await samplePdfBytes();
});
afterAll(async () => t?.close());

describe('drafting an outgoing document', () => {
  it('a specialist drafts a công văn with its DOCX: it is hers to revise and submit, and no other agency ever sees it', async () => {
    const drafter = await t.as('cv.cntt');
    const response = await createDraft(drafter, {}, [{ name: 'du-thao.docx', content: docx }, { name: 'phu-luc.pdf', content: Buffer.from(pdf) }]);
    await ok(response, 201);
    const doc = response.json();
    expect(doc).toMatchObject({ status: 'draft', documentType: 'official_letter', drafter: { id: id('cv.cntt') }, draftingUnit: { id: unitOf('cv.cntt') }, actions: ['edit', 'add_version', 'submit'] });
    expect(doc.versions).toEqual([expect.objectContaining({ version: 1, fileName: 'du-thao.docx' })]);
    expect(doc.attachments).toEqual([expect.objectContaining({ fileName: 'phu-luc.pdf' })]);
    expect(doc.recipients.map((r: { name: string }) => r.name)).toEqual(['Phòng Kế hoạch - Tài chính', 'UBND các huyện, thị xã, thành phố']);

    expect((await drafter.get('/api/outgoing-documents?box=mine')).json().items.map((d: { id: string }) => d.id)).toContain(doc.id);
    expect((await (await t.as('tp.cntt')).get(`/api/outgoing-documents/${doc.id}`)).statusCode).toBe(200); // head of the drafting unit
    expect((await (await t.as('giamdoc')).get(`/api/outgoing-documents/${doc.id}`)).json().actions).toEqual([]); // leaders see, nothing to do yet
    expect((await (await t.as('tp.khtc')).get(`/api/outgoing-documents/${doc.id}`)).statusCode).toBe(404); // a recipient before issuance
    expect((await (await t.as('vanthu')).get(`/api/outgoing-documents/${doc.id}`)).statusCode).toBe(404); // the clerk before approval
    for (const stranger of ['giamdoc.snv', 'vanthu.snv']) {
      const other = await t.as(stranger);
      expect((await other.get(`/api/outgoing-documents/${doc.id}`)).statusCode).toBe(404);
      expect((await other.get(`/api/outgoing-documents/${doc.id}/versions/1`)).statusCode).toBe(404);
      expect((await other.post(`/api/outgoing-documents/${doc.id}/submit`, {})).statusCode).toBe(404);
    }
    expect((await drafter.get(`/api/outgoing-documents/${doc.id}/versions/1`)).statusCode).toBe(200);
    // The incoming register is not where drafts appear.
    expect((await (await t.as('vanthu')).get(`/api/incoming-documents/${doc.id}`)).statusCode).toBe(404);
  });

  it('refuses, field by field, a công văn without "V/v", a main file that is not DOCX or PDF, and a draft without a file', async () => {
    const drafter = await t.as('cv.cntt');
    const noVv = await createDraft(drafter, { summary: 'Báo cáo chuyển đổi số' });
    expect(noVv.statusCode).toBe(400);
    expect(noVv.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['summary']);
    expect(noVv.json().error.fields[0].message.vi).toContain('Trích yếu');

    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const image = await createDraft(drafter, {}, [{ name: 'anh.png', content: png }]);
    expect(image.statusCode).toBe(400);
    expect(image.json().error.code).toBe('MAIN_FILE_TYPE');
    const none = await createDraft(drafter, {}, []);
    expect(none.statusCode).toBe(400);
    expect(none.json().error.fields[0].field).toBe('files');
    const strangerUnit = await createDraft(drafter, { recipients: [{ kind: 'unit', unitId: t.people.get('vanthu.snv')!.unitId }] });
    expect(strangerUnit.statusCode).toBe(400);
    expect(strangerUnit.json().error.fields[0].field).toBe('recipients.0');
    expect((await createDraft(drafter, { signerId: id('cv.cntt2') })).statusCode).toBe(400); // a specialist does not sign
  });
});

describe('correcting a saved draft', () => {
  it('the drafter corrects the details and recipients and takes an attachment off; the history keeps the old values; nobody else may, and not once submitted', async () => {
    const drafter = await t.as('cv.cntt');
    const response = await createDraft(drafter, {}, [{ name: 'du-thao.docx', content: docx }, { name: 'phu-luc.pdf', content: Buffer.from(pdf) }, { name: 'nham.pdf', content: Buffer.from(pdf) }]);
    await ok(response, 201);
    const doc = response.json();
    const wrong = doc.attachments.find((a: { fileName: string }) => a.fileName === 'nham.pdf');

    // Anyone who sees the draft opens its attachments; the access log names the file.
    const opened = await (await t.as('tp.cntt')).get(`/api/outgoing-documents/${doc.id}/attachments/${wrong.id}`);
    expect(opened.statusCode).toBe(200);
    expect(opened.headers['content-type']).toContain('application/pdf');
    expect((await (await t.as('vanthu.snv')).get(`/api/outgoing-documents/${doc.id}/attachments/${wrong.id}`)).statusCode).toBe(404);

    // Only the drafter corrects; a công văn keeps its "V/v"; another agency's unit is not a recipient.
    expect((await (await t.as('tp.cntt')).patch(`/api/outgoing-documents/${doc.id}`, { urgency: 'normal' })).statusCode).toBe(403);
    expect((await drafter.patch(`/api/outgoing-documents/${doc.id}`, { summary: 'Báo cáo quý IV' })).json().error.fields[0].field).toBe('summary');
    expect((await drafter.patch(`/api/outgoing-documents/${doc.id}`, { recipients: [{ kind: 'unit', unitId: t.people.get('vanthu.snv')!.unitId }] })).json().error.fields[0].field).toBe('recipients.0');
    expect((await drafter.patch(`/api/outgoing-documents/${doc.id}`, { signerId: id('cv.cntt2') })).json().error.fields[0].field).toBe('signerId');

    const edited = await drafter.patch(`/api/outgoing-documents/${doc.id}`, {
      summary: 'V/v báo cáo chuyển đổi số quý IV năm 2025 (sửa)', urgency: 'very_urgent', signerId: id('giamdoc'),
      recipients: [{ kind: 'unit', unitId: unitOf('tp.bcvt'), purpose: 'handle', dueDate: '2026-01-25' }],
    });
    await ok(edited);
    expect(edited.json()).toMatchObject({ summary: 'V/v báo cáo chuyển đổi số quý IV năm 2025 (sửa)', urgency: 'very_urgent', signer: { id: id('giamdoc') }, actions: ['edit', 'add_version', 'submit'] });
    expect(edited.json().recipients).toEqual([expect.objectContaining({ kind: 'unit', id: unitOf('tp.bcvt'), purpose: 'handle', dueDate: '2026-01-25' })]);

    expect((await (await t.as('tp.cntt')).delete(`/api/outgoing-documents/${doc.id}/attachments/${wrong.id}`)).statusCode).toBe(403);
    const removed = await drafter.delete(`/api/outgoing-documents/${doc.id}/attachments/${wrong.id}`);
    await ok(removed);
    expect(removed.json().attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['phu-luc.pdf']);
    expect((await drafter.get(`/api/outgoing-documents/${doc.id}/attachments/${wrong.id}`)).statusCode).toBe(404);
    expect((await drafter.delete(`/api/outgoing-documents/${doc.id}/attachments/${wrong.id}`)).statusCode).toBe(404);

    const history = removed.json().events.filter((e: { action: string }) => ['draft_edited', 'attachment_removed'].includes(e.action));
    expect(history[0].payload.changes.summary.from).toBe(doc.summary);
    expect(history[1].payload).toEqual({ file: 'nham.pdf' });
    expect(await verifyDocumentChain(t.database.db, doc.id)).toBe(true);

    await ok(await drafter.post(`/api/outgoing-documents/${doc.id}/submit`, {}));
    expect((await drafter.patch(`/api/outgoing-documents/${doc.id}`, { urgency: 'normal' })).json().error.code).toBe('DRAFT_LOCKED');
    // "Dự thảo của tôi" says whose review it waits for; "Chờ tôi duyệt" who drafted it.
    const mine = (await drafter.get('/api/outgoing-documents?box=mine&pageSize=100')).json().items.find((d: { id: string }) => d.id === doc.id);
    expect(mine).toMatchObject({ waitingFor: 'Lê Minh Tuấn', drafterName: 'Đặng Văn Long' });
    const review = (await (await t.as('tp.cntt')).get('/api/outgoing-documents?box=review&pageSize=100')).json().items.find((d: { id: string }) => d.id === doc.id);
    expect(review.drafterName).toBe('Đặng Văn Long');
  });
});

describe('addressing other agencies of the deployment', () => {
  it('the drafter picks another agency of the province from the list (never her own); it may only be informed, not asked to handle', async () => {
    const drafter = await t.as('cv.cntt');
    const agencies = (await drafter.get('/api/org/agencies')).json().items as { id: string; name: string }[];
    const own = t.people.get('cv.cntt')!.agencyId;
    const other = t.people.get('vanthu.snv')!.agencyId;
    expect(agencies.map((a) => a.id)).toContain(other);
    expect(agencies.map((a) => a.id)).not.toContain(own);
    const response = await createDraft(drafter, { recipients: [{ kind: 'agency', agencyId: other }] });
    await ok(response, 201);
    expect(response.json().recipients).toEqual([expect.objectContaining({ kind: 'agency', id: other, name: agencies.find((a) => a.id === other)!.name, purpose: 'info' })]);
    const handle = await createDraft(drafter, { recipients: [{ kind: 'agency', agencyId: other, purpose: 'handle' }] });
    expect(handle.json().error.fields[0].field).toBe('recipients.0.purpose');
    expect((await createDraft(drafter, { recipients: [{ kind: 'agency', agencyId: own }] })).json().error.fields[0].field).toBe('recipients.0');
  });
});

/** The text of a DOCX's body (its runs joined), read from word/document.xml. */
async function docxText(bytes: Buffer): Promise<string> {
  const zip = await promisify<Buffer, yauzl.Options, yauzl.ZipFile>(yauzl.fromBuffer)(bytes, { lazyEntries: true });
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName !== 'word/document.xml') return zip.readEntry();
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => resolve([...Buffer.concat(chunks).toString('utf8').matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|')));
      });
    });
    zip.on('end', () => reject(new Error('no word/document.xml')));
    zip.readEntry();
  });
}

describe('the Decree 30 template', () => {
  it('a draft started from the template is a DOCX in the legal layout: quốc hiệu, the agency under its parent, a blank number with its notation, the type and trích yếu, Nơi nhận and the signer', async () => {
    const drafter = await t.as('cv.cntt');
    const decision = await drafter.upload('/api/outgoing-documents', {
      metadata: JSON.stringify(draft({ documentType: 'decision', summary: 'Về việc ban hành Quy chế sử dụng văn phòng điện tử', fromTemplate: true, signerId: id('phogiamdoc'), signingForm: 'KT' })),
    }, []);
    await ok(decision, 201);
    expect(decision.json().versions).toEqual([expect.objectContaining({ version: 1, fileName: 'du-thao.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' })]);
    const file = await drafter.get(`/api/outgoing-documents/${decision.json().id}/versions/1`);
    expect(file.statusCode).toBe(200);
    const text = await docxText(file.rawPayload);
    for (const part of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH ĐIỆN BIÊN', '/QĐ-STTTT', 'QUYẾT ĐỊNH', 'Về việc ban hành Quy chế sử dụng văn phòng điện tử', 'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', 'Lò Thị Mai', 'Nơi nhận:', 'Phòng Kế hoạch - Tài chính', 'Lưu: VT, CNTT.']) {
      expect(text, part).toContain(part);
    }
    const letter = await drafter.upload('/api/outgoing-documents', { metadata: JSON.stringify(draft({ fromTemplate: true })) }, []);
    await ok(letter, 201);
    const letterText = await docxText((await drafter.get(`/api/outgoing-documents/${letter.json().id}/versions/1`)).rawPayload);
    expect(letterText).toContain('/STTTT-CNTT');
    expect(letterText).toContain('V/v báo cáo chuyển đổi số');
    expect(letterText).toContain('Kính gửi: Phòng Kế hoạch - Tài chính');
  });
});

describe('answering an incoming document', () => {
  it('the holder of an incoming document drafts its reply; the incoming page lists the reply with its state, only to those who may see the draft', async () => {
    const clerk = await t.as('vanthu');
    const registered = await clerk.upload('/api/incoming-documents', {
      metadata: JSON.stringify({ issuer: 'UBND tỉnh Điện Biên', number: '77', notation: 'UBND-KGVX', issuedOn: '2026-01-02', documentType: 'official_letter', summary: 'V/v báo cáo chuyển đổi số', submitTo: id('giamdoc') }),
    }, [{ name: 'den.pdf', content: Buffer.from(pdf) }]);
    await ok(registered, 201);
    const incomingId = registered.json().id as string;
    await ok(await (await t.as('giamdoc')).post(`/api/incoming-documents/${incomingId}/assign`, { direction: 'Phòng CNTT tham mưu trả lời.', assignments: [{ role: 'lead', unitId: unitOf('tp.cntt') }] }));

    // Someone the incoming document was not given to cannot answer it.
    const outsider = await createDraft(await t.as('cv.khtc'), { replyToId: incomingId });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().error.fields[0].field).toBe('replyToId');

    const head = await t.as('tp.cntt');
    const replyId = await created(head, { replyToId: incomingId, summary: 'V/v trả lời báo cáo chuyển đổi số' });
    const seenByHead = (await head.get(`/api/incoming-documents/${incomingId}`)).json();
    expect(seenByHead.replies).toEqual([expect.objectContaining({ id: replyId, status: 'draft', reference: null })]);
    expect((await head.get(`/api/outgoing-documents/${replyId}`)).json().replyToId).toBe(incomingId);
    // The clerk sees the incoming document but not a draft that is not approved yet.
    expect((await clerk.get(`/api/incoming-documents/${incomingId}`)).json().replies).toEqual([]);
  });

  it('the menu counts what waits for each: a review for the unit head, open drafts for the drafter, issuance for the clerk', async () => {
    const drafter = await t.as('cv.cntt2');
    const before = (await (await t.as('tp.cntt')).get('/api/outgoing-documents/counts')).json();
    const docId = await created(drafter);
    expect((await drafter.get('/api/outgoing-documents/counts')).json()).toMatchObject({ mine: 1, review: 0, toIssue: 0 });
    await ok(await drafter.post(`/api/outgoing-documents/${docId}/submit`, {}));
    expect((await drafter.get('/api/outgoing-documents/counts')).json().mine).toBe(0);
    expect((await (await t.as('tp.cntt')).get('/api/outgoing-documents/counts')).json().review).toBe(before.review + 1);
  });
});

describe('review and approval', () => {
  it('the unit head returns it with a comment, the drafter revises, it comes back to the unit head, and the director approves it for signing', async () => {
    const drafter = await t.as('cv.cntt');
    const head = await t.as('tp.cntt');
    const director = await t.as('giamdoc');
    const docId = await created(drafter);
    await ok(await drafter.post(`/api/outgoing-documents/${docId}/submit`, { comment: 'Kính trình anh xem xét.' }));

    let doc = (await head.get(`/api/outgoing-documents/${docId}`)).json();
    expect(doc.status).toBe('in_review');
    expect(doc.steps.map((s: { holder: { id: string }; status: string }) => [s.holder.id, s.status])).toEqual([[id('tp.cntt'), 'current'], [id('giamdoc'), 'waiting']]);
    expect(doc.actions).toEqual(['approve', 'return', 'forward']);
    expect((await head.get('/api/outgoing-documents?box=review')).json().items.map((d: { id: string }) => d.id)).toContain(docId);
    // Only the holder of the current step acts; the drafter cannot change what is under review.
    const early = await director.post(`/api/outgoing-documents/${docId}/approve`, {});
    expect(early.statusCode).toBe(403);
    expect(early.json().error.code).toBe('NOT_CURRENT_REVIEWER');
    expect((await drafter.upload(`/api/outgoing-documents/${docId}/versions`, {}, [{ name: 'sua.docx', content: docx }])).json().error.code).toBe('DRAFT_LOCKED');
    expect((await head.post(`/api/outgoing-documents/${docId}/return`, { comment: '' })).statusCode).toBe(400);

    await ok(await head.post(`/api/outgoing-documents/${docId}/return`, { comment: 'Bổ sung số liệu của 5 xã còn thiếu.' }));
    doc = (await drafter.get(`/api/outgoing-documents/${docId}`)).json();
    expect(doc.status).toBe('returned');
    expect(doc.returned).toMatchObject({ by: { id: id('tp.cntt') }, comment: 'Bổ sung số liệu của 5 xã còn thiếu.' });
    expect(doc.versions[0].comments).toEqual([expect.objectContaining({ decision: 'returned', comment: 'Bổ sung số liệu của 5 xã còn thiếu.' })]);
    expect(doc.steps.find((s: { holder: { id: string } }) => s.holder.id === id('giamdoc')).status).toBe('cancelled');

    const revised = await drafter.upload(`/api/outgoing-documents/${docId}/versions`, { note: 'Đã bổ sung số liệu' }, [{ name: 'du-thao-v2.docx', content: makeDocx(Buffer.from('<w:document><w:body><w:p><w:r><w:t>Bản sửa</w:t></w:r></w:p></w:body></w:document>')) }]);
    await ok(revised, 201);
    expect(revised.json().versions.map((v: { version: number; note: string | null }) => [v.version, v.note])).toEqual([[1, null], [2, 'Đã bổ sung số liệu']]);
    await ok(await drafter.post(`/api/outgoing-documents/${docId}/submit`, {}));
    await ok(await head.post(`/api/outgoing-documents/${docId}/approve`, { comment: 'Đồng ý.' }));
    const last = await director.post(`/api/outgoing-documents/${docId}/approve`, {});
    await ok(last);
    expect(last.json()).toEqual({ status: 'approved' });

    doc = (await drafter.get(`/api/outgoing-documents/${docId}`)).json();
    expect(doc).toMatchObject({ status: 'approved', approvedBy: { id: id('giamdoc') }, approvedVersion: 2, actions: ['add_version'] });
    expect(doc.events.map((e: { action: string }) => e.action)).toEqual(['draft_created', 'draft_submitted', 'draft_returned', 'version_added', 'draft_submitted', 'step_approved', 'draft_approved']);
    // A change after approval goes back to the signer alone, who approves again.
    expect((await head.upload(`/api/outgoing-documents/${docId}/versions`, {}, [{ name: 'v3.docx', content: docx }])).json().error.code).toBe('NOT_DRAFTER');
    await ok(await drafter.upload(`/api/outgoing-documents/${docId}/versions`, { note: 'Sửa lỗi chính tả sau khi duyệt' }, [{ name: 'v3.docx', content: docx }]), 201);
    doc = (await drafter.get(`/api/outgoing-documents/${docId}`)).json();
    expect(doc.status).toBe('in_review');
    expect(doc.steps.filter((s: { status: string }) => s.status === 'current').map((s: { holder: { id: string }; kind: string }) => [s.holder.id, s.kind])).toEqual([[id('giamdoc'), 'signer']]);
    expect((await head.post(`/api/outgoing-documents/${docId}/approve`, {})).statusCode).toBe(403);
    await ok(await director.post(`/api/outgoing-documents/${docId}/approve`, {}));
    expect((await drafter.get(`/api/outgoing-documents/${docId}`)).json()).toMatchObject({ status: 'approved', approvedVersion: 3 });
    expect(await verifyDocumentChain(t.database.db, docId)).toBe(true);
  });

  it('a review forwarded to a leader outside the chain is recorded, and the chain goes on after them', async () => {
    const drafter = await t.as('cv.cntt');
    const docId = await created(drafter);
    await ok(await drafter.post(`/api/outgoing-documents/${docId}/submit`, {}));
    const head = await t.as('tp.cntt');
    expect((await head.post(`/api/outgoing-documents/${docId}/forward`, { userId: id('tp.cntt') })).statusCode).toBe(400);
    expect((await head.post(`/api/outgoing-documents/${docId}/forward`, { userId: id('cv.cntt2') })).statusCode).toBe(400);
    await ok(await head.post(`/api/outgoing-documents/${docId}/forward`, { userId: id('phogiamdoc'), comment: 'Xin ý kiến đồng chí Phó Giám đốc phụ trách.' }));
    expect((await head.post(`/api/outgoing-documents/${docId}/approve`, {})).statusCode).toBe(403);
    await ok(await (await t.as('phogiamdoc')).post(`/api/outgoing-documents/${docId}/approve`, {}));
    const doc = (await drafter.get(`/api/outgoing-documents/${docId}`)).json();
    expect(doc.steps.map((s: { holder: { id: string }; status: string; forwarded: boolean }) => [s.holder.id, s.status, s.forwarded])).toEqual([
      [id('tp.cntt'), 'forwarded', false],
      [id('giamdoc'), 'current', false],
      [id('phogiamdoc'), 'approved', true],
    ]);
  });

  it('the admin sets the chain of a document type, and the preview names who will review for a drafter', async () => {
    const admin = await t.as('quantri');
    const saved = await t.app.inject({ method: 'PUT', url: '/api/approval-chains', headers: { cookie: admin.cookie }, payload: { documentType: 'decision', steps: ['unit_head', 'chief_of_office', 'director'] } });
    await ok(saved);
    expect(saved.json().items).toEqual([expect.objectContaining({ documentType: 'decision', steps: ['unit_head', 'chief_of_office', 'director'] })]);
    // Each agency sees its own chains only.
    expect((await (await t.as('giamdoc.snv')).get('/api/approval-chains')).json().items).toEqual([]);
    const notAdmin = await t.app.inject({ method: 'PUT', url: '/api/approval-chains', headers: { cookie: (await t.as('tp.cntt')).cookie }, payload: { documentType: null, steps: ['director'] } });
    expect(notAdmin.statusCode).toBe(403);
    const preview = (await admin.get(`/api/approval-chains/preview?drafterId=${id('cv.cntt')}&documentType=decision`)).json();
    expect(preview.steps.map((s: { holder: { id: string } }) => s.holder.id)).toEqual([id('tp.cntt'), id('chanhvanphong'), id('giamdoc')]);
    // The head of a unit drafting himself is not asked to review his own draft.
    const own = (await admin.get(`/api/approval-chains/preview?drafterId=${id('tp.cntt')}&documentType=decision`)).json();
    expect(own.steps.map((s: { kind: string }) => s.kind)).toEqual(['chief_of_office', 'director']);
    // Drafting for another unit: its head reviews; another agency's unit is ignored.
    const forKhtc = (await admin.get(`/api/approval-chains/preview?drafterId=${id('cv.cntt')}&documentType=decision&unitId=${unitOf('tp.khtc')}`)).json();
    expect(forKhtc.steps[0].holder.id).toBe(id('tp.khtc'));
    const foreign = (await admin.get(`/api/approval-chains/preview?drafterId=${id('cv.cntt')}&documentType=decision&unitId=${t.people.get('vanthu.snv')!.unitId}`)).json();
    expect(foreign.steps[0].holder.id).toBe(id('tp.cntt'));
  });
});

describe('the approval chains the admin configures', () => {
  const putChain = async (documentType: string | null, steps: string[]) => {
    const admin = await t.as('quantri');
    return t.app.inject({ method: 'PUT', url: '/api/approval-chains', headers: { cookie: admin.cookie }, payload: { documentType, steps } });
  };
  const preview = async (query: string) => (await t.as('quantri')).get(`/api/approval-chains/preview?${query}`);
  type Explained = { kind: string; outcome: string; holder: { id: string; fullName: string; position: string; unitName: string | null } | null };

  it('a chain with a repeated step, a signer before the last step or a document type that does not exist is refused, naming the field', async () => {
    const repeated = await putChain('report', ['unit_head', 'director', 'unit_head']);
    expect(repeated.statusCode).toBe(400);
    expect(repeated.json().error.fields).toEqual([expect.objectContaining({ field: 'steps', message: { vi: 'Các bước duyệt: mỗi bước chỉ được chọn một lần', en: 'Steps: each step may appear only once' } })]);
    const signerFirst = await putChain('report', ['signer', 'chief_of_office']);
    expect(signerFirst.json().error.fields[0].message.vi).toBe('Các bước duyệt: bước "Người ký" phải là bước cuối cùng (người ký duyệt bản cuối)');
    const unknownType = await putChain('love_letter', ['director']);
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.json().error.fields[0].field).toBe('documentType');
    expect((await preview(`drafterId=${id('cv.cntt')}&documentType=love_letter`)).statusCode).toBe(400);
    expect((await preview(`drafterId=${id('cv.cntt')}&steps=director,director`)).statusCode).toBe(400);
    const neither = await preview(`drafterId=${id('cv.cntt')}`);
    expect(neither.json().error.fields[0]).toMatchObject({ field: 'querystring.documentType', message: { vi: 'Loại văn bản: cần chọn loại văn bản hoặc danh sách bước để xem trước' } });
    expect((await (await t.as('quantri')).get('/api/approval-chains')).json().items.map((c: { documentType: string }) => c.documentType)).not.toContain('report');
  });

  it('saving an empty list for a type removes its own chain, so the type follows the default again (and an empty default, the built-in one)', async () => {
    const builtIn = (await (await t.as('quantri')).get('/api/approval-chains')).json().builtInSteps;
    expect(builtIn).toEqual(['unit_head', 'signer']);
    await ok(await putChain(null, ['unit_head', 'supervisor', 'signer']));
    const saved = await putChain('report', ['chief_of_office', 'director']);
    expect(saved.json()).toMatchObject({ defaultSteps: ['unit_head', 'supervisor', 'signer'] });
    expect(saved.json().items).toContainEqual(expect.objectContaining({ documentType: 'report', steps: ['chief_of_office', 'director'] }));
    expect((await preview(`drafterId=${id('cv.cntt')}&documentType=report`)).json().source).toBe('type');

    const emptied = await putChain('report', []);
    await ok(emptied);
    expect(emptied.json().items.map((c: { documentType: string }) => c.documentType)).not.toContain('report');
    const followsDefault = (await preview(`drafterId=${id('cv.cntt')}&documentType=report`)).json();
    expect(followsDefault.source).toBe('default');
    expect(followsDefault.steps.map((s: { holder: { id: string } }) => s.holder.id)).toEqual([id('tp.cntt'), id('phogiamdoc'), id('giamdoc')]);

    const reset = await putChain(null, []);
    expect(reset.json()).toMatchObject({ defaultSteps: builtIn });
    expect((await preview(`drafterId=${id('cv.cntt')}&documentType=report`)).json().source).toBe('builtin');
    const events = await t.database.db.selectFrom('events').select('payload').where('action', '=', 'approval_chain_updated').orderBy('id', 'desc').limit(1).execute();
    expect(events[0]!.payload).toMatchObject({ documentType: null, steps: [], previousSteps: ['unit_head', 'supervisor', 'signer'] });
  });

  it('the preview says "no one" for a step nobody holds and why each other step is skipped, instead of failing', async () => {
    const cntt = unitOf('tp.cntt');
    await t.database.db.updateTable('units').set({ supervisor_id: null }).where('id', '=', cntt).execute();
    try {
      const answer = await preview(`drafterId=${id('tp.cntt')}&steps=unit_head,supervisor,chief_of_office,director,signer`);
      await ok(answer);
      expect(answer.json().source).toBeNull();
      expect(answer.json().configured.map((s: Explained) => [s.kind, s.outcome, s.holder?.id ?? null])).toEqual([
        ['unit_head', 'drafter', id('tp.cntt')],
        ['supervisor', 'nobody', null],
        ['chief_of_office', 'reviews', id('chanhvanphong')],
        ['director', 'reviews', id('giamdoc')],
        ['signer', 'repeated', id('giamdoc')],
      ]);
      expect(answer.json().configured[2].holder).toMatchObject({ fullName: 'Đỗ Thị Hương', position: 'chief_of_office', unitName: 'Văn phòng Sở' });
      expect(answer.json().steps.map((s: { kind: string }) => s.kind)).toEqual(['chief_of_office', 'director']);
      // A chain that names nobody at all is previewed too (a submission would be refused with NO_REVIEWERS).
      const nobody = await preview(`drafterId=${id('giamdoc')}&steps=director`);
      expect(nobody.json()).toMatchObject({ configured: [{ kind: 'director', outcome: 'drafter' }], steps: [] });
    } finally {
      await t.database.db.updateTable('units').set({ supervisor_id: id('phogiamdoc') }).where('id', '=', cntt).execute();
    }
  });

  it("the preview never names another agency's official given as the signer", async () => {
    const answer = (await preview(`drafterId=${id('cv.cntt')}&documentType=official_letter&signerId=${id('giamdoc.snv')}`)).json();
    expect(answer.steps.map((s: { holder: { id: string } }) => s.holder.id)).toEqual([id('tp.cntt'), id('giamdoc')]);
    expect(JSON.stringify(answer)).not.toContain('Tòng Văn Chiến');
  });

  it('a specialist\'s công văn, submitted, follows the chain the admin set for công văn: unit head, supervising deputy, director', async () => {
    await ok(await putChain('official_letter', ['unit_head', 'supervisor', 'director']));
    try {
      const drafter = await t.as('cv.cntt');
      const docId = await created(drafter);
      await ok(await drafter.post(`/api/outgoing-documents/${docId}/submit`, {}));
      const doc = (await drafter.get(`/api/outgoing-documents/${docId}`)).json();
      expect(doc.steps.map((s: { kind: string; holder: { id: string } }) => [s.kind, s.holder.id])).toEqual([
        ['unit_head', id('tp.cntt')], ['supervisor', id('phogiamdoc')], ['director', id('giamdoc')],
      ]);
    } finally {
      await ok(await putChain('official_letter', []));
    }
  });
});

describe('consultation (lấy ý kiến)', () => {
  it('the drafter asks a unit and an official by a date; each answers once, with text and files; the late show; a blocking consultation holds approval back', async () => {
    const drafter = await t.as('cv.cntt');
    const docId = await created(drafter);
    const ask = await drafter.post(`/api/outgoing-documents/${docId}/consultations`, {
      question: 'Đề nghị Phòng KHTC và đồng chí Duyên góp ý về kinh phí thực hiện.', dueDate: '2026-01-07', blocking: true,
      recipients: [{ unitId: unitOf('tp.khtc') }, { userId: id('cv.bcvt') }],
    });
    await ok(ask, 201);
    expect((await drafter.post(`/api/outgoing-documents/${docId}/consultations`, { question: 'x', dueDate: '2026-01-01', recipients: [{ userId: id('cv.bcvt') }] })).statusCode).toBe(400);

    const khtc = await t.as('tp.khtc');
    expect((await khtc.get(`/api/outgoing-documents/${docId}`)).statusCode).toBe(200); // the head of the unit asked now sees the draft
    expect((await khtc.get('/api/outgoing-documents?box=consult')).json().items.map((d: { id: string }) => d.id)).toContain(docId);
    expect((await khtc.get('/api/outgoing-documents/counts')).json().consult).toBeGreaterThanOrEqual(1);
    expect((await (await t.as('cv.khtc')).get(`/api/outgoing-documents/${docId}`)).statusCode).toBe(404); // not asked: a specialist of that unit
    const [forUnit, forPerson] = (await khtc.get(`/api/outgoing-documents/${docId}`)).json().consultations[0].answers;
    expect((await khtc.get(`/api/outgoing-documents/${docId}`)).json().answersWaitingForMe).toEqual([forUnit.id]);
    const stranger = await (await t.as('giamdoc.snv')).upload(`/api/consultation-answers/${forUnit.id}`, { metadata: JSON.stringify({ opinion: 'agree' }) }, []);
    expect(stranger.statusCode).toBe(404);
    expect((await (await t.as('cv.bcvt')).upload(`/api/consultation-answers/${forUnit.id}`, { metadata: JSON.stringify({ opinion: 'agree' }) }, [])).statusCode).toBe(403);

    await ok(await drafter.post(`/api/outgoing-documents/${docId}/submit`, {}));
    const held = await (await t.as('tp.cntt')).post(`/api/outgoing-documents/${docId}/approve`, {});
    expect(held.statusCode).toBe(409);
    expect(held.json().error.code).toBe('CONSULTATION_OPEN');

    const noComment = await khtc.upload(`/api/consultation-answers/${forUnit.id}`, { metadata: JSON.stringify({ opinion: 'agree_with_comments' }) }, []);
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().error.fields[0].field).toBe('comment');
    await ok(await khtc.upload(`/api/consultation-answers/${forUnit.id}`, { metadata: JSON.stringify({ opinion: 'agree_with_comments', comment: 'Đề nghị bổ sung dự toán chi tiết.' }) }, [{ name: 'du-toan.pdf', content: Buffer.from(pdf) }]));
    expect((await khtc.upload(`/api/consultation-answers/${forUnit.id}`, { metadata: JSON.stringify({ opinion: 'agree' }) }, [])).json().error.code).toBe('ALREADY_ANSWERED');

    t.setNow(new Date('2026-01-09T03:00:00Z'));
    try {
      const answers = (await drafter.get(`/api/outgoing-documents/${docId}`)).json().consultations[0].answers;
      expect(answers.map((a: { name: string; opinion: string | null; late: boolean }) => [a.name, a.opinion, a.late])).toEqual([
        ['Phòng Kế hoạch - Tài chính', 'agree_with_comments', false],
        ['Lường Thị Duyên', null, true],
      ]);
      const file = answers[0].files[0];
      expect(file.fileName).toBe('du-toan.pdf');
      expect((await drafter.get(`/api/outgoing-documents/${docId}/consultation-files/${file.id}`)).statusCode).toBe(200);
      expect((await (await t.as('vanthu.snv')).get(`/api/outgoing-documents/${docId}/consultation-files/${file.id}`)).statusCode).toBe(404);
    } finally {
      t.setNow(new Date('2026-01-05T03:00:00Z'));
    }
    await ok(await (await t.as('cv.bcvt')).upload(`/api/consultation-answers/${forPerson.id}`, { metadata: JSON.stringify({ opinion: 'agree' }) }, []));
    await ok(await (await t.as('tp.cntt')).post(`/api/outgoing-documents/${docId}/approve`, {}));
    expect(await verifyDocumentChain(t.database.db, docId)).toBe(true);
  });
});

describe('consultation asked by a reviewer', () => {
  it('the unit head holding the review asks a unit for comments (answered at once, no lock held), and an official with no part in the draft cannot', async () => {
    const drafter = await t.as('cv.cntt');
    const docId = await created(drafter);
    await ok(await drafter.post(`/api/outgoing-documents/${docId}/submit`, {}));
    const head = await t.as('tp.cntt');
    const asked = await head.post(`/api/outgoing-documents/${docId}/consultations`, { question: 'Đề nghị Phòng BCVT góp ý.', dueDate: '2026-01-08', recipients: [{ unitId: unitOf('tp.bcvt') }] });
    await ok(asked, 201);
    // Leaders see every draft but, with no step in this one, do not ask on it.
    const refused = await (await t.as('phogiamdoc2')).post(`/api/outgoing-documents/${docId}/consultations`, { question: 'x', dueDate: '2026-01-08', recipients: [{ unitId: unitOf('tp.bcvt') }] });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('NOT_DRAFTER_OR_REVIEWER');
    expect((await head.get(`/api/outgoing-documents/${docId}`)).json().consultations).toHaveLength(1);
  });
});

describe('numbering and issuance', () => {
  it('the clerk sees the number before issuing, issues it, and the unit asked to handle it finds it at once; an issued document is frozen', async () => {
    const docId = await approved();
    const clerk = await t.as('vanthu');
    expect((await clerk.get('/api/outgoing-documents?box=to_issue')).json().items.map((d: { id: string }) => d.id)).toContain(docId);
    const preview = (await clerk.get(`/api/outgoing-documents/${docId}/next-number`)).json();
    expect(preview.notation).toBe('STTTT-CNTT');
    expect((await (await t.as('cv.cntt')).post(`/api/outgoing-documents/${docId}/issue`, {})).statusCode).toBe(403);
    expect((await (await t.as('cv.cntt')).get(`/api/outgoing-documents/${docId}/next-number`)).statusCode).toBe(403);
    expect((await clerk.get(`/api/outgoing-documents/${docId}/versions/9`)).statusCode).toBe(404);
    expect((await clerk.post(`/api/outgoing-documents/${docId}/issue`, { copies: 0 })).statusCode).toBe(400);
    expect((await clerk.post(`/api/outgoing-documents/${docId}/issue`, { issuedOn: '2099-01-01' })).json().error.fields[0].field).toBe('issuedOn');
    expect((await t.database.db.selectFrom('documents').select('status').where('id', '=', docId).executeTakeFirstOrThrow()).status).toBe('approved');

    const issued = await clerk.post(`/api/outgoing-documents/${docId}/issue`, { copies: 3 });
    await ok(issued);
    expect(issued.json()).toMatchObject({ reference: `${preview.number}/STTTT-CNTT`, issuedOn: '2026-01-05' });
    const doc = (await clerk.get(`/api/outgoing-documents/${docId}`)).json();
    expect(doc).toMatchObject({ status: 'issued', copies: 3, issuedBy: { id: id('vanthu') } });
    expect(doc.recipients[0].deliveredAt).not.toBeNull();
    expect(doc.recipients[1].deliveredAt).toBeNull(); // outside addresses go by the exchange module

    const khtc = await t.as('tp.khtc');
    expect((await khtc.get(`/api/outgoing-documents/${docId}`)).statusCode).toBe(200);
    expect((await khtc.get('/api/outgoing-documents?box=received')).json().items.map((d: { id: string }) => d.id)).toContain(docId);
    expect((await (await t.as('cv.khtc')).get('/api/outgoing-documents?box=received')).json().items.map((d: { id: string }) => d.id)).not.toContain(docId);
    const assignment = await t.database.db.selectFrom('assignments').selectAll().where('document_id', '=', docId).executeTakeFirstOrThrow();
    expect(assignment).toMatchObject({ role: 'lead', assignee_unit_id: unitOf('tp.khtc'), due_date: '2026-01-20', status: 'pending' });

    expect((await clerk.post(`/api/outgoing-documents/${docId}/issue`, {})).json().error.code).toBe('ISSUED_IS_FROZEN');
    expect((await (await t.as('cv.cntt')).upload(`/api/outgoing-documents/${docId}/versions`, {}, [{ name: 'x.docx', content: docx }])).json().error.code).toBe('ISSUED_IS_FROZEN');
    expect(await verifyDocumentChain(t.database.db, docId)).toBe(true);
  });

  it('numbers decisions as n/QĐ-STTTT and secret documents in their own register', async () => {
    const clerk = await t.as('vanthu');
    const decision = await approved({ documentType: 'decision', summary: 'Quyết định ban hành Quy chế sử dụng văn phòng điện tử' });
    const secret = await approved({ secrecy: 'confidential' });
    const d = (await clerk.post(`/api/outgoing-documents/${decision}/issue`, {})).json();
    expect(d.notation).toBe('QĐ-STTTT');
    const s = (await clerk.post(`/api/outgoing-documents/${secret}/issue`, {})).json();
    expect(s.reference).toBe('01/STTTT-CNTT');
  });

  it('a failure during issuance gives the number back: the next issuance takes it', async () => {
    const clerk = await t.as('vanthu');
    const broken = await approved({ recipients: [{ kind: 'user', userId: id('cv.bcvt'), purpose: 'info' }] });
    const fine = await approved();
    const before = (await clerk.get(`/api/outgoing-documents/${fine}/next-number`)).json();
    await t.database.db.updateTable('users').set({ active: false }).where('id', '=', id('cv.bcvt')).execute();
    try {
      const refused = await clerk.post(`/api/outgoing-documents/${broken}/issue`, {});
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('RECIPIENT_INACTIVE');
      expect(refused.json().error.message.vi).toContain('Lường Thị Duyên');
    } finally {
      await t.database.db.updateTable('users').set({ active: true }).where('id', '=', id('cv.bcvt')).execute();
    }
    expect((await t.database.db.selectFrom('documents').select(['status', 'number']).where('id', '=', broken).executeTakeFirstOrThrow())).toEqual({ status: 'approved', number: null });
    expect((await clerk.post(`/api/outgoing-documents/${fine}/issue`, {})).json().number).toBe(before.number);
  });

  it('100 issuances at once take the numbers 1 to 100 of the new year, none twice and none skipped', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push(await approvedInDatabase());
    t.setNow(new Date('2027-01-04T02:00:00Z'));
    try {
      const clerk = await t.as('vanthu');
      const answers = await Promise.all(ids.map((docId) => clerk.post(`/api/outgoing-documents/${docId}/issue`, {})));
      expect(answers.map((a) => a.statusCode)).toEqual(ids.map(() => 200));
      const numbers = answers.map((a) => Number(a.json().number)).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    } finally {
      t.setNow(new Date('2026-01-05T03:00:00Z'));
    }
  });
});

describe('the outgoing register', () => {
  it('lists issued documents with the Decree 30 columns, newest first, filtered by date and type; officials see only what they may', async () => {
    const clerk = await t.as('vanthu');
    const page = (await clerk.get('/api/outgoing-register?from=2026-01-01&to=2026-12-31&pageSize=100')).json();
    expect(page.total).toBeGreaterThanOrEqual(4);
    const first = page.items.find((d: { copies: number | null }) => d.copies === 3);
    expect(first).toMatchObject({ reference: expect.stringMatching(/^\d{2}\/STTTT-CNTT$/), issuedOn: '2026-01-05', signer: 'Nguyễn Văn Hùng', fileCopyUnit: 'Phòng Công nghệ thông tin', copies: 3 });
    expect(first.recipients).toEqual(['Phòng Kế hoạch - Tài chính', 'UBND các huyện, thị xã, thành phố']);
    expect(first.sentAt).not.toBeNull();
    const dates = page.items.map((d: { issuedOn: string }) => d.issuedOn);
    expect([...dates].sort().reverse()).toEqual(dates);
    const decisions = (await clerk.get('/api/outgoing-register?documentType=decision')).json();
    expect(decisions.items.map((d: { notation: string }) => d.notation)).toEqual(decisions.items.map(() => 'QĐ-STTTT'));
    expect((await clerk.get('/api/outgoing-register?from=2027-01-01')).json().total).toBe(100);
    // Someone who neither drafted, reviewed nor received them sees none; another agency none at all.
    expect((await (await t.as('cv.bcvt')).get('/api/outgoing-register?from=2027-01-01')).json().total).toBe(0);
    expect((await (await t.as('vanthu.snv')).get('/api/outgoing-register')).json().total).toBe(0);
  });

  it('filtered by a word typed without diacritics, keeps its order (issue date, then the highest number), and shows nobody more', async () => {
    const clerk = await t.as('vanthu');
    const all = (await clerk.get('/api/outgoing-register?from=2027-01-01&pageSize=100')).json();
    const filtered = (await clerk.get(`/api/outgoing-register?from=2027-01-01&pageSize=100&q=${encodeURIComponent('dong loat')}`)).json();
    expect(filtered.items.map((d: { id: string }) => d.id)).toEqual(all.items.map((d: { id: string }) => d.id));
    expect(filtered.total).toBe(100);
    const one = all.items[0].summary as string;
    expect((await clerk.get(`/api/outgoing-register?q=${encodeURIComponent(`"${one}"`)}`)).json().items.map((d: { summary: string }) => d.summary)).toEqual([one]);
    expect((await (await t.as('cv.bcvt')).get(`/api/outgoing-register?q=${encodeURIComponent('dong loat')}`)).json().total).toBe(0);
    expect((await (await t.as('vanthu.snv')).get(`/api/outgoing-register?q=${encodeURIComponent('dong loat')}`)).json().total).toBe(0);
    expect((await clerk.get('/api/outgoing-register?q=%00')).statusCode).toBe(400);
  });
});

/** An approved draft written straight to the database (the chain itself is tested above). */
async function approvedInDatabase(): Promise<string> {
  const db = t.database.db;
  const doc = await db
    .insertInto('documents')
    .values({
      agency_id: t.people.get('cv.cntt')!.agencyId, direction: 'outgoing', issuer: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', document_type: 'official_letter',
      summary: `V/v phát hành đồng loạt ${++serial}`, urgency: 'normal', secrecy: 'none', status: 'approved', drafting_unit_id: unitOf('cv.cntt'),
      created_by: id('cv.cntt'), approved_by: id('giamdoc'), approved_at: new Date(), approved_version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const hash = (await db.selectFrom('document_versions').select('file_hash').executeTakeFirstOrThrow()).file_hash;
  await db.insertInto('document_versions').values({ document_id: doc.id, version: 1, file_hash: hash, file_name: 'du-thao.docx', mime_type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size_bytes: docx.length, created_by: id('cv.cntt') }).execute();
  return doc.id;
}

describe('work on an issued document inside the agency', () => {
  it('the unit asked to handle it passes it to a specialist, who completes it; the sender sees what became of it; nobody else gains access', async () => {
    const docId = await approved({
      recipients: [
        { kind: 'unit', unitId: unitOf('tp.khtc'), purpose: 'handle', dueDate: '2026-01-20' },
        { kind: 'user', userId: id('cv.bcvt'), purpose: 'info' },
      ],
    });
    await ok(await (await t.as('vanthu')).post(`/api/outgoing-documents/${docId}/issue`, { copies: 1 }));

    // It waits in the unit head's to-do list among the incoming documents, marked as outgoing.
    const head = await t.as('tp.khtc');
    const todo = (await head.get('/api/inbox?box=todo&pageSize=200')).json().items;
    expect(todo.find((d: { id: string }) => d.id === docId)).toMatchObject({ direction: 'outgoing', myDueDate: '2026-01-20' });
    const seenByHead = (await head.get(`/api/outgoing-documents/${docId}`)).json();
    const unitWork = seenByHead.assignments.find((a: { mine: boolean }) => a.mine);
    expect(unitWork).toMatchObject({ role: 'lead', status: 'pending', actions: ['forward', 'note', 'complete', 'return'] });

    const specialist = await t.as('cv.khtc');
    expect((await specialist.get(`/api/outgoing-documents/${docId}`)).statusCode).toBe(404);
    const passed = await head.post(`/api/assignments/${unitWork.id}/forward`, { direction: 'Đồng chí Hà tổng hợp số liệu.', assignments: [{ role: 'lead', userId: id('cv.khtc') }] });
    await ok(passed);
    const ownId = passed.json().assignmentIds[0] as string;
    expect((await specialist.get(`/api/outgoing-documents/${docId}`)).statusCode).toBe(200);
    expect((await specialist.get('/api/inbox?box=todo&pageSize=200')).json().items.map((d: { id: string }) => d.id)).toContain(docId);

    // Others of the agency and another agency's officials cannot see it or act on its work.
    expect((await (await t.as('cv.cntt2')).get(`/api/outgoing-documents/${docId}`)).statusCode).toBe(404);
    expect((await (await t.as('cv.cntt2')).post(`/api/assignments/${ownId}/complete`, { result: 'x' })).statusCode).toBe(404);
    expect((await (await t.as('vanthu.snv')).post(`/api/assignments/${ownId}/complete`, { result: 'x' })).statusCode).toBe(404);

    await ok(await specialist.post(`/api/assignments/${ownId}/complete`, { result: 'Đã tổng hợp số liệu, báo cáo lãnh đạo phòng.' }));
    const afterSpecialist = (await head.get(`/api/outgoing-documents/${docId}`)).json();
    const mine = afterSpecialist.assignments.find((a: { id: string }) => a.id === ownId);
    if (mine.status === 'awaiting_confirmation') await ok(await head.post(`/api/assignments/${ownId}/confirm`, {}));

    // The sender sees the unit's work completed with its result; the document itself stays issued.
    const sender = (await (await t.as('cv.cntt')).get(`/api/outgoing-documents/${docId}`)).json();
    expect(sender.status).toBe('issued');
    expect(sender.recipients[0].work).toMatchObject({ status: 'completed', result: 'Đã tổng hợp số liệu, báo cáo lãnh đạo phòng.' });
    // The recipient for information has nothing to handle; opening it marks it seen.
    expect(sender.recipients[1].work).toMatchObject({ status: 'pending' });
    const reader = await t.as('cv.bcvt');
    expect((await reader.get(`/api/outgoing-documents/${docId}`)).json().assignments.find((a: { mine: boolean }) => a.mine).actions).toEqual([]);
    expect((await (await t.as('cv.cntt')).get(`/api/outgoing-documents/${docId}`)).json().recipients[1].work.status).toBe('completed');
    expect(await verifyDocumentChain(t.database.db, docId)).toBe(true);
  });

  it('a unit that got it by mistake returns it with a reason: the sender sees the reason, and the document stays issued', async () => {
    const docId = await approved({ recipients: [{ kind: 'unit', unitId: unitOf('tp.khtc'), purpose: 'handle', dueDate: '2026-01-20' }] });
    await ok(await (await t.as('vanthu')).post(`/api/outgoing-documents/${docId}/issue`, { copies: 1 }));
    const head = await t.as('tp.khtc');
    const work = (await head.get(`/api/outgoing-documents/${docId}`)).json().assignments[0];
    await ok(await head.post(`/api/assignments/${work.id}/return`, { reason: 'Không thuộc chức năng của phòng.' }));
    const sender = (await (await t.as('cv.cntt')).get(`/api/outgoing-documents/${docId}`)).json();
    expect(sender).toMatchObject({ status: 'issued' });
    expect(sender.recipients[0].work).toMatchObject({ status: 'returned', returnReason: 'Không thuộc chức năng của phòng.' });
  });
});

describe('completing the work with the issued reply', () => {
  it('the holder names the issued reply when completing: its number shows with the work and in the register; a draft or another document is refused', async () => {
    const clerk = await t.as('vanthu');
    const registered = await clerk.upload('/api/incoming-documents', {
      metadata: JSON.stringify({ issuer: 'UBND tỉnh Điện Biên', number: '91', notation: 'UBND-KGVX', issuedOn: '2026-01-02', documentType: 'official_letter', summary: 'V/v số liệu chuyển đổi số', submitTo: id('giamdoc') }),
    }, [{ name: 'den.pdf', content: Buffer.from(pdf) }]);
    await ok(registered, 201);
    const incomingId = registered.json().id as string;
    const assigned = await (await t.as('giamdoc')).post(`/api/incoming-documents/${incomingId}/assign`, { direction: 'Đồng chí Long dự thảo trả lời.', assignments: [{ role: 'lead', userId: id('cv.cntt') }] });
    await ok(assigned);
    const workId = assigned.json().assignmentIds[0] as string;
    const replyId = await approved({ replyToId: incomingId, summary: 'V/v trả lời số liệu chuyển đổi số' });
    const specialist = await t.as('cv.cntt');

    const notIssued = await specialist.post(`/api/assignments/${workId}/complete`, { result: 'Đã trả lời.', replyDocumentId: replyId });
    expect(notIssued.statusCode).toBe(400);
    expect(notIssued.json().error.fields[0]).toMatchObject({ field: 'replyDocumentId', message: { vi: expect.stringContaining('chưa được phát hành') } });
    const unrelated = await approved();
    await ok(await clerk.post(`/api/outgoing-documents/${unrelated}/issue`, { copies: 1 }));
    expect((await specialist.post(`/api/assignments/${workId}/complete`, { result: 'Đã trả lời.', replyDocumentId: unrelated })).json().error.fields[0].field).toBe('replyDocumentId');
    // Refused requests left the work as it was.
    expect((await t.database.db.selectFrom('assignments').select(['status', 'reply_document_id']).where('id', '=', workId).executeTakeFirstOrThrow())).toEqual({ status: 'pending', reply_document_id: null });

    const issued = (await clerk.post(`/api/outgoing-documents/${replyId}/issue`, { copies: 1 })).json();
    await ok(await specialist.post(`/api/assignments/${workId}/complete`, { result: 'Đã trả lời bằng văn bản.', replyDocumentId: replyId }));
    const doc = (await specialist.get(`/api/incoming-documents/${incomingId}`)).json();
    expect(doc.assignments.find((a: { id: string }) => a.id === workId).reply).toEqual({ id: replyId, reference: issued.reference });
    expect(doc.events.map((e: { action: string }) => e.action)).toContain('reply_linked');
    const register = (await clerk.get('/api/incoming-documents?q=91&pageSize=50')).json();
    expect(register.items.find((d: { id: string }) => d.id === incomingId).replyReference).toBe(issued.reference);
    expect(await verifyDocumentChain(t.database.db, incomingId)).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDocumentChain } from '../events/events.repository.js';
import { DEMO_KEY_PASSPHRASE } from '../signatures/demo-ca.js';
import { type Client, createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let pdf: Uint8Array;
let serial = 0;
const id = (username: string) => t.people.get(username)!.id;

// The server's clock is ours: 1 December 2026, 09:00 in Vietnam.
const NOW = new Date('2026-12-01T02:00:00Z');
const hours = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();

beforeAll(async () => {
  // With the demo certificates: a TUQ. signature is made with one.
  t = await createTestApp({ signing: true });
  t.setNow(NOW);
  pdf = await samplePdfBytes();
});
afterAll(async () => t?.close());

function ok(response: { statusCode: number; body: string }, status = 200) {
  expect(response.statusCode, response.body).toBe(status);
}

/** An incoming document registered by the clerk and submitted to `leader`; answers its id. */
async function submittedTo(leader: string): Promise<string> {
  serial += 1;
  const metadata = {
    issuer: 'UBND tỉnh Điện Biên', number: String(5000 + serial), notation: 'UBND-VX', issuedOn: '2026-11-20', documentType: 'official_letter',
    summary: `V/v việc ủy quyền số ${serial}`, urgency: 'normal', submitTo: id(leader),
  };
  const created = await (await t.as('vanthu')).upload('/api/incoming-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'van-ban.pdf', content: pdf, type: 'application/pdf' }]);
  ok(created, 201);
  return created.json().id as string;
}

async function delegate(from: string, to: string, scopes: string[], startsAt = hours(-1), endsAt = hours(48)) {
  return (await t.as(from)).post('/api/delegations', { delegateId: id(to), scopes, startsAt, endsAt });
}

const assignToCntt = (client: Client, docId: string) =>
  client.post(`/api/incoming-documents/${docId}/assign`, { direction: 'Giao phòng CNTT chủ trì.', assignments: [{ role: 'lead', unitId: t.people.get('tp.cntt')!.unitId }] });

async function revokeAll(from: string) {
  const client = await t.as(from);
  const given = (await client.get('/api/delegations?view=given')).json().items as { id: string; canRevoke: boolean }[];
  for (const d of given.filter((g) => g.canRevoke)) ok(await client.post(`/api/delegations/${d.id}/revoke`));
}

describe('a leader delegates directing incoming documents', () => {
  it('the delegate assigns a document submitted to the director in his name; the history says so and the director sees it in his boxes', async () => {
    const docId = await submittedTo('giamdoc');
    const unitHead = await t.as('chanhvanphong');
    // Before any delegation the chief of office (a unit head) cannot even see it.
    expect((await unitHead.get(`/api/incoming-documents/${docId}`)).statusCode).toBe(404);

    ok(await delegate('giamdoc', 'chanhvanphong', ['incoming']), 201);
    const work = (await unitHead.get('/api/delegations/work')).json().items;
    expect(work).toContainEqual(expect.objectContaining({ documentId: docId, action: 'direct', delegatorName: 'Nguyễn Văn Hùng' }));
    const page = (await unitHead.get(`/api/incoming-documents/${docId}`)).json();
    expect(page.actions).toEqual(expect.arrayContaining(['assign', 'return_to_clerk']));

    ok(await assignToCntt(unitHead, docId));
    const row = await t.database.db.selectFrom('events').select(['actor_id', 'on_behalf_of_id']).where('document_id', '=', docId).where('action', '=', 'assigned').executeTakeFirstOrThrow();
    expect(row).toEqual({ actor_id: id('chanhvanphong'), on_behalf_of_id: id('giamdoc') });
    expect(await verifyDocumentChain(t.database.db, docId)).toBe(true);

    const director = await t.as('giamdoc');
    const history = (await director.get(`/api/incoming-documents/${docId}`)).json().events as { action: string; actor: { name: string }; onBehalfOf: string | null }[];
    expect(history.find((e) => e.action === 'assigned')).toMatchObject({ onBehalfOf: 'Nguyễn Văn Hùng' });
    // The direction stays the director's: his "in progress" box has it, marked as done by his delegate.
    const box = (await director.get('/api/inbox?box=in_progress&pageSize=200')).json().items as { id: string; byDelegate: boolean }[];
    expect(box.find((i) => i.id === docId)).toMatchObject({ byDelegate: true });
    // The delegate keeps seeing the director's work while the delegation lasts.
    expect((await unitHead.get(`/api/incoming-documents/${docId}`)).statusCode).toBe(200);
    await revokeAll('giamdoc');
    expect((await unitHead.get(`/api/incoming-documents/${docId}`)).statusCode).toBe(404);
  });

  it("the delegate sends back and confirms, in the director's name, the result of work the director assigned", async () => {
    const docId = await submittedTo('giamdoc');
    const assigned = await (await t.as('giamdoc')).post(`/api/incoming-documents/${docId}/assign`, {
      direction: 'Đồng chí Long dự thảo văn bản trả lời.', assignments: [{ role: 'lead', userId: id('cv.cntt'), dueDate: '2026-12-10' }],
    });
    ok(assigned);
    const leadId = assigned.json().assignmentIds[0] as string;
    const handler = await t.as('cv.cntt');
    ok(await handler.post(`/api/assignments/${leadId}/complete`, { result: 'Đã dự thảo văn bản trả lời.' }));
    const deputy = await t.as('phogiamdoc');
    // A leader who sees the document, but not the one who assigned it: not theirs to confirm.
    const refused = await deputy.post(`/api/assignments/${leadId}/confirm`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('NOT_CONFIRMER');

    ok(await delegate('giamdoc', 'phogiamdoc', ['incoming']), 201);
    const actionsOf = async () => ((await deputy.get(`/api/incoming-documents/${docId}`)).json().assignments as { id: string; actions: string[] }[]).find((a) => a.id === leadId)!.actions;
    expect(await actionsOf()).toEqual(['confirm', 'reject_result']);
    ok(await deputy.post(`/api/assignments/${leadId}/reject-result`, { reason: 'Bổ sung số liệu quý IV.' }));
    ok(await handler.post(`/api/assignments/${leadId}/complete`, { result: 'Đã bổ sung số liệu quý IV.' }));
    ok(await deputy.post(`/api/assignments/${leadId}/confirm`));
    const rows = await t.database.db.selectFrom('events').select(['action', 'actor_id', 'on_behalf_of_id']).where('document_id', '=', docId)
      .where('action', 'in', ['completion_rejected', 'completion_confirmed']).orderBy('id').execute();
    expect(rows).toEqual([
      { action: 'completion_rejected', actor_id: id('phogiamdoc'), on_behalf_of_id: id('giamdoc') },
      { action: 'completion_confirmed', actor_id: id('phogiamdoc'), on_behalf_of_id: id('giamdoc') },
    ]);
    expect(await verifyDocumentChain(t.database.db, docId)).toBe(true);
    const history = (await (await t.as('giamdoc')).get(`/api/incoming-documents/${docId}`)).json().events as { action: string; onBehalfOf: string | null }[];
    expect(history.find((e) => e.action === 'completion_confirmed')).toMatchObject({ onBehalfOf: 'Nguyễn Văn Hùng' });
    await revokeAll('giamdoc');
  });

  it('a delegation for approving drafts only does not let the delegate direct incoming documents', async () => {
    const docId = await submittedTo('giamdoc');
    ok(await delegate('giamdoc', 'chanhvanphong', ['approval']), 201);
    const unitHead = await t.as('chanhvanphong');
    expect((await unitHead.get('/api/delegations/work')).json().items.some((i: { documentId: string }) => i.documentId === docId)).toBe(false);
    expect((await unitHead.get(`/api/incoming-documents/${docId}`)).statusCode).toBe(404);
    // A deputy director (a leader who sees the document) with an out-of-scope delegation is refused too.
    ok(await delegate('giamdoc', 'phogiamdoc', ['signing']), 201);
    const refused = await assignToCntt(await t.as('phogiamdoc'), docId);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('NOT_SUBMITTED_TO_YOU');
    await revokeAll('giamdoc');
  });

  it('the delegate may act only from the start to the end of the period (server clock)', async () => {
    const docId = await submittedTo('giamdoc');
    ok(await delegate('giamdoc', 'phogiamdoc', ['incoming'], hours(24), hours(48)), 201);
    const deputy = await t.as('phogiamdoc');
    expect((await assignToCntt(deputy, docId)).statusCode).toBe(403);
    const [upcoming] = (await deputy.get('/api/delegations?view=received')).json().items;
    expect(upcoming.state).toBe('upcoming');

    t.setNow(new Date(hours(24)));
    expect((await deputy.get('/api/delegations?view=received')).json().items[0].state).toBe('active');
    const otherDoc = await submittedTo('giamdoc');
    t.setNow(new Date(hours(48)));
    expect((await deputy.get('/api/delegations?view=received')).json().items[0].state).toBe('expired');
    expect((await assignToCntt(deputy, otherDoc)).statusCode).toBe(403);

    t.setNow(new Date(hours(30)));
    ok(await assignToCntt(deputy, docId));
    t.setNow(NOW);
    await revokeAll('giamdoc');
  });

  it('a revoked delegation gives nothing from the next request on, and cannot be revoked twice', async () => {
    const docId = await submittedTo('giamdoc');
    const created = await delegate('giamdoc', 'phogiamdoc', ['incoming']);
    ok(created, 201);
    const director = await t.as('giamdoc');
    const revoked = await director.post(`/api/delegations/${created.json().id}/revoke`);
    ok(revoked);
    expect(revoked.json()).toMatchObject({ state: 'revoked', canRevoke: false });
    expect((await assignToCntt(await t.as('phogiamdoc'), docId)).statusCode).toBe(403);
    const again = await director.post(`/api/delegations/${created.json().id}/revoke`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DELEGATION_ENDED');
  });

  it('no re-delegation: what a delegate holds by delegation cannot be delegated or passed on', async () => {
    const docId = await submittedTo('giamdoc');
    ok(await delegate('giamdoc', 'chanhvanphong', ['incoming']), 201);
    // The chief of office directs incoming documents only by delegation: refused.
    const refused = await delegate('chanhvanphong', 'cv.cntt', ['incoming']);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('NO_REDELEGATION');
    // A deputy's own delegation covers the deputy's own desk, never the director's desk she holds by delegation.
    await revokeAll('giamdoc');
    ok(await delegate('giamdoc', 'phogiamdoc', ['incoming']), 201);
    ok(await delegate('phogiamdoc', 'tp.cntt', ['incoming']), 201);
    const unitHead = await t.as('tp.cntt');
    expect((await unitHead.get(`/api/incoming-documents/${docId}`)).statusCode).toBe(404);
    expect((await assignToCntt(unitHead, docId)).statusCode).toBe(404);
    ok(await assignToCntt(await t.as('phogiamdoc'), docId));
    await revokeAll('giamdoc');
    await revokeAll('phogiamdoc');
  });
});

/** A draft by cv.cntt (PDF), submitted: its chain is the head of the CNTT unit, then the signer. */
async function draftSubmitted(signer: string, signingForm = 'none'): Promise<string> {
  serial += 1;
  const drafter = await t.as('cv.cntt');
  const metadata = { documentType: 'official_letter', summary: `V/v dự thảo ủy quyền số ${serial}`, urgency: 'normal', signerId: id(signer), signingForm, recipients: [{ kind: 'external', name: 'UBND các huyện' }] };
  const created = await drafter.upload('/api/outgoing-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'du-thao.pdf', content: Buffer.from(pdf) }]);
  ok(created, 201);
  const docId = created.json().id as string;
  ok(await drafter.post(`/api/outgoing-documents/${docId}/submit`, {}));
  ok(await (await t.as('tp.cntt')).post(`/api/outgoing-documents/${docId}/approve`, {}));
  return docId;
}

describe('a leader delegates approving drafts and signing (TUQ.)', () => {
  it("the delegate approves a draft at the director's step in his name; he stays the one to sign it", async () => {
    const docId = await draftSubmitted('giamdoc');
    const office = await t.as('chanhvanphong');
    expect((await office.post(`/api/outgoing-documents/${docId}/approve`, {})).statusCode).toBe(404);

    ok(await delegate('giamdoc', 'chanhvanphong', ['approval']), 201);
    expect((await office.get('/api/delegations/work')).json().items).toContainEqual(expect.objectContaining({ documentId: docId, action: 'approve' }));
    expect((await office.get(`/api/outgoing-documents/${docId}`)).json().actions).toContain('approve');
    const approved = await office.post(`/api/outgoing-documents/${docId}/approve`, { comment: 'Đồng ý, thay mặt Giám đốc.' });
    ok(approved);
    expect(approved.json().status).toBe('approved');

    const doc = (await (await t.as('giamdoc')).get(`/api/outgoing-documents/${docId}`)).json();
    expect(doc.events.find((e: { action: string }) => e.action === 'draft_approved')).toMatchObject({ actor: { fullName: 'Đỗ Thị Hương' }, onBehalfOf: { fullName: 'Nguyễn Văn Hùng' } });
    expect(doc.actions).toContain('sign');
    expect((await office.get(`/api/outgoing-documents/${docId}`)).json().actions).not.toContain('sign');
    expect(await verifyDocumentChain(t.database.db, docId)).toBe(true);
    await revokeAll('giamdoc');
  });

  it('a delegation for incoming documents only does not let the delegate approve drafts', async () => {
    const docId = await draftSubmitted('giamdoc');
    ok(await delegate('giamdoc', 'phogiamdoc', ['incoming']), 201);
    const refused = await (await t.as('phogiamdoc')).post(`/api/outgoing-documents/${docId}/approve`, {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('NOT_CURRENT_REVIEWER');
    await revokeAll('giamdoc');
  });

  it('a draft signed TUQ. is signed only while its signer holds a signing delegation, recorded in the delegator\'s name', async () => {
    const docId = await draftSubmitted('chanhvanphong', 'TUQ');
    const office = await t.as('chanhvanphong');
    ok(await office.post(`/api/outgoing-documents/${docId}/approve`, {}));
    const certificateId = (await office.get('/api/signing/certificates')).json().items[0].id as string;
    expect((await office.get(`/api/outgoing-documents/${docId}`)).json().actions).not.toContain('sign');
    const refused = await office.post(`/api/outgoing-documents/${docId}/sign`, { certificateId, passphrase: DEMO_KEY_PASSPHRASE });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('TUQ_WITHOUT_DELEGATION');

    ok(await delegate('giamdoc', 'chanhvanphong', ['signing']), 201);
    ok(await office.post(`/api/outgoing-documents/${docId}/sign`, { certificateId, passphrase: DEMO_KEY_PASSPHRASE }));
    const signed = await t.database.db.selectFrom('events').select(['actor_id', 'on_behalf_of_id']).where('document_id', '=', docId).where('action', '=', 'document_signed').executeTakeFirstOrThrow();
    expect(signed).toEqual({ actor_id: id('chanhvanphong'), on_behalf_of_id: id('giamdoc') });
    await revokeAll('giamdoc');
  });
});

describe('delegations are checked and listed', () => {
  it('refuses delegating to oneself, to another agency, ending before it starts, and an overlapping one of the same scope', async () => {
    const self = await delegate('giamdoc', 'giamdoc', ['incoming']);
    expect(self.statusCode).toBe(400);
    expect(self.json().error.fields[0]).toMatchObject({ field: 'delegateId', code: 'DELEGATE_SELF' });
    const foreign = await delegate('giamdoc', 'giamdoc.snv', ['incoming']);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.fields[0]).toMatchObject({ field: 'delegateId', code: 'DELEGATE_NOT_MEMBER' });
    const reversed = await delegate('giamdoc', 'phogiamdoc', ['incoming'], hours(10), hours(5));
    expect(reversed.json().error.fields[0]).toMatchObject({ field: 'endsAt', code: 'ENDS_BEFORE_START' });
    const unknownScope = await (await t.as('giamdoc')).post('/api/delegations', { delegateId: id('phogiamdoc'), scopes: ['everything'], startsAt: hours(0), endsAt: hours(5) });
    expect(unknownScope.statusCode).toBe(400);

    ok(await delegate('giamdoc', 'phogiamdoc', ['incoming', 'approval'], hours(0), hours(24)), 201);
    const overlap = await delegate('giamdoc', 'phogiamdoc2', ['approval'], hours(12), hours(36));
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error.code).toBe('DELEGATION_OVERLAP');
    expect(overlap.json().error.message.vi).toContain('Lò Thị Mai');
    // Another scope in the same period, or the same scope right after, is fine.
    ok(await delegate('giamdoc', 'phogiamdoc2', ['signing'], hours(12), hours(36)), 201);
    ok(await delegate('giamdoc', 'phogiamdoc2', ['approval'], hours(24), hours(36)), 201);
    await revokeAll('giamdoc');
  });

  it("the agency's delegations are listed for its head and the administrator only; another agency sees none of them", async () => {
    ok(await delegate('phogiamdoc', 'tp.cntt', ['approval']), 201);
    const ours = (await (await t.as('giamdoc')).get('/api/delegations?view=agency')).json().items;
    const deputys = ours.find((d: { delegator: { id: string }; state: string }) => d.delegator.id === id('phogiamdoc') && d.state === 'active');
    expect(deputys).toBeDefined();
    expect((await (await t.as('quantri')).get('/api/delegations?view=agency')).statusCode).toBe(200);
    const deputy = await (await t.as('phogiamdoc2')).get('/api/delegations?view=agency');
    expect(deputy.statusCode).toBe(403);
    expect(deputy.json().error.code).toBe('AGENCY_DELEGATIONS_HEAD_ONLY');

    const foreignHead = await t.as('giamdoc.snv');
    expect((await foreignHead.get('/api/delegations?view=agency')).json().items).toEqual([]);
    const ourId = deputys.id as string;
    expect((await foreignHead.post(`/api/delegations/${ourId}/revoke`)).statusCode).toBe(404);
    // Someone of the agency who is neither party, head nor admin cannot touch it either.
    expect((await (await t.as('cv.khtc')).post(`/api/delegations/${ourId}/revoke`)).statusCode).toBe(404);
    // The head of the agency can end any of its delegations.
    ok(await (await t.as('giamdoc')).post(`/api/delegations/${ourId}/revoke`));
    const specialist = await (await t.as('cv.cntt')).post('/api/delegations', { delegateId: id('cv.cntt2'), scopes: ['approval'], startsAt: hours(0), endsAt: hours(5) });
    expect(specialist.json().error.code).toBe('NO_REDELEGATION');
  });
});

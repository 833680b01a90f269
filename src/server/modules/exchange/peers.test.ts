import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveThroughChain } from '../../test-support/outgoing-flow.js';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';
import { buildStatusEdxml } from './edxml.build.js';
import { peerHeaders } from './peers.service.js';

// Two deployments on this machine, each with its own database and its own HTTP port, talking to
// each other as peers: province A's Sở TT&TT sends to province B's Sở Nội vụ, and back come B's
// status packages. Both run their background jobs, as servers do.

let a: TestApp;
let b: TestApp;
let pdf: Uint8Array;
let serial = 0;
const SECRET = 'mot-bi-mat-chung-giua-hai-tinh-dai-hon-32-ky-tu';
const A_STTTT = '000.00.01.H17';
const B_SNV = '000.00.91.H99';
const B_STTTT = '000.00.92.H99';
let remoteInA: string; // B's Sở Nội vụ as A knows it
let peerInA: string;

function ok(response: { statusCode: number; body: string }, status = 200) {
  expect(response.statusCode, response.body).toBe(status);
}

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

async function setOrganId(t: TestApp, username: string, organId: string) {
  await t.database.db.updateTable('agencies').set({ organ_id: organId }).where('id', '=', t.people.get(username)!.agencyId).execute();
}

async function configurePeer(t: TestApp, input: { name: string; baseUrl: string; inboundKey: string; outboundKey: string }, agency: { organId: string; name: string }) {
  const admin = await t.as('quantri');
  const peer = await admin.post('/api/exchange/peers', { ...input, secret: SECRET });
  ok(peer, 201);
  const added = await admin.post(`/api/exchange/peers/${peer.json().id}/agencies`, agency);
  ok(added, 201);
  return { peerId: peer.json().id as string, agencyId: added.json().id as string };
}

/** A's CNTT specialist drafts a công văn to B's Sở Nội vụ; it is approved and A's clerk issues it. */
async function issueToProvinceB(): Promise<string> {
  serial += 1;
  const metadata = { documentType: 'official_letter', summary: `V/v phối hợp liên thông giữa hai tỉnh, lần ${serial}`, urgency: 'urgent', recipients: [{ kind: 'agency', agencyId: remoteInA }] };
  const created = await (await a.as('cv.cntt')).upload('/api/outgoing-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'cong-van.pdf', content: Buffer.from(pdf), type: 'application/pdf' }]);
  ok(created, 201);
  const id = await approveThroughChain(a, created.json().id);
  ok(await (await a.as('vanthu')).post(`/api/outgoing-documents/${id}/issue`, {}));
  return id;
}

const receiverInA = async (documentId: string) => (await (await a.as('vanthu')).get(`/api/exchange/sent/${documentId}`)).json().receivers[0];

async function arrivedInB(summary: string): Promise<string> {
  const clerk = await b.as('vanthu.snv');
  let id: string | undefined;
  await expect.poll(async () => {
    const queue = (await clerk.get('/api/exchange/received?all=true')).json();
    id = queue.items.find((i: { summary: string }) => i.summary === summary)?.id;
    return id;
  }, { timeout: 30_000 }).toBeTruthy();
  return id!;
}

beforeAll(async () => {
  [a, b] = await Promise.all([createTestApp({ jobs: { workers: true } }), createTestApp({ jobs: { workers: true } })]);
  pdf = await samplePdfBytes();
  const [urlA, urlB] = await Promise.all([listen(a), listen(b)]);
  await setOrganId(a, 'vanthu', A_STTTT);
  await setOrganId(b, 'vanthu.snv', B_SNV);
  await setOrganId(b, 'vanthu', B_STTTT);
  const inA = await configurePeer(a, { name: 'Tỉnh B', baseUrl: urlB, inboundKey: 'tinh-b', outboundKey: 'tinh-a' }, { organId: B_SNV, name: 'Sở Nội vụ tỉnh B' });
  remoteInA = inA.agencyId;
  peerInA = inA.peerId;
  await configurePeer(b, { name: 'Tỉnh A', baseUrl: urlA, inboundKey: 'tinh-a', outboundKey: 'tinh-b' }, { organId: A_STTTT, name: 'Sở Thông tin và Truyền thông tỉnh A' });
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

describe('two deployments exchanging documents as peers', () => {
  it('a document issued in A reaches B\'s queue with its file; B registers it and A sees "registered", then recalls it and sees B agree', async () => {
    const id = await issueToProvinceB();
    const summary = (await (await a.as('vanthu')).get(`/api/outgoing-documents/${id}`)).json().summary as string;
    const deliveryId = await arrivedInB(summary);
    const clerkB = await b.as('vanthu.snv');
    const item = (await clerkB.get(`/api/exchange/received/${deliveryId}`)).json();
    expect(item).toMatchObject({ senderAgency: 'Sở Thông tin và Truyền thông tỉnh A', state: 'arrived', urgency: 'urgent' });
    const file = await clerkB.get(`/api/exchange/received/${deliveryId}/files/main`);
    ok(file);
    expect(file.rawPayload.equals(Buffer.from(pdf))).toBe(true);

    ok(await clerkB.post(`/api/exchange/received/${deliveryId}/accept`, {}), 201);
    await expect.poll(async () => (await receiverInA(id)).state, { timeout: 30_000 }).toBe('registered');

    ok(await (await a.as('vanthu')).post(`/api/exchange/sent/${id}/recall`, { reason: 'Sai số liệu phụ lục' }));
    await expect.poll(async () => (await clerkB.get(`/api/exchange/received/${deliveryId}`)).json().recall, { timeout: 30_000 }).toBe('requested');
    ok(await clerkB.post(`/api/exchange/received/${deliveryId}/recall-answer`, { agree: true }));
    await expect.poll(async () => (await receiverInA(id)).recall, { timeout: 30_000 }).toBe('agreed');
  });

  it('a request with a wrong signature, an unknown peer or an old timestamp is refused; a package received twice is refused the second time', async () => {
    const status = buildStatusEdxml({ from: { organId: B_SNV, organName: 'Sở Nội vụ tỉnh B' }, responseFor: { organId: A_STTTT, code: '1/STTTT', documentId: `${A_STTTT},2026/01/01,1/STTTT` }, statusCode: '03', timestamp: new Date() });
    const post = (headers: Record<string, string>) => a.app.inject({ method: 'POST', url: '/api/exchange/peer-inbox', headers, payload: status });
    const good = peerHeaders({ outbound_key: 'tinh-b', secret: SECRET }, status, new Date());
    expect((await post({ ...good, 'x-vanphong-signature': '0'.repeat(64) })).statusCode).toBe(401);
    expect((await post({ ...good, 'x-vanphong-peer': 'tinh-x' })).statusCode).toBe(401);
    expect((await post(peerHeaders({ outbound_key: 'tinh-b', secret: SECRET }, status, new Date(Date.now() - 3600_000)))).statusCode).toBe(401);
    // Signed right, but about a document A never sent: a clear 404, nothing recorded.
    expect((await post(good)).statusCode).toBe(404);

    const id = await issueToProvinceB();
    const summary = (await (await a.as('vanthu')).get(`/api/outgoing-documents/${id}`)).json().summary as string;
    await arrivedInB(summary);
    const sent = (await (await a.as('vanthu')).get(`/api/outgoing-documents/${id}/edxml`));
    ok(sent);
    const again = await b.app.inject({ method: 'POST', url: '/api/exchange/peer-inbox', headers: peerHeaders({ outbound_key: 'tinh-a', secret: SECRET }, sent.body, new Date()), payload: sent.body });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('PEER_DUPLICATE_PACKAGE');
  });

  it('while the peer is down the sender sees the failing attempts, and the document goes once the peer is back', async () => {
    const urlB = (await a.database.db.selectFrom('exchange_peers').select('base_url').where('id', '=', peerInA).executeTakeFirstOrThrow()).base_url;
    await a.database.db.updateTable('exchange_peers').set({ base_url: 'http://127.0.0.1:9' }).where('id', '=', peerInA).execute();
    const id = await issueToProvinceB();
    await expect.poll(async () => (await receiverInA(id)).history[0]?.transmission?.attempts ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
    const failing = (await receiverInA(id)).history[0].transmission;
    expect(failing).toMatchObject({ state: 'failing', error: expect.any(String) });
    await a.database.db.updateTable('exchange_peers').set({ base_url: urlB }).where('id', '=', peerInA).execute();
    const summary = (await (await a.as('vanthu')).get(`/api/outgoing-documents/${id}`)).json().summary as string;
    // pg-boss retries after its backoff (10 s, then doubled): the document then arrives.
    await arrivedInB(summary);
    await expect.poll(async () => (await receiverInA(id)).history[0]?.transmission?.state, { timeout: 30_000 }).toBe('sent');
  }, 120_000);
});

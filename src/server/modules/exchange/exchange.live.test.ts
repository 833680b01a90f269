import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStream } from '../../test-support/event-stream.js';
import { approveThroughChain } from '../../test-support/outgoing-flow.js';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';

// The exchange screens follow their deliveries over the notifications stream: every state change
// is pushed (an `exchange` event) to the receiving agency's clerks and to the sender's officials
// who may see the document, and to nobody else.

let t: TestApp;
let port: number;
let pdf: Uint8Array;

const person = (username: string) => t.people.get(username)!;

async function issuedToSnv(): Promise<string> {
  const metadata = { documentType: 'official_letter', summary: 'V/v phối hợp chuyển đổi số (theo dõi trực tiếp)', recipients: [{ kind: 'agency', agencyId: person('vanthu.snv').agencyId }] };
  const created = await (await t.as('cv.cntt')).upload('/api/outgoing-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'cong-van.pdf', content: Buffer.from(pdf), type: 'application/pdf' }]);
  expect(created.statusCode, created.body).toBe(201);
  const id = await approveThroughChain(t, created.json().id);
  const issued = await (await t.as('vanthu')).post(`/api/outgoing-documents/${id}/issue`, {});
  expect(issued.statusCode, issued.body).toBe(200);
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
  t.setNow(new Date('2026-01-05T03:00:00Z'));
  pdf = await samplePdfBytes();
});
afterAll(async () => t?.close());

describe('live exchange screens', () => {
  it('the arrival, the acceptance and the assignment are pushed at once to the receiving clerk and the sender, and to no one else', async () => {
    const receivingClerk = await openStream(port, (await t.as('vanthu.snv')).cookie);
    const sendingClerk = await openStream(port, (await t.as('vanthu')).cookie);
    const receivingDirector = await openStream(port, (await t.as('giamdoc.snv')).cookie);
    const otherUnit = await openStream(port, (await t.as('cv.khtc')).cookie);
    const streams = [receivingClerk, sendingClerk, receivingDirector, otherUnit];
    for (const stream of streams) await stream.next((e) => e.event === 'counts');

    const documentId = await issuedToSnv();
    const arrived = await receivingClerk.next((e) => e.event === 'exchange' && e.data.side === 'received');
    const deliveryId = arrived.data.deliveryId as string;
    expect(arrived.data).toEqual({ side: 'received', deliveryId });
    expect((await sendingClerk.next((e) => e.event === 'exchange')).data).toEqual({ side: 'sent', deliveryId, documentId });

    const clerk = await t.as('vanthu.snv');
    const marks = streams.map((s) => s.events.length);
    const accepted = await clerk.post(`/api/exchange/received/${deliveryId}/accept`, { submitTo: person('giamdoc.snv').id });
    expect(accepted.statusCode, accepted.body).toBe(201);
    await sendingClerk.next((e) => e.event === 'exchange' && e.data.deliveryId === deliveryId, marks[1]);
    expect((await (await t.as('vanthu')).get(`/api/exchange/sent/${documentId}`)).json().receivers[0]).toMatchObject({ state: 'registered', code: '03' });

    const afterAccept = sendingClerk.events.length;
    const assigned = await (await t.as('giamdoc.snv')).post(`/api/incoming-documents/${accepted.json().incomingDocumentId}/assign`, {
      direction: 'Văn thư theo dõi', assignments: [{ role: 'lead', userId: person('vanthu.snv').id }],
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    await sendingClerk.next((e) => e.event === 'exchange' && e.data.deliveryId === deliveryId, afterAccept);
    expect((await (await t.as('vanthu')).get(`/api/exchange/sent/${documentId}`)).json().receivers[0]).toMatchObject({ state: 'assigned', code: '04' });

    // The receiving director (not a clerk) and a specialist of another unit of the sender were told nothing.
    await receivingClerk.next((e) => e.event === 'exchange' && e.data.deliveryId === deliveryId, marks[0]);
    expect(receivingDirector.events.filter((e) => e.event === 'exchange')).toEqual([]);
    expect(otherUnit.events.filter((e) => e.event === 'exchange')).toEqual([]);
    for (const stream of streams) stream.close();
  });
});

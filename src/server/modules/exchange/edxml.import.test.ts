import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveThroughChain } from '../../test-support/outgoing-flow.js';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';
import { certificatePem, issueCertificate } from '../signatures/demo-ca.js';
import { buildStatusEdxml } from './edxml.build.js';
import { signEnvelope } from './edxml.signature.js';

// A package carried by hand: province A's Sở TT&TT exports an issued document as edXML (it went by
// e-mail, say) and province B's clerk imports it into the electronic-incoming queue, where it is
// accepted like any arrival; B's status package goes back the same way. Two deployments, each with
// its own database; A knows B's Sở TT&TT as an agency of its peer B, and B knows A's.

let a: TestApp;
let b: TestApp;
let pdf: Uint8Array;
let serial = 0;
const SECRET = 'mot-bi-mat-chung-giua-hai-tinh-dai-hon-32-ky-tu';
const A_STTTT = '000.00.01.H17';
const B_STTTT = '000.00.92.H99';
let remoteInA: string;

function ok(response: { statusCode: number; body: string }, status = 200) {
  expect(response.statusCode, response.body).toBe(status);
}

async function configurePeer(t: TestApp, input: { name: string; baseUrl: string; inboundKey: string; outboundKey: string }, agency: { organId: string; name: string }) {
  const admin = await t.as('quantri');
  const peer = await admin.post('/api/exchange/peers', { ...input, secret: SECRET });
  ok(peer, 201);
  const added = await admin.post(`/api/exchange/peers/${peer.json().id}/agencies`, agency);
  ok(added, 201);
  return { peerId: peer.json().id as string, agencyId: added.json().id as string };
}

/** A's CNTT specialist drafts a công văn to B's Sở TT&TT; approved, A's clerk issues it and exports its package. */
async function exportedFromA(): Promise<{ id: string; xml: string }> {
  serial += 1;
  const metadata = { documentType: 'official_letter', summary: `V/v phối hợp liên thông bằng tệp edXML, lần ${serial}`, urgency: 'urgent', recipients: [{ kind: 'agency', agencyId: remoteInA }] };
  const created = await (await a.as('cv.cntt')).upload('/api/outgoing-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'cong-van.pdf', content: Buffer.from(pdf), type: 'application/pdf' }]);
  ok(created, 201);
  const id = await approveThroughChain(a, created.json().id);
  ok(await (await a.as('vanthu')).post(`/api/outgoing-documents/${id}/issue`, {}));
  const exported = await (await a.as('vanthu')).get(`/api/outgoing-documents/${id}/edxml`);
  ok(exported);
  return { id, xml: exported.body };
}

async function importInto(t: TestApp, username: string, xml: string | Buffer) {
  const client = await t.as(username);
  return t.app.inject({ method: 'POST', url: '/api/exchange/edxml/import', headers: { cookie: client.cookie, 'content-type': 'application/xml' }, payload: xml });
}

/** What an import may leave behind in B: nothing, when refused. */
async function footprint(t: TestApp) {
  const db = t.database.db;
  const count = async (table: 'documents' | 'document_versions' | 'exchange_deliveries' | 'exchange_statuses') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { documents: await count('documents'), versions: await count('document_versions'), deliveries: await count('exchange_deliveries'), statuses: await count('exchange_statuses') };
}

beforeAll(async () => {
  [a, b] = await Promise.all([createTestApp(), createTestApp({ config: { edxmlMaxMb: 1 } })]);
  pdf = await samplePdfBytes();
  for (const [t, organId] of [[a, A_STTTT], [b, B_STTTT]] as const) {
    await t.database.db.updateTable('agencies').set({ organ_id: organId }).where('id', '=', t.people.get('vanthu')!.agencyId).execute();
  }
  // No worker runs: what the peers would send each other over HTTPS stays queued; the files carry it.
  remoteInA = (await configurePeer(a, { name: 'Tỉnh B', baseUrl: 'http://127.0.0.1:9', inboundKey: 'tinh-b', outboundKey: 'tinh-a' }, { organId: B_STTTT, name: 'Sở Thông tin và Truyền thông tỉnh B' })).agencyId;
  await configurePeer(b, { name: 'Tỉnh A', baseUrl: 'http://127.0.0.1:9', inboundKey: 'tinh-a', outboundKey: 'tinh-b' }, { organId: A_STTTT, name: 'Sở Thông tin và Truyền thông tỉnh A' });
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

describe('manual edXML import', () => {
  it('an exported package imported by the receiving clerk arrives with the same metadata and byte-identical files; accepted there, its status package imported back shows "registered" to the sender', async () => {
    const { id, xml } = await exportedFromA();
    const imported = await importInto(b, 'vanthu', xml);
    ok(imported, 201);
    const deliveryId = imported.json().deliveryId as string;
    expect(imported.json()).toMatchObject({ kind: 'document', signature: { present: false, valid: false, trusted: false } });

    const clerkB = await b.as('vanthu');
    const queue = (await clerkB.get('/api/exchange/received')).json();
    expect(queue.items.map((i: { id: string }) => i.id)).toContain(deliveryId);
    const item = (await clerkB.get(`/api/exchange/received/${deliveryId}`)).json();
    const sent = (await (await a.as('vanthu')).get(`/api/outgoing-documents/${id}`)).json();
    expect(item).toMatchObject({
      senderAgency: 'Sở Thông tin và Truyền thông tỉnh A', state: 'arrived', actions: ['accept', 'reject'],
      number: sent.number, notation: sent.notation, issuedOn: sent.issuedOn, summary: sent.summary, urgency: 'urgent', documentType: 'official_letter',
    });
    const stored = await a.database.db.selectFrom('document_versions').select('file_hash').where('document_id', '=', id).executeTakeFirstOrThrow();
    const file = await clerkB.get(`/api/exchange/received/${deliveryId}/files/main`);
    ok(file);
    expect(file.rawPayload.equals(Buffer.from(pdf))).toBe(true);
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(stored.file_hash);

    const accepted = await clerkB.post(`/api/exchange/received/${deliveryId}/accept`, {});
    ok(accepted, 201);
    const status = buildStatusEdxml({
      from: { organId: B_STTTT, organName: 'Sở Thông tin và Truyền thông tỉnh B' },
      responseFor: { organId: A_STTTT, code: `${sent.number}/${sent.notation}`, documentId: (await a.database.db.selectFrom('documents').select('edxml_document_id').where('id', '=', id).executeTakeFirstOrThrow()).edxml_document_id! },
      statusCode: '03', description: `${accepted.json().arrivalNumber}`, timestamp: new Date(),
    });
    // Only the clerk imports; the leader is told so.
    expect((await importInto(a, 'giamdoc', status)).json().error.code).toBe('ONLY_CLERK_RECEIVES');
    const back = await importInto(a, 'vanthu', status);
    ok(back, 201);
    expect(back.json()).toMatchObject({ kind: 'status', statusCode: '03' });
    expect((await (await a.as('vanthu')).get(`/api/exchange/sent/${id}`)).json().receivers[0]).toMatchObject({ state: 'registered', code: '03' });
  });

  it('a package too large, with a bad base64 attachment, without a required element, or imported twice is refused with a vi+en message naming the problem, and nothing is stored', async () => {
    const { xml } = await exportedFromA();
    const before = await footprint(b);
    const expectRefused = async (body: string | Buffer, status: number, code: string) => {
      const answer = await importInto(b, 'vanthu', body);
      expect(answer.statusCode, answer.body).toBe(status);
      const error = answer.json().error;
      expect(error.code).toBe(code);
      expect(error.message).toMatchObject({ vi: expect.any(String), en: expect.any(String) });
      expect(await footprint(b)).toEqual(before);
      return error;
    };
    // B accepts packages up to 1 MB.
    await expectRefused(xml.replace('</edXML:Subject>', `${' '.repeat(1_100_000)}</edXML:Subject>`), 413, 'UPLOAD_TOO_LARGE');
    const badBase64 = await expectRefused(xml.replace(/(<edXML:ContentTransferEncoded[^>]*>)[A-Za-z0-9+/]{8}/, '$1@@not-b64'), 400, 'VALIDATION');
    expect(badBase64.fields.map((f: { field: string }) => f.field).join(' ')).toMatch(/Attachment/);
    const missing = await expectRefused(xml.replace(/<edXML:Subject>[\s\S]*?<\/edXML:Subject>/, ''), 400, 'VALIDATION');
    expect(missing.fields).toContainEqual(expect.objectContaining({ field: expect.stringContaining('Subject'), code: 'EDXML_MISSING', message: { vi: expect.stringContaining('Subject'), en: expect.stringContaining('Subject') } }));

    ok(await importInto(b, 'vanthu', xml), 201);
    const once = await footprint(b);
    const twice = await importInto(b, 'vanthu', xml);
    expect(twice.statusCode, twice.body).toBe(409);
    expect(twice.json().error).toMatchObject({ code: 'EDXML_ALREADY_RECEIVED', message: { vi: expect.stringContaining('DocumentId'), en: expect.stringContaining('DocumentId') } });
    expect(await footprint(b)).toEqual(once);
  });

  it('a signed envelope shows in the queue who signed it, that the signature is valid and whether this agency trusts the signer; a changed one is shown invalid', async () => {
    const now = new Date();
    const subject = (cn: string) => [{ shortName: 'CN', value: cn, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class }];
    const root = await issueCertificate({ subject: subject('CA thử nghiệm tỉnh A'), notBefore: new Date(now.getTime() - 86_400_000), notAfter: new Date(now.getTime() + 365 * 86_400_000), ca: true });
    const agency = await issueCertificate({ subject: subject('Sở Thông tin và Truyền thông tỉnh A'), notBefore: new Date(now.getTime() - 86_400_000), notAfter: new Date(now.getTime() + 365 * 86_400_000), ca: false }, root);
    const sign = (xml: string) => signEnvelope(xml, forge.pki.privateKeyToPem(agency.key), certificatePem(agency.cert));

    const untrusted = await importInto(b, 'vanthu', sign((await exportedFromA()).xml));
    ok(untrusted, 201);
    expect(untrusted.json().signature).toMatchObject({ present: true, valid: true, trusted: false, signer: { subject: expect.stringContaining('Sở Thông tin và Truyền thông tỉnh A') } });

    ok(await (await b.as('quantri')).post('/api/signatures/trusted-roots', { pem: certificatePem(root.cert) }), 201);
    const trusted = await importInto(b, 'vanthu', sign((await exportedFromA()).xml));
    ok(trusted, 201);
    const clerkB = await b.as('vanthu');
    const shown = (await clerkB.get('/api/exchange/received')).json().items.find((i: { id: string }) => i.id === trusted.json().deliveryId);
    expect(shown.envelopeSignature).toMatchObject({ present: true, valid: true, trusted: true, signer: { subject: expect.stringContaining('tỉnh A') } });

    const signed = sign((await exportedFromA()).xml);
    const tampered = await importInto(b, 'vanthu', signed.replace(/(<edXML:Subject>)V\/v/, '$1Về việc'));
    ok(tampered, 201);
    expect(tampered.json().signature).toMatchObject({ present: true, valid: false, trusted: false });
  });
});

describe('peer secrets at rest', () => {
  it('the shared secret is stored sealed by the key vault, never in clear, and the peer\'s service accounts are in no list of officials', async () => {
    const rows = await a.database.db.selectFrom('exchange_peers').select(['secret', 'secret_sealed']).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.secret).toBeNull();
      expect(Buffer.from(row.secret_sealed!).includes(Buffer.from(SECRET))).toBe(false);
    }
    const listed = (await (await a.as('quantri')).get('/api/org/users?includeInactive=true')).json().items.map((u: { username: string }) => u.username);
    expect(listed.some((u: string) => u.startsWith('peer:'))).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSamplePdf } from '../demo/demo.pdf.js';
import { DEMO_KEY_PASSPHRASE } from '../signatures/demo-ca.js';
import { approveThroughChain } from '../../test-support/outgoing-flow.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { parseEdxml } from './edxml.parse.js';

let t: TestApp;
let draftPdf: Uint8Array;
let issuedId: string;
const id = (username: string) => t.people.get(username)!.id;
const SENDER = '000.00.11.H17';
const RECEIVER = '000.00.12.H17';

function ok(response: { statusCode: number; body: string }, status = 200) {
  expect(response.statusCode, response.body).toBe(status);
}

async function setOrganId(username: string, organId: string | null) {
  await t.database.db.updateTable('agencies').set({ organ_id: organId }).where('id', '=', t.people.get(username)!.agencyId).execute();
}

/** A công văn to Sở Nội vụ (another agency of the deployment) and an outside agency, signed by the director and issued with the agency signature. */
async function issueToOtherAgency(summary: string): Promise<string> {
  const drafter = await t.as('cv.cntt');
  const metadata = {
    documentType: 'official_letter', summary, urgency: 'very_urgent', signerId: id('giamdoc'), signingForm: 'none',
    recipients: [{ kind: 'agency', agencyId: t.people.get('vanthu.snv')!.agencyId }, { kind: 'external', name: 'UBND các huyện, thị xã, thành phố' }],
  };
  const created = await drafter.upload('/api/outgoing-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'du-thao.pdf', content: Buffer.from(draftPdf) }]);
  ok(created, 201);
  const docId = created.json().id as string;
  await approveThroughChain(t, docId);
  const director = await t.as('giamdoc');
  const certificateId = (await director.get('/api/signing/certificates')).json().items[0].id as string;
  ok(await director.post(`/api/outgoing-documents/${docId}/sign`, { certificateId, passphrase: DEMO_KEY_PASSPHRASE }));
  ok(await (await t.as('vanthu')).post(`/api/outgoing-documents/${docId}/issue`, { copies: 2, agencyPassphrase: DEMO_KEY_PASSPHRASE }));
  return docId;
}

async function inspect(username: string, xml: string | Buffer) {
  const client = await t.as(username);
  return t.app.inject({ method: 'POST', url: '/api/exchange/edxml/inspect', headers: { cookie: client.cookie, 'content-type': 'application/xml' }, payload: xml });
}

beforeAll(async () => {
  t = await createTestApp({ signing: true });
  draftPdf = await renderSamplePdf({ issuer: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', reference: '          /STTTT-CNTT', issuedOn: '2026-01-05', summary: 'V/v liên thông văn bản điện tử', signer: 'Nguyễn Văn Hùng' });
  await setOrganId('vanthu', SENDER);
  await setOrganId('vanthu.snv', RECEIVER);
  issuedId = await issueToOtherAgency('V/v kết nối liên thông văn bản điện tử với Trục liên thông văn bản quốc gia');
});

afterAll(async () => {
  await t?.close();
});

describe('an issued document as an edXML package', () => {
  it('the clerk exports the package: sender and addressee OrganIds, reference, urgency, signer and the agency-signed PDF byte for byte', async () => {
    const clerk = await t.as('vanthu');
    const response = await clerk.get(`/api/outgoing-documents/${issuedId}/edxml`);
    ok(response);
    expect(response.headers['content-type']).toContain('application/xml');
    expect(response.headers['content-disposition']).toMatch(/\.edxml/);
    const doc = (await clerk.get(`/api/outgoing-documents/${issuedId}`)).json();
    const parsed = parseEdxml(Buffer.from(response.body), { today: '2100-01-01', maxBytes: 1e9 });
    if (parsed.kind !== 'document') throw new Error('not a document package');
    const d = parsed.document;
    expect(d.from).toMatchObject({ organId: SENDER, organName: 'Sở Thông tin và Truyền thông tỉnh Điện Biên' });
    expect(d.to).toEqual([expect.objectContaining({ organId: RECEIVER, organName: 'Sở Nội vụ tỉnh Điện Biên' })]);
    expect(d.toPlaces).toContain('UBND các huyện, thị xã, thành phố');
    expect(d.code).toEqual({ number: doc.number, notation: doc.notation });
    expect(d.documentId).toBe(`${SENDER},${doc.issuedOn.replaceAll('-', '/')},${doc.number}/${doc.notation}`);
    expect(d.business).toMatchObject({ docType: 'new', documentId: d.documentId, staff: expect.objectContaining({ staff: 'Phạm Thị Lan' }) });
    expect(d.documentType.typeName).toBe('Công văn');
    expect(d.otherInfo).toMatchObject({ priority: 2, promulgationAmount: 2 });
    expect(d.signer).toMatchObject({ fullName: 'Nguyễn Văn Hùng', position: 'Giám đốc' });
    const signedPdf = (await clerk.get(`/api/outgoing-documents/${issuedId}/signed-pdf`)).rawPayload;
    expect(d.attachments[0]!.contentType).toBe('application/pdf');
    expect(d.attachments[0]!.content.equals(signedPdf)).toBe(true);
    const history = (await clerk.get(`/api/outgoing-documents/${issuedId}`)).json().events as { action: string }[];
    expect(history.map((e) => e.action)).toContain('edxml_exported');
  });

  it('a specialist cannot export, another agency never learns the document exists, and a secret document never leaves', async () => {
    expect((await (await t.as('cv.cntt')).get(`/api/outgoing-documents/${issuedId}/edxml`)).statusCode).toBe(403);
    expect((await (await t.as('vanthu.snv')).get(`/api/outgoing-documents/${issuedId}/edxml`)).statusCode).toBe(404);
    await t.database.db.updateTable('documents').set({ secrecy: 'confidential' }).where('id', '=', issuedId).execute();
    try {
      const refused = await (await t.as('vanthu')).get(`/api/outgoing-documents/${issuedId}/edxml`);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('EDXML_SECRET_REFUSED');
    } finally {
      await t.database.db.updateTable('documents').set({ secrecy: 'none' }).where('id', '=', issuedId).execute();
    }
  });

  it('without the agency OrganId the export says what the administrator must do', async () => {
    await setOrganId('vanthu', null);
    try {
      const refused = await (await t.as('vanthu')).get(`/api/outgoing-documents/${issuedId}/edxml`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'EDXML_NO_ORGAN_ID', message: { vi: expect.stringContaining('mã định danh') } });
    } finally {
      await setOrganId('vanthu', SENDER);
    }
  });
});

describe('checking a received package', () => {
  it('the receiving clerk sees what a package holds, its files with their SHA-256, and that its sender is an agency of the deployment', async () => {
    const xml = (await (await t.as('vanthu')).get(`/api/outgoing-documents/${issuedId}/edxml`)).body;
    const response = await inspect('vanthu.snv', xml);
    ok(response);
    const body = response.json();
    expect(body).toMatchObject({ kind: 'document', sender: { kind: 'agency', name: 'Sở Thông tin và Truyền thông tỉnh Điện Biên' }, signature: { present: false, valid: false } });
    expect(body.document.attachments[0]).toMatchObject({ contentType: 'application/pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('a package exported signed carries the agency certificate\'s XML signature, valid over the whole envelope; a wrong passphrase signs nothing', async () => {
    const clerk = await t.as('vanthu');
    const signed = await clerk.post(`/api/outgoing-documents/${issuedId}/edxml/signed`, { agencyPassphrase: DEMO_KEY_PASSPHRASE });
    ok(signed);
    const checked = (await inspect('vanthu.snv', signed.body)).json();
    expect(checked.signature).toMatchObject({ present: true, valid: true, coversPackage: true, signer: { subject: expect.stringContaining('Sở Thông tin và Truyền thông') } });
    const wrong = await clerk.post(`/api/outgoing-documents/${issuedId}/edxml/signed`, { agencyPassphrase: 'sai-mat-khau' });
    expect(wrong.statusCode, wrong.body).toBeGreaterThanOrEqual(400);
    expect(wrong.statusCode).toBeLessThan(500);
    expect(wrong.json().error.message).toMatchObject({ vi: expect.any(String), en: expect.any(String) });
  });

  it('a malformed package is refused with a 400 naming each element and what is wrong, in Vietnamese and English', async () => {
    const xml = (await (await t.as('vanthu')).get(`/api/outgoing-documents/${issuedId}/edxml`)).body
      .replace(/<edXML:Subject>[^<]*<\/edXML:Subject>/, '')
      .replace(/(<edXML:CodeNumber>)[^<]*/, '$1123456789012');
    const response = await inspect('vanthu.snv', xml);
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.fields as { field: string; message: { vi: string; en: string } }[];
    expect(fields).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'edxml.MessageHeader.Subject', message: expect.objectContaining({ vi: expect.stringContaining('MessageHeader.Subject bị thiếu') }) }),
      expect.objectContaining({ field: 'edxml.MessageHeader.Code.CodeNumber', message: expect.objectContaining({ en: expect.stringContaining('longer than 11') }) }),
    ]));
  });

  it('garbage, an empty body and a specialist get clear 4xx answers, never a 500', async () => {
    expect((await inspect('vanthu.snv', '\u0000\uD800 not xml')).statusCode).toBe(400);
    expect((await inspect('vanthu.snv', Buffer.alloc(0))).statusCode).toBe(400);
    expect((await inspect('cv.cntt', '<edXML/>')).statusCode).toBe(403);
  });
});

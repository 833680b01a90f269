import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../test-support/test-app.js';
import { makeCertificate, makePdf, makeTestPki, p12Signer, signFirst, type TestPki } from './pdf-verify.fixtures.js';

let t: TestApp;
let pki: TestPki;
let signed: Buffer;
let serial = 0;
const signingTime = new Date('2026-01-02T02:00:00Z');

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-01-05T03:00:00Z'));
  pki = makeTestPki({ root: { commonName: 'VanPhong Test Root CA', organization: 'VanPhong Demo' }, at: signingTime });
  signed = await signFirst(await makePdf(), p12Signer(pki), signingTime);
});
afterAll(async () => t?.close());

/** A multipart form with one file in the field `file`, as the web client sends it. */
async function sendFile(as: Client, url: string, content: Uint8Array, name = 'van-ban.pdf', field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(content)], { type: 'application/octet-stream' }), name);
  const response = new Response(form);
  return t.app.inject({ method: 'POST', url, headers: { cookie: as.cookie, 'content-type': response.headers.get('content-type')! }, payload: Buffer.from(await response.arrayBuffer()) });
}

async function registerSigned(overrides: Record<string, unknown> = {}) {
  const clerk = await t.as('vanthu');
  const metadata = { issuer: 'UBND tỉnh Điện Biên', number: String(500 + ++serial), notation: 'UBND-KT', issuedOn: '2026-01-02', documentType: 'official_letter', summary: `V/v kiểm tra chữ ký số ${serial}`, ...overrides };
  const created = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'van-ban-ky-so.pdf', content: signed, type: 'application/pdf' }]);
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const detail = (await clerk.get(`/api/incoming-documents/${id}`)).json();
  return { id, attachmentId: detail.attachments[0].id as string };
}

describe('trusted root certificates', () => {
  it('only an admin imports a root (PEM as JSON or a DER file); everyone of the agency reads the list, no other agency does', async () => {
    const clerk = await t.as('vanthu');
    const refused = await clerk.post('/api/signatures/trusted-roots', { pem: pki.root.pem });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('ADMIN_ONLY');

    const admin = await t.as('quantri');
    const imported = await admin.post('/api/signatures/trusted-roots', { pem: pki.root.pem });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({ subject: 'C=VN, O=VanPhong Demo, CN=VanPhong Test Root CA', issuer: 'C=VN, O=VanPhong Demo, CN=VanPhong Test Root CA' });
    expect(imported.json().fingerprintSha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await admin.post('/api/signatures/trusted-roots', { pem: pki.root.pem });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'TRUSTED_ROOT_EXISTS']);

    // A second CA as a DER file (.cer), as a CA's website offers it.
    const other = makeCertificate({ name: { commonName: 'Root CA Chính phủ (thử)' }, ca: true, notBefore: new Date('2025-01-01'), notAfter: new Date('2035-01-01') });
    const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(other.cert)).getBytes(), 'binary');
    const fromFile = await sendFile(admin, '/api/signatures/trusted-roots', der, 'root.cer');
    expect(fromFile.statusCode, fromFile.body).toBe(201);
    expect(fromFile.json().subject).toBe('C=VN, CN=Root CA Chính phủ (thử)');

    expect((await clerk.get('/api/signatures/trusted-roots')).json().items).toHaveLength(2);
    expect((await (await t.as('vanthu.snv')).get('/api/signatures/trusted-roots')).json().items).toEqual([]);
    // Nor can another agency remove ours (it does not exist for them); the clerk may not either.
    expect((await (await t.as('vanthu.snv')).delete(`/api/signatures/trusted-roots/${fromFile.json().id}`)).statusCode).toBe(403);
    expect((await clerk.delete(`/api/signatures/trusted-roots/${fromFile.json().id}`)).statusCode).toBe(403);
    expect((await admin.delete(`/api/signatures/trusted-roots/${fromFile.json().id}`)).statusCode).toBe(200);
    expect((await admin.delete(`/api/signatures/trusted-roots/${fromFile.json().id}`)).statusCode).toBe(404);
  });

  it('a bad certificate is refused with 400 and a message in Vietnamese and English', async () => {
    const admin = await t.as('quantri');
    const garbage = await admin.post('/api/signatures/trusted-roots', { pem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().error).toMatchObject({ code: 'CERTIFICATE_UNREADABLE', message: { vi: expect.stringContaining('Không đọc được chứng thư số'), en: expect.stringContaining('cannot be read') } });
    const notCertificate = await sendFile(admin, '/api/signatures/trusted-roots', Buffer.from('this is not a certificate'), 'root.cer');
    expect([notCertificate.statusCode, notCertificate.json().error.code]).toEqual([400, 'CERTIFICATE_UNREADABLE']);
    const leaf = await admin.post('/api/signatures/trusted-roots', { pem: pki.leaf.pem });
    expect(leaf.statusCode).toBe(400);
    expect(leaf.json().error).toMatchObject({ code: 'CERTIFICATE_NOT_CA', message: { vi: expect.stringContaining('Lò Văn Tiến'), en: expect.stringContaining('not a certificate authority') } });
    expect((await admin.post('/api/signatures/trusted-roots', { pem: 42 })).statusCode).toBe(400);
  });
});

describe('verifying the PDFs of the system', () => {
  it('the clerk checks a PDF before registering it: valid with the root imported, and nothing is stored', async () => {
    const clerk = await t.as('vanthu');
    const before = (await t.database.db.selectFrom('attachments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const response = await sendFile(clerk, '/api/signatures/verify', signed);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'signed', signatures: [{ status: 'valid', signer: { commonName: 'Lò Văn Tiến', organization: 'UBND tỉnh Điện Biên' }, revocation: 'not_checked' }] });
    expect((await t.database.db.selectFrom('attachments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(before);
    // The same file checked in another agency, which trusts no root: signed by an unknown issuer.
    const outside = await sendFile(await t.as('vanthu.snv'), '/api/signatures/verify', signed);
    expect(outside.json().signatures[0]).toMatchObject({ status: 'untrusted', problems: ['unknown_issuer'] });
  });

  it('a tampered, a garbage or a missing upload is answered, never a server error', async () => {
    const clerk = await t.as('vanthu');
    const tampered = Buffer.from(signed);
    tampered[11] = tampered[11]! ^ 1;
    expect((await sendFile(clerk, '/api/signatures/verify', tampered)).json().signatures[0].status).toBe('broken');
    expect((await sendFile(clerk, '/api/signatures/verify', Buffer.from('%PDF-1.7\n<< /ByteRange [0 9 99 1] /Contents <30> >>'))).statusCode).toBe(200);
    expect((await sendFile(clerk, '/api/signatures/verify', Buffer.from([0, 1, 2, 3]))).json()).toMatchObject({ status: 'unsupported', reason: 'not_pdf' });
    expect((await sendFile(clerk, '/api/signatures/verify', signed.subarray(0, 4000))).statusCode).toBe(200);
    const tooLarge = await sendFile(clerk, '/api/signatures/verify', Buffer.alloc(3 * 1024 * 1024, 0x20)); // the test app allows 2 MB
    expect([tooLarge.statusCode, tooLarge.json().error.code]).toEqual([400, 'FILE_TOO_LARGE']);
    const wrongField = await sendFile(clerk, '/api/signatures/verify', signed, 'a.pdf', 'files');
    expect([wrongField.statusCode, wrongField.json().error.code]).toEqual([400, 'UNEXPECTED_FILE_FIELD']);
    const notMultipart = await clerk.post('/api/signatures/verify', { file: 'x' });
    expect(notMultipart.statusCode).toBe(415);
    expect((await t.anonymous().post('/api/signatures/verify', {})).statusCode).toBe(401);
  });

  it('a registered attachment shows its signatures to whoever may open it; another agency gets 404', async () => {
    const { id, attachmentId } = await registerSigned();
    const url = `/api/signatures/verify/attachments/${attachmentId}`;
    const clerk = await t.as('vanthu');
    const report = await clerk.get(url);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().signatures[0]).toMatchObject({ status: 'valid', coverage: { coversWholeFile: true } });
    for (const username of ['vanthu.snv', 'giamdoc.snv']) {
      const outsider = await t.as(username);
      expect((await outsider.get(url)).statusCode).toBe(404);
      expect((await outsider.get(`/api/incoming-documents/${id}/attachments/${attachmentId}`)).statusCode).toBe(404);
    }
    expect((await clerk.get('/api/signatures/verify/attachments/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await clerk.get('/api/signatures/verify/attachments/not-a-uuid')).statusCode).toBe(400);
  });

  it("a secret document's file: the verification answers exactly as opening the file does, for each official", async () => {
    const { id, attachmentId } = await registerSigned({ secrecy: 'secret', submitTo: t.people.get('giamdoc')!.id });
    const director = await t.as('giamdoc');
    const assigned = await director.post(`/api/incoming-documents/${id}/assign`, { direction: 'Giao phòng CNTT.', assignments: [{ role: 'lead', unitId: t.people.get('tp.cntt')!.unitId, dueDate: '2026-01-20' }] });
    expect(assigned.statusCode, assigned.body).toBe(200);
    for (const username of ['giamdoc', 'vanthu', 'tp.cntt', 'cv.cntt', 'cv.khtc', 'quantri', 'vanthu.snv']) {
      const as = await t.as(username);
      const opened = (await as.get(`/api/incoming-documents/${id}/attachments/${attachmentId}`)).statusCode;
      const verified = await as.get(`/api/signatures/verify/attachments/${attachmentId}`);
      expect(verified.statusCode, username).toBe(opened);
      if (opened !== 200) expect(verified.json().signatures, username).toBeUndefined();
    }
  });

  it("an outgoing version's PDF is verified for those who see the draft; 404 for another agency or a missing version", async () => {
    const drafter = await t.as('cv.cntt');
    const created = await drafter.upload('/api/outgoing-documents', {
      metadata: JSON.stringify({ documentType: 'official_letter', summary: 'V/v dự thảo đã ký thử', urgency: 'normal', recipients: [{ kind: 'external', name: 'UBND các huyện' }] }),
    }, [{ name: 'du-thao.pdf', content: signed, type: 'application/pdf' }]);
    expect(created.statusCode, created.body).toBe(201);
    const url = `/api/signatures/verify/outgoing/${created.json().id}/versions/1`;
    const report = await drafter.get(url);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().signatures[0].status).toBe('valid');
    expect((await (await t.as('vanthu.snv')).get(url)).statusCode).toBe(404);
    expect((await drafter.get(`/api/signatures/verify/outgoing/${created.json().id}/versions/2`)).statusCode).toBe(404);
  });

  it('removing the root makes the same file "unknown issuer" at once', async () => {
    const admin = await t.as('quantri');
    const roots = (await admin.get('/api/signatures/trusted-roots')).json().items as { id: string }[];
    for (const root of roots) expect((await admin.delete(`/api/signatures/trusted-roots/${root.id}`)).statusCode).toBe(200);
    const report = await sendFile(await t.as('vanthu'), '/api/signatures/verify', signed);
    expect(report.json().signatures[0].status).toBe('untrusted');
  });
});

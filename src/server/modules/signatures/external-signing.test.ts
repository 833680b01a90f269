import { execFile, spawn } from 'node:child_process';
import { randomBytes, sign } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSamplePdf } from '../demo/demo.pdf.js';
import { collectUnreferencedFiles } from '../files/file-collector.js';
import { type Client, createTestApp, type TestApp } from '../../test-support/test-app.js';
import { approveThroughChain } from '../../test-support/outgoing-flow.js';
import { DEMO_KEY_PASSPHRASE } from './demo-ca.js';
import { vaultFor } from './keys.js';
import { makeCertificate, PASSPHRASE } from './pdf-verify.fixtures.js';
import { verifyPdf } from './pdf-verify.js';
import forge from 'node-forge';

// The signer's signature with a key the server never holds, through the HTTP API: prepare hands
// out the digest (and the signed attributes), a SEPARATE process holding only the .p12 answers
// (external-signer.fixture.ts), and complete checks and records the signature.

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
let t: TestApp;
let pdf: Uint8Array;
let dir: string;
let directorP12: string;
let serial = 0;
const id = (username: string) => t.people.get(username)!.id;

async function ok(response: { statusCode: number; body: string }, status = 200) {
  expect(response.statusCode, response.body).toBe(status);
}

interface Handout {
  sessionId: string;
  expiresAt: string;
  signingTime: string;
  contentDigest: string;
  signedAttributes: string | null;
  signedAttributesDigest: string | null;
  keyType: string | null;
  byteRange: number[];
  maxCmsBytes: number;
}

/** A công văn whose signer block names the director, taken through its whole chain. */
async function approvedForDirector(): Promise<string> {
  serial += 1;
  const drafter = await t.as('cv.cntt');
  const metadata = { documentType: 'official_letter', summary: `V/v ký số bằng thiết bị ngoài, lần ${serial}`, urgency: 'normal', signerId: id('giamdoc'), recipients: [{ kind: 'external', name: 'UBND các huyện' }] };
  const created = await drafter.upload('/api/outgoing-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'du-thao.pdf', content: Buffer.from(pdf) }]);
  await ok(created, 201);
  const docId = created.json().id as string;
  return approveThroughChain(t, docId);
}

/** The "token": its own node process with only a .p12 and its passphrase (see external-signer.fixture.ts). */
async function token<T>(command: 'certificate' | 'signature' | 'cms', handout?: Handout, p12 = directorP12, passphrase = DEMO_KEY_PASSPHRASE): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'external-signer.fixture.ts')], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.stdin.end(JSON.stringify({ p12, passphrase, command, handout }));
  const code = await exited;
  if (code !== 0) throw new Error(`token exited ${code}: ${err}`);
  return JSON.parse(out) as T;
}

const directorCertificate = () => token<{ certificate: string; chain: string[] }>('certificate');

async function prepare(as: Client, docId: string, body: object = {}) {
  return as.post(`/api/outgoing-documents/${docId}/external-signing`, body);
}

async function prepared(as: Client, docId: string, body: object = {}): Promise<Handout> {
  const response = await prepare(as, docId, body);
  await ok(response, 201);
  return response.json() as Handout;
}

const complete = (as: Client, sessionId: string, body: object) => as.post(`/api/external-signing/${sessionId}/complete`, body);

const signatureRows = (documentId: string) => t.database.db.selectFrom('document_signatures').selectAll().where('document_id', '=', documentId).execute();

async function storedFileCount() {
  const files = await fs.readdir(t.fileRoot, { recursive: true, withFileTypes: true });
  return files.filter((f) => f.isFile() && !f.parentPath.includes(`${path.sep}tmp`) && !f.parentPath.includes(`${path.sep}trash`) && !f.name.startsWith('signing-key')).length;
}

const hasPdfsig = () => run('pdfsig', ['-v']).then(() => true, () => false);

/** pdfsig's report of a file: how many signatures, and how many it finds valid. */
async function pdfsig(bytes: Buffer, name: string) {
  const file = path.join(dir, `${name}.pdf`);
  await fs.writeFile(file, bytes);
  const { stdout } = await run('pdfsig', [file]).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return { signatures: stdout.match(/Signature #\d/g)?.length ?? 0, valid: stdout.match(/Signature is Valid/g)?.length ?? 0, stdout };
}

/** A key of someone else (or of the director's name, but another key), as a .p12 file. */
async function otherP12(commonName: string, name: string) {
  const now = new Date();
  const ca = makeCertificate({ name: { commonName: 'CA khác' }, ca: true, notBefore: new Date(now.getTime() - 864e5), notAfter: new Date(now.getTime() + 3650 * 864e5) });
  const leaf = makeCertificate({ name: { commonName }, issuer: ca, ca: false, notBefore: new Date(now.getTime() - 864e5), notAfter: new Date(now.getTime() + 365 * 864e5) });
  const file = path.join(dir, `${name}.p12`);
  await fs.writeFile(file, Buffer.from(forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(leaf.key, [leaf.cert, ca.cert], PASSPHRASE, { algorithm: '3des' })).getBytes(), 'binary'));
  return { file, leaf, ca };
}

beforeAll(async () => {
  t = await createTestApp({ signing: true });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-token-'));
  pdf = await renderSamplePdf({ issuer: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', reference: '          /STTTT-CNTT', issuedOn: '2026-01-05', summary: 'V/v ký số bằng thiết bị ngoài', signer: 'Nguyễn Văn Hùng' });
  // The director's .p12 leaves the server once, into the token's own file: from here on only the token process opens it.
  const row = await t.database.db.selectFrom('signing_certificates').select('encrypted_p12').where('user_id', '=', id('giamdoc')).where('key_held', '=', 'server').executeTakeFirstOrThrow();
  directorP12 = path.join(dir, 'giamdoc.p12');
  await fs.writeFile(directorP12, (await vaultFor(path.dirname(t.fileRoot))).open(row.encrypted_p12!));
}, 120_000);
afterAll(async () => {
  await t?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('a token tool or remote-signing service signs what the server prepared', () => {
  it('(a) the token returns a CMS over the digest: the document is signed, the PDF verifies (our verifier and pdfsig), and the clerk issues it with the agency signature, both valid', async () => {
    const docId = await approvedForDirector();
    const director = await t.as('giamdoc');
    const { certificate, chain } = await directorCertificate();
    const before = Date.now();
    const handout = await prepared(director, docId, { certificate, chain });
    expect(Buffer.from(handout.contentDigest, 'base64')).toHaveLength(32);
    expect(Buffer.from(handout.signedAttributesDigest!, 'base64')).toHaveLength(32);
    expect(handout).toMatchObject({ keyType: 'rsa', maxCmsBytes: 32_000 });
    const minutes = (Date.parse(handout.expiresAt) - before) / 60_000;
    expect(minutes).toBeGreaterThan(14.9);
    expect(minutes).toBeLessThan(15.1);
    const session = await t.database.db.selectFrom('external_signing_sessions').selectAll().where('id', '=', handout.sessionId).executeTakeFirstOrThrow();
    expect(session).toMatchObject({ status: 'pending', document_id: docId, user_id: id('giamdoc'), version: 1 });
    expect(await t.files.stat(session.prepared_hash)).not.toBeNull(); // the prepared PDF is in the store
    expect((await director.get(`/api/outgoing-documents/${docId}`)).json().status).toBe('approved');

    const { cms } = await token<{ cms: string }>('cms', handout);
    const response = await complete(director, handout.sessionId, { cms });
    await ok(response);
    expect(response.json()).toMatchObject({ status: 'signed', signatures: [{ kind: 'signer', by: 'Nguyễn Văn Hùng', certificate: 'Nguyễn Văn Hùng' }] });
    const signedEvent = response.json().events.find((e: { action: string }) => e.action === 'document_signed');
    expect(signedEvent).toBeTruthy();

    const signed = (await director.get(`/api/outgoing-documents/${docId}/signed-pdf`)).rawPayload;
    const report = await verifyPdf(signed);
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({ digestMatches: true, signatureVerifies: true, coverage: { coversWholeFile: true }, signer: { commonName: 'Nguyễn Văn Hùng' } });
    // The signature names an external certificate row (no key), which is never offered for server signing.
    const [row] = await signatureRows(docId);
    const certificateRow = await t.database.db.selectFrom('signing_certificates').selectAll().where('id', '=', row!.certificate_id).executeTakeFirstOrThrow();
    expect(certificateRow).toMatchObject({ key_held: 'external', encrypted_p12: null, user_id: id('giamdoc'), common_name: 'Nguyễn Văn Hùng' });
    expect((await director.get('/api/signing/certificates')).json().items.map((c: { id: string }) => c.id)).not.toContain(certificateRow.id);
    expect((await t.database.db.selectFrom('external_signing_sessions').select('status').where('id', '=', handout.sessionId).executeTakeFirstOrThrow()).status).toBe('completed');

    const clerk = await t.as('vanthu');
    await ok(await clerk.post(`/api/outgoing-documents/${docId}/issue`, { copies: 1, agencyPassphrase: DEMO_KEY_PASSPHRASE }));
    const doc = (await clerk.get(`/api/outgoing-documents/${docId}`)).json();
    expect(doc.status).toBe('issued');
    expect(doc.signatures.map((s: { kind: string }) => s.kind)).toEqual(['signer', 'agency']);
    const issued = (await clerk.get(`/api/outgoing-documents/${docId}/signed-pdf`)).rawPayload;
    expect(issued.subarray(0, signed.length).equals(signed)).toBe(true);
    const both = await verifyPdf(issued);
    expect(both.signatures.map((s) => [s.digestMatches, s.signatureVerifies])).toEqual([[true, true], [true, true]]);

    if (!(await hasPdfsig())) return console.warn('pdfsig (poppler-utils) not installed: the externally signed file was not checked independently');
    expect(await pdfsig(signed, 'signed-cms')).toMatchObject({ signatures: 1, valid: 1 });
    const checked = await pdfsig(issued, 'issued-cms');
    expect(checked).toMatchObject({ signatures: 2, valid: 2 });
    expect(checked.stdout).toContain('Signer Certificate Common Name: Nguyễn Văn Hùng');
  }, 60_000);

  it('(b) a remote-signing service returns only the raw signature over the signed attributes: the server builds the CMS, pdfsig says valid, and the clerk issues it', async () => {
    const docId = await approvedForDirector();
    const director = await t.as('giamdoc');
    const { certificate, chain } = await directorCertificate();
    const handout = await prepared(director, docId, { certificate, chain });
    const { signature } = await token<{ signature: string }>('signature', handout);
    const response = await complete(director, handout.sessionId, { signature });
    await ok(response);
    expect(response.json()).toMatchObject({ status: 'signed', signatures: [{ kind: 'signer', by: 'Nguyễn Văn Hùng' }] });
    const signed = (await director.get(`/api/outgoing-documents/${docId}/signed-pdf`)).rawPayload;
    // The signing time is the one in the signed attributes handed out (UTCTime: whole seconds).
    expect((await verifyPdf(signed)).signatures[0]).toMatchObject({ digestMatches: true, signatureVerifies: true, signingTime: new Date(Math.floor(Date.parse(handout.signingTime) / 1000) * 1000).toISOString() });
    // The same certificate signing again is the same row.
    const rows = await t.database.db.selectFrom('signing_certificates').select('id').where('user_id', '=', id('giamdoc')).where('key_held', '=', 'external').execute();
    expect(rows).toHaveLength(1);

    const clerk = await t.as('vanthu');
    await ok(await clerk.post(`/api/outgoing-documents/${docId}/issue`, { copies: 1, agencyPassphrase: DEMO_KEY_PASSPHRASE }));
    const issued = (await clerk.get(`/api/outgoing-documents/${docId}/signed-pdf`)).rawPayload;
    expect((await verifyPdf(issued)).signatures.map((s) => [s.digestMatches, s.signatureVerifies])).toEqual([[true, true], [true, true]]);
    if (!(await hasPdfsig())) return;
    expect(await pdfsig(signed, 'signed-raw')).toMatchObject({ signatures: 1, valid: 1 });
    expect(await pdfsig(issued, 'issued-raw')).toMatchObject({ signatures: 2, valid: 2 });
  }, 60_000);

  it('without a certificate at prepare only a CMS can come back (PEM accepted); a raw signature is refused with a clear message', async () => {
    const docId = await approvedForDirector();
    const director = await t.as('giamdoc');
    const handout = await prepared(director, docId);
    expect(handout).toMatchObject({ signedAttributes: null, signedAttributesDigest: null, keyType: null });
    const refused = await complete(director, handout.sessionId, { signature: Buffer.alloc(256, 1).toString('base64') });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('SIGNATURE_NEEDS_CERTIFICATE');
    const { cms } = await token<{ cms: string }>('cms', handout);
    const pem = `-----BEGIN PKCS7-----\n${cms.replace(/(.{64})/g, '$1\n')}\n-----END PKCS7-----\n`;
    await ok(await complete(director, handout.sessionId, { cms: pem }));
    expect((await director.get(`/api/outgoing-documents/${docId}`)).json().status).toBe('signed');
  }, 60_000);

  it('an ECDSA token (openssl, its own process) signs the signed attributes; DER and r‖s signatures both work', async () => {
    const ec = path.join(dir, 'ec');
    await fs.mkdir(ec, { recursive: true });
    const openssl = (...args: string[]) => run('openssl', args, { cwd: ec });
    await openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'root.key');
    await openssl('req', '-x509', '-new', '-key', 'root.key', '-subj', '/C=VN/O=EC Demo/CN=EC Root thử nghiệm', '-utf8', '-days', '3650', '-out', 'root.pem', '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    await openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'leaf.key');
    await openssl('req', '-new', '-key', 'leaf.key', '-subj', '/C=VN/O=Sở Thông tin và Truyền thông/CN=NGUYỄN VĂN HÙNG', '-utf8', '-out', 'leaf.csr');
    await fs.writeFile(path.join(ec, 'leaf.ext'), 'basicConstraints=CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
    await openssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '365', '-extfile', 'leaf.ext', '-out', 'leaf.pem');
    const certificate = await fs.readFile(path.join(ec, 'leaf.pem'), 'utf8');
    const chain = [await fs.readFile(path.join(ec, 'root.pem'), 'utf8')];
    const director = await t.as('giamdoc');

    const docId = await approvedForDirector();
    const handout = await prepared(director, docId, { certificate, chain });
    expect(handout.keyType).toBe('ec');
    await fs.writeFile(path.join(ec, 'attributes.der'), Buffer.from(handout.signedAttributes!, 'base64'));
    const { stdout } = await run('openssl', ['dgst', '-sha256', '-sign', 'leaf.key', 'attributes.der'], { cwd: ec, encoding: 'buffer' });
    await ok(await complete(director, handout.sessionId, { signature: stdout.toString('base64') }));
    const signed = (await director.get(`/api/outgoing-documents/${docId}/signed-pdf`)).rawPayload;
    expect((await verifyPdf(signed)).signatures[0]).toMatchObject({ signatureAlgorithm: 'ECDSA', digestMatches: true, signatureVerifies: true });
    if (await hasPdfsig()) expect(await pdfsig(signed, 'signed-ecdsa')).toMatchObject({ signatures: 1, valid: 1 });

    // A PKCS#11 token gives ECDSA as r‖s: put into DER by the server.
    const second = await approvedForDirector();
    const again = await prepared(director, second, { certificate, chain });
    const p1363 = sign('sha256', Buffer.from(again.signedAttributes!, 'base64'), { key: await fs.readFile(path.join(ec, 'leaf.key'), 'utf8'), dsaEncoding: 'ieee-p1363' });
    expect(p1363).toHaveLength(64);
    await ok(await complete(director, again.sessionId, { signature: p1363.toString('base64') }));
    expect((await verifyPdf((await director.get(`/api/outgoing-documents/${second}/signed-pdf`)).rawPayload)).signatures[0]).toMatchObject({ signatureVerifies: true });
  }, 60_000);
});

describe('what is refused', () => {
  it('an expired session is 410, a superseded one 409, a used one 409; the document waits meanwhile', async () => {
    const docId = await approvedForDirector();
    const director = await t.as('giamdoc');
    const first = await prepared(director, docId);
    const second = await prepared(director, docId);
    const { cms } = await token<{ cms: string }>('cms', first);
    const superseded = await complete(director, first.sessionId, { cms });
    expect(superseded.statusCode).toBe(409);
    expect(superseded.json().error.code).toBe('SIGNING_SESSION_SUPERSEDED');

    const { cms: late } = await token<{ cms: string }>('cms', second);
    t.setNow(new Date(Date.parse(second.expiresAt) + 1000));
    try {
      const expired = await complete(director, second.sessionId, { cms: late });
      expect(expired.statusCode).toBe(410);
      expect(expired.json().error.code).toBe('SIGNING_SESSION_EXPIRED');
      expect(expired.json().error.message.vi).toContain('hết hạn');
    } finally {
      t.setNow(null);
    }
    expect((await director.get(`/api/outgoing-documents/${docId}`)).json().status).toBe('approved');
    expect(await signatureRows(docId)).toEqual([]);

    const third = await prepared(director, docId);
    const { cms: fresh } = await token<{ cms: string }>('cms', third);
    await ok(await complete(director, third.sessionId, { cms: fresh }));
    const used = await complete(director, third.sessionId, { cms: fresh });
    expect(used.statusCode).toBe(409);
    expect(used.json().error.code).toBe('SIGNING_SESSION_USED');
    // Nor can a new request be made for a signed document.
    expect((await prepare(director, docId)).json().error.code).toBe('NOT_AWAITING_SIGNATURE');
  }, 60_000);

  it('only the named signer prepares and completes (403); another agency does not even see it (404); a certificate issued to someone else is refused', async () => {
    const docId = await approvedForDirector();
    const director = await t.as('giamdoc');
    const deputy = await t.as('phogiamdoc');
    const byDeputy = await prepare(deputy, docId);
    expect(byDeputy.statusCode).toBe(403);
    expect(byDeputy.json().error.code).toBe('NOT_NAMED_SIGNER');
    const handout = await prepared(director, docId);
    const { cms } = await token<{ cms: string }>('cms', handout);
    const stolen = await complete(deputy, handout.sessionId, { cms });
    expect(stolen.statusCode).toBe(403);
    expect(stolen.json().error.code).toBe('NOT_YOUR_SIGNING_SESSION');
    const elsewhere = await t.as('giamdoc.snv');
    expect((await prepare(elsewhere, docId)).statusCode).toBe(404);
    expect((await complete(elsewhere, handout.sessionId, { cms })).statusCode).toBe(404);
    expect((await complete(director, '6a1f8f53-3c53-4a55-9c39-5a2b2b6f0000', { cms })).statusCode).toBe(404);

    // A colleague's certificate: refused at prepare, and in a returned CMS.
    const colleague = await otherP12('Lò Văn Tiến', 'colleague');
    const named = await prepare(director, docId, { certificate: colleague.leaf.pem });
    expect(named.statusCode).toBe(400);
    expect(named.json().error.code).toBe('CERTIFICATE_NOT_SIGNERS');
    const { cms: theirs } = await token<{ cms: string }>('cms', handout, colleague.file, PASSPHRASE);
    const refused = await complete(director, handout.sessionId, { cms: theirs });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('CERTIFICATE_NOT_SIGNERS');

    await ok(await complete(director, handout.sessionId, { cms })); // the refusals did not use the session up
  }, 60_000);

  it('a signature by a different key, or over different bytes, is a 400 and the document stays approved with nothing stored', async () => {
    const docId = await approvedForDirector();
    const director = await t.as('giamdoc');
    const { certificate, chain } = await directorCertificate();
    const handout = await prepared(director, docId, { certificate, chain });
    const files = await storedFileCount();
    const impostor = await otherP12('Nguyễn Văn Hùng', 'impostor'); // the same name, another key

    const expectRefused = async (body: object, code: string) => {
      const response = await complete(director, handout.sessionId, body);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe(code);
    };
    // A raw signature by another key over the right attributes.
    await expectRefused({ signature: (await token<{ signature: string }>('signature', handout, impostor.file, PASSPHRASE)).signature }, 'SIGNATURE_INVALID');
    // A CMS by another certificate than the one given at prepare.
    await expectRefused({ cms: (await token<{ cms: string }>('cms', handout, impostor.file, PASSPHRASE)).cms }, 'SIGNER_CERTIFICATE_MISMATCH');
    // The right key over other bytes: another digest in the CMS, other signed attributes.
    const otherDigest = { ...handout, contentDigest: randomBytes(32).toString('base64') };
    await expectRefused({ cms: (await token<{ cms: string }>('cms', otherDigest)).cms }, 'SIGNATURE_INVALID');
    const attributes = Buffer.from(handout.signedAttributes!, 'base64');
    attributes[attributes.length - 1]! ^= 1;
    await expectRefused({ signature: (await token<{ signature: string }>('signature', { ...handout, signedAttributes: attributes.toString('base64') })).signature }, 'SIGNATURE_INVALID');

    expect((await director.get(`/api/outgoing-documents/${docId}`)).json().status).toBe('approved');
    expect(await signatureRows(docId)).toEqual([]);
    expect(await storedFileCount()).toBe(files);
    // The right signature still completes it.
    await ok(await complete(director, handout.sessionId, { signature: (await token<{ signature: string }>('signature', handout)).signature }));
  }, 60_000);

  it('two prepares racing leave one pending session; two completions racing: one signs, the other gets 409; one signature, one event', async () => {
    const docId = await approvedForDirector();
    const director = await t.as('giamdoc');
    await Promise.all([prepared(director, docId), prepared(director, docId)]);
    const pending = await t.database.db.selectFrom('external_signing_sessions').select('id').where('document_id', '=', docId).where('status', '=', 'pending').execute();
    expect(pending).toHaveLength(1);
    const handout = await prepared(director, docId);
    const { cms } = await token<{ cms: string }>('cms', handout);
    const answers = await Promise.all([complete(director, handout.sessionId, { cms }), complete(director, handout.sessionId, { cms })]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(await signatureRows(docId)).toHaveLength(1);
    const events = await t.database.db.selectFrom('events').select('action').where('document_id', '=', docId).where('action', '=', 'document_signed').execute();
    expect(events).toHaveLength(1);
  }, 60_000);

  it('a new version after prepare (the document changed) makes the completion a 409', async () => {
    const docId = await approvedForDirector();
    const director = await t.as('giamdoc');
    const handout = await prepared(director, docId);
    const { cms } = await token<{ cms: string }>('cms', handout);
    await ok(await (await t.as('cv.cntt')).upload(`/api/outgoing-documents/${docId}/versions`, { note: 'Sửa sau khi duyệt' }, [{ name: 'du-thao-2.pdf', content: Buffer.from(pdf) }]), 201);
    await ok(await director.post(`/api/outgoing-documents/${docId}/approve`, {}));
    const stale = await complete(director, handout.sessionId, { cms });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('NOT_AWAITING_SIGNATURE');
    expect(await signatureRows(docId)).toEqual([]);
  }, 60_000);

  it('garbage, oversized or ambiguous input is a 400 (huge bodies a 413) and changes nothing', async () => {
    const docId = await approvedForDirector();
    const director = await t.as('giamdoc');
    const handout = await prepared(director, docId);
    const code = async (body: object) => {
      const response = await complete(director, handout.sessionId, body);
      return [response.statusCode, response.json().error?.code];
    };
    expect(await code({ cms: '!!! không phải base64 !!!' })).toEqual([400, 'SIGNATURE_UNREADABLE']);
    expect(await code({ cms: randomBytes(300).toString('base64') })).toEqual([400, 'SIGNATURE_UNREADABLE']);
    expect(await code({ cms: randomBytes(40_000).toString('base64') })).toEqual([400, 'SIGNATURE_TOO_LARGE']);
    expect(await code({ cms: 'A'.repeat(200_000) })).toEqual([400, 'VALIDATION']);
    expect(await code({ signature: 'QUJD', cms: 'QUJD' })).toEqual([400, 'VALIDATION']);
    expect(await code({})).toEqual([400, 'VALIDATION']);
    expect(await code({ cms: 'QUJD', extra: 1 })).toEqual([400, 'VALIDATION']);
    expect(await code({ cms: 'A'.repeat(2 * 1024 * 1024) })).toEqual([413, 'UPLOAD_TOO_LARGE']);
    const badCertificate = await prepare(director, docId, { certificate: 'MIIB' + 'x'.repeat(100) });
    expect([badCertificate.statusCode, badCertificate.json().error.code]).toEqual([400, 'CERTIFICATE_UNREADABLE']);
    expect((await prepare(director, docId, { chain: [(await directorCertificate()).chain[0]] })).json().error.code).toBe('VALIDATION');
    expect((await complete(director, 'not-a-uuid', { cms: 'QUJD' })).statusCode).toBe(400);
    expect((await director.get(`/api/outgoing-documents/${docId}`)).json().status).toBe('approved');
    expect(await signatureRows(docId)).toEqual([]);
  }, 60_000);

  it('a certificate that cannot sign documents is refused at prepare: expired, a CA, or for key encipherment only', async () => {
    const docId = await approvedForDirector();
    const director = await t.as('giamdoc');
    const now = Date.now();
    const ca = makeCertificate({ name: { commonName: 'Nguyễn Văn Hùng' }, ca: true, notBefore: new Date(now - 864e5), notAfter: new Date(now + 3650 * 864e5) });
    const expired = makeCertificate({ name: { commonName: 'Nguyễn Văn Hùng' }, issuer: ca, ca: false, notBefore: new Date(now - 400 * 864e5), notAfter: new Date(now - 864e5) });
    const refused = async (pem: string) => {
      const response = await prepare(director, docId, { certificate: pem });
      return [response.statusCode, response.json().error.code];
    };
    expect(await refused(expired.pem)).toEqual([422, 'CERTIFICATE_EXPIRED']);
    expect(await refused(ca.pem)).toEqual([422, 'CERTIFICATE_NOT_FOR_SIGNING']);
    const encipherOnly = forge.pki.certificateFromPem(expired.pem);
    encipherOnly.validity.notAfter = new Date(now + 365 * 864e5);
    encipherOnly.setExtensions([{ name: 'basicConstraints', cA: false }, { name: 'keyUsage', keyEncipherment: true, critical: true }]);
    encipherOnly.sign(ca.key, forge.md.sha256.create());
    expect(await refused(forge.pki.certificateToPem(encipherOnly))).toEqual([422, 'CERTIFICATE_NOT_FOR_SIGNING']);
    expect(await t.database.db.selectFrom('external_signing_sessions').select('id').where('document_id', '=', docId).execute()).toEqual([]);
  }, 60_000);
});

describe('abandoned sessions', () => {
  it('the prepared PDF is kept while its session waits, collected once it expired; the rows go a day later', async () => {
    const docId = await approvedForDirector();
    const director = await t.as('giamdoc');
    const handout = await prepared(director, docId);
    const { prepared_hash: hash } = await t.database.db.selectFrom('external_signing_sessions').select('prepared_hash').where('id', '=', handout.sessionId).executeTakeFirstOrThrow();
    await collectUnreferencedFiles(t.database.db, t.files, -1_000); // no grace: anything unreferenced goes
    expect(await t.files.stat(hash)).not.toBeNull();

    await t.database.db.updateTable('external_signing_sessions').set({ expires_at: new Date(Date.now() - 60_000) }).where('id', '=', handout.sessionId).execute();
    await collectUnreferencedFiles(t.database.db, t.files, -1_000);
    expect(await t.files.stat(hash)).toBeNull();
    // The row stays a while, so a late completion hears that it expired.
    expect((await complete(director, handout.sessionId, { cms: 'QUJD' })).statusCode).toBe(410);

    await t.database.db.updateTable('external_signing_sessions').set({ expires_at: new Date(Date.now() - 2 * 864e5) }).where('id', '=', handout.sessionId).execute();
    const next = await prepared(director, docId); // the next prepare forgets it
    expect(await t.database.db.selectFrom('external_signing_sessions').select('id').where('id', '=', handout.sessionId).execute()).toEqual([]);
    await t.database.db.updateTable('external_signing_sessions').set({ expires_at: new Date(Date.now() - 2 * 864e5) }).where('id', '=', next.sessionId).execute();
    await collectUnreferencedFiles(t.database.db, t.files, -1_000); // and so does the collector
    expect(await t.database.db.selectFrom('external_signing_sessions').select('id').where('id', '=', next.sessionId).execute()).toEqual([]);
  }, 60_000);
});

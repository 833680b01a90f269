import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSamplePdf } from '../demo/demo.pdf.js';
import { type Client, createTestApp, type TestApp } from '../../test-support/test-app.js';
import { approveThroughChain } from '../../test-support/outgoing-flow.js';
import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFNumber, type PDFRef, StandardFonts, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState } from '@cantoo/pdf-lib';
import type { PdfVerificationReport } from '../../../shared/signatures.js';
import { DEMO_KEY_PASSPHRASE, certificatePem, demoRootsMade, issueCertificate, toPkcs12 } from './demo-ca.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
let t: TestApp;
let pdf: Uint8Array;
let serial = 0;
const id = (username: string) => t.people.get(username)!.id;

async function ok(response: { statusCode: number; body: string }, status = 200) {
  expect(response.statusCode, response.body).toBe(status);
}

/** A công văn drafted as a PDF whose signer block names the director, taken through its whole chain. */
async function approvedForDirector(attachments: { name: string; content: Uint8Array }[] = []): Promise<string> {
  serial += 1;
  const drafter = await t.as('cv.cntt');
  const metadata = { documentType: 'official_letter', summary: `V/v triển khai chữ ký số, lần ${serial}`, urgency: 'normal', signerId: id('giamdoc'), recipients: [{ kind: 'external', name: 'UBND các huyện' }] };
  const created = await drafter.upload('/api/outgoing-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'du-thao.pdf', content: Buffer.from(pdf) }, ...attachments]);
  await ok(created, 201);
  const docId = created.json().id as string;
  return approveThroughChain(t, docId);
}

async function certificateOf(as: Client): Promise<string> {
  const response = await as.get('/api/signing/certificates');
  await ok(response);
  return response.json().items[0].id as string;
}

async function storedFileCount() {
  const files = await fs.readdir(t.fileRoot, { recursive: true, withFileTypes: true });
  return files.filter((f) => f.isFile() && !f.parentPath.includes(`${path.sep}tmp`) && !f.name.startsWith('signing-key')).length;
}

/** Approved, signed by the director and issued by the clerk with the agency's signature; the issued PDF. */
async function signedAndIssued(attachments: { name: string; content: Uint8Array }[] = []): Promise<{ docId: string; issued: Buffer }> {
  const docId = await approvedForDirector(attachments);
  const director = await t.as('giamdoc');
  await ok(await director.post(`/api/outgoing-documents/${docId}/sign`, { certificateId: await certificateOf(director), passphrase: DEMO_KEY_PASSPHRASE }));
  const clerk = await t.as('vanthu');
  await ok(await clerk.post(`/api/outgoing-documents/${docId}/issue`, { copies: 1, agencyPassphrase: DEMO_KEY_PASSPHRASE }));
  return { docId, issued: (await clerk.get(`/api/outgoing-documents/${docId}/signed-pdf`)).rawPayload };
}

/** The report of POST /api/signatures/verify for these bytes (the clerk's check before registering). */
async function verifyThroughApi(as: Client, bytes: Uint8Array): Promise<PdfVerificationReport> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'van-ban.pdf');
  const response = new Response(form);
  const reply = await t.app.inject({ method: 'POST', url: '/api/signatures/verify', headers: { cookie: as.cookie, 'content-type': response.headers.get('content-type')! }, payload: Buffer.from(await response.arrayBuffer()) });
  await ok(reply);
  return reply.json() as PdfVerificationReport;
}

const signatureRows = (documentId: string) => t.database.db.selectFrom('document_signatures').selectAll().where('document_id', '=', documentId).execute();

beforeAll(async () => {
  t = await createTestApp({ signing: true });
  t.setNow(new Date('2026-01-05T03:00:00Z'));
  pdf = await renderSamplePdf({ issuer: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', reference: '          /STTTT-CNTT', issuedOn: '2026-01-05', summary: 'V/v triển khai chữ ký số', signer: 'Nguyễn Văn Hùng' });
  // The demo agency trusts its demo root from the seed, as a deployment imports the government's and licensed CAs' roots.
  const roots = (await (await t.as('quantri')).get('/api/signatures/trusted-roots')).json().items as { subject: string }[];
  expect(roots.map((r) => r.subject).join()).toContain('VanPhong DEMO Root CA');
}, 60_000);
afterAll(async () => t?.close());

describe('the signer signs an approved draft with a key the server holds', () => {
  it('the director signs an approved draft with his demo certificate: the document is signed, with his visible PAdES signature', async () => {
    const docId = await approvedForDirector();
    const director = await t.as('giamdoc');
    expect((await director.get(`/api/outgoing-documents/${docId}`)).json().actions).toContain('sign');
    const response = await director.post(`/api/outgoing-documents/${docId}/sign`, { certificateId: await certificateOf(director), passphrase: DEMO_KEY_PASSPHRASE });
    await ok(response);
    expect(response.json()).toMatchObject({ status: 'signed', signatures: [{ kind: 'signer', by: 'Nguyễn Văn Hùng', certificate: 'Nguyễn Văn Hùng' }] });
    expect(response.json().events.map((e: { action: string }) => e.action)).toContain('document_signed');

    const signed = await director.get(`/api/outgoing-documents/${docId}/signed-pdf`);
    await ok(signed);
    const text = signed.rawPayload.toString('latin1');
    expect(text).toContain('/SubFilter /ETSI.CAdES.detached');
    expect(text.match(/\/FT \/Sig/g)).toHaveLength(1);
    // The signed bytes are exactly what was stored on the document.
    const [row] = await signatureRows(docId);
    expect(row).toMatchObject({ kind: 'signer', signed_by: id('giamdoc'), size_bytes: signed.rawPayload.length });
  });

  it('a wrong passphrase is a 400 and the document stays approved with nothing stored', async () => {
    const docId = await approvedForDirector();
    const director = await t.as('giamdoc');
    const before = await storedFileCount();
    const response = await director.post(`/api/outgoing-documents/${docId}/sign`, { certificateId: await certificateOf(director), passphrase: 'sai-mat-khau' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('WRONG_PASSPHRASE');
    expect(response.json().error.message.vi).toContain('Mật khẩu');
    expect((await director.get(`/api/outgoing-documents/${docId}`)).json().status).toBe('approved');
    expect(await signatureRows(docId)).toEqual([]);
    expect(await storedFileCount()).toBe(before);
  });

  it('another official cannot sign (403), nor the signer with someone else\'s certificate', async () => {
    const docId = await approvedForDirector();
    const deputy = await t.as('phogiamdoc');
    const deputyCert = await certificateOf(deputy);
    const byDeputy = await deputy.post(`/api/outgoing-documents/${docId}/sign`, { certificateId: deputyCert, passphrase: DEMO_KEY_PASSPHRASE });
    expect(byDeputy.statusCode).toBe(403);
    expect(byDeputy.json().error.code).toBe('NOT_NAMED_SIGNER');
    const borrowed = await (await t.as('giamdoc')).post(`/api/outgoing-documents/${docId}/sign`, { certificateId: deputyCert, passphrase: DEMO_KEY_PASSPHRASE });
    expect(borrowed.statusCode).toBe(403);
    expect(borrowed.json().error.code).toBe('NOT_YOUR_CERTIFICATE');
    // Another agency's director does not even see it.
    expect((await (await t.as('giamdoc.snv')).post(`/api/outgoing-documents/${docId}/sign`, { certificateId: deputyCert, passphrase: DEMO_KEY_PASSPHRASE })).statusCode).toBe(404);
    expect(await signatureRows(docId)).toEqual([]);
  });

  it('an expired certificate the director uploaded is refused with a clear message; the key file is stored encrypted', async () => {
    const root = await issueCertificate({ subject: [{ shortName: 'CN', value: 'Test CA' }], notBefore: new Date('2020-01-01'), notAfter: new Date('2040-01-01'), ca: true });
    const old = await issueCertificate({ subject: [{ shortName: 'CN', value: 'Nguyen Van Hung' }], notBefore: new Date('2022-01-01'), notAfter: new Date('2025-06-30'), ca: false }, root);
    const p12 = toPkcs12(old, [root.cert], 'cu-2022', 'old');
    const director = await t.as('giamdoc');
    const wrong = await director.upload('/api/signing/certificates', { passphrase: 'khac' }, [{ name: 'cu.p12', content: p12 }]);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('WRONG_PASSPHRASE');
    const uploaded = await director.upload('/api/signing/certificates', { passphrase: 'cu-2022' }, [{ name: 'cu.p12', content: p12 }]);
    await ok(uploaded, 201);
    expect(uploaded.json()).toMatchObject({ commonName: 'Nguyen Van Hung', issuer: 'CN=Test CA', valid: false, notAfter: '2025-06-30T00:00:00.000Z' });
    expect(uploaded.json().fingerprint).toMatch(/^[0-9A-F]{64}$/);
    const stored = await t.database.db.selectFrom('signing_certificates').select('encrypted_p12').where('id', '=', uploaded.json().id).executeTakeFirstOrThrow();
    expect(Buffer.from(stored.encrypted_p12!).includes(p12.subarray(40, 80))).toBe(false);

    const docId = await approvedForDirector();
    const refused = await director.post(`/api/outgoing-documents/${docId}/sign`, { certificateId: uploaded.json().id, passphrase: 'cu-2022' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'CERTIFICATE_EXPIRED' });
    expect(refused.json().error.message.vi).toContain('hết hạn');
    expect((await director.get(`/api/outgoing-documents/${docId}`)).json().status).toBe('approved');
    // Nobody uploads a certificate for someone else but the admin.
    expect((await (await t.as('cv.cntt')).upload('/api/signing/certificates', { passphrase: 'cu-2022', userId: id('giamdoc') }, [{ name: 'cu.p12', content: p12 }])).statusCode).toBe(403);
  });
});

describe('issuing a signed document adds the number and the agency signature', () => {
  it('the clerk issues it and BOTH signatures verify; the signer\'s signed bytes are a prefix of the issued file', async () => {
    const docId = await approvedForDirector();
    const director = await t.as('giamdoc');
    await ok(await director.post(`/api/outgoing-documents/${docId}/sign`, { certificateId: await certificateOf(director), passphrase: DEMO_KEY_PASSPHRASE }));
    const signedPdf = (await director.get(`/api/outgoing-documents/${docId}/signed-pdf`)).rawPayload;

    const clerk = await t.as('vanthu');
    const preview = (await clerk.get(`/api/outgoing-documents/${docId}/next-number`)).json();
    const missing = await clerk.post(`/api/outgoing-documents/${docId}/issue`, { copies: 1 });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('AGENCY_PASSPHRASE_REQUIRED');
    const wrong = await clerk.post(`/api/outgoing-documents/${docId}/issue`, { copies: 1, agencyPassphrase: 'sai' });
    expect(wrong.json().error.code).toBe('WRONG_PASSPHRASE');
    expect((await clerk.get(`/api/outgoing-documents/${docId}/next-number`)).json()).toEqual(preview); // no number taken

    const issued = await clerk.post(`/api/outgoing-documents/${docId}/issue`, { copies: 1, agencyPassphrase: DEMO_KEY_PASSPHRASE });
    await ok(issued);
    const doc = (await clerk.get(`/api/outgoing-documents/${docId}`)).json();
    expect(doc.status).toBe('issued');
    expect(doc.signatures.map((s: { kind: string }) => s.kind)).toEqual(['signer', 'agency']);
    const file = (await clerk.get(`/api/outgoing-documents/${docId}/signed-pdf`)).rawPayload;
    expect(file.length).toBeGreaterThan(signedPdf.length);
    expect(file.subarray(0, signedPdf.length).equals(signedPdf)).toBe(true);
    expect(file.toString('latin1')).toContain(`/V <FEFF`); // the number is form data, not page content

    // The document's page verifies the issued file: with the demo root trusted, the signer's
    // signature holds for what it signed (the number and the agency's signature came after) and the agency's covers the whole file.
    const admin = await t.as('quantri');
    for (const root of await demoRootsMade()) {
      const trusted = await admin.post('/api/signatures/trusted-roots', { pem: certificatePem(root) });
      expect([201, 409]).toContain(trusted.statusCode);
    }
    const report = await clerk.get(`/api/signatures/verify/outgoing/${docId}/signed`);
    await ok(report);
    expect(report.json().signatures.map((s: { status: string; signer: { commonName: string } }) => [s.status, s.signer.commonName])).toEqual([
      ['valid_but_modified_after', 'Nguyễn Văn Hùng'],
      ['valid', 'Sở Thông tin và Truyền thông tỉnh Điện Biên'],
    ]);
    // Another agency's official learns nothing of it.
    expect((await (await t.as('vanthu.snv')).get(`/api/signatures/verify/outgoing/${docId}/signed`)).statusCode).toBe(404);

    const out = path.join(os.tmpdir(), `vanphong-issued-${docId}.pdf`);
    await fs.writeFile(out, file);
    const pdfsig = await run('pdfsig', ['-v'], {}).then(() => true, () => false);
    if (!pdfsig) {
      console.warn('pdfsig (poppler-utils) not installed: the issued file was not checked by an independent verifier');
      return;
    }
    const nss = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-nss-'));
    let nssArgs: string[] = [];
    const certutil = await run('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']).then(() => true, () => false);
    if (certutil) {
      const roots = await demoRootsMade();
      for (const [i, root] of roots.entries()) {
        const pem = path.join(nss, `root-${i}.pem`);
        await fs.writeFile(pem, certificatePem(root));
        await run('certutil', ['-A', '-d', `sql:${nss}`, '-n', `demo-root-${i}`, '-t', 'CT,C,C', '-i', pem]);
      }
      nssArgs = ['-nssdir', `sql:${nss}`];
    } else {
      console.warn('certutil (libnss3-tools) not installed: trust of the demo root not checked');
    }
    const { stdout } = await run('pdfsig', [...nssArgs, out]);
    expect(stdout.match(/Signature #\d/g)).toHaveLength(2);
    expect(stdout.match(/Signature is Valid/g)).toHaveLength(2);
    expect(stdout).toContain('Signer Certificate Common Name: Nguyễn Văn Hùng');
    expect(stdout).toContain('Signer Certificate Common Name: Sở Thông tin và Truyền thông tỉnh Điện Biên');
    if (process.env.KEEP_ISSUED_PDF) console.warn('kept', out, nss);
    if (certutil) expect(stdout.match(/Certificate is Trusted/g), stdout).toHaveLength(2);
    if (!process.env.KEEP_ISSUED_PDF) await fs.rm(nss, { recursive: true, force: true });
    if (process.env.KEEP_ISSUED_PDF) console.warn('kept', out, nss); else await fs.rm(out, { force: true });
  }, 60_000);

  it('an approved document that nobody signed is still issued as before, with no signature', async () => {
    const docId = await approvedForDirector();
    const clerk = await t.as('vanthu');
    await ok(await clerk.post(`/api/outgoing-documents/${docId}/issue`, { copies: 2 }));
    expect((await clerk.get(`/api/outgoing-documents/${docId}`)).json()).toMatchObject({ status: 'issued', signatures: [] });
    expect((await clerk.get(`/api/outgoing-documents/${docId}/signed-pdf`)).statusCode).toBe(404);
  });
});

describe('the signer certifies the document (DocMDP) so that the number and the agency signature are allowed changes', () => {
  it('the issued document verifies: both signatures valid, the signer\'s a certification with P=2 respected by the issuance, each widget on the last page', async () => {
    const { issued } = await signedAndIssued();
    const text = issued.toString('latin1');
    expect(text).toMatch(/\/TransformMethod \/DocMDP/);
    expect(text).toMatch(/\/Perms <<\s*\/DocMDP \d+ 0 R/);
    const report = await verifyThroughApi(await t.as('vanthu'), issued);
    expect(report.signatures.map((s) => s.status)).toEqual(['valid_but_modified_after', 'valid']);
    const [signer, agency] = report.signatures;
    expect(signer!.certification).toMatchObject({ permission: 2, inCatalog: true, respected: true });
    // What the issuance did: the number's fields, the agency's signature field, the page's /Annots, the form.
    expect(signer!.certification!.changes.map((c) => c.code).sort()).toEqual(expect.arrayContaining(['field_added', 'annotations_changed', 'form_changed']));
    expect(signer!.certification!.changes.every((c) => c.allowed)).toBe(true);
    expect(agency!.certification).toBeNull(); // an approval signature, not a certification
    expect(signer!.appearance).toMatchObject({ page: 1, visible: true });
    expect(agency!.appearance).toMatchObject({ page: 1, visible: true });
    // The seal overlaps the left third of the signer's image.
    const [sx1, , sx2] = signer!.appearance!.rect!;
    const [, , ax2] = agency!.appearance!.rect!;
    expect(ax2).toBeCloseTo(sx1 + (sx2 - sx1) / 3, 0);
    for (const s of report.signatures) expect(s).toMatchObject({ revocation: 'not_checked', revocationDetail: { reason: 'not_supported' } });
  }, 60_000);

  it('a later revision that adds text to the page content is reported as a change the certification does not allow, though every digest still matches', async () => {
    const { issued } = await signedAndIssued();
    const doc = await PDFDocument.load(issued, { forIncrementalUpdate: true, updateMetadata: false });
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.getPages()[0]!.drawText('DA SUA NOI DUNG', { x: 100, y: 400, size: 20, font });
    const changed = Buffer.concat([issued, Buffer.from(await doc.commit({ useObjectStreams: false })).subarray(issued.length)]);
    expect(changed.subarray(0, issued.length).equals(issued)).toBe(true);
    const report = await verifyThroughApi(await t.as('vanthu'), changed);
    const [signer, agency] = report.signatures;
    expect(signer).toMatchObject({ digestMatches: true, signatureVerifies: true, certification: { permission: 2, respected: false } });
    expect(signer!.problems).toContain('changes_not_permitted');
    expect(signer!.certification!.changes).toContainEqual({ code: 'page_content_changed', page: 1, allowed: false });
    expect(agency).toMatchObject({ digestMatches: true, signatureVerifies: true, status: 'valid_but_modified_after' });
    // pdfsig (poppler 22.12) does not evaluate DocMDP: it reports both signatures "Signature is Valid"
    // and "Not total document signed" for this file, so only this verifier catches the page change.
    if (await run('pdfsig', ['-v']).then(() => true, () => false)) {
      const out = path.join(os.tmpdir(), `vanphong-docmdp-${process.pid}.pdf`);
      await fs.writeFile(out, changed);
      const { stdout } = await run('pdfsig', [out]).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
      await fs.rm(out, { force: true });
      expect(stdout.match(/Signature is Valid/g)).toHaveLength(2);
    }
  }, 60_000);
});

/** A phụ lục as its own PDF: `pages` A4 pages of text. */
async function annexPdf(title: string, pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 1; i <= pages; i++) doc.addPage([595.28, 841.89]).drawText(`${title} - trang ${i}`, { x: 85, y: 760, size: 13, font });
  return doc.save(); // object streams and an xref stream, as pdf-lib writes by default
}

describe('each separate attachment gets the agency signature at issuance (Decree 30, Annex I)', () => {
  it('two PDF attachments are each signed by the agency at the top right of page 1 with the reference and the ISO time; the DOCX and a damaged PDF are left unsigned and said so; the main document\'s two signatures still verify', async () => {
    const { Document, Packer, Paragraph } = await import('docx');
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Phụ lục III: bảng số liệu')] }] }));
    t.setNow(new Date('2026-12-01T03:15:00Z'));
    const { docId, issued } = await signedAndIssued([
      { name: 'phu-luc-1.pdf', content: await annexPdf('Phu luc I', 1) },
      { name: 'phu-luc-2.pdf', content: await annexPdf('Phu luc II', 3) },
      { name: 'phu-luc-3.docx', content: docx },
      { name: 'phu-luc-4-hong.pdf', content: Buffer.from('%PDF-1.7\n% a damaged file: a header and nothing else\n') },
    ]);
    t.setNow(new Date('2026-01-05T03:00:00Z'));
    const clerk = await t.as('vanthu');
    const doc = (await clerk.get(`/api/outgoing-documents/${docId}`)).json();
    const reference = `${doc.number}/${doc.notation}`;
    expect(doc.attachments).toHaveLength(4);
    const [first, second, third, fourth] = doc.attachments;
    expect(first).toMatchObject({ fileName: 'phu-luc-1.pdf', agencySignature: { signedAt: '2026-12-01T03:15:00.000Z' }, unsignedReason: null });
    expect(second).toMatchObject({ fileName: 'phu-luc-2.pdf', agencySignature: { signedAt: '2026-12-01T03:15:00.000Z' }, unsignedReason: null });
    expect(third).toMatchObject({ fileName: 'phu-luc-3.docx', agencySignature: null, unsignedReason: 'not_pdf' });
    const event = doc.events.find((e: { action: string }) => e.action === 'agency_signed');
    // A damaged PDF does not stop the issuance: it stays unsigned, and the document says why.
    expect(fourth).toMatchObject({ fileName: 'phu-luc-4-hong.pdf', agencySignature: null, unsignedReason: 'unreadable' });
    expect(event.payload.attachments).toEqual({ signed: 2, unsigned: [{ file: 'phu-luc-3.docx', reason: 'not_pdf' }, { file: 'phu-luc-4-hong.pdf', reason: 'unreadable' }] });

    for (const attachment of [first, second]) {
      // The signed PDF is served in place of the upload; the original stays, byte for byte, as its prefix.
      const served = await clerk.get(`/api/outgoing-documents/${docId}/attachments/${attachment.id}`);
      await ok(served);
      const original = await clerk.get(`/api/outgoing-documents/${docId}/attachments/${attachment.id}?original=true`);
      await ok(original);
      expect(served.rawPayload.length).toBe(attachment.agencySignature.size);
      expect(served.rawPayload.subarray(0, original.rawPayload.length).equals(original.rawPayload)).toBe(true);
      expect(served.rawPayload.length).toBeGreaterThan(original.rawPayload.length);

      const report = (await clerk.get(`/api/signatures/verify/attachments/${attachment.id}`)).json() as PdfVerificationReport;
      expect(report.signatures).toHaveLength(1);
      const [signature] = report.signatures;
      expect(signature).toMatchObject({
        status: 'valid', signer: { commonName: 'Sở Thông tin và Truyền thông tỉnh Điện Biên' }, signingTime: '2026-12-01T03:15:00.000Z',
        appearance: { page: 1, visible: true }, certification: null,
      });
      // Top right of page 1: in the top margin, 15 mm from the right edge, two lines of 10 pt.
      const [x1, y1, x2, y2] = signature!.appearance!.rect!;
      expect(x2).toBeCloseTo(595.28 - 15 * 72 / 25.4, 1);
      expect(y2).toBeCloseTo(841.89 - 10 * 72 / 25.4, 1);
      expect(x1).toBeGreaterThan(595.28 / 2);
      expect(y2 - y1).toBeCloseTo(2 * 12 + 4, 1);
      // The visible text, read back by pdf.js from the widget's appearance: the reference and the ISO time, Vietnam time.
      const lines = (await widgetText(served.rawPayload)).filter((l) => l.y > y1 && l.y < y2);
      expect(lines.map((l) => l.str)).toEqual([reference, '2026-12-01T10:15:00+07:00']);
      for (const line of lines) {
        expect(line.right).toBeGreaterThan(x2 - 4); // right-aligned at the block's right edge
        expect(line.right).toBeLessThanOrEqual(x2 + 0.5);
        expect(line.x).toBeGreaterThanOrEqual(x1);
      }
    }
    // A file the agency did not sign is served as uploaded.
    expect((await clerk.get(`/api/outgoing-documents/${docId}/attachments/${third.id}`)).rawPayload.equals(docx)).toBe(true);

    // The main document: both signatures still verify.
    const main = await verifyThroughApi(clerk, issued);
    expect(main.signatures.map((s) => [s.signer?.commonName, s.digestMatches, s.signatureVerifies, s.chain.trusted])).toEqual([
      ['Nguyễn Văn Hùng', true, true, true],
      ['Sở Thông tin và Truyền thông tỉnh Điện Biên', true, true, true],
    ]);
    expect(main.signatures[0]!.certification).toMatchObject({ permission: 2, respected: true });

    // Another agency does not see the signed attachment either.
    expect((await (await t.as('vanthu.snv')).get(`/api/outgoing-documents/${docId}/attachments/${first.id}`)).statusCode).toBe(404);

    if (await run('pdfsig', ['-v']).then(() => true, () => false)) {
      const out = path.join(os.tmpdir(), `vanphong-annex-${process.pid}.pdf`);
      await fs.writeFile(out, (await clerk.get(`/api/outgoing-documents/${docId}/attachments/${second.id}`)).rawPayload);
      const { stdout } = await run('pdfsig', [out]);
      expect(stdout).toContain('Signature is Valid');
      expect(stdout).toContain('Total document signed');
      if (process.env.KEEP_ISSUED_PDF) console.warn('kept', out); else await fs.rm(out, { force: true });
    }
  }, 120_000);
});

/**
 * The text of page 1's signature widget appearance, with positions, as pdf.js reads it: pdf.js does
 * not extract the text of annotation appearances, so a copy of the file draws the widget's /AP /N
 * form into page 1 at its /Rect, and pdf.js reads that page. Lines top to bottom.
 */
async function widgetText(bytes: Uint8Array): Promise<{ str: string; x: number; y: number; right: number }[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const page = doc.getPages()[0]!;
  const widget = page.node.Annots()!.asArray().map((ref) => doc.context.lookup(ref, PDFDict)).find((a) => a.get(PDFName.of('FT'))?.toString() === '/Sig')!;
  const [x1, y1] = widget.lookup(PDFName.of('Rect'), PDFArray).asArray().map((n) => (n as PDFNumber).asNumber());
  const ap = widget.lookup(PDFName.of('AP'), PDFDict).get(PDFName.of('N')) as PDFRef;
  const xobject = page.node.newXObject('SigAp', ap);
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(1, 0, 0, 1, x1!, y1!), drawObject(xobject), popGraphicsState());
  const flattened = await doc.save();
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
  const task = pdfjs.getDocument({ data: flattened, standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep, wasmUrl: path.join(root, 'wasm') + path.sep, isEvalSupported: false, disableFontFace: true, verbosity: 0 });
  try {
    const content = await (await (await task.promise).getPage(1)).getTextContent();
    return content.items.flatMap((item) => ('str' in item && item.str.trim()
      ? [{ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, right: (item.transform[4] as number) + item.width }] : []))
      // (every text of page 1: the caller keeps what lies in the widget's rectangle)
      .sort((a, b) => b.y - a.y);
  } finally {
    await task.destroy();
  }
}

describe('a key held outside the server', () => {
  it('a separate process holding only the .p12 answers the signed attributes, and the signature verifies', async () => {
    const { demoCa } = await import('./demo-ca.js');
    const { openPkcs12 } = await import('./certificates.pkcs12.js');
    const { buildCms } = await import('./signing.cms.js');
    const { embedSignature, locatePlaceholder, prepareSignerSignature } = await import('./signing.pdf.js');
    const { demoSignaturePng } = await import('./demo-ca.js');
    const ca = await demoCa('Cơ quan thử ký ngoài', [{ username: 'ngoai', fullName: 'Người Ký Ngoài' }]);
    const p12 = ca.people.get('ngoai')!.p12;
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-token-'));
    await fs.writeFile(path.join(dir, 'key.p12'), p12);
    // The "token": its own process, its own copy of the key file; it signs whatever DER it is given.
    const token = `
      const forge = require(${JSON.stringify(require.resolve('node-forge'))});
      const crypto = require('node:crypto');
      const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(require('node:fs').readFileSync(process.argv[1]).toString('binary')), false, process.argv[2]);
      const bag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag][0];
      let input = ''; process.stdin.on('data', (d) => { input += d; });
      process.stdin.on('end', () => process.stdout.write(crypto.sign('sha256', Buffer.from(input, 'base64'), forge.pki.privateKeyToPem(bag.key)).toString('base64')));`;
    // The server needs only the certificate chain (what a token exports); read here from the same file for brevity, the key is not used.
    const opened = openPkcs12(p12, DEMO_KEY_PASSPHRASE);
    const now = new Date();
    const prepared = await prepareSignerSignature(pdf, demoSignaturePng(3), () => [360, 120, 486, 176], { fieldName: 'Ngoai', name: 'Người Ký Ngoài', reason: 'Ký bằng thiết bị ngoài', location: 'Điện Biên', signingTime: now });
    const placeholder = locatePlaceholder(prepared);
    const cms = await buildCms({
      contentDigest: placeholder.digest, chainDer: opened.chainDer, signingTime: now,
      sign: async (attributes) => {
        const child = execFile(process.execPath, ['-e', token, path.join(dir, 'key.p12'), DEMO_KEY_PASSPHRASE]);
        const output = new Promise<string>((resolve, reject) => { let out = ''; child.stdout!.on('data', (d) => { out += d; }); child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`token exited ${code}`)))); });
        child.stdin!.end(attributes.toString('base64'));
        return Buffer.from(await output, 'base64');
      },
    });
    const signed = embedSignature(placeholder, cms);
    const out = path.join(dir, 'ngoai.pdf');
    await fs.writeFile(out, signed);
    if (await run('pdfsig', ['-v']).then(() => true, () => false)) {
      const { stdout } = await run('pdfsig', [out]);
      expect(stdout).toContain('Signature is Valid');
      expect(stdout).toContain('Người Ký Ngoài');
    } else {
      console.warn('pdfsig (poppler-utils) not installed: the externally signed file was not checked');
    }
    await fs.rm(dir, { recursive: true, force: true });
  }, 30_000);
});

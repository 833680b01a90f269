import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf, makeTestPki, OpensslEcdsaSigner, p12Signer, signFirst, signIncrementally, type TestPki } from './pdf-verify.fixtures.js';
import { sign as rsaSign } from 'node:crypto';
import { PDFArray, PDFDocument as CantooDocument, PDFName } from '@cantoo/pdf-lib';
import forge from 'node-forge';
import { verifyPdf } from './pdf-verify.js';
import { buildCms } from './signing.cms.js';
import { type DocMdpPermission, embedSignature, locatePlaceholder, prepareAgencySignature, prepareSignerSignature } from './signing.pdf.js';

let pki: TestPki;
let plain: Uint8Array;
let signed: Buffer;
let ecdsa: OpensslEcdsaSigner;
let twice: Buffer;
const signingTime = new Date('2026-11-20T02:30:00Z');
// The second, independent signer is the openssl command; a machine with nothing but Node may lack it.
const hasOpenssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;

beforeAll(async () => {
  // An ASCII root name: @signpdf/signer-p12 (node-forge) garbles a UTF-8 issuer inside the
  // SignerInfo, which this verifier tolerates but pdfsig (NSS) does not; the signer stays Vietnamese.
  pki = makeTestPki({ root: { commonName: 'VanPhong Test Root CA', organization: 'VanPhong Demo' }, at: signingTime });
  plain = await makePdf();
  signed = await signFirst(plain, p12Signer(pki), signingTime);
  if (!hasOpenssl) return;
  ecdsa = new OpensslEcdsaSigner();
  twice = await signIncrementally(signed, ecdsa, new Date('2026-11-20T03:00:00Z'));
});
afterAll(() => ecdsa?.dispose());

const trusting = (...pems: string[]) => ({ trustedRoots: pems.map((certificate) => ({ certificate })) });
/** Flips one byte of a copy, at an offset or the first occurrence of `marker`. */
function tamper(bytes: Buffer, marker: string | number): Buffer {
  const copy = Buffer.from(bytes);
  const at = typeof marker === 'number' ? marker : copy.indexOf(marker);
  expect(at, String(marker)).toBeGreaterThanOrEqual(0);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

describe('verifying the signatures of a PDF', () => {
  it('a signature by a certificate under an imported root is valid: signer, organisation, issuer, time, whole file covered', async () => {
    const report = await verifyPdf(signed, trusting(pki.root.pem));
    expect(report.status).toBe('signed');
    expect(report.signatures).toHaveLength(1);
    const [signature] = report.signatures;
    expect(signature).toMatchObject({
      status: 'valid', problems: [], subFilter: 'adbe.pkcs7.detached',
      signer: { commonName: 'Lò Văn Tiến', organization: 'UBND tỉnh Điện Biên' },
      issuer: { commonName: 'VanPhong Test Root CA', organization: 'VanPhong Demo' },
      signingTime: signingTime.toISOString(), signingTimeSource: 'signed_attribute', certificateValidAtSigning: true,
      digestAlgorithm: 'sha256', signatureAlgorithm: 'RSA', digestMatches: true, signatureVerifies: true,
      coverage: { coversWholeFile: true, bytesAfter: 0, revision: 1, revisionsAfter: 0 },
      chain: { trusted: true },
      revocation: 'not_checked',
    });
  });

  it('the same signature without its root imported is untrusted: signed by an unknown issuer', async () => {
    const [signature] = (await verifyPdf(signed)).signatures;
    expect(signature).toMatchObject({ status: 'untrusted', problems: ['unknown_issuer'], digestMatches: true, signatureVerifies: true, chain: { trusted: false } });
    // Another agency's root does not help either.
    const other = makeTestPki({ root: { commonName: 'Other Agency Root', organization: 'Other' }, at: signingTime });
    expect((await verifyPdf(signed, trusting(other.root.pem))).signatures[0]!.status).toBe('untrusted');
  });

  it('a one-byte change anywhere in the signed ranges breaks the signature', async () => {
    // The header's binary comment (first range) and the signature dictionary's /Reason (second range).
    for (const marker of [11, 'Ky duyet']) {
      const [signature] = (await verifyPdf(tamper(signed, marker), trusting(pki.root.pem))).signatures;
      expect(signature, String(marker)).toMatchObject({ status: 'broken', problems: ['digest_mismatch'], digestMatches: false, signatureVerifies: true });
    }
    // A changed signature value breaks the signature over the signed attributes.
    const cms = signed.indexOf('<3082') + 200;
    const changedSignature = Buffer.from(signed);
    changedSignature[cms] = changedSignature[cms] === 0x30 ? 0x31 : 0x30;
    expect((await verifyPdf(changedSignature, trusting(pki.root.pem))).signatures[0]!.status).not.toMatch(/^valid/);
  });

  it.runIf(hasOpenssl)('a PDF signed twice (the second as an incremental update, ECDSA by another tool) shows both signatures', async () => {
    const report = await verifyPdf(twice, trusting(pki.root.pem, ecdsa.rootPem));
    expect(report.revisions).toBe(2);
    expect(report.signatures.map((s) => [s.status, s.signer?.commonName, s.signatureAlgorithm, s.coverage.revision, s.coverage.revisionsAfter])).toEqual([
      ['valid_but_modified_after', 'Lò Văn Tiến', 'RSA', 1, 1],
      ['valid', 'Nguyễn Thị Hoa', 'ECDSA', 2, 0],
    ]);
    expect(report.signatures[0]!.coverage.bytesAfter).toBe(twice.length - signed.length);
    expect(report.signatures[1]!.signer?.organization).toBe('Sở Tài chính tỉnh Điện Biên');
    // A byte changed in the first revision breaks both signatures, since both cover it.
    expect((await verifyPdf(tamper(twice, 'Ky duyet'), trusting(pki.root.pem, ecdsa.rootPem))).signatures.map((s) => s.status)).toEqual(['broken', 'broken']);
    // A byte changed in the second revision only breaks the second.
    expect((await verifyPdf(tamper(twice, 'Ky so co quan'), trusting(pki.root.pem, ecdsa.rootPem))).signatures.map((s) => s.status)).toEqual(['valid_but_modified_after', 'broken']);
  });

  it('bytes appended after signing leave the signature valid for what it covers and say how many bytes came after', async () => {
    const appended = Buffer.concat([signed, Buffer.from('\n% appended later\n')]);
    const [signature] = (await verifyPdf(appended, trusting(pki.root.pem))).signatures;
    expect(signature).toMatchObject({ status: 'valid_but_modified_after', problems: ['modified_after'], coverage: { coversWholeFile: false, bytesAfter: 18, revisionsAfter: 0 } });
  });

  it('a certificate that had expired when the document was signed is reported as such', async () => {
    const old = makeTestPki({ at: new Date('2020-01-01T00:00:00Z') }); // the leaf ran out in 2022
    const late = await signFirst(plain, p12Signer(old), signingTime);
    const [signature] = (await verifyPdf(late, trusting(old.root.pem))).signatures;
    expect(signature).toMatchObject({ status: 'expired_at_signing', problems: ['expired_at_signing'], certificateValidAtSigning: false, signatureVerifies: true });
  });

  it('a PDF without signatures says so; a file that is not a PDF is unsupported', async () => {
    expect((await verifyPdf(plain))).toMatchObject({ status: 'no_signatures', signatures: [], revisions: 1 });
    expect((await verifyPdf(Buffer.from('PK\u0003\u0004 a zip, not a PDF')))).toMatchObject({ status: 'unsupported', reason: 'not_pdf' });
    expect((await verifyPdf(new Uint8Array()))).toMatchObject({ status: 'unsupported', reason: 'not_pdf' });
  });

  it('garbage, truncated and oversized files give a report, never an exception', async () => {
    const truncated = signed.subarray(0, Math.floor(signed.length * 0.7));
    expect((await verifyPdf(truncated)).signatures[0]).toMatchObject({ status: 'broken', problems: ['byte_range_outside_file'] });
    expect((await verifyPdf(signed, { maxBytes: 1000 }))).toMatchObject({ status: 'unsupported', reason: 'too_large' });
    const many = Buffer.from(`%PDF-1.7\n${[1, 2, 3, 4, 5].map((n) => `<< /Type /Sig /Filter /Adobe.PPKLite /ByteRange [0 ${n} 30 4] /Contents <00> >>\n`).join('')}`);
    expect((await verifyPdf(many, { maxSignatures: 2 }))).toMatchObject({ status: 'unsupported', reason: 'too_many_signatures' });
    const hostile = [
      '%PDF-1.7\n<< /ByteRange [0 99999999999 0 0] /Contents <3082> >>',
      '%PDF-1.7\n<< /Type /Sig /SubFilter /adbe.pkcs7.detached /ByteRange [0 40 60 0] /Contents <30800000000000000000> >>',
      `%PDF-1.7\n<< /SubFilter /adbe.pkcs7.detached /ByteRange [0 10 ${'9'.repeat(15)} 1] /Contents <> >>`,
      `%PDF-1.7\n<< /SubFilter /ETSI.CAdES.detached /ByteRange [0 9 20 3] /Contents <${'30'.repeat(5000)}> >>`,
      `%PDF-1.7\n${'<<'.repeat(10000)} /ByteRange [0 1 2 3] ${'('.repeat(5000)}`,
      `%PDF-1.7\n/ByteRange [0 9 11 0]${'%%EOF'.repeat(20000)}`,
    ];
    for (const text of hostile) await expect(verifyPdf(Buffer.from(text)), text.slice(0, 60)).resolves.toBeDefined();
    // Hundreds of thousands of /ByteRange mentions (and dictionary openers) cost a bounded amount of work.
    const started = performance.now();
    const dictionaries = Buffer.from(`%PDF-1.7\n${Array.from({ length: 100_000 }, (_, i) => `<< /ByteRange [0 ${i + 1} 2 3] /Contents <00> >>`).join('\n')}`);
    expect((await verifyPdf(dictionaries))).toMatchObject({ status: 'unsupported', reason: 'too_many_signatures' });
    const mentions = Buffer.from(`%PDF-1.7\n${Array.from({ length: 100_000 }, (_, i) => `/ByteRange [0 ${i + 1} 2 3]`).join(' ')}`);
    expect((await verifyPdf(mentions)).status).toBe('no_signatures');
    expect(performance.now() - started).toBeLessThan(5_000);
    const random = Buffer.alloc(200_000);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
    expect((await verifyPdf(Buffer.concat([Buffer.from('%PDF-1.4\n/ByteRange [0 10 20 30]'), random]))).status).not.toBeUndefined();
  });

  it('random changes to a signed file never make it throw, and never leave it valid when a signed byte changed', async () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const [a, b, c, d] = (await verifyPdf(signed)).signatures[0]!.coverage.byteRange as [number, number, number, number];
    for (let round = 0; round < 150; round++) {
      const copy = Buffer.from(signed);
      const at = next() % copy.length;
      copy[at] = copy[at]! ^ (1 + (next() % 255));
      const report = await verifyPdf(copy, trusting(pki.root.pem));
      const inSignedRange = (at >= a && at < a + b) || (at >= c && at < c + d);
      // A change inside the signed ranges can only be caught or make the signature unreadable.
      if (inSignedRange) expect(report.signatures.every((s) => s.status !== 'valid'), `byte ${at}`).toBe(true);
    }
  });

  it('pdfsig (poppler) agrees: the valid file is "Signature is Valid", the tampered one a digest mismatch', async (context) => {
    const pdfsig = ['/usr/bin/pdfsig', '/usr/local/bin/pdfsig'].find((p) => fs.existsSync(p));
    if (!pdfsig) {
      context.skip('pdfsig (poppler-utils) is not installed: the cross-check with an independent verifier is skipped');
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanphong-pdfsig-'));
    try {
      const run = (name: string, bytes: Buffer) => {
        fs.writeFileSync(path.join(dir, name), bytes);
        // pdfsig exits non-zero for an invalid signature; its report is on stdout either way.
        try {
          return execFileSync(pdfsig, [path.join(dir, name)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
        } catch (error) {
          return String((error as { stdout?: string }).stdout ?? '');
        }
      };
      const good = run('good.pdf', signed);
      expect(good).toContain('Signature is Valid');
      expect(good).toContain('Total document signed');
      expect((await verifyPdf(signed)).signatures[0]!.signatureVerifies).toBe(true);
      const bad = run('bad.pdf', tamper(signed, 'Ky duyet'));
      expect(bad).toContain('Digest Mismatch');
      expect((await verifyPdf(tamper(signed, 'Ky duyet'))).signatures[0]!.status).toBe('broken');
      if (hasOpenssl) {
        const both = run('twice.pdf', twice);
        expect(both).toContain('Not total document signed');
        expect(both.match(/Signature is Valid/g)).toHaveLength(2);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A PNG of 1×1 transparent pixel: the signature image does not matter here. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('certification signatures (DocMDP)', () => {
  const keyOf = () => ({ pem: forge.pki.privateKeyToPem(pki.leaf.key), chain: [pki.leaf.cert, pki.root.cert].map((c) => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes(), 'binary')) });
  const fill = async (prepared: Buffer) => {
    const key = keyOf();
    const placeholder = locatePlaceholder(prepared);
    return embedSignature(placeholder, await buildCms({ contentDigest: placeholder.digest, chainDer: key.chain, signingTime, sign: async (a) => rsaSign('sha256', a, key.pem) }));
  };
  const details = (fieldName: string) => ({ fieldName, name: 'Lò Văn Tiến', reason: 'Ký', location: 'Điện Biên', signingTime });
  const certified = async (permission: DocMdpPermission) => fill(await prepareSignerSignature(plain, PIXEL, () => [300, 100, 420, 150], details('Ky'), permission));

  it('a certification with P=1 allows no change: a second signature added later is reported as not allowed', async () => {
    const once = await certified(1);
    expect((await verifyPdf(once, trusting(pki.root.pem))).signatures[0]).toMatchObject({ status: 'valid', certification: { permission: 1, respected: true, changes: [] }, appearance: { page: 1, rect: [300, 100, 420, 150], visible: true } });
    const twiceSigned = await fill(await prepareAgencySignature(once, PIXEL, [250, 100, 300, 150], {}, null, details('CoQuan')));
    const [first, second] = (await verifyPdf(twiceSigned, trusting(pki.root.pem))).signatures;
    expect(first).toMatchObject({ digestMatches: true, signatureVerifies: true, certification: { permission: 1, respected: false } });
    expect(first!.certification!.changes).toContainEqual({ code: 'revision_added', page: null, allowed: false });
    expect(first!.problems).toContain('changes_not_permitted');
    expect(second).toMatchObject({ status: 'valid', certification: null });
  });

  it('with P=2 a comment (a non-widget annotation) added later is not allowed; P=3 allows it', async () => {
    const addComment = async (signedBytes: Buffer) => {
      const doc = await CantooDocument.load(signedBytes, { forIncrementalUpdate: true, updateMetadata: false });
      const page = doc.getPages()[0]!;
      const note = doc.context.register(doc.context.obj({ Type: 'Annot', Subtype: 'Text', Rect: [50, 50, 70, 70], Contents: 'Ghi chu' }));
      // Added to /Annots as a careful tool does (pdf-lib's addAnnot would also wrap the page's content streams in q/Q: a content change).
      const annots = page.node.get(PDFName.of('Annots'));
      if (annots instanceof PDFArray) annots.push(note);
      else page.node.set(PDFName.of('Annots'), doc.context.obj([note]));
      doc.context.snapshot?.markRefForSave(page.ref);
      return Buffer.concat([signedBytes, Buffer.from(await doc.commit({ useObjectStreams: false })).subarray(signedBytes.length)]);
    };
    for (const [permission, allowed] of [[2, false], [3, true]] as const) {
      const [signature] = (await verifyPdf(await addComment(await certified(permission)), trusting(pki.root.pem))).signatures;
      expect(signature!.certification, `P=${permission}`).toMatchObject({ permission, respected: allowed });
      expect(signature!.certification!.changes).toContainEqual({ code: 'annotation_added', page: 1, allowed });
    }
  });
});

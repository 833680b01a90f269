import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf, Signer } from '@signpdf/signpdf';
import forge from 'node-forge';
import { PDFDocument, StandardFonts } from 'pdf-lib';

// Test fixtures made on the spot (nothing downloaded, nothing checked in): a certificate
// authority with a signer under it, a PDF, and signatures made the way the signing side and
// other tools make them. Used by the tests of verification only.

export interface TestCertificate {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  pem: string;
}

export interface TestPki {
  root: TestCertificate;
  leaf: TestCertificate;
  /** The leaf's key and chain as PKCS#12 (passphrase `PASSPHRASE`). */
  p12: Buffer;
}

export const PASSPHRASE = 'mat-khau-thu';

type NameParts = { commonName: string; organization?: string };

function subject(parts: NameParts): forge.pki.CertificateField[] {
  // UTF8String so Vietnamese names survive (forge encodes the text itself).
  const utf8 = (value: string) => ({ value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class });
  return [
    { shortName: 'C', value: 'VN' },
    ...(parts.organization ? [{ shortName: 'O', ...utf8(parts.organization) }] : []),
    { shortName: 'CN', ...utf8(parts.commonName) },
  ];
}

function rsaKeys() {
  // Node makes the key (forge's pure-JS generation takes seconds); forge signs the certificate.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey,
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

interface CertificateOptions { name: NameParts; issuer?: TestCertificate; ca: boolean; notBefore: Date; notAfter: Date }

export function makeCertificate(options: CertificateOptions): TestCertificate {
  const keys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = options.notBefore;
  cert.validity.notAfter = options.notAfter;
  cert.setSubject(subject(options.name));
  cert.setIssuer(options.issuer ? options.issuer.cert.subject.attributes : subject(options.name));
  cert.setExtensions(options.ca
    ? [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }, { name: 'subjectKeyIdentifier' }]
    : [{ name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true }, { name: 'subjectKeyIdentifier' }]);
  cert.sign(options.issuer?.key ?? keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey, pem: forge.pki.certificateToPem(cert) };
}

const YEAR = 365 * 24 * 3600 * 1000;

/** A root CA and a signer's certificate under it, valid around `at` unless told otherwise. */
export function makeTestPki(options: { root?: NameParts; leaf?: NameParts; at?: Date; leafNotAfter?: Date } = {}): TestPki {
  const at = options.at ?? new Date();
  const root = makeCertificate({ name: options.root ?? { commonName: 'CA thử nghiệm VanPhong', organization: 'VanPhong Demo' }, ca: true, notBefore: new Date(at.getTime() - YEAR), notAfter: new Date(at.getTime() + 10 * YEAR) });
  const leaf = makeCertificate({
    name: options.leaf ?? { commonName: 'Lò Văn Tiến', organization: 'UBND tỉnh Điện Biên' },
    issuer: root, ca: false, notBefore: new Date(at.getTime() - YEAR / 2), notAfter: options.leafNotAfter ?? new Date(at.getTime() + 2 * YEAR),
  });
  const p12Asn1 = forge.pkcs12.toPkcs12Asn1(leaf.key, [leaf.cert, root.cert], PASSPHRASE, { algorithm: '3des' });
  return { root, leaf, p12: Buffer.from(forge.asn1.toDer(p12Asn1).getBytes(), 'binary') };
}

/** A one-page PDF with classic cross-reference tables, so later tools can append to it. */
export async function makePdf(text = 'Công văn số 123/UBND-KT'): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  page.drawText(text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd'), { x: 60, y: 760, size: 14, font });
  return doc.save({ useObjectStreams: false });
}

/** The first signature: a placeholder written by pdf-lib (a rewrite of the file), then filled. */
export async function signFirst(pdf: Uint8Array, signer: Signer, signingTime = new Date(), name = 'Lo Van Tien'): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf);
  pdflibAddPlaceholder({ pdfDoc: doc, reason: 'Ky duyet', contactInfo: '', name, location: 'Dien Bien', signingTime });
  const prepared = Buffer.from(await doc.save({ useObjectStreams: false }));
  return new SignPdf().sign(prepared, signer, signingTime);
}

/** A later signature as an incremental update: the bytes signed before stay untouched. */
export async function signIncrementally(signed: Buffer, signer: Signer, signingTime = new Date(), name = 'Van thu'): Promise<Buffer> {
  const prepared = plainAddPlaceholder({ pdfBuffer: signed, reason: 'Ky so co quan', contactInfo: '', name, location: 'Dien Bien', signingTime });
  return new SignPdf().sign(prepared, signer, signingTime);
}

export const p12Signer = (pki: TestPki) => new P12Signer(pki.p12, { passphrase: PASSPHRASE });

/**
 * A signer that is not node-forge: `openssl cms -sign` with an ECDSA P-256 key, detached, with the
 * chain. It shows the verifier reads what another implementation writes, and covers ECDSA.
 */
export class OpensslEcdsaSigner extends Signer {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanphong-ec-'));
  readonly rootPem: string;

  constructor(commonName = 'Nguyễn Thị Hoa', organization = 'Sở Tài chính tỉnh Điện Biên') {
    super();
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'root.key');
    run('req', '-x509', '-new', '-key', 'root.key', '-subj', '/C=VN/O=EC Demo/CN=EC Root thử nghiệm', '-utf8', '-days', '3650', '-out', 'root.pem',
      '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'leaf.key');
    run('req', '-new', '-key', 'leaf.key', '-subj', `/C=VN/O=${organization}/CN=${commonName}`, '-utf8', '-out', 'leaf.csr');
    fs.writeFileSync(path.join(this.dir, 'leaf.ext'), 'basicConstraints=CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
    run('x509', '-req', '-in', 'leaf.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '365', '-extfile', 'leaf.ext', '-out', 'leaf.pem');
    this.rootPem = fs.readFileSync(path.join(this.dir, 'root.pem'), 'utf8');
  }

  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    fs.writeFileSync(path.join(this.dir, 'data.bin'), pdfBuffer);
    return execFileSync('openssl', ['cms', '-sign', '-binary', '-md', 'sha256', '-in', 'data.bin', '-signer', 'leaf.pem', '-inkey', 'leaf.key', '-certfile', 'root.pem', '-outform', 'DER'], { cwd: this.dir });
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

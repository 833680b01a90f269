import { createHash, type KeyObject, X509Certificate, constants as cryptoConstants, verify as cryptoVerify } from 'node:crypto';
import forge from 'node-forge';
import type { CertificateSummary, PdfVerificationReport, SignatureProblem, SignatureReport, SignatureStatus } from '../../../shared/signatures.js';
import { findSignatureDictionaries, listRevisionEnds, type SignatureDictionary } from './pdf-verify.scan.js';
import { checkDocMdp, parseObjects, readStructure } from './pdf-verify.structure.js';

// What a PDF's signatures say, from its bytes alone: a pure function (no database, no network),
// so the same report comes from an attachment, a version or a file the clerk has not registered yet.
// No maintained npm package verifies a PDF's CMS (DESIGN.md): node-forge reads the ASN.1, Node's
// crypto does the digests, the signature over the signed attributes (RSA, RSA-PSS, ECDSA) and the
// certificate chain. Revocation is not checked and is never reported as fine.

export type { CertificateSummary, PdfVerificationReport, SignatureProblem, SignatureReport, SignatureStatus } from '../../../shared/signatures.js';

export interface TrustAnchor {
  /** PEM or DER of a root the agency imported. */
  certificate: string | Uint8Array;
}

export interface VerifyOptions {
  trustedRoots?: TrustAnchor[];
  now?: Date;
  /** Bounds the work a hostile file can cause. */
  maxBytes?: number;
  maxSignatures?: number;
}

export const VERIFY_LIMITS = { maxBytes: 100 * 1024 * 1024, maxSignatures: 30, maxCertificates: 30, maxChainLength: 10 } as const;

const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
/** Signature algorithm OIDs of SignerInfo; a digest named here wins over the digestAlgorithm field. */
const SIGNATURES: Record<string, { kind: 'RSA' | 'RSA-PSS' | 'ECDSA' | 'Ed25519'; digest?: string }> = {
  '1.2.840.113549.1.1.1': { kind: 'RSA' },
  '1.2.840.113549.1.1.5': { kind: 'RSA', digest: 'sha1' },
  '1.2.840.113549.1.1.11': { kind: 'RSA', digest: 'sha256' },
  '1.2.840.113549.1.1.12': { kind: 'RSA', digest: 'sha384' },
  '1.2.840.113549.1.1.13': { kind: 'RSA', digest: 'sha512' },
  '1.2.840.113549.1.1.10': { kind: 'RSA-PSS' },
  '1.2.840.10045.2.1': { kind: 'ECDSA' },
  '1.2.840.10045.4.1': { kind: 'ECDSA', digest: 'sha1' },
  '1.2.840.10045.4.3.2': { kind: 'ECDSA', digest: 'sha256' },
  '1.2.840.10045.4.3.3': { kind: 'ECDSA', digest: 'sha384' },
  '1.2.840.10045.4.3.4': { kind: 'ECDSA', digest: 'sha512' },
  '1.3.101.112': { kind: 'Ed25519' },
};
const OID = {
  signedData: '1.2.840.113549.1.7.2',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
} as const;
const NAME_LABELS: Record<string, string> = {
  '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber', '2.5.4.12': 'title', '0.9.2342.19200300.100.1.1': 'UID', '1.2.840.113549.1.9.1': 'emailAddress',
};
const SUPPORTED_SUB_FILTERS = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached']);

/**
 * Reads every signature of a PDF, then where each one's widget is and whether later revisions kept
 * to a certification signature's DocMDP permission. Never throws: a file it cannot read gets a
 * report saying so.
 */
export async function verifyPdf(input: Uint8Array, options: VerifyOptions = {}): Promise<PdfVerificationReport> {
  const report = verifySignatureBytes(input, options);
  if (report.status !== 'signed') return report;
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const whole = await parseObjects(bytes);
  if (!whole) return report; // the CMS checks stand; where the widgets are stays unknown
  const structure = readStructure(whole);
  for (const signature of report.signatures) {
    const key = signature.coverage.byteRange.join(' ');
    signature.appearance = structure.appearances.get(key) ?? null;
    const certified = structure.certifications.get(key);
    if (!certified) continue;
    const end = (signature.coverage.byteRange[2] ?? 0) + (signature.coverage.byteRange[3] ?? 0);
    const inCatalog = certified.inPerms;
    if (signature.coverage.coversWholeFile || end > bytes.length) {
      signature.certification = { permission: certified.permission, inCatalog, respected: signature.coverage.coversWholeFile ? true : null, changes: [] };
      continue;
    }
    const before = await parseObjects(bytes.subarray(0, end));
    signature.certification = before
      ? { ...checkDocMdp(before, whole, certified.permission, signature.coverage.revisionsAfter), inCatalog }
      : { permission: certified.permission, inCatalog, respected: null, changes: [] };
    if (signature.certification.respected === false) signature.problems = [...signature.problems, 'changes_not_permitted'];
  }
  return report;
}

/** The part of the verification that reads bytes only (digests, CMS, chain): synchronous and bounded. */
export function verifySignatureBytes(input: Uint8Array, options: VerifyOptions = {}): PdfVerificationReport {
  const now = options.now ?? new Date();
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const base = { fileSize: bytes.length, verifiedAt: now.toISOString() };
  if (bytes.length > (options.maxBytes ?? VERIFY_LIMITS.maxBytes)) return { ...base, status: 'unsupported', reason: 'too_large', revisions: 0, signatures: [] };
  if (!isPdf(bytes)) return { ...base, status: 'unsupported', reason: 'not_pdf', revisions: 0, signatures: [] };
  const revisionEnds = listRevisionEnds(bytes);
  const maxSignatures = options.maxSignatures ?? VERIFY_LIMITS.maxSignatures;
  const found = findSignatureDictionaries(bytes, maxSignatures + 1);
  if (found.length > maxSignatures) return { ...base, status: 'unsupported', reason: 'too_many_signatures', revisions: revisionEnds.length, signatures: [] };
  const anchors = readAnchors(options.trustedRoots ?? []);
  const signatures = found.map((dictionary, i) => verifyOne(bytes, dictionary, i + 1, revisionEnds, anchors, now));
  return { ...base, status: signatures.length ? 'signed' : 'no_signatures', reason: null, revisions: Math.max(1, revisionEnds.length), signatures };
}

/** "%PDF-" within the first KB, as readers accept it. */
function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).indexOf('%PDF-') >= 0;
}

function readAnchors(roots: TrustAnchor[]): X509Certificate[] {
  return roots.flatMap((root) => {
    try {
      return [new X509Certificate(typeof root.certificate === 'string' ? root.certificate : Buffer.from(root.certificate))];
    } catch {
      return []; // an unreadable stored root trusts nothing
    }
  });
}

function emptyReport(index: number, dictionary: SignatureDictionary): SignatureReport {
  return {
    index, status: 'unsupported', problems: [], subFilter: dictionary.subFilter, name: dictionary.name, reason: dictionary.reason, location: dictionary.location,
    signer: null, issuer: null, signingTime: dictionary.signingTime?.toISOString() ?? null, signingTimeSource: dictionary.signingTime ? 'dictionary' : null,
    certificateValidAtSigning: null, digestAlgorithm: null, signatureAlgorithm: null, digestMatches: null, signatureVerifies: null,
    coverage: { byteRange: dictionary.byteRange, coversWholeFile: false, bytesAfter: 0, revision: null, revisionsAfter: 0 },
    chain: { trusted: false, trustedRoot: null, certificates: [] },
    revocation: 'not_checked',
    revocationDetail: { reason: 'not_supported', ocspUrls: [] },
    appearance: null,
    certification: null,
  };
}

function verifyOne(bytes: Buffer, dictionary: SignatureDictionary, index: number, revisionEnds: number[], anchors: X509Certificate[], now: Date): SignatureReport {
  const report = emptyReport(index, dictionary);
  const range = checkByteRange(bytes, dictionary.byteRange);
  if (range !== 'ok') return finish(report, range === 'outside' ? 'broken' : 'unsupported', [range === 'outside' ? 'byte_range_outside_file' : 'byte_range_invalid']);
  const [a, b, c, d] = dictionary.byteRange as [number, number, number, number];
  const end = c + d;
  report.coverage = {
    byteRange: dictionary.byteRange,
    coversWholeFile: end === bytes.length,
    bytesAfter: bytes.length - end,
    revision: revisionOf(end, revisionEnds),
    revisionsAfter: revisionEnds.filter((revisionEnd) => revisionEnd > end).length,
  };
  if (!dictionary.subFilter || !SUPPORTED_SUB_FILTERS.has(dictionary.subFilter)) return finish(report, 'unsupported', ['unsupported_sub_filter']);
  const der = contentsDer(bytes, b, c);
  if (!der) return finish(report, 'unsupported', ['empty_signature']);
  let cms: ParsedCms;
  try {
    cms = parseCms(der);
  } catch {
    return finish(report, 'unsupported', ['cms_unreadable']);
  }
  return evaluate(report, bytes, [[a, a + b], [c, end]], cms, anchors, now);
}

function finish(report: SignatureReport, status: SignatureStatus, problems: SignatureProblem[]): SignatureReport {
  return { ...report, status, problems: [...report.problems, ...problems] };
}

function checkByteRange(bytes: Buffer, range: number[]): 'ok' | 'invalid' | 'outside' {
  if (range.length !== 4 || range.some((n) => !Number.isSafeInteger(n) || n < 0)) return 'invalid';
  const [a, b, c, d] = range as [number, number, number, number];
  // The first range starts the file and the gap between them holds exactly the /Contents string.
  if (a !== 0 || b < 1 || c < b + 2 || d < 0) return 'invalid';
  if (c + d > bytes.length) return 'outside';
  if (bytes[b] !== 0x3c || bytes[c - 1] !== 0x3e) return 'invalid';
  return 'ok';
}

/** The revision the signed range closes: the number of %%EOF markers inside it. */
function revisionOf(end: number, revisionEnds: number[]): number | null {
  const inside = revisionEnds.filter((revisionEnd) => revisionEnd <= end).length;
  return inside || null;
}

/** The hex string between the two ranges, as DER; null for a placeholder never filled (all zeros). */
function contentsDer(bytes: Buffer, from: number, to: number): Buffer | null {
  const hex = bytes.subarray(from + 1, to - 1).toString('latin1').replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length < 4 || /^0+$/.test(hex)) return null;
  return Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
}

interface ParsedCms {
  certificates: X509Certificate[];
  certificateAsn1: Map<X509Certificate, forge.asn1.Asn1>;
  signerIssuer: forge.asn1.Asn1 | null;
  signerSerial: string | null;
  signerKeyId: string | null;
  digestOid: string;
  signatureOid: string;
  signatureParams: forge.asn1.Asn1 | null;
  signature: Buffer;
  signedAttributes: Buffer | null;
  messageDigest: Buffer | null;
  signingTime: Date | null;
}

interface DerOptions { parseAllBytes?: boolean; decodeBitStrings?: boolean; strict?: boolean }
/** node-forge takes an options object here; its type definitions still say `strict?: boolean`. */
const fromDer = (der: Buffer, options: DerOptions): forge.asn1.Asn1 =>
  (forge.asn1.fromDer as unknown as (bytes: forge.util.ByteStringBuffer, options: DerOptions) => forge.asn1.Asn1)(forge.util.createBuffer(der.toString('binary')), options);
const children = (node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] => (node && Array.isArray(node.value) ? node.value : []);
const bytesOf = (node: forge.asn1.Asn1 | undefined): string => (node && typeof node.value === 'string' ? node.value : '');
const oidOf = (node: forge.asn1.Asn1 | undefined): string => forge.asn1.derToOid(bytesOf(node));
const derOf = (node: forge.asn1.Asn1): Buffer => Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
const isContext = (node: forge.asn1.Asn1 | undefined, tag: number) => node?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && node.type === tag;

/** ContentInfo → SignedData → the first SignerInfo, with the certificates carried along. */
function parseCms(der: Buffer): ParsedCms {
  // parseAllBytes: false because the placeholder is padded with zeros after the DER.
  const root = fromDer(der, { parseAllBytes: false, decodeBitStrings: false, strict: true });
  const [type, wrapped] = children(root);
  if (oidOf(type) !== OID.signedData) throw new Error('not SignedData');
  const signedData = children(children(wrapped)[0]);
  const certificateSet = signedData.find((node) => isContext(node, 0));
  const certificateNodes = children(certificateSet).slice(0, VERIFY_LIMITS.maxCertificates);
  const certificateAsn1 = new Map<X509Certificate, forge.asn1.Asn1>();
  const certificates = certificateNodes.flatMap((node) => {
    try {
      const cert = new X509Certificate(derOf(node));
      certificateAsn1.set(cert, node);
      return [cert];
    } catch {
      return []; // an attribute certificate or garbage among them: skipped
    }
  });
  const signerInfos = children(signedData[signedData.length - 1]);
  const signerInfo = children(signerInfos[0]);
  if (signerInfo.length < 5) throw new Error('no SignerInfo');
  const [, sid, digestAlgorithm, ...rest] = signerInfo;
  const attributesNode = isContext(rest[0], 0) ? rest.shift() : undefined;
  const [signatureAlgorithm, signatureValue] = rest;
  const attributes = attributesNode ? readAttributes(attributesNode) : null;
  const sidParts = children(sid);
  return {
    certificates,
    certificateAsn1,
    signerIssuer: isContext(sid, 0) ? null : sidParts[0] ?? null,
    signerSerial: isContext(sid, 0) ? null : Buffer.from(bytesOf(sidParts[1]), 'binary').toString('hex'),
    signerKeyId: isContext(sid, 0) ? Buffer.from(bytesOf(sid), 'binary').toString('hex') : null,
    digestOid: oidOf(children(digestAlgorithm)[0]),
    signatureOid: oidOf(children(signatureAlgorithm)[0]),
    signatureParams: children(signatureAlgorithm)[1] ?? null,
    signature: Buffer.from(bytesOf(signatureValue), 'binary'),
    signedAttributes: attributes?.der ?? null,
    messageDigest: attributes?.messageDigest ?? null,
    signingTime: attributes?.signingTime ?? null,
  };
}

/** The signed attributes as the signer signed them: the [0] IMPLICIT set re-tagged as a SET (RFC 5652 5.4). */
function readAttributes(node: forge.asn1.Asn1) {
  const set = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, children(node));
  let messageDigest: Buffer | null = null;
  let signingTime: Date | null = null;
  for (const attribute of children(node)) {
    const [type, values] = children(attribute);
    const value = children(values)[0];
    const oid = oidOf(type);
    if (oid === OID.messageDigest) messageDigest = Buffer.from(bytesOf(value), 'binary');
    if (oid === OID.signingTime && value) {
      signingTime = value.type === forge.asn1.Type.UTCTIME ? forge.asn1.utcTimeToDate(bytesOf(value)) : forge.asn1.generalizedTimeToDate(bytesOf(value));
    }
  }
  return { der: derOf(set), messageDigest, signingTime };
}

function evaluate(report: SignatureReport, bytes: Buffer, ranges: [number, number][], cms: ParsedCms, anchors: X509Certificate[], now: Date): SignatureReport {
  const algorithm = SIGNATURES[cms.signatureOid];
  const digest = DIGESTS[cms.digestOid];
  const signer = findSigner(cms);
  const signingTime = cms.signingTime ?? (report.signingTime ? new Date(report.signingTime) : null);
  report.signingTime = signingTime?.toISOString() ?? null;
  report.signingTimeSource = cms.signingTime ? 'signed_attribute' : report.signingTimeSource;
  report.digestAlgorithm = digest ?? null;
  report.signatureAlgorithm = algorithm?.kind ?? null;
  if (signer) {
    report.signer = summarize(signer, cms);
    report.revocationDetail = { reason: 'not_supported', ocspUrls: ocspUrlsOf(signer) };
    const issuer = certificateName(cms.certificateAsn1.get(signer), 'issuer');
    report.issuer = issuer ? { subject: issuer.subject, commonName: issuer.commonName, organization: issuer.organization } : { subject: signer.issuer.replace(/\n/g, ', '), commonName: null, organization: null };
  }
  if (!algorithm || !digest) return finish(report, 'unsupported', ['unsupported_algorithm']);
  if (!signer) return finish(report, 'unsupported', ['signer_certificate_missing']);

  const hash = createHash(digest);
  for (const [from, to] of ranges) hash.update(bytes.subarray(from, to));
  const contentDigest = hash.digest();
  // Without signed attributes (old signers) the signature is over the content itself.
  report.digestMatches = cms.signedAttributes ? Boolean(cms.messageDigest?.equals(contentDigest)) : null;
  const signedData = cms.signedAttributes ?? Buffer.concat(ranges.map(([from, to]) => bytes.subarray(from, to)));
  report.signatureVerifies = checkSignature(algorithm.kind, algorithm.digest ?? digest, signedData, signer.publicKey, cms.signature);
  const problems: SignatureProblem[] = [];
  if (report.digestMatches === false) problems.push('digest_mismatch');
  if (!report.signatureVerifies) problems.push('signature_mismatch');
  if (problems.length) return finish(report, 'broken', problems);

  const at = signingTime ?? now;
  report.certificateValidAtSigning = at >= new Date(signer.validFrom) && at <= new Date(signer.validTo);
  if (!report.certificateValidAtSigning) return finish(report, 'expired_at_signing', [at < new Date(signer.validFrom) ? 'not_yet_valid_at_signing' : 'expired_at_signing']);
  const chain = buildChain(signer, cms.certificates, anchors);
  report.chain = chain.report;
  if (!chain.report.trusted) return finish(report, 'untrusted', [chain.problem ?? 'unknown_issuer']);
  if (!report.coverage.coversWholeFile) return finish(report, 'valid_but_modified_after', ['modified_after']);
  return finish(report, 'valid', []);
}

/** The OCSP responders the certificate's Authority Information Access names (shown, not contacted). */
function ocspUrlsOf(cert: X509Certificate): string[] {
  return (cert.infoAccess ?? '').split('\n').flatMap((line) => {
    const match = /^OCSP - URI:(\S+)$/.exec(line.trim());
    return match ? [match[1]!] : [];
  }).slice(0, 5);
}

function checkSignature(kind: string, digest: string, data: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    if (kind === 'Ed25519') return cryptoVerify(null, data, key, signature);
    if (kind === 'RSA-PSS') {
      return cryptoVerify(digest, data, { key, padding: cryptoConstants.RSA_PKCS1_PSS_PADDING, saltLength: cryptoConstants.RSA_PSS_SALTLEN_AUTO }, signature);
    }
    return cryptoVerify(digest, data, key, signature); // ECDSA signatures in CMS are DER, Node's default
  } catch {
    return false; // a key that does not fit the algorithm cannot have made the signature
  }
}

/** The certificate named by the SignerInfo (issuer + serial, or subject key identifier). */
function findSigner(cms: ParsedCms): X509Certificate | null {
  if (cms.signerKeyId !== null) return cms.certificates.find((cert) => subjectKeyId(cert) === cms.signerKeyId) ?? null;
  const serial = normalizeSerial(cms.signerSerial ?? '');
  const sameSerial = cms.certificates.filter((cert) => normalizeSerial(cert.serialNumber) === serial);
  const wanted = readName(cms.signerIssuer ?? undefined)?.subject;
  const exact = sameSerial.find((cert) => certificateName(cms.certificateAsn1.get(cert), 'issuer')?.subject === wanted);
  // Names compared as read, not as DER; and node-forge (behind @signpdf/signer-p12) garbles a UTF-8
  // issuer name in the SignerInfo, so a single certificate with that serial is taken: the signature
  // check below proves whether its key made the signature.
  return exact ?? (sameSerial.length === 1 ? sameSerial[0]! : null);
}

const normalizeSerial = (hex: string) => hex.toLowerCase().replace(/^0+/, '');

function subjectKeyId(cert: X509Certificate): string | null {
  // Node exposes no extension list; the SKI is the SHA-1 of the public key bits in nearly every CA (RFC 5280 4.2.1.2 method 1).
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  const node = fromDer(spki, { decodeBitStrings: false });
  const bits = Buffer.from(bytesOf(children(node)[1]), 'binary').subarray(1);
  return createHash('sha1').update(bits).digest('hex');
}

const tbsOf = (certificate: forge.asn1.Asn1) => children(certificate)[0];
/** TBSCertificate: [0] version, serial, signature algorithm, issuer, validity, subject. */
const issuerIndex = (certificate: forge.asn1.Asn1) => (isContext(children(tbsOf(certificate))[0], 0) ? 3 : 2);

/** A certificate's issuer or subject name, read from its ASN.1. */
function certificateName(certificate: forge.asn1.Asn1 | undefined, which: 'issuer' | 'subject') {
  if (!certificate) return null;
  return readName(children(tbsOf(certificate))[issuerIndex(certificate) + (which === 'subject' ? 2 : 0)]);
}

function summarize(cert: X509Certificate, cms: ParsedCms): CertificateSummary {
  const name = certificateName(cms.certificateAsn1.get(cert), 'subject');
  return {
    subject: name?.subject ?? cert.subject.replace(/\n/g, ', '),
    commonName: name?.commonName ?? null,
    organization: name?.organization ?? null,
    organizationalUnit: name?.organizationalUnit ?? null,
    serialNumber: cert.serialNumber,
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    fingerprintSha256: cert.fingerprint256,
  };
}

/** A distinguished name read from the ASN.1 itself, so Vietnamese UTF-8 and BMP strings come out as written. */
export function readName(node: forge.asn1.Asn1 | undefined) {
  if (!node) return null;
  const parts: { label: string; oid: string; value: string }[] = [];
  for (const rdn of children(node)) {
    for (const attribute of children(rdn)) {
      const [type, value] = children(attribute);
      const oid = oidOf(type);
      parts.push({ oid, label: NAME_LABELS[oid] ?? oid, value: decodeString(value) });
    }
  }
  const first = (oid: string) => parts.find((part) => part.oid === oid)?.value ?? null;
  return {
    subject: parts.map((part) => `${part.label}=${part.value}`).join(', '),
    commonName: first(OID.commonName),
    organization: first(OID.organization),
    organizationalUnit: first(OID.organizationalUnit),
  };
}

function decodeString(node: forge.asn1.Asn1 | undefined): string {
  const raw = Buffer.from(bytesOf(node), 'binary');
  if (node?.type === forge.asn1.Type.BMPSTRING) return raw.swap16().toString('utf16le');
  return raw.toString('utf8');
}

/**
 * From the signer's certificate up through the certificates the CMS carries to an imported root:
 * each step must be signed by the next one's key, and each issuer must be a CA.
 */
function buildChain(leaf: X509Certificate, pool: X509Certificate[], anchors: X509Certificate[]): { report: SignatureReport['chain']; problem: SignatureProblem | null } {
  const path: X509Certificate[] = [leaf];
  let current = leaf;
  for (let depth = 0; depth < VERIFY_LIMITS.maxChainLength; depth++) {
    const anchor = anchors.find((root) => root.fingerprint256 === current.fingerprint256) ?? anchors.find((root) => issues(root, current));
    if (anchor) {
      return { report: { trusted: true, trustedRoot: anchor.subject.replace(/\n/g, ', '), certificates: describe(path) }, problem: null };
    }
    const next = pool.find((candidate) => candidate !== current && !path.includes(candidate) && issues(candidate, current));
    if (!next) break;
    path.push(next);
    current = next;
  }
  const selfSigned = current.checkIssued(current) && safeVerify(current, current.publicKey);
  const brokenLink = !selfSigned && pool.some((candidate) => candidate !== current && current.checkIssued(candidate) && !safeVerify(current, candidate.publicKey));
  return { report: { trusted: false, trustedRoot: null, certificates: describe(path) }, problem: brokenLink ? 'chain_invalid' : 'unknown_issuer' };
}

function issues(issuer: X509Certificate, child: X509Certificate): boolean {
  return issuer.ca && child.checkIssued(issuer) && safeVerify(child, issuer.publicKey);
}

function safeVerify(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.verify(key);
  } catch {
    return false;
  }
}

const describe = (path: X509Certificate[]) => path.map((cert) => ({ subject: cert.subject.replace(/\n/g, ', '), issuer: cert.issuer.replace(/\n/g, ', ') }));

export interface CertificateDescription {
  subject: string;
  issuer: string;
  commonName: string | null;
  organization: string | null;
  isCa: boolean;
  notBefore: Date;
  notAfter: Date;
  /** Lower-case hex, no colons. */
  fingerprintSha256: string;
  pem: string;
}

/** One certificate (PEM or DER) as an admin sees it before trusting it; null when it is not one. */
export function describeCertificate(input: string | Uint8Array): CertificateDescription | null {
  try {
    const cert = new X509Certificate(typeof input === 'string' ? input : Buffer.from(input));
    const der = cert.raw;
    const node = fromDer(der, { decodeBitStrings: false });
    const issuer = certificateName(node, 'issuer');
    const subject = certificateName(node, 'subject');
    return {
      subject: subject?.subject ?? cert.subject.replace(/\n/g, ', '),
      issuer: issuer?.subject ?? cert.issuer.replace(/\n/g, ', '),
      commonName: subject?.commonName ?? null,
      organization: subject?.organization ?? null,
      isCa: cert.ca,
      notBefore: new Date(cert.validFrom),
      notAfter: new Date(cert.validTo),
      fingerprintSha256: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
      pem: `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`,
    };
  } catch {
    return null;
  }
}

import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { DomainError, badRequest } from '../../http/errors.js';
import type { CertificateFacts } from './certificates.pkcs12.js';
import { requireValidAt } from './certificates.pkcs12.js';
import { describeCertificate } from './pdf-verify.js';

// The certificate of a key held outside the server, as a client sends it (PEM or base64 of the
// DER), and what makes it acceptable for an official's signature: readable, an end-entity
// certificate with an RSA or EC key, valid at the signing time, when it states a key usage one for
// signatures (digitalSignature or nonRepudiation), and issued in the official's name (its common
// name holds their full name, accents and case aside): nobody signs with a colleague's token.

export interface ExternalCertificate {
  der: Buffer;
  x509: X509Certificate;
  keyType: 'rsa' | 'ec';
  facts: CertificateFacts;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Base64 (whitespace allowed) or a PEM block of any label, to bytes; null when it is neither. */
export function decodeBase64OrPem(text: string): Buffer | null {
  const pem = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/.exec(text);
  const body = (pem ? pem[1]! : text).replace(/\s+/g, '');
  if (!body || body.length % 4 !== 0 || !BASE64.test(body)) return null;
  return Buffer.from(body, 'base64');
}

/** The bits of the keyUsage extension that allow a signature; null when the certificate states none. */
export function keyUsageOf(der: Buffer): { digitalSignature: boolean; nonRepudiation: boolean } | null {
  const read = forge.asn1.fromDer as unknown as (bytes: forge.util.ByteStringBuffer, options: object) => forge.asn1.Asn1;
  const children = (node: forge.asn1.Asn1 | undefined) => (node && Array.isArray(node.value) ? node.value : []);
  const tbs = children(children(read(forge.util.createBuffer(der.toString('binary')), { decodeBitStrings: false }))[0]);
  const extensions = tbs.find((node) => node.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && node.type === 3);
  for (const extension of children(children(extensions)[0])) {
    const parts = children(extension);
    if (forge.asn1.derToOid(parts[0]!.value as string) !== '2.5.29.15') continue;
    const octets = parts.at(-1)!.value as string;
    const bits = Buffer.from((read(forge.util.createBuffer(octets), { decodeBitStrings: false }).value as string), 'binary');
    const first = bits[1] ?? 0; // bits[0] counts the unused bits
    return { digitalSignature: Boolean(first & 0x80), nonRepudiation: Boolean(first & 0x40) };
  }
  return null;
}

/** Reads a certificate the client sent; 400 CERTIFICATE_UNREADABLE when it is not one. */
export function readExternalCertificate(input: string | Buffer): ExternalCertificate {
  const der = typeof input === 'string' ? decodeBase64OrPem(input) : input;
  const described = der ? describeCertificate(der) : null;
  if (!der || !described) throw badRequest('CERTIFICATE_UNREADABLE');
  const x509 = new X509Certificate(der);
  const keyType = x509.publicKey.asymmetricKeyType;
  if (keyType !== 'rsa' && keyType !== 'ec') throw new DomainError('CERTIFICATE_NOT_FOR_SIGNING', 422, { subject: described.subject });
  return {
    der: x509.raw,
    x509,
    keyType,
    facts: {
      subject: described.subject, commonName: described.commonName ?? '', issuer: described.issuer, serial: x509.serialNumber.toUpperCase(),
      notBefore: described.notBefore, notAfter: described.notAfter, fingerprint: described.fingerprintSha256.toUpperCase(),
    },
  };
}

/** An official may sign with it at these times: an end-entity certificate for signatures, valid then. */
export function requireSigningCertificate(certificate: ExternalCertificate, ...times: Date[]): ExternalCertificate {
  const usage = keyUsageOf(certificate.der);
  if (certificate.x509.ca || (usage && !usage.digitalSignature && !usage.nonRepudiation)) {
    throw new DomainError('CERTIFICATE_NOT_FOR_SIGNING', 422, { subject: certificate.facts.subject });
  }
  for (const at of times) requireValidAt(certificate.facts, at);
  return certificate;
}

/** Lower case, no accents, đ as d, words separated by one space. */
const plainName = (name: string) => ` ${name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;

/** The certificate is the official's: its common name holds their full name (e.g. "NGUYEN VAN HUNG" for Nguyễn Văn Hùng). */
export function requireIssuedTo(certificate: ExternalCertificate, fullName: string): ExternalCertificate {
  if (!plainName(certificate.facts.commonName).includes(plainName(fullName))) {
    throw badRequest('CERTIFICATE_NOT_SIGNERS', { subject: certificate.facts.subject, name: fullName });
  }
  return certificate;
}

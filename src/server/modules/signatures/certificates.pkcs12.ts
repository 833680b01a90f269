import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { DomainError } from '../../http/errors.js';

/** What a PKCS#12 file holds once opened with its passphrase: the key and its certificate chain (signer first). */
export interface OpenedKey {
  privateKeyPem: string;
  certificate: forge.pki.Certificate;
  /** DER of the signer's certificate then the issuers found in the file. */
  chainDer: Buffer[];
  /** "CN=…, O=…" of the self-signed root among the file's issuers, or null when the file does not hold it. */
  rootSubject: string | null;
}

export interface CertificateFacts {
  subject: string;
  commonName: string;
  issuer: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  fingerprint: string;
}

const der = (cert: forge.pki.Certificate) => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');

/**
 * An attribute's text. forge hands a UTF8String read from DER back as its raw bytes (one char a
 * byte), so "Bùi Thị Ngọc" in an uploaded file came out as "BÃ¹i Thá»…": decode those; a value
 * already in JS text (a certificate made in this process) is kept as it is.
 */
function attributeText(value: unknown): string {
  const text = String(value ?? '');
  if (/[^\x00-\xff]/.test(text) || !/[\x80-\xff]/.test(text)) return text;
  try {
    return forge.util.decodeUtf8(text);
  } catch {
    return text;
  }
}

/** "CN=…, O=…" in the order of the certificate. */
export const nameOf = (attributes: forge.pki.CertificateField[]) => attributes.map((a) => `${a.shortName ?? a.name ?? a.type}=${attributeText(a.value)}`).join(', ');

/** Opens a PKCS#12 file; a wrong passphrase (or a file that is not PKCS#12) is the user's error, a 400. */
export function openPkcs12(bytes: Uint8Array, passphrase: string): OpenedKey {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  } catch (error) {
    const message = (error as Error).message ?? '';
    if (/password|MAC|decrypt|Invalid/i.test(message)) throw new DomainError('WRONG_PASSPHRASE', 400);
    throw new DomainError('NOT_PKCS12', 400);
  }
  const keyBag = [...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []), ...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? [])][0];
  const certs = (p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? []).flatMap((b) => (b.cert ? [b.cert] : []));
  const key = keyBag?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw new DomainError('WRONG_PASSPHRASE', 400); // forge gives no key bag when the passphrase does not decrypt it
  const publicPem = forge.pki.publicKeyToPem(forge.pki.setRsaPublicKey(key.n, key.e));
  const certificate = certs.find((c) => forge.pki.publicKeyToPem(c.publicKey) === publicPem);
  if (!certificate) throw new DomainError('NOT_PKCS12', 400);
  const issuers = certs.filter((c) => c !== certificate);
  const root = issuers.find((c) => c.isIssuer(c));
  return { privateKeyPem: forge.pki.privateKeyToPem(key), certificate, chainDer: [der(certificate), ...issuers.map(der)], rootSubject: root ? nameOf(root.subject.attributes) : null };
}

export function certificateFacts(certificate: forge.pki.Certificate): CertificateFacts {
  return {
    subject: nameOf(certificate.subject.attributes),
    commonName: attributeText(certificate.subject.getField('CN')?.value),
    issuer: nameOf(certificate.issuer.attributes),
    serial: certificate.serialNumber.toUpperCase(),
    notBefore: certificate.validity.notBefore,
    notAfter: certificate.validity.notAfter,
    fingerprint: createHash('sha256').update(der(certificate)).digest('hex').toUpperCase(),
  };
}

/** A certificate signs only inside its validity period. */
export function requireValidAt(facts: Pick<CertificateFacts, 'notBefore' | 'notAfter'>, at: Date) {
  if (at < facts.notBefore) throw new DomainError('CERTIFICATE_NOT_YET_VALID', 422, { from: facts.notBefore.toISOString().slice(0, 10) });
  if (at > facts.notAfter) throw new DomainError('CERTIFICATE_EXPIRED', 422, { until: facts.notAfter.toISOString().slice(0, 10) });
}

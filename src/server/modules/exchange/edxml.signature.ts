import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

// The XML signature (XMLDSig, enveloped) an edXML envelope may carry in edXMLHeader (DOMAIN.md 3.1).
// The national axis samples sign the whole package (Reference URI="", enveloped + exc-c14n) with the
// certificate in KeyInfo/X509Data. Verifying tells the clerk whether the package is intact and who
// signed it; whether that signer is trusted is the trust service's question, answered beside it.

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

export interface EnvelopeSignature {
  present: boolean;
  /** The signature value checks against the certificate and every reference's digest matches. */
  valid: boolean;
  /** It covers the whole package (URI=""), not only a part of it. */
  coversPackage: boolean;
  signer?: { subject: string; issuer: string; serialNumber: string; validFrom: string; validTo: string; fingerprint256: string };
  certificatePem?: string;
  /** Why it is not valid, in the library's words (for the log and the expert view). */
  failure?: string;
}

function signatureElement(xml: string): Element | undefined {
  const doc = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml');
  const inDsig = doc.getElementsByTagNameNS(DSIG, 'Signature');
  if (inDsig.length) return inDsig[0] as unknown as Element;
  // The SDK's samples write <Signature> without the XMLDSig namespace (it inherits edXML's default one).
  const header = doc.getElementsByTagNameNS('*', 'edXMLHeader')[0];
  if (!header) return undefined;
  for (let node = header.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as unknown as Element).localName === 'Signature') return node as unknown as Element;
  }
  return undefined;
}

function describe(pem: string): EnvelopeSignature['signer'] {
  const cert = new X509Certificate(pem);
  return { subject: cert.subject, issuer: cert.issuer, serialNumber: cert.serialNumber, validFrom: cert.validFrom, validTo: cert.validTo, fingerprint256: cert.fingerprint256 };
}

/** Checks the envelope's signature, if there is one. Never throws for a bad signature: it reports it. */
export function verifyEnvelopeSignature(xml: string): EnvelopeSignature {
  // No Signature element at all (base64 has no '<'): the DOM of a large package is not built for nothing.
  if (!/<([A-Za-z_][\w.-]*:)?Signature[\s>/]/.test(xml)) return { present: false, valid: false, coversPackage: false };
  const element = signatureElement(xml);
  if (!element) return { present: false, valid: false, coversPackage: false };
  if (element.namespaceURI !== DSIG) {
    return { present: true, valid: false, coversPackage: false, failure: 'Signature element is not in the XMLDSig namespace' };
  }
  const certificatePem = SignedXml.getCertFromKeyInfo(element.getElementsByTagNameNS(DSIG, 'KeyInfo')[0] as unknown as Node) ?? undefined;
  if (!certificatePem) return { present: true, valid: false, coversPackage: false, failure: 'no X509Certificate in KeyInfo' };
  let signer: EnvelopeSignature['signer'];
  try {
    signer = describe(certificatePem);
  } catch (error) {
    return { present: true, valid: false, coversPackage: false, failure: `unreadable certificate: ${(error as Error).message}` };
  }
  const references = Array.from(element.getElementsByTagNameNS(DSIG, 'Reference') as unknown as ArrayLike<Element>);
  const coversPackage = references.some((ref) => (ref.getAttribute('URI') ?? '') === '');
  const verifier = new SignedXml({ publicCert: certificatePem, getCertFromKeyInfo: () => null });
  try {
    verifier.loadSignature(element as unknown as Node);
    const valid = verifier.checkSignature(xml);
    return { present: true, valid, coversPackage, signer, certificatePem, ...(!valid && { failure: 'signature does not match' }) };
  } catch (error) {
    return { present: true, valid: false, coversPackage, signer, certificatePem, failure: (error as Error).message };
  }
}

/**
 * Signs a package as the samples do — enveloped, the whole document, exc-c14n — with SHA-256
 * (the samples' SHA-1 is no longer acceptable), the signature placed last in edXMLHeader.
 */
export function signEnvelope(xml: string, keyPem: string, certificatePem: string): string {
  // xml-crypto's PEM reader wants bare newlines; node-forge writes CRLF.
  const unix = (pem: string) => pem.replace(/\r\n/g, '\n');
  keyPem = unix(keyPem);
  certificatePem = unix(certificatePem);
  const signer = new SignedXml({
    privateKey: keyPem,
    publicCert: certificatePem,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signer.addReference({
    xpath: '/*',
    isEmptyUri: true,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  signer.computeSignature(xml, { location: { reference: "//*[local-name()='edXMLHeader']", action: 'append' } });
  return signer.getSignedXml();
}

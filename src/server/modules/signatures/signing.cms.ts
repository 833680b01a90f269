import { createHash } from 'node:crypto';
import forge from 'node-forge';

// A CMS SignedData for PAdES (SubFilter ETSI.CAdES.detached): detached content, SHA-256, and the
// signed attributes contentType, signingTime, messageDigest and signingCertificateV2 (ESS, RFC
// 5035) — the last binds the signer's certificate into what is signed, which `P12Signer` does not
// write. The signature itself comes from a callback over the DER of the signed attributes, so the
// same builder serves a key held by the server and one held elsewhere (token, remote service).

const { asn1 } = forge;
const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
};

/** Signs the DER of the signed attributes (RSA PKCS#1 v1.5 or ECDSA, over SHA-256) and returns the raw signature (ECDSA: DER). */
export type SignAttributes = (signedAttributesDer: Buffer) => Promise<Buffer>;

const oid = (value: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
const octets = (bytes: Buffer) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes.toString('binary'));
const int = (n: number) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const seq = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
const algorithm = (value: string, withNull: boolean) => seq([oid(value), ...(withNull ? [asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')] : [])]);
const toDer = (node: forge.asn1.Asn1) => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
const attribute = (type: string, value: forge.asn1.Asn1) => seq([oid(type), set([value])]);

/** DER orders the members of a SET OF by their encodings. */
const derSorted = (items: forge.asn1.Asn1[]) => items.map((item) => ({ item, der: toDer(item) })).sort((a, b) => Buffer.compare(a.der, b.der)).map((x) => x.item);

/**
 * The issuer Name and serial number exactly as the certificate encodes them (re-encoding a parsed
 * name can change string types, and then no verifier finds the signer's certificate).
 */
function issuerAndSerial(certDer: Buffer): { issuer: forge.asn1.Asn1; serial: forge.asn1.Asn1 } {
  const tbs = (asn1.fromDer(certDer.toString('binary')).value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[];
  const offset = tbs[0]!.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0; // explicit version present
  return { serial: tbs[offset]!, issuer: tbs[offset + 2]! };
}

/** ESSCertIDv2 with SHA-256 (the default algorithm, so left out) and the issuer and serial. */
function signingCertificateV2(certDer: Buffer) {
  const hash = createHash('sha256').update(certDer).digest();
  const { issuer, serial } = issuerAndSerial(certDer);
  const generalNames = seq([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 4, true, [issuer])]);
  return seq([seq([seq([octets(hash), seq([generalNames, serial])])])]);
}

export interface CmsInput {
  /** SHA-256 of the byte ranges the signature covers. */
  contentDigest: Buffer;
  /** The signer's certificate first, then its issuers (DER). */
  chainDer: Buffer[];
  signingTime: Date;
  sign: SignAttributes;
  /** The signer's key type: RSA (PKCS#1 v1.5) unless told ECDSA. */
  keyType?: 'rsa' | 'ec';
}

/** The signed attributes (as the SET that gets signed) for this content and signer. */
export function signedAttributes(input: Omit<CmsInput, 'sign'>): forge.asn1.Asn1[] {
  const certDer = input.chainDer[0]!;
  return derSorted([
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.signingTime, asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(input.signingTime))),
    attribute(OID.messageDigest, octets(input.contentDigest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(certDer)),
  ]);
}

/** The DER of the signed attributes: exactly the bytes a signature is made over (what a token or remote service is given). */
export const signedAttributesDer = (input: Omit<CmsInput, 'sign'>): Buffer => toDer(set(signedAttributes(input)));

export async function buildCms(input: CmsInput): Promise<Buffer> {
  const { issuer, serial } = issuerAndSerial(input.chainDer[0]!);
  const attrs = signedAttributes(input);
  const signature = await input.sign(toDer(set(attrs)));
  const signerInfo = seq([
    int(1),
    seq([issuer, serial]),
    algorithm(OID.sha256, true),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, attrs),
    input.keyType === 'ec' ? algorithm(OID.ecdsaWithSha256, false) : algorithm(OID.rsaEncryption, true),
    octets(signature),
  ]);
  const certificates = input.chainDer.map((d) => asn1.fromDer(d.toString('binary')));
  const signedData = seq([
    int(1),
    set([algorithm(OID.sha256, true)]),
    seq([oid(OID.data)]),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, certificates),
    set([signerInfo]),
  ]);
  return toDer(seq([oid(OID.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])]));
}

/** The certificates a CMS SignedData carries (DER, as written); empty when it is not one. */
export function cmsCertificates(cms: Buffer): Buffer[] {
  try {
    // parseAllBytes off: a CMS taken from a /Contents placeholder is padded with zeros.
    const root = (asn1.fromDer as unknown as (bytes: forge.util.ByteStringBuffer, options: object) => forge.asn1.Asn1)(forge.util.createBuffer(cms.toString('binary')), { parseAllBytes: false, decodeBitStrings: false });
    const [type, wrapped] = root.value as forge.asn1.Asn1[];
    if (asn1.derToOid(type!.value as string) !== OID.signedData) return [];
    const signedData = ((wrapped!.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[]);
    const set = signedData.find((node) => node.tagClass === asn1.Class.CONTEXT_SPECIFIC && node.type === 0);
    return ((set?.value ?? []) as forge.asn1.Asn1[]).map(toDer);
  } catch {
    return [];
  }
}

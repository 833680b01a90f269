import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { PNG } from 'pngjs';

// The demo certificate authority made when the demo agency is loaded: a root clearly named as a
// demo, the agency's certificate under it, and one certificate per signer under the agency's.
// Nothing here is trusted anywhere outside the demo.

/** The passphrase of every demo PKCS#12 file (published in the README, like the demo password). */
export const DEMO_KEY_PASSPHRASE = 'KySo@2026';
export const DEMO_ROOT_NAME = 'VanPhong DEMO Root CA — không dùng thật';

const generate = promisify(generateKeyPair);

export interface Issued {
  key: forge.pki.rsa.PrivateKey;
  cert: forge.pki.Certificate;
}

async function rsaKey(): Promise<forge.pki.rsa.PrivateKey> {
  // Node's own key generation: forge's pure-JS one takes seconds per 2048-bit key.
  const { privateKey } = await generate('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  return forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
}

let serialCounter = 0;
function serialNumber(): string {
  serialCounter += 1;
  return (forge.util.bytesToHex(forge.random.getBytesSync(8)).replace(/^[89a-f]/, '1') + String(serialCounter).padStart(4, '0'));
}

export interface CertificateRequest {
  subject: forge.pki.CertificateField[];
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
}

/** Issues a certificate under `issuer` (or self-signed when none) with the extensions a signer needs. */
export async function issueCertificate(request: CertificateRequest, issuer?: Issued): Promise<Issued> {
  const key = await rsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = request.notBefore;
  cert.validity.notAfter = request.notAfter;
  cert.setSubject(request.subject);
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : request.subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: request.ca, critical: true },
    request.ca ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true } : { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    ...(issuer ? [{ name: 'authorityKeyIdentifier', keyIdentifier: issuer.cert.generateSubjectKeyIdentifier().getBytes() }] : []),
  ]);
  cert.sign(issuer?.key ?? key, forge.md.sha256.create());
  return { key, cert };
}

/** A PKCS#12 file holding the key, its certificate and the issuers' (AES-256, as current tools expect). */
export function toPkcs12(issued: Issued, chain: forge.pki.Certificate[], passphrase: string, friendlyName: string): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(issued.key, [issued.cert, ...chain], passphrase, { algorithm: 'aes256', friendlyName });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

const field = (shortName: string, value: string): forge.pki.CertificateField => ({ shortName, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class });

export interface DemoCa {
  root: Issued;
  agency: Issued & { p12: Buffer };
  people: Map<string, Issued & { p12: Buffer }>;
}

/** Validity around "now" wide enough for the demo and for tests that move the clock a year back. */
function demoValidity(now: Date, years: number) {
  const notBefore = new Date(Date.UTC(now.getUTCFullYear() - 2, 0, 1));
  const notAfter = new Date(Date.UTC(now.getUTCFullYear() + years, 11, 31));
  return { notBefore, notAfter };
}

/** The root, the agency and one certificate per person, made once per process (the seed runs in many tests). */
export function demoCa(agencyName: string, people: { username: string; fullName: string }[]): Promise<DemoCa> {
  const key = `${agencyName}|${people.map((p) => p.username).join(',')}`;
  let made = made_.get(key);
  if (!made) {
    made = makeDemoCa(agencyName, people);
    made_.set(key, made);
  }
  return made;
}
const made_ = new Map<string, Promise<DemoCa>>();

/** The demo roots made in this process (for tests that trust them in a verifier). */
export const demoRootsMade = async () => Promise.all([...made_.values()].map(async (ca) => (await ca).root.cert));

async function makeDemoCa(agencyName: string, people: { username: string; fullName: string }[]): Promise<DemoCa> {
  const now = new Date();
  const root = await issueCertificate({ subject: [field('CN', DEMO_ROOT_NAME), field('O', 'VanPhong DEMO'), field('C', 'VN')], ...demoValidity(now, 20), ca: true });
  // The agency's issuing CA signs the agency's own certificate and its officials'. The agency's
  // signing certificate is an end-entity one: NSS (pdfsig) reported a CA certificate used to sign
  // a document as "Unknown issue with Certificate".
  const issuing = await issueCertificate({ subject: [field('CN', `${agencyName} — CA DEMO`), field('O', agencyName), field('C', 'VN')], ...demoValidity(now, 15), ca: true }, root);
  const agencyCert = await issueCertificate({ subject: [field('CN', agencyName), field('O', agencyName), field('L', 'Điện Biên'), field('C', 'VN')], ...demoValidity(now, 10), ca: false }, issuing);
  const agency = { ...agencyCert, p12: toPkcs12(agencyCert, [issuing.cert, root.cert], DEMO_KEY_PASSPHRASE, agencyName) };
  const issued = await Promise.all(people.map(async (p) => {
    const cert = await issueCertificate({ subject: [field('CN', p.fullName), field('O', agencyName), field('C', 'VN')], ...demoValidity(now, 5), ca: false }, issuing);
    return [p.username, { ...cert, p12: toPkcs12(cert, [issuing.cert, root.cert], DEMO_KEY_PASSPHRASE, p.fullName) }] as const;
  }));
  return { root, agency, people: new Map(issued) };
}

/** PEM of the demo root, for an NSS database or a viewer's trust list. */
export const certificatePem = (cert: forge.pki.Certificate) => forge.pki.certificateToPem(cert);

// ---- demo images: a blue signature scribble and a red round seal, transparent PNGs ----

function png(width: number, height: number, paint: (x: number, y: number) => [number, number, number, number] | null): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const colour = paint(x, y);
      const i = (y * width + x) * 4;
      const [r, g, b, a] = colour ?? [0, 0, 0, 0];
      image.data[i] = r; image.data[i + 1] = g; image.data[i + 2] = b; image.data[i + 3] = a;
    }
  }
  return PNG.sync.write(image);
}

/** A handwritten-looking stroke: a few loops along a slanted line, in ink blue; `seed` varies it per person. */
export function demoSignaturePng(seed: number): Buffer {
  const width = 360, height = 160;
  const points: [number, number][] = [];
  for (let t = 0; t <= 1; t += 0.0005) {
    const x = 30 + t * 300;
    const y = 100 - t * 40 + Math.sin(t * Math.PI * (6 + (seed % 3))) * 35 * (1 - t * 0.5) + Math.cos(t * 40 + seed) * 6;
    points.push([x + Math.sin(t * 30 + seed) * 18, y]);
  }
  for (let t = 0; t <= 1; t += 0.002) points.push([60 + t * 260, 128 - t * 10]); // underline
  const ink = new Uint8Array(width * height);
  for (const [px, py] of points) {
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) {
      const x = Math.round(px + dx), y = Math.round(py + dy);
      if (x >= 0 && y >= 0 && x < width && y < height && dx * dx + dy * dy <= 5) ink[y * width + x] = 1;
    }
  }
  return png(width, height, (x, y) => (ink[y * width + x] ? [20, 50, 170, 255] : null));
}

/** A round seal: two red rings and a star, transparent outside the ink (the real seal carries the agency's name). */
export function demoSealPng(): Buffer {
  const size = 300, c = size / 2;
  return png(size, size, (x, y) => {
    const r = Math.hypot(x - c, y - c);
    const angle = Math.atan2(y - c, x - c);
    const star = r < 40 + 25 * Math.cos(5 * (angle + Math.PI / 2)) && r < 60;
    const ring = (r > 138 && r < 148) || (r > 96 && r < 101);
    const text = r > 108 && r < 130 && Math.floor((angle + Math.PI) * 24) % 3 !== 0; // a band standing for the lettering
    return ring || star || text ? [210, 20, 30, 235] : null;
  });
}

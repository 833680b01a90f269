// A stand-in for a USB token's desktop tool or a remote-signing service, run as its OWN process by
// the tests (`node --import tsx external-signer.fixture.ts`): it holds a PKCS#12 file and its
// passphrase, nothing of the server's, and answers on stdout what it is asked on stdin (JSON):
//
//   { "p12": path, "passphrase": …, "command": "certificate" }           → { certificate, chain } (PEM), what a token exports
//   { …, "command": "signature", "handout": <prepare's answer> }        → { signature } (base64): the raw signature over signedAttributes
//   { …, "command": "cms", "handout": <prepare's answer> }              → { cms } (base64): a detached CMS whose messageDigest is contentDigest
//
// The CMS is encoded with the same small builder as the server's (signing.cms.ts): the key is
// what this process alone has.
import { sign } from 'node:crypto';
import fs from 'node:fs';
import forge from 'node-forge';
import { buildCms } from './signing.cms.js';

interface Request {
  p12: string;
  passphrase: string;
  command: 'certificate' | 'signature' | 'cms';
  handout?: { contentDigest: string; signedAttributes: string | null };
}

async function main() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const request = JSON.parse(text) as Request;
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(fs.readFileSync(request.p12).toString('binary')), false, request.passphrase);
  const keyBag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!]![0]!;
  const keyPem = forge.pki.privateKeyToPem(keyBag.key!);
  const certs = (p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? []).flatMap((b) => (b.cert ? [b.cert] : []));
  const publicPem = forge.pki.publicKeyToPem(forge.pki.setRsaPublicKey((keyBag.key as forge.pki.rsa.PrivateKey).n, (keyBag.key as forge.pki.rsa.PrivateKey).e));
  const own = certs.find((c) => forge.pki.publicKeyToPem(c.publicKey) === publicPem)!;
  const issuers = certs.filter((c) => c !== own);
  const der = (c: forge.pki.Certificate) => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes(), 'binary');

  let answer: object;
  if (request.command === 'certificate') {
    answer = { certificate: forge.pki.certificateToPem(own), chain: issuers.map((c) => forge.pki.certificateToPem(c)) };
  } else if (request.command === 'signature') {
    answer = { signature: sign('sha256', Buffer.from(request.handout!.signedAttributes!, 'base64'), keyPem).toString('base64') };
  } else {
    const cms = await buildCms({
      contentDigest: Buffer.from(request.handout!.contentDigest, 'base64'),
      chainDer: [der(own), ...issuers.map(der)],
      signingTime: new Date(),
      sign: async (attributes) => sign('sha256', attributes, keyPem),
    });
    answer = { cms: cms.toString('base64') };
  }
  process.stdout.write(JSON.stringify(answer));
}

main().catch((error: unknown) => {
  process.stderr.write(String((error as Error).stack ?? error));
  process.exit(1);
});

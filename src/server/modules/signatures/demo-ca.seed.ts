import type { Db } from '../../db/database.js';
import type { CurrentUser } from '../auth/current-user.js';
import { certificateFacts, nameOf } from './certificates.pkcs12.js';
import { certificatePem, demoCa, demoSealPng, demoSignaturePng } from './demo-ca.js';
import { describeCertificate } from './pdf-verify.js';
import type { KeyVault } from './keys.js';

/** Who gets a demo certificate and signature image: the leaders and the unit heads. */
const signers = (people: Map<string, CurrentUser>) => [...people.values()].filter((p) => p.roles.includes('leader') || p.roles.includes('unit_head'));

/**
 * The demo agency's signing material: its certificate and seal, and a certificate and signature
 * image for each leader and unit head, under the demo root, which the agency trusts (as its admin
 * would import it), so that the demo's signatures verify as a real deployment's do under its CAs.
 */
export async function seedDemoSigning(db: Db, vault: KeyVault, people: Map<string, CurrentUser>, agencyId: string, agencyName: string) {
  const mine = signers(people).filter((p) => p.agencyId === agencyId);
  const ca = await demoCa(agencyName, mine.map((p) => ({ username: p.username, fullName: p.fullName })));
  const now = new Date();
  const row = (userId: string | null, p12: Buffer, cert: Parameters<typeof certificateFacts>[0]) => {
    const facts = certificateFacts(cert);
    return {
      agency_id: agencyId, user_id: userId, purpose: userId ? ('personal' as const) : ('agency' as const), subject: facts.subject, common_name: facts.commonName, issuer: facts.issuer,
      serial: facts.serial, not_before: facts.notBefore, not_after: facts.notAfter, fingerprint: facts.fingerprint, root_subject: nameOf(ca.root.cert.subject.attributes), encrypted_p12: vault.seal(p12), uploaded_by: null, created_at: now,
    };
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('signing_certificates').values([
      row(null, ca.agency.p12, ca.agency.cert),
      ...mine.map((p) => { const issued = ca.people.get(p.username)!; return row(p.id, issued.p12, issued.cert); }),
    ]).execute();
    const admin = [...people.values()].find((p) => p.agencyId === agencyId && p.roles.includes('admin'));
    const root = describeCertificate(certificatePem(ca.root.cert));
    if (admin && root) {
      await tx.insertInto('trusted_roots').values({
        agency_id: agencyId, subject: root.subject, issuer: root.issuer, fingerprint_sha256: root.fingerprintSha256, not_before: root.notBefore, not_after: root.notAfter, pem: root.pem, created_by: admin.id,
      }).onConflict((oc) => oc.columns(['agency_id', 'fingerprint_sha256']).doNothing()).execute();
    }
    await tx.insertInto('signature_images').values([
      { agency_id: agencyId, user_id: null, kind: 'seal' as const, png: demoSealPng(), width: 300, height: 300, uploaded_by: null, created_at: now },
      ...mine.map((p, i) => ({ agency_id: agencyId, user_id: p.id, kind: 'signature' as const, png: demoSignaturePng(i), width: 360, height: 160, uploaded_by: null, created_at: now })),
    ]).execute();
  });
}

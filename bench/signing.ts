// Digital signatures: the time to sign one document (the signer's certification signature, then
// the clerk's issuance with the number and the agency's signature) through the HTTP API on a
// temporary app with PGlite (or PostgreSQL with DATABASE_URL) and the demo CA; the same two
// signatures made by the library functions alone; and the time to verify an issued 20-page PDF.
// Baselines in the same run: an RSA-2048 signature of the same bytes' SHA-256 (crypto.sign), and
// for verification the SHA-256 of the file and the verification of the same 20 pages unsigned.
// Run: npm run bench:signing [-- --runs=10]
import { createHash, sign as rsaSign } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import fontkit from '@cantoo/fontkit';
import { PDFDocument, rgb } from '@cantoo/pdf-lib';
import { renderSamplePdf } from '../src/server/modules/demo/demo.pdf.js';
import { openPkcs12 } from '../src/server/modules/signatures/certificates.pkcs12.js';
import { DEMO_KEY_PASSPHRASE, certificatePem, demoCa, demoRootsMade, demoSealPng, demoSignaturePng } from '../src/server/modules/signatures/demo-ca.js';
import { verifyPdf, verifySignatureBytes } from '../src/server/modules/signatures/pdf-verify.js';
import { buildCms } from '../src/server/modules/signatures/signing.cms.js';
import { sealRect } from '../src/server/modules/signatures/signing.layout.js';
import { embedSignature, locatePlaceholder, prepareAgencySignature, prepareSignerSignature, type Rect } from '../src/server/modules/signatures/signing.pdf.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { DEMO_PASSWORD } from '../src/server/modules/demo/demo.data.js';
import { seedDemoIfEmpty } from '../src/server/modules/demo/demo.seed.js';
import { createDiskFileStore } from '../src/server/modules/files/file-store.js';
import { vaultFor } from '../src/server/modules/signatures/keys.js';
import { multipartBody } from '../src/server/test-support/test-app.js';
import { freshDatabase, time } from './bench-support.js';

const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 10);
const require = createRequire(import.meta.url);

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]!, max: sorted.at(-1)!, n: sorted.length };
}
const rows: { what: string; min: number; median: number; max: number; n: number }[] = [];
function record(what: string, samples: number[]) {
  const s = summary(samples);
  rows.push({ what, ...s });
  console.log(`${what.padEnd(72)} min ${s.min.toFixed(1).padStart(7)}  median ${s.median.toFixed(1).padStart(7)}  max ${s.max.toFixed(1).padStart(7)} ms (n=${s.n})`);
  return s;
}

// ---- 1. Through the API: sign (signer) and issue (number + agency signature) -------------------
/** A temporary app on a fresh database with the demo agency, its demo CA, certificates and images. */
async function signingApp() {
  const database = await freshDatabase(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-bench-signing-'));
  const files = createDiskFileStore(root);
  await seedDemoIfEmpty(database.db, files, { documents: false, vault: await vaultFor(root) });
  const app = await buildApp({ config: { ...loadConfig({}), dataDir: root }, db: database.db, files, webRoot: null });
  const users = await database.db.selectFrom('users').select(['id', 'username']).execute();
  const people = new Map(users.map((u) => [u.username, { id: u.id }]));
  const as = async (username: string) => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
    const cookie = `vp_session=${login.cookies[0]!.value}`;
    return {
      get: (url: string) => app.inject({ method: 'GET', url, headers: { cookie } }),
      post: (url: string, body: object) => app.inject({ method: 'POST', url, headers: { cookie }, payload: body }),
      upload: async (url: string, fields: Record<string, string>, uploads: { name: string; content: Buffer }[]) => {
        const { payload, contentType } = await multipartBody(fields, uploads);
        return app.inject({ method: 'POST', url, headers: { cookie, 'content-type': contentType }, payload });
      },
    };
  };
  return { people, as, close: async () => { await app.close(); await database.close(); await fs.rm(root, { recursive: true, force: true }); } };
}

const t = await signingApp();
const usernameOf = new Map([...t.people].map(([username, p]) => [p.id, username]));
const pdf = await renderSamplePdf({ issuer: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', reference: '          /STTTT-CNTT', issuedOn: '2026-12-01', summary: 'V/v đo hiệu năng ký số', signer: 'Nguyễn Văn Hùng' });
const admin = await t.as('quantri');
for (const root of await demoRootsMade()) await admin.post('/api/signatures/trusted-roots', { pem: certificatePem(root) });
const drafter = await t.as('cv.cntt');
const director = await t.as('giamdoc');
const clerk = await t.as('vanthu');
const certificateId = (await director.get('/api/signing/certificates')).json().items[0].id as string;

async function approvedDraft(serial: number): Promise<string> {
  const metadata = { documentType: 'official_letter', summary: `V/v đo hiệu năng ký số ${serial}`, urgency: 'normal', signerId: t.people.get('giamdoc')!.id, recipients: [{ kind: 'external', name: 'UBND các huyện' }] };
  const created = await drafter.upload('/api/outgoing-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'du-thao.pdf', content: Buffer.from(pdf) }]);
  if (created.statusCode !== 201) throw new Error(created.body);
  const id = created.json().id as string;
  await drafter.post(`/api/outgoing-documents/${id}/submit`, {});
  for (let step = 0; step < 10; step++) {
    const doc = (await drafter.get(`/api/outgoing-documents/${id}`)).json();
    if (doc.status === 'approved') return id;
    const current = doc.steps.find((s: { status: string }) => s.status === 'current');
    await (await t.as(usernameOf.get(current.holder.id)!)).post(`/api/outgoing-documents/${id}/approve`, {});
  }
  throw new Error('the chain did not end');
}

const signMs: number[] = [];
const issueMs: number[] = [];
const bothMs: number[] = [];
let issuedSample: Buffer | null = null;
for (let run = 0; run <= RUNS; run++) {
  const id = await approvedDraft(run);
  const signed = await time(() => director.post(`/api/outgoing-documents/${id}/sign`, { certificateId, passphrase: DEMO_KEY_PASSPHRASE }));
  if (signed.result.statusCode !== 200) throw new Error(signed.result.body);
  const issued = await time(() => clerk.post(`/api/outgoing-documents/${id}/issue`, { copies: 1, agencyPassphrase: DEMO_KEY_PASSPHRASE }));
  if (issued.result.statusCode !== 200) throw new Error(issued.result.body);
  if (run === 0) { issuedSample = (await clerk.get(`/api/outgoing-documents/${id}/signed-pdf`)).rawPayload; continue; } // warm-up
  signMs.push(signed.ms);
  issueMs.push(issued.ms);
  bothMs.push(signed.ms + issued.ms);
}
console.log(`\n1-page công văn (${pdf.length} bytes), issued file ${issuedSample!.length} bytes, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`);
const apiSign = record('API: sign (passphrase, PKCS#12 open, layout, PAdES, store)', signMs);
const apiIssue = record('API: issue (number, form fields, agency PAdES, store)', issueMs);
const apiBoth = record('API: sign + issue, one document', bothMs);
await t.close();

// ---- 2. The same two signatures, library functions only (no database, no HTTP) -----------------
const ca = await demoCa('Sở Đo Hiệu Năng', [{ username: 'ld', fullName: 'Nguyễn Văn Hùng' }]);
const signer = openPkcs12(ca.people.get('ld')!.p12, DEMO_KEY_PASSPHRASE);
const agency = openPkcs12(ca.agency.p12, DEMO_KEY_PASSPHRASE);
const signatureImage = demoSignaturePng(1);
const seal = demoSealPng();
const signerRect: Rect = [360, 120, 486, 176];
const cmsSign = (key: typeof signer, at: Date) => async (prepared: Buffer) => {
  const placeholder = locatePlaceholder(prepared);
  const cms = await buildCms({ contentDigest: placeholder.digest, chainDer: key.chainDer, signingTime: at, sign: async (attributes) => rsaSign('sha256', attributes, key.privateKeyPem) });
  return embedSignature(placeholder, cms);
};
async function signAndSeal(input: Uint8Array): Promise<Buffer> {
  const at = new Date();
  const signed = await cmsSign(signer, at)(await prepareSignerSignature(input, signatureImage, () => signerRect, { fieldName: 'ChuKyNguoiKy', name: 'Nguyễn Văn Hùng', reason: 'Ký ban hành', location: 'Điện Biên', signingTime: at }));
  return cmsSign(agency, at)(await prepareAgencySignature(signed, seal, sealRect(signerRect), {}, 'Số: 1/STTTT-CNTT, ngày 01/12/2026', { fieldName: 'ChuKyCoQuan', name: 'Sở Đo Hiệu Năng', reason: 'Ký số cơ quan', location: 'Điện Biên', signingTime: at }));
}
await signAndSeal(pdf); // warm-up
const libraryMs: number[] = [];
const baselineSignMs: number[] = [];
for (let run = 0; run < RUNS; run++) {
  libraryMs.push((await time(() => signAndSeal(pdf))).ms);
  // Baseline: two RSA-2048 signatures of the file's SHA-256, the cryptography alone.
  baselineSignMs.push((await time(async () => {
    for (let i = 0; i < 2; i++) rsaSign('sha256', createHash('sha256').update(pdf).digest(), signer.privateKeyPem);
  })).ms);
}
const library = record('Library: signer + agency signatures on 1 page (PDF work, CMS, RSA)', libraryMs);
const baselineSign = record('Baseline: 2 × crypto.sign (RSA-2048) of the SHA-256 of the same bytes', baselineSignMs);

// ---- 3. Verify an issued 20-page PDF -----------------------------------------------------------
const fontPath = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSerif.ttf');
const twenty = await PDFDocument.create();
twenty.registerFontkit(fontkit);
const font = await twenty.embedFont(await fs.readFile(fontPath), { subset: true });
const sentence = 'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư, Sở hướng dẫn các đơn vị triển khai chữ ký số.';
for (let p = 1; p <= 20; p++) {
  const page = twenty.addPage([595.28, 841.89]);
  for (let line = 0; line < 40; line++) page.drawText(`${p}.${line + 1} ${sentence}`.slice(0, 95), { x: 85, y: 780 - line * 18, size: 11, font, color: rgb(0, 0, 0) });
}
const plain20 = await twenty.save({ useObjectStreams: false });
const issued20 = await signAndSeal(plain20);
const trustedRoots = [{ certificate: certificatePem(ca.root.cert) }];
const check = await verifyPdf(issued20, { trustedRoots });
if (check.signatures.map((s) => s.status).join() !== 'valid_but_modified_after,valid' || check.signatures[0]!.certification?.respected !== true) throw new Error(`unexpected report: ${JSON.stringify(check.signatures.map((s) => [s.status, s.certification]))}`);
const verifyMs: number[] = [];
const bytesOnlyMs: number[] = [];
const unsignedMs: number[] = [];
const hashMs: number[] = [];
for (let run = 0; run <= RUNS; run++) {
  const full = await time(() => verifyPdf(issued20, { trustedRoots }));
  const bytesOnly = await time(async () => verifySignatureBytes(issued20, { trustedRoots }));
  const unsigned = await time(() => verifyPdf(plain20, { trustedRoots }));
  const hash = await time(async () => createHash('sha256').update(issued20).digest());
  if (run === 0) continue; // warm-up
  verifyMs.push(full.ms);
  bytesOnlyMs.push(bytesOnly.ms);
  unsignedMs.push(unsigned.ms);
  hashMs.push(hash.ms);
}
console.log(`\n20-page PDF: ${plain20.length} bytes unsigned, ${issued20.length} bytes issued (2 signatures, 2 revisions)`);
const verify = record('Verify issued 20 pages: CMS ×2, chain, widgets, DocMDP check', verifyMs);
const bytesOnly = record('  of which the byte/CMS part alone (verifySignatureBytes)', bytesOnlyMs);
const unsigned = record('Baseline: verifyPdf of the same 20 pages unsigned (scan only)', unsignedMs);
const hash = record('Baseline: SHA-256 of the issued file', hashMs);

const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
console.log('\nRatios (medians):');
console.log(`  API sign + issue / library signatures: ${ratio(apiBoth.median, library.median)}; library / 2 × crypto.sign: ${ratio(library.median, baselineSign.median)}`);
console.log(`  API sign / issue: ${apiSign.median.toFixed(0)} / ${apiIssue.median.toFixed(0)} ms`);
console.log(`  verify / byte part: ${ratio(verify.median, bytesOnly.median)}; verify / unsigned: ${ratio(verify.median, unsigned.median)}; verify / SHA-256: ${ratio(verify.median, hash.median)}`);
console.log(`\nmachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}`);
process.exit(0);

import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSamplePdf } from '../demo/demo.pdf.js';
import { verifyDocumentChain } from '../events/events.repository.js';
import { verifyPdf } from '../signatures/pdf-verify.js';
import { trustAnchors } from '../signatures/trust.service.js';
import { DEMO_KEY_PASSPHRASE } from '../signatures/demo-ca.js';
import { type Client, createTestApp, type TestApp } from '../../test-support/test-app.js';

const run = promisify(execFile);
let t: TestApp;
let draftPdf: Uint8Array;
let threePages: Uint8Array;
let serial = 0;
let hasPdfsig = false;
const id = (username: string) => t.people.get(username)!.id;

function ok(response: { statusCode: number; body: string }, status = 200) {
  expect(response.statusCode, response.body).toBe(status);
}

/** A công văn drafted as a PDF naming the director as signer, approved, signed by him and issued by the clerk with the agency signature. */
async function issuedSignedDocument(): Promise<string> {
  serial += 1;
  const drafter = await t.as('cv.cntt');
  const metadata = { documentType: 'official_letter', summary: `V/v sao văn bản điện tử, lần ${serial}`, urgency: 'normal', signerId: id('giamdoc'), recipients: [{ kind: 'external', name: 'UBND các huyện' }] };
  const created = await drafter.upload('/api/outgoing-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'du-thao.pdf', content: Buffer.from(draftPdf) }]);
  ok(created, 201);
  const docId = created.json().id as string;
  ok(await drafter.post(`/api/outgoing-documents/${docId}/submit`, {}));
  const usernameOf = new Map([...t.people].map(([username, p]) => [p.id, username]));
  for (let step = 0; step < 10; step++) {
    const doc = (await drafter.get(`/api/outgoing-documents/${docId}`)).json();
    if (doc.status === 'approved') break;
    const current = doc.steps.find((s: { status: string }) => s.status === 'current');
    ok(await (await t.as(usernameOf.get(current.holder.id)!)).post(`/api/outgoing-documents/${docId}/approve`, {}));
  }
  const director = await t.as('giamdoc');
  const certificateId = (await director.get('/api/signing/certificates')).json().items[0].id as string;
  ok(await director.post(`/api/outgoing-documents/${docId}/sign`, { certificateId, passphrase: DEMO_KEY_PASSPHRASE }));
  ok(await (await t.as('vanthu')).post(`/api/outgoing-documents/${docId}/issue`, { copies: 1, agencyPassphrase: DEMO_KEY_PASSPHRASE }));
  return docId;
}

/** An incoming document registered by the clerk with a three-page PDF; answers its id and the PDF's attachment id. */
async function incomingWithThreePages(overrides: Record<string, unknown> = {}): Promise<{ docId: string; attachmentId: string }> {
  serial += 1;
  const clerk = await t.as('vanthu');
  const metadata = {
    issuer: 'UBND tỉnh Điện Biên', number: String(3000 + serial), notation: 'UBND-VX', issuedOn: '2026-01-02', documentType: 'official_letter',
    summary: `V/v báo cáo ba trang số ${serial}`, signer: 'Lò Văn Tiến', urgency: 'normal', pageCount: 3, ...overrides,
  };
  const created = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'bao-cao.pdf', content: threePages, type: 'application/pdf' }]);
  ok(created, 201);
  const docId = created.json().id as string;
  const doc = (await clerk.get(`/api/incoming-documents/${docId}`)).json();
  return { docId, attachmentId: doc.attachments[0].id as string };
}

const copyRows = () => t.database.db.selectFrom('document_copies').selectAll().execute();
const nextCopyNumber = async () => (await t.database.db.selectFrom('registers').select('next_number').where('kind', '=', 'copy').where('agency_id', '=', t.people.get('vanthu')!.agencyId).executeTakeFirst())?.next_number ?? 1;

async function storedFileCount() {
  const files = await fs.readdir(t.fileRoot, { recursive: true, withFileTypes: true });
  return files.filter((f) => f.isFile() && !f.parentPath.includes(`${path.sep}tmp`) && !f.name.startsWith('signing-key')).length;
}

/** pdfsig's report on a file (poppler-utils), or null where it is not installed. */
async function pdfsig(bytes: Buffer): Promise<string | null> {
  if (!hasPdfsig) return null;
  const out = path.join(os.tmpdir(), `vanphong-copy-${process.pid}-${++serial}.pdf`);
  await fs.writeFile(out, bytes);
  try {
    return (await run('pdfsig', [out])).stdout;
  } finally {
    await fs.rm(out, { force: true });
  }
}

async function verifyBytes(bytes: Buffer) {
  return verifyPdf(bytes, { trustedRoots: await trustAnchors(t.database.db, t.people.get('vanthu')!.agencyId) });
}

beforeAll(async () => {
  t = await createTestApp({ signing: true });
  draftPdf = await renderSamplePdf({ issuer: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', reference: '          /STTTT-CNTT', issuedOn: '2026-01-05', summary: 'V/v sao văn bản điện tử', signer: 'Nguyễn Văn Hùng' });
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let n = 1; n <= 3; n++) doc.addPage([595, 842]).drawText(`Bao cao - trang ${n}`, { x: 72, y: 700, size: 18, font });
  threePages = await doc.save({ useObjectStreams: false });
  // The demo agency trusts its demo root from the seed, as a deployment imports the national and licensed CA roots.
  const roots = (await (await t.as('quantri')).get('/api/signatures/trusted-roots')).json().items as { subject: string }[];
  expect(roots.map((r) => r.subject).join()).toContain('VanPhong DEMO Root CA');
  hasPdfsig = await run('pdfsig', ['-v']).then(() => true, () => false);
  if (!hasPdfsig) console.warn('pdfsig (poppler-utils) not installed: copies are checked by our own verifier only');
}, 60_000);
afterAll(async () => t?.close());

describe('the clerk makes electronic copies signed by the agency', () => {
  it('a sao y of an issued signed document carries the agency signature and the original signatures still verify inside it', async () => {
    const docId = await issuedSignedDocument();
    const clerk = await t.as('vanthu');
    const issued = (await clerk.get(`/api/outgoing-documents/${docId}/signed-pdf`)).rawPayload;
    const made = await clerk.post(`/api/documents/${docId}/copies`, { source: { kind: 'signed_pdf' }, form: 'sao_y', agencyPassphrase: DEMO_KEY_PASSPHRASE });
    ok(made, 201);
    const copy = made.json();
    expect(copy).toMatchObject({ form: 'sao_y', notation: 'SY', pages: null, pageCount: 1, madeBy: { fullName: 'Phạm Thị Lan' }, source: { kind: 'signed_pdf' } });
    expect(copy.reference).toMatch(/^\d{2,}\/SY$/);

    const file = await clerk.get(copy.fileUrl);
    ok(file);
    expect(file.headers['content-type']).toBe('application/pdf');
    // The original is a prefix of the copy: nothing of it was rewritten.
    expect(file.rawPayload.subarray(0, issued.length).equals(issued)).toBe(true);
    const report = await verifyBytes(file.rawPayload);
    expect(report.signatures).toHaveLength(3);
    for (const s of report.signatures) expect(['valid', 'valid_but_modified_after'], JSON.stringify(s)).toContain(s.status);
    expect(report.signatures.at(-1)).toMatchObject({ status: 'valid', coverage: { coversWholeFile: true } });
    expect(report.signatures.map((s) => s.signer?.commonName)).toEqual(['Nguyễn Văn Hùng', 'Sở Thông tin và Truyền thông tỉnh Điện Biên', 'Sở Thông tin và Truyền thông tỉnh Điện Biên']);

    // The same report through the API, for the copy's page.
    const viaApi = await clerk.get(`/api/copies/${copy.id}/verification`);
    ok(viaApi);
    expect(viaApi.json().signatures).toHaveLength(3);

    if (process.env.KEEP_COPY_PDF) await fs.writeFile(path.join(os.tmpdir(), 'vanphong-sao-y.pdf'), file.rawPayload);
    const independent = await pdfsig(file.rawPayload);
    if (independent) {
      expect(independent.match(/Signature #\d/g)).toHaveLength(3);
      expect(independent.match(/Signature is Valid/g), independent).toHaveLength(3);
    }

    // Listed on the document, and in its history.
    const listed = (await clerk.get(`/api/documents/${docId}/copies`)).json();
    expect(listed.items.map((c: { id: string }) => c.id)).toEqual([copy.id]);
    const doc = (await clerk.get(`/api/outgoing-documents/${docId}`)).json();
    expect(doc.events.map((e: { action: string }) => e.action)).toContain('copy_made');
    expect(await verifyDocumentChain(t.database.db, docId)).toBe(true);
    // Whoever may see the document (its drafter) may open the copy.
    ok(await (await t.as('cv.cntt')).get(copy.fileUrl));
  }, 120_000);

  it('the visible marking reads SAO Y, the agency, the number and the ISO time in Vietnam time', async () => {
    const docId = await issuedSignedDocument();
    t.setNow(new Date('2026-12-01T03:15:00Z'));
    try {
      const made = await (await t.as('vanthu')).post(`/api/documents/${docId}/copies`, { source: { kind: 'signed_pdf' }, form: 'sao_luc', agencyPassphrase: DEMO_KEY_PASSPHRASE });
      ok(made, 201);
      expect(made.json().notation).toBe('SL');
      const bytes = (await (await t.as('vanthu')).get(made.json().fileUrl)).rawPayload;
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 }).promise;
      const page = await pdf.getPage(1);
      const annotations = await page.getAnnotations();
      const widget = annotations.find((a) => a.fieldName === 'ChuKySaoVanBan');
      expect(widget).toBeDefined();
      // Top right of page 1.
      const [x1, y1, x2, y2] = widget!.rect as [number, number, number, number];
      expect(x2).toBeGreaterThan(500);
      expect(y2).toBeGreaterThan(800);
      expect(x1).toBeLessThan(x2);
      expect(y1).toBeLessThan(y2);
      // Its appearance text, as a viewer draws it (the operator list of the annotation's appearance).
      const text = await pdfsigText(bytes);
      if (text) {
        expect(text).toContain('SAO LỤC');
        expect(text).toContain('Sở Thông tin và Truyền thông tỉnh Điện Biên');
        expect(text).toContain(`Số: ${made.json().reference}`);
        expect(text).toContain('2026-12-01T10:15:00+07:00');
      }
      await pdf.destroy();
    } finally {
      t.setNow(null);
    }
  }, 120_000);

  it('a trích sao of page 2 of a three-page incoming PDF has that one page and verifies', async () => {
    const { docId, attachmentId } = await incomingWithThreePages();
    const clerk = await t.as('vanthu');
    const made = await clerk.post(`/api/documents/${docId}/copies`, { source: { kind: 'attachment', attachmentId }, form: 'trich_sao', pages: '2', agencyPassphrase: DEMO_KEY_PASSPHRASE });
    ok(made, 201);
    expect(made.json()).toMatchObject({ form: 'trich_sao', notation: 'TrS', pages: '2', pageCount: 1, source: { kind: 'attachment', attachmentId, fileName: 'bao-cao.pdf' } });
    const bytes = (await clerk.get(made.json().fileUrl)).rawPayload;
    const copy = await PDFDocument.load(bytes);
    expect(copy.getPageCount()).toBe(1);
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 }).promise;
    const content = await (await pdf.getPage(1)).getTextContent();
    expect(content.items.map((i) => ('str' in i ? i.str : '')).join(' ')).toContain('trang 2');
    await pdf.destroy();
    const report = await verifyBytes(bytes);
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({ status: 'valid', coverage: { coversWholeFile: true } });
    if (process.env.KEEP_COPY_PDF) await fs.writeFile(path.join(os.tmpdir(), 'vanphong-trich-sao.pdf'), bytes);
    const independent = await pdfsig(bytes);
    if (independent) expect(independent.match(/Signature is Valid/g), independent).toHaveLength(1);
    // A range and a list are kept in their short form.
    const many = await clerk.post(`/api/documents/${docId}/copies`, { source: { kind: 'attachment', attachmentId }, form: 'trich_sao', pages: '3, 1-2', agencyPassphrase: DEMO_KEY_PASSPHRASE });
    ok(many, 201);
    expect(many.json()).toMatchObject({ pages: '1-3', pageCount: 3 });
  }, 120_000);

  it('a trích sao of a signed page shows the signatures as they looked, carries only the copy\'s own signature, and verifies', async () => {
    const docId = await issuedSignedDocument();
    const clerk = await t.as('vanthu');
    const made = await clerk.post(`/api/documents/${docId}/copies`, { source: { kind: 'signed_pdf' }, form: 'trich_sao', pages: '1', agencyPassphrase: DEMO_KEY_PASSPHRASE });
    ok(made, 201);
    const bytes = (await clerk.get(made.json().fileUrl)).rawPayload;
    if (process.env.KEEP_COPY_PDF) await fs.writeFile(path.join(os.tmpdir(), 'vanphong-trich-sao-ky.pdf'), bytes);
    // The original's signature dictionaries are not carried into the extract, where they could only show as broken.
    const report = await verifyBytes(bytes);
    expect(report.signatures.map((s) => [s.status, s.signer?.commonName])).toEqual([['valid', 'Sở Thông tin và Truyền thông tỉnh Điện Biên']]);
    const independent = await pdfsig(bytes);
    if (independent) expect(independent.match(/Signature is Valid/g), independent).toHaveLength(1);
    // The signer's image and the seal are drawn into the page: the page still draws two images.
    const copy = await PDFDocument.load(bytes);
    expect(copy.getPage(0).node.Annots()?.size()).toBe(1);
  }, 120_000);

  it('copy numbers are consecutive under 20 parallel copies, shared by the three forms, never repeated', async () => {
    const { docId, attachmentId } = await incomingWithThreePages();
    const clerk = await t.as('vanthu');
    const first = await nextCopyNumber();
    const forms = ['sao_y', 'sao_luc', 'trich_sao'] as const;
    const started = performance.now();
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => clerk.post(`/api/documents/${docId}/copies`, {
      source: { kind: 'attachment', attachmentId }, form: forms[i % 3], ...(forms[i % 3] === 'trich_sao' ? { pages: '1' } : {}), agencyPassphrase: DEMO_KEY_PASSPHRASE,
    })));
    const elapsed = performance.now() - started;
    for (const r of responses) ok(r, 201);
    const numbers = responses.map((r) => Number(r.json().number)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => first + i));
    expect(await nextCopyNumber()).toBe(first + 20);
    const listed = (await clerk.get(`/api/documents/${docId}/copies`)).json().items;
    expect(listed).toHaveLength(20);
    console.info(`20 parallel copies (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}): ${Math.round(elapsed)} ms`);
  }, 240_000);

  it('the copies register lists each copy with its number, date, form, source, pages and maker', async () => {
    const clerk = await t.as('vanthu');
    const register = await clerk.get('/api/copies/register?pageSize=200');
    ok(register);
    const body = register.json();
    expect(body.total).toBe(body.items.length);
    expect(body.items.length).toBeGreaterThan(20);
    const numbers = body.items.map((c: { number: string }) => Number(c.number));
    expect(numbers).toEqual([...numbers].sort((a: number, b: number) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    const extract = body.items.find((c: { form: string }) => c.form === 'trich_sao');
    expect(extract).toMatchObject({ pages: expect.any(String), madeBy: { fullName: 'Phạm Thị Lan' }, madeOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), document: { direction: 'incoming', issuer: 'UBND tỉnh Điện Biên' } });
    expect(extract.document.reference).toMatch(/^\d+\/UBND-VX$/);
    // Not for a specialist; another agency's clerk sees only their own (empty) register.
    expect((await (await t.as('cv.cntt')).get('/api/copies/register')).statusCode).toBe(403);
    expect((await (await t.as('vanthu.snv')).get('/api/copies/register')).json()).toMatchObject({ items: [], total: 0 });
  });
});

describe('what is refused leaves nothing behind', () => {
  it('a wrong agency passphrase is a 400: nothing stored, no number taken', async () => {
    const { docId, attachmentId } = await incomingWithThreePages();
    const clerk = await t.as('vanthu');
    const [rows, files, next] = [await copyRows(), await storedFileCount(), await nextCopyNumber()];
    const wrong = await clerk.post(`/api/documents/${docId}/copies`, { source: { kind: 'attachment', attachmentId }, form: 'sao_y', agencyPassphrase: 'sai-mat-khau' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('WRONG_PASSPHRASE');
    expect(await copyRows()).toHaveLength(rows.length);
    expect(await storedFileCount()).toBe(files);
    expect(await nextCopyNumber()).toBe(next);
    const missing = await clerk.post(`/api/documents/${docId}/copies`, { source: { kind: 'attachment', attachmentId }, form: 'sao_y' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields[0].field).toBe('agencyPassphrase');
  });

  it('a specialist cannot make a copy (403), another agency\'s clerk does not see the document (404)', async () => {
    const docId = await issuedSignedDocument();
    const rows = (await copyRows()).length;
    const body = { source: { kind: 'signed_pdf' }, form: 'sao_y', agencyPassphrase: DEMO_KEY_PASSPHRASE };
    const bySpecialist = await (await t.as('cv.cntt')).post(`/api/documents/${docId}/copies`, body);
    expect(bySpecialist.statusCode).toBe(403);
    expect(bySpecialist.json().error.code).toBe('ONLY_CLERK_COPIES');
    expect(bySpecialist.json().error.message.vi).toContain('Chỉ văn thư');
    const otherAgency = await t.as('vanthu.snv');
    expect((await otherAgency.post(`/api/documents/${docId}/copies`, body)).statusCode).toBe(404);
    expect((await otherAgency.get(`/api/documents/${docId}/copies`)).statusCode).toBe(404);
    expect((await copyRows()).length).toBe(rows);

    // Nor does another agency open a copy, or a specialist who cannot see the document.
    const made = await (await t.as('vanthu')).post(`/api/documents/${docId}/copies`, body);
    ok(made, 201);
    expect((await otherAgency.get(made.json().fileUrl)).statusCode).toBe(404);
    expect((await otherAgency.get(`/api/copies/${made.json().id}/verification`)).statusCode).toBe(404);
    expect((await (await t.as('cv.khtc')).get(made.json().fileUrl)).statusCode).toBe(404);
  }, 120_000);

  it('a secret incoming document\'s copies open only for those who may open its files', async () => {
    const { docId, attachmentId } = await incomingWithThreePages({ secrecy: 'secret' });
    const made = await (await t.as('vanthu')).post(`/api/documents/${docId}/copies`, { source: { kind: 'attachment', attachmentId }, form: 'sao_y', agencyPassphrase: DEMO_KEY_PASSPHRASE });
    ok(made, 201);
    ok(await (await t.as('giamdoc')).get(made.json().fileUrl));
    // A unit head who sees nothing of it gets a 404, not the file.
    expect([403, 404]).toContain((await (await t.as('tp.cntt')).get(made.json().fileUrl)).statusCode);
  });

  it('bad page ranges are a 400 on the field "pages" with a clear message, and take no number', async () => {
    const { docId, attachmentId } = await incomingWithThreePages();
    const clerk = await t.as('vanthu');
    const next = await nextCopyNumber();
    const attempt = (pages: string | undefined, form = 'trich_sao') =>
      clerk.post(`/api/documents/${docId}/copies`, { source: { kind: 'attachment', attachmentId }, form, ...(pages === undefined ? {} : { pages }), agencyPassphrase: DEMO_KEY_PASSPHRASE });
    const cases: [string | undefined, string, string, string?][] = [
      ['0', 'PAGES_ZERO', 'bắt đầu từ 1'],
      ['5-2', 'PAGES_REVERSED', 'từ trang nhỏ đến trang lớn'],
      ['abc', 'PAGES_SYNTAX', 'ví dụ "1-2,5"'],
      ['1,,2', 'PAGES_SYNTAX', 'ví dụ "1-2,5"'],
      ['2-4', 'PAGES_BEYOND', 'tệp có 3 trang'],
      ['9', 'PAGES_BEYOND', 'tệp có 3 trang'],
      [undefined, 'PAGES_REQUIRED', 'trích sao cần ghi các trang'],
      ['1', 'PAGES_ONLY_FOR_EXTRACT', 'chỉ ghi trang khi trích sao', 'sao_y'],
    ];
    for (const [pages, code, vi, form] of cases) {
      const response = await attempt(pages, form);
      expect(response.statusCode, `${pages}: ${response.body}`).toBe(400);
      const [field] = response.json().error.fields;
      expect(field).toMatchObject({ field: 'pages', code });
      expect(field.message.vi).toContain('Trang trích sao');
      expect(field.message.vi).toContain(vi);
      expect(field.message.en.length).toBeGreaterThan(10);
    }
    expect(await nextCopyNumber()).toBe(next);
  });

  it('only a PDF can be copied, and only an issued outgoing document\'s signed PDF', async () => {
    const clerk = await t.as('vanthu');
    serial += 1;
    const metadata = { issuer: 'UBND tỉnh Điện Biên', number: String(5000 + serial), notation: 'UBND-VX', issuedOn: '2026-01-02', documentType: 'official_letter', summary: `V/v ảnh chụp ${serial}`, urgency: 'normal' };
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082', 'hex');
    const created = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'anh.png', content: png, type: 'image/png' }]);
    ok(created, 201);
    const doc = (await clerk.get(`/api/incoming-documents/${created.json().id}`)).json();
    const notPdf = await clerk.post(`/api/documents/${doc.id}/copies`, { source: { kind: 'attachment', attachmentId: doc.attachments[0].id }, form: 'sao_y', agencyPassphrase: DEMO_KEY_PASSPHRASE });
    expect(notPdf.statusCode).toBe(400);
    expect(notPdf.json().error.code).toBe('COPY_SOURCE_NOT_PDF');
    const notOutgoing = await clerk.post(`/api/documents/${doc.id}/copies`, { source: { kind: 'signed_pdf' }, form: 'sao_y', agencyPassphrase: DEMO_KEY_PASSPHRASE });
    expect(notOutgoing.statusCode).toBe(409);
    expect(notOutgoing.json().error.code).toBe('COPY_NOT_ISSUED');
    const badBody = await clerk.post(`/api/documents/${doc.id}/copies`, { source: { kind: 'file' }, form: 'photo', agencyPassphrase: DEMO_KEY_PASSPHRASE });
    expect(badBody.statusCode).toBe(400);
    expect(badBody.json().error.code).toBe('VALIDATION');
  });
});

/** The text pdftotext (poppler) reads from page 1, annotation appearances included; null where it is not installed. */
async function pdfsigText(bytes: Buffer): Promise<string | null> {
  const out = path.join(os.tmpdir(), `vanphong-copy-text-${process.pid}-${++serial}.pdf`);
  await fs.writeFile(out, bytes);
  try {
    return (await run('pdftotext', ['-f', '1', '-l', '1', out, '-'])).stdout;
  } catch {
    return null;
  } finally {
    await fs.rm(out, { force: true });
  }
}

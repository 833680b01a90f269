import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';
import { makeDocx } from '../../test-support/zip-fixture.js';
import { collectUnreferencedFiles, referencedHashes } from './file-collector.js';
import { safeFileName } from './file-names.js';
import { createDiskFileStore } from './file-store.js';

let t: TestApp;
let pdf: Uint8Array;
let serial = 0;

const metadata = (overrides: Record<string, unknown> = {}) => ({
  issuer: 'Sở Tài chính tỉnh Điện Biên',
  number: String(5000 + ++serial),
  notation: 'STC-NS',
  issuedOn: '2026-01-02',
  documentType: 'official_letter',
  summary: `V/v thẩm định dự toán số ${serial}`,
  ...overrides,
});

/** The sample PDF with a comment that makes its bytes (and hash) unique. */
const uniquePdf = (tag: string) => Buffer.concat([Buffer.from(pdf), Buffer.from(`\n% ${tag} ${Math.random()}\n`)]);

const register = (clerk: Client, meta: unknown, content: Buffer, name = 'cong-van.pdf') =>
  clerk.upload('/api/incoming-documents', { metadata: typeof meta === 'string' ? meta : JSON.stringify(meta) }, [{ name, content, type: 'application/pdf' }]);

const old = (ms: number) => new Date(Date.now() - ms);

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-01-05T03:00:00Z'));
  pdf = await samplePdfBytes();
});
afterAll(async () => t?.close());

describe('stored files are never lost to another request', () => {
  it('identical uploads racing, one of each pair failing, never leave a registered attachment without its file', async () => {
    const clerk = await t.as('vanthu');
    const taken = metadata({ number: '9001', notation: 'STC-TRUNG' });
    expect((await register(clerk, taken, uniquePdf('taken'))).statusCode).toBe(201);
    // The same signed PDF sent to several agencies: one registration succeeds, its twin fails.
    const failures = [
      () => '{"issuer": "Sở Tài',                                  // malformed metadata JSON
      () => metadata({ issuer: '' }),                               // a validation error
      () => ({ ...taken, summary: 'Bản trùng' }),                   // 409: already registered
    ];
    const pairs = Array.from({ length: 45 }, (_, i) => {
      const content = uniquePdf(`pair-${i}`);
      const failing = failures[i % failures.length]!();
      const requests = [register(clerk, metadata(), content), register(clerk, failing, content)];
      return Promise.all(i % 2 ? requests : requests.reverse());
    });
    // The collector running meanwhile must not take content a request is about to name either.
    const collecting = Promise.all([1, 2, 3].map(() => collectUnreferencedFiles(t.database.db, t.files)));
    const results = (await Promise.all(pairs)).flat();
    await collecting;
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(45);
    expect(results.filter((r) => r.statusCode >= 500)).toEqual([]);

    const rows = await t.database.db.selectFrom('attachments').select(['document_id', 'id', 'file_hash']).execute();
    const missing = [];
    for (const row of rows) if (!(await t.files.stat(row.file_hash))) missing.push(row);
    expect(missing).toEqual([]);
    // And each opens, byte for byte.
    for (const response of results.filter((r) => r.statusCode === 201).slice(0, 5)) {
      const detail = (await clerk.get(`/api/incoming-documents/${response.json().id}`)).json();
      const file = await clerk.get(`/api/incoming-documents/${detail.id}/attachments/${detail.attachments[0].id}`);
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it('a refused upload leaves neither a stored file nor a staging file', async () => {
    const clerk = await t.as('vanthu');
    const content = uniquePdf('refused');
    const refused = await register(clerk, metadata({ summary: '' }), content);
    expect(refused.statusCode).toBe(400);
    const hash = (await import('node:crypto')).createHash('sha256').update(content).digest('hex');
    expect(await t.files.stat(hash)).toBeNull();
    expect(await fs.readdir(path.join(t.fileRoot, 'tmp')).catch(() => [])).toEqual([]);
  });
});

describe('the collector', () => {
  it('removes crash leftovers — unreferenced content and staging files past the grace period — and nothing else', async () => {
    const root = path.join(t.fileRoot, 'collector-case');
    const store = createDiskFileStore(root);
    const stage = async (text: string) => {
      const staged = await store.stage(Readable.from(Buffer.from(text)), 1024);
      if (staged.truncated) throw new Error('truncated');
      return staged;
    };
    const orphanOld = await stage('orphan from a killed request');
    await orphanOld.commit();
    const orphanYoung = await stage('orphan of a request still running');
    await orphanYoung.commit();
    const named = await stage('content a row names');
    await named.commit();
    const leftover = await stage('half-written upload');
    const hour = 60 * 60 * 1000;
    const pathOf = (hash: string) => path.join(root, hash.slice(0, 2), hash.slice(2, 4), hash);
    for (const file of [pathOf(orphanOld.hash), pathOf(named.hash), leftover.path]) await fs.utimes(file, old(2 * hour), old(2 * hour));

    const report = await store.collect({ graceMs: hour, referenced: async (hashes) => new Set(hashes.filter((h) => h === named.hash)) });
    expect(report).toEqual({ removed: 1, staging: 1, kept: 1 });
    expect(await store.stat(orphanOld.hash)).toBeNull();
    expect(await store.stat(orphanYoung.hash)).not.toBeNull();
    expect(await store.stat(named.hash)).not.toBeNull();
    await expect(fs.access(leftover.path)).rejects.toThrow();
  });

  it('keeps content that a request commits again while the collector is deciding about it', async () => {
    const store = createDiskFileStore(path.join(t.fileRoot, 'collector-race'));
    const first = await store.stage(Readable.from(Buffer.from('same signed PDF')), 1024);
    if (first.truncated) throw new Error('truncated');
    await first.commit();
    const target = path.join(t.fileRoot, 'collector-race', first.hash.slice(0, 2), first.hash.slice(2, 4), first.hash);
    await fs.utimes(target, old(7_200_000), old(7_200_000));
    const report = await store.collect({
      graceMs: 3_600_000,
      // Between the collector's look at the rows and its decision, another request commits the same bytes.
      referenced: async () => {
        const again = await store.stage(Readable.from(Buffer.from('same signed PDF')), 1024);
        if (!again.truncated) await again.commit();
        return new Set();
      },
    });
    expect(report.removed).toBe(0);
    expect(await store.stat(first.hash)).not.toBeNull();
  });

  it('runs on one server at a time', async () => {
    const both = await Promise.all([collectUnreferencedFiles(t.database.db, t.files), collectUnreferencedFiles(t.database.db, t.files)]);
    expect(both.filter((r) => r === null)).toHaveLength(1);
    expect(await collectUnreferencedFiles(t.database.db, t.files)).not.toBeNull(); // the lease was given back
  });

  it('knows which content the attachments name', async () => {
    const row = await t.database.db.selectFrom('attachments').select('file_hash').executeTakeFirstOrThrow();
    const unknown = 'f'.repeat(64);
    expect(await referencedHashes(t.database.db)([row.file_hash, unknown])).toEqual(new Set([row.file_hash]));
  });
});

describe('opening files', () => {
  it('a file lost from the disk answers FILE_MISSING in the documented shape and records no view', async () => {
    const clerk = await t.as('vanthu');
    const content = uniquePdf('lost');
    const id = (await register(clerk, metadata(), content)).json().id;
    const detail = (await clerk.get(`/api/incoming-documents/${id}`)).json();
    const attachment = await t.database.db.selectFrom('attachments').select('file_hash').where('document_id', '=', id).executeTakeFirstOrThrow();
    const hash = attachment.file_hash;
    await fs.rm(path.join(t.fileRoot, hash.slice(0, 2), hash.slice(2, 4), hash));
    const views = async () => (await t.database.db.selectFrom('document_views').select(sql<number>`count(*)::int`.as('n')).where('document_id', '=', id).where('attachment_id', 'is not', null).executeTakeFirstOrThrow()).n;
    const response = await clerk.get(`/api/incoming-documents/${id}/attachments/${detail.attachments[0].id}`);
    expect(response.statusCode).toBe(500);
    expect(response.json().error).toMatchObject({ code: 'FILE_MISSING' });
    expect(response.json().error.message.vi).toContain('cong-van.pdf');
    expect(await views()).toBe(0);
  });

  it('each opening of a file goes to the access log, without locking the document for other readers', async () => {
    const clerk = await t.as('vanthu');
    const id = (await register(clerk, metadata(), uniquePdf('views'))).json().id;
    const detail = (await clerk.get(`/api/incoming-documents/${id}`)).json();
    const url = `/api/incoming-documents/${id}/attachments/${detail.attachments[0].id}`;
    // A writer holds the document's row lock; readers still get the file.
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const writer = t.database.db.transaction().execute(async (tx) => {
      await tx.selectFrom('documents').select('id').where('id', '=', id).forNoKeyUpdate().execute(); // as the workflow locks it
      await held;
    });
    if (t.database.kind === 'postgres') {
      const reads = await Promise.all(Array.from({ length: 5 }, () => clerk.get(url)));
      expect(reads.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
      release();
    } else {
      release(); // the embedded database serializes transactions, so only check the log below
      await Promise.all(Array.from({ length: 5 }, () => clerk.get(url)));
    }
    await writer;
    const after = (await clerk.get(`/api/incoming-documents/${id}`)).json();
    const fileViews = after.views.filter((v: { attachmentId: string | null }) => v.attachmentId);
    expect(fileViews).toHaveLength(5);
    expect(fileViews[0]).toMatchObject({ fileName: 'cong-van.pdf', user: { fullName: 'Phạm Thị Lan' } });
    // Opening the document page is in the log too, once however often it is reloaded.
    expect(after.views.filter((v: { attachmentId: string | null }) => !v.attachmentId)).toHaveLength(1);
    expect(after.events.map((e: { action: string }) => e.action)).not.toContain('file_viewed');
  });
});

describe('what an upload may carry', () => {
  it('file names lose control and bidirectional characters and end with the extension of their content', async () => {
    const clerk = await t.as('vanthu');
    const trick = await register(clerk, metadata(), uniquePdf('bidi'), 'hoadon\u202Efdp.exe');
    expect(trick.statusCode, trick.body).toBe(201);
    const files = (await clerk.get(`/api/incoming-documents/${trick.json().id}`)).json().attachments;
    expect(files[0].fileName).toBe('hoadonfdp.exe.pdf');
    expect(safeFileName('Cong\u0000 van/../..\\du thao.PDF', 'application/pdf')).toBe('Cong van_.._.._du thao.PDF');
    expect(safeFileName('Ho\u0302\u0300ng.jpeg', 'image/jpeg')).toBe('Hồng.jpeg');
    expect(safeFileName('', 'image/png')).toBe('tep-dinh-kem.png');
    expect(safeFileName(`${'a'.repeat(300)}.docx`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toMatch(/^a{195}\.docx$/);
    expect(safeFileName('x\ud800y.pdf', 'application/pdf')).toBe('xy.pdf');
  });

  it('a DOCX that unpacks to an absurd size is refused; a real one is accepted', async () => {
    const clerk = await t.as('vanthu');
    const bomb = makeDocx(Buffer.alloc(64 * 1024 * 1024)); // 64 MB of zeros packed into ~64 KB
    expect(bomb.length).toBeLessThan(200_000);
    const refused = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata()) }, [{ name: 'bao-cao.docx', content: bomb }]);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('FILE_UNPACKS_TOO_LARGE');
    expect(refused.json().error.message.vi).toContain('bao-cao.docx');
    const fine = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata()) }, [{ name: 'bao-cao', content: makeDocx() }]);
    expect(fine.statusCode, fine.body).toBe(201);
    const detail = (await clerk.get(`/api/incoming-documents/${fine.json().id}`)).json();
    expect(detail.attachments[0]).toMatchObject({ fileName: 'bao-cao.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
  });

  it('files are accepted only in the documented field', async () => {
    const clerk = await t.as('vanthu');
    const form = new FormData();
    form.append('metadata', JSON.stringify(metadata()));
    form.append('attachment', new Blob([uniquePdf('field')], { type: 'application/pdf' }), 'a.pdf');
    const body = new Response(form);
    const response = await t.app.inject({ method: 'POST', url: '/api/incoming-documents', headers: { cookie: clerk.cookie, 'content-type': body.headers.get('content-type')! }, payload: Buffer.from(await body.arrayBuffer()) });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'UNEXPECTED_FILE_FIELD' });
    expect(response.json().error.message.en).toContain('"files"');
  });
});

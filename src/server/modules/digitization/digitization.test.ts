import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, samplePdfBytes, type Client, type TestApp } from '../../test-support/test-app.js';
import { makeTestPki, p12Signer, signFirst } from '../signatures/pdf-verify.fixtures.js';
import { verifyPdf } from '../signatures/pdf-verify.js';
import { scanOf, scannedPdf } from './digitization.fixtures.js';

// Digitization through the real API and the real queue: scans made here from known text are read
// by OCR in Vietnamese (about 2.5 s a page), so each test reads one page.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ jobs: { workers: true } });
});
afterAll(async () => t?.close());

const KNOWN = { issuer: 'Sở Tài chính tỉnh Điện Biên', reference: '123/QĐ-STC', issuedOn: '2026-03-05', summary: 'Quyết định về việc phê duyệt dự toán kinh phí chuyển đổi số năm 2026', signer: 'Nguyễn Văn Hùng' };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let serial = 0;
const metadata = () => ({
  issuer: KNOWN.issuer, number: String(700 + ++serial), notation: 'QĐ-STC', issuedOn: '2026-03-05', documentType: 'decision',
  summary: `Phê duyệt dự toán kinh phí đợt ${serial}`, signer: KNOWN.signer, urgency: 'normal', pageCount: 1,
});

async function registerWith(clerk: Client, file: { name: string; content: Uint8Array; type: string }) {
  const created = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata()) }, [file]);
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const attachmentId = (await clerk.get(`/api/incoming-documents/${id}`)).json().attachments[0].id as string;
  return { id, url: `/api/incoming-documents/${id}/attachments/${attachmentId}` };
}

async function untilRead(client: Client, url: string) {
  const deadline = Date.now() + 180_000; // generous: the shared 2-core machine may be loaded
  const seen = new Set<string>();
  for (;;) {
    const view = (await client.get(`${url}/text`)).json();
    seen.add(view.state);
    if (['done', 'failed'].includes(view.state) || Date.now() > deadline) return { view, seen };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function stored(hash: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await t.files.get(hash)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('digitization (số hóa)', () => {
  let scanned: { id: string; url: string };

  it('a scanned image the clerk registers is read by OCR in Vietnamese; the clerk sees its state, pages, SHA-256 and text, and a searchable PDF/A copy is kept beside the unchanged original', async () => {
    const scan = await scanOf(KNOWN, { dpi: 300 });
    const clerk = await t.as('vanthu');
    scanned = await registerWith(clerk, { name: 'ban-quet.png', content: scan, type: 'image/png' });
    const first = (await clerk.get(`${scanned.url}/text`)).json();
    expect(['waiting', 'reading']).toContain(first.state);
    expect(first).toMatchObject({ sha256: sha256(scan), text: null, canCorrect: false });

    const { view } = await untilRead(clerk, scanned.url);
    expect(view).toMatchObject({ state: 'done', error: null, pageCount: 1, sha256: sha256(scan), method: 'ocr', ocrEngine: 'tesseract', hasSearchableCopy: true, canCorrect: true });
    expect(view.quality).toEqual({ dpi: 300, colour: true, warnings: [] });
    for (const words of ['Số: 123/QĐ-STC', 'Điện Biên, ngày 05 tháng 03 năm 2026', 'phê duyệt dự toán kinh phí chuyển đổi', 'Nguyễn Văn Hùng', 'Trân trọng']) expect(view.text).toContain(words);

    const copy = await clerk.get(`${scanned.url}/searchable`);
    expect(copy.statusCode).toBe(200);
    expect(copy.headers['content-type']).toBe('application/pdf');
    expect(copy.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(copy.rawPayload.toString('latin1')).toMatch(/pdfaid:part/); // PDF/A metadata
    expect(sha256(await stored(sha256(scan)))).toBe(sha256(scan));
  }, 240_000);

  it('the clerk corrects the read text: the correction is the stored text, the reading is kept, the history records it; a specialist may not correct, another agency sees nothing', async () => {
    const clerk = await t.as('vanthu');
    const before = (await clerk.get(`${scanned.url}/text`)).json();
    const corrected = `${before.text}\nGhi chú của văn thư: bản quét rõ nét.`;
    const response = await clerk.patch(`${scanned.url}/text`, { text: corrected });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ text: corrected, corrected: { by: t.people.get('vanthu')!.id }, correctedByName: expect.any(String) });
    const row = await t.database.db.selectFrom('file_texts').selectAll().where('file_hash', '=', before.sha256).executeTakeFirstOrThrow();
    expect(row.text).toBe(corrected);
    expect(row.machine_text).toBe(before.text);

    const events = (await clerk.get(`/api/incoming-documents/${scanned.id}`)).json().events as { action: string; payload: Record<string, unknown> }[];
    expect(events.filter((e) => e.action === 'file_text_corrected')).toEqual([
      expect.objectContaining({ payload: expect.objectContaining({ file: 'ban-quet.png', sha256: before.sha256, charsBefore: before.text.length, charsAfter: corrected.length }) }),
    ]);

    const director = await t.as('giamdoc');
    expect((await director.get(`${scanned.url}/text`)).json()).toMatchObject({ text: corrected, canCorrect: false });
    const refused = await director.patch(`${scanned.url}/text`, { text: 'sửa trái phép' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('ONLY_CLERK_CORRECTS_TEXT');
    for (const username of ['vanthu.snv', 'giamdoc.snv']) {
      const outsider = await t.as(username);
      expect((await outsider.get(`${scanned.url}/text`)).statusCode).toBe(404);
      expect((await outsider.patch(`${scanned.url}/text`, { text: 'x' })).statusCode).toBe(404);
      expect((await outsider.get(`${scanned.url}/searchable`)).statusCode).toBe(404);
    }
    expect((await clerk.patch(`${scanned.url}/text`, { text: 42 })).statusCode).toBe(400);
    expect((await t.database.db.selectFrom('file_texts').select('text').where('file_hash', '=', before.sha256).executeTakeFirstOrThrow()).text).toBe(corrected);
  });

  it('a digitally signed scanned PDF is never rewritten: its text comes from a separate copy, and the original stays byte-identical with its signature still valid', async () => {
    const pki = makeTestPki();
    const signed = await signFirst(await scannedPdf(await scanOf(KNOWN, { dpi: 200 })), p12Signer(pki));
    const trust = { trustedRoots: [{ certificate: pki.root.pem }] };
    const before = await verifyPdf(signed, trust);
    expect(before.signatures[0]?.status).toBe('valid');
    const clerk = await t.as('vanthu');
    const { url } = await registerWith(clerk, { name: 'ban-ky-so.pdf', content: signed, type: 'application/pdf' });
    const { view } = await untilRead(clerk, url);
    expect(view).toMatchObject({ state: 'done', method: 'ocr', hasSearchableCopy: true, sha256: sha256(signed) });
    expect(view.text).toContain('Nguyễn Văn Hùng');
    const original = await stored(sha256(signed));
    expect(original.equals(signed)).toBe(true);
    expect((await verifyPdf(original, trust)).signatures[0]?.status).toBe('valid');
    const row = await t.database.db.selectFrom('file_texts').select('searchable_pdf_hash').where('file_hash', '=', sha256(signed)).executeTakeFirstOrThrow();
    expect(row.searchable_pdf_hash).not.toBe(sha256(signed));
  }, 240_000);

  it('without the system tesseract (OCR_ENGINE=tesseract.js) the scan is read by tesseract.js from node_modules; a grey 150 dpi scan is warned about', async () => {
    process.env.OCR_ENGINE = 'tesseract.js';
    try {
      const scan = await scanOf(KNOWN, { dpi: 150, grey: true });
      const clerk = await t.as('vanthu');
      const { url } = await registerWith(clerk, { name: 'ban-quet-mo.png', content: scan, type: 'image/png' });
      const { view } = await untilRead(clerk, url);
      expect(view).toMatchObject({ state: 'done', method: 'ocr', ocrEngine: 'tesseract.js', hasSearchableCopy: false, pageCount: 1 });
      expect(view.quality).toEqual({ dpi: 150, colour: false, warnings: ['low_dpi', 'not_colour'] });
      for (const words of ['123/QĐ-STC', 'Điện Biên', 'Nguyễn Văn Hùng']) expect(view.text).toContain(words);
    } finally {
      delete process.env.OCR_ENGINE;
    }
  }, 240_000);

  it('a PDF dropped on the registration form pre-fills the fields from its text; only the clerk who dropped it may ask for them', async () => {
    const pdf = await samplePdfBytes();
    const clerk = await t.as('vanthu');
    const started = await clerk.upload('/api/incoming-documents/prefill', {}, [{ name: 'van-ban.pdf', content: pdf, type: 'application/pdf' }]);
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json()).toMatchObject({ fileHash: sha256(pdf), quality: { dpi: null, colour: null, warnings: [] } });
    const deadline = Date.now() + 120_000;
    let answer = started.json();
    while (answer.state !== 'done' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = (await clerk.get(`/api/incoming-documents/prefill/${sha256(pdf)}`)).json();
    }
    expect(answer.values).toMatchObject({ number: '123', notation: 'UBND-KT', issuedOn: '2026-11-20', place: 'Điện Biên', signer: 'Lò Văn Tiến', summary: 'V/v thử nghiệm hệ thống văn phòng điện tử' });
    expect((await (await t.as('cv.cntt')).get(`/api/incoming-documents/prefill/${sha256(pdf)}`)).statusCode).toBe(404);
    expect((await (await t.as('vanthu.snv')).get(`/api/incoming-documents/prefill/${sha256(pdf)}`)).statusCode).toBe(404);
    expect((await (await t.as('cv.cntt')).upload('/api/incoming-documents/prefill', {}, [{ name: 'a.pdf', content: pdf, type: 'application/pdf' }])).statusCode).toBe(403);
  }, 240_000);
});

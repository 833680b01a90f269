import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { findLibreOffice } from '../files/office-to-pdf.js';
import { defineJob } from '../jobs/jobs.js';
import { CONVERT_DOCX_JOB, convertDocxJob, convertVersion } from './outgoing.conversion.js';

// Real LibreOffice where it is installed (CI installs Debian's libreoffice-writer-nogui); where it
// is not, the draft says so and the PDF is asked for. Conversions are jobs of the queue (jobs.ts):
// the upload enqueues one in its transaction and a worker takes it; nothing polls the versions.

let t: TestApp;
const soffice = findLibreOffice();

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function templateDraft(summary: string): Promise<string> {
  const drafter = await t.as('cv.cntt');
  const response = await drafter.upload('/api/outgoing-documents', { metadata: JSON.stringify({ documentType: 'official_letter', summary, fromTemplate: true }) }, []);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

const pdfState = async (id: string) => (await (await t.as('cv.cntt')).get(`/api/outgoing-documents/${id}`)).json().versions[0].pdf;
const versionId = async (documentId: string) => (await t.database.db.selectFrom('document_versions').select('id').where('document_id', '=', documentId).executeTakeFirstOrThrow()).id;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const conversionJobs = async (id: string) => (await sql<{ state: string; retry_count: number }>`
  SELECT state::text AS state, retry_count FROM pgboss.job WHERE name = ${CONVERT_DOCX_JOB} AND data->>'versionId' = ${id}`.execute(t.database.db)).rows;

describe('reading a DOCX draft as PDF', () => {
  it('the upload enqueues the conversion in its own transaction; without LibreOffice the version says why, and asking for the PDF is a clear 409', async () => {
    const id = await templateDraft('V/v thử chuyển đổi khi không có LibreOffice');
    expect(await pdfState(id)).toEqual({ status: 'pending', error: null });
    // The job exists as soon as the version does (nobody works the queue yet).
    expect(await conversionJobs(await versionId(id))).toEqual([{ state: 'created', retry_count: 0 }]);

    const worker = await t.openJobQueue({ definitions: [convertDocxJob(null)] });
    try {
      await worker.startWorkers({ files: t.files });
      // 'converting' comes first, for a moment: wait for where the job leaves it.
      expect((await until(() => pdfState(id), (s) => s.status !== 'pending' && s.status !== 'converting')).status).toBe('unavailable');
    } finally {
      // A worker left running (with no LibreOffice) would take the next test's conversions.
      await worker.stop();
    }
    const pdf = await (await t.as('cv.cntt')).get(`/api/outgoing-documents/${id}/versions/1/pdf`);
    expect(pdf.statusCode).toBe(409);
    expect(pdf.json().error.code).toBe('PDF_NOT_READY');
    expect(pdf.json().error.message.vi).toContain('LibreOffice');
  });

  it.runIf(soffice)('a new DOCX version is converted by the queue without polling: each version once, even with two servers working it, and the PDF opens', async () => {
    const runs = new Map<string, number>();
    // The real conversion, counted: two servers (queues) work the same database.
    const counted = defineJob(CONVERT_DOCX_JOB, async ({ versionId: id }, ctx) => {
      runs.set(id, (runs.get(id) ?? 0) + 1);
      await convertVersion({ db: ctx.db, files: ctx.files, soffice }, id);
    }, { concurrency: 2 });
    const servers = [await t.openJobQueue({ definitions: [counted] }), await t.openJobQueue({ definitions: [counted] })];
    let ids: string[];
    try {
      for (const server of servers) await server.startWorkers({ files: t.files });
      ids = [await templateDraft('V/v thử chuyển đổi thứ nhất'), await templateDraft('V/v thử chuyển đổi thứ hai'), await templateDraft('V/v thử chuyển đổi thứ ba')];
      for (const id of ids) expect((await until(() => pdfState(id), (s) => s.status === 'done')).status, id).toBe('done');
    } finally {
      for (const server of servers) await server.stop();
    }

    const versions = await Promise.all(ids.map(versionId));
    expect(versions.map((v) => runs.get(v))).toEqual([1, 1, 1]);
    for (const v of versions) expect(await conversionJobs(v)).toEqual([{ state: 'completed', retry_count: 0 }]);
    for (const id of ids) {
      expect(await pdfState(id)).toEqual({ status: 'done', error: null });
      const pdf = await (await t.as('cv.cntt')).get(`/api/outgoing-documents/${id}/versions/1/pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.rawPayload.toString('latin1')).toMatch(/\/Type\s*\/Page\b/);
    }
    // The converted PDF is named by its version, so the file collector keeps it.
    const row = await t.database.db.selectFrom('document_versions').select('pdf_hash').where('document_id', '=', ids[0]!).executeTakeFirstOrThrow();
    expect(row.pdf_hash).toMatch(/^[0-9a-f]{64}$/);
  }, 240_000); // three LibreOffice conversions, the first one cold, on a loaded 2-core machine
});

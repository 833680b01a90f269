import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { findLibreOffice } from '../files/office-to-pdf.js';
import { convertPendingVersions } from './outgoing.conversion.js';

// Real LibreOffice where it is installed (CI installs Debian's libreoffice-writer-nogui); where it
// is not, the draft says so and the PDF is asked for.

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

describe('reading a DOCX draft as PDF', () => {
  it('without LibreOffice the version says why there is no PDF, and asking for it is a clear 409', async () => {
    const id = await templateDraft('V/v thử chuyển đổi khi không có LibreOffice');
    expect(await pdfState(id)).toEqual({ status: 'pending', error: null });
    expect(await convertPendingVersions({ db: t.database.db, files: t.files, soffice: null })).toBe(1);
    expect((await pdfState(id)).status).toBe('unavailable');
    const pdf = await (await t.as('cv.cntt')).get(`/api/outgoing-documents/${id}/versions/1/pdf`);
    expect(pdf.statusCode).toBe(409);
    expect(pdf.json().error.code).toBe('PDF_NOT_READY');
    expect(pdf.json().error.message.vi).toContain('LibreOffice');
  });

  it.runIf(soffice)('LibreOffice converts each pending version once, even with two converters running, and the PDF opens', async () => {
    const ids = [await templateDraft('V/v thử chuyển đổi thứ nhất'), await templateDraft('V/v thử chuyển đổi thứ hai')];
    const handled = await Promise.all([convertPendingVersions({ db: t.database.db, files: t.files, soffice }), convertPendingVersions({ db: t.database.db, files: t.files, soffice })]);
    expect(handled[0]! + handled[1]!).toBe(2);
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
  });
});

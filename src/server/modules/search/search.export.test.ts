import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACET_FIELDS, SEARCH_EXPORT_LIMIT, type SearchResult } from '../../../shared/search.js';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';

// A search's result list exported through the real HTTP API on the real database: the same words,
// filters and permissions as the list, as XLSX and as CSV that Excel opens in Vietnamese.

let t: TestApp;
let serial = 0;
let forKhtc: string;
let forCntt: string;
let formula: string;

async function register(summary: string, assignee?: string) {
  const clerk = await t.as('vanthu');
  serial += 1;
  const created = await clerk.upload('/api/incoming-documents', {
    metadata: JSON.stringify({ issuer: 'UBND tỉnh Điện Biên', number: String(300 + serial), notation: 'UBND-VX', issuedOn: '2026-01-02', documentType: 'official_letter', summary }),
  }, [{ name: 'van-ban.pdf', content: await samplePdfBytes(), type: 'application/pdf' }]);
  expect(created.statusCode, created.body).toBe(201);
  const id: string = created.json().id;
  if (assignee) {
    expect((await clerk.post(`/api/incoming-documents/${id}/submit`, { leaderId: t.people.get('giamdoc')!.id })).statusCode).toBe(200);
    const assigned = await (await t.as('giamdoc')).post(`/api/incoming-documents/${id}/assign`, { direction: 'Giao xử lý.', assignments: [{ role: 'lead', userId: t.people.get(assignee)!.id }] });
    expect(assigned.statusCode, assigned.body).toBe(200);
  }
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  forKhtc = await register('V/v đối chiếu sổ sách kế toán quý I', 'cv.khtc');
  forCntt = await register('V/v đối chiếu sổ sách máy chủ phòng CNTT', 'cv.cntt');
  formula = await register('=HYPERLINK("http://evil.example","bấm") đối chiếu sổ sách');
}, 180_000);
afterAll(async () => t?.close());

async function download(who: string, url: string) {
  const response = await (await t.as(who)).get(url);
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  return response;
}

async function sheetRows(bytes: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: string[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
  return rows;
}

const csvLines = (bytes: Buffer) => bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');

/** Twice the export limit of documents holding "quyết toán ngân sách" (broad by any estimate), inserted once. */
let inserted: Promise<unknown> | null = null;
function broadSearch() {
  inserted ??= (async () => {
      const clerk = t.people.get('vanthu')!;
      await sql`INSERT INTO documents (agency_id, direction, received_on, issuer, document_type, summary, urgency, secrecy, status, created_by)
        SELECT ${clerk.agencyId}, 'incoming', DATE '2025-01-01' + (g % 300), 'Sở Tài chính', 'report', 'Báo cáo quyết toán ngân sách xã số ' || g, 'normal', 'none', 'registered', ${clerk.id}
          FROM generate_series(1, ${2 * SEARCH_EXPORT_LIMIT}) g`.execute(t.database.db);
    await sql`ANALYZE documents`.execute(t.database.db);
    await sql`ANALYZE document_search`.execute(t.database.db);
  })();
  return inserted;
}

describe('the result list of a search exports to XLSX and CSV', () => {
  it('the clerk\'s XLSX holds the agency header, the words searched and one row per match, a formula kept as plain text', async () => {
    const response = await download('vanthu', `/api/search/export/xlsx?q=${encodeURIComponent('doi chieu so sach')}&sort=date`);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''tra-cuu-van-ban-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const rows = await sheetRows(response.rawPayload);
    const text = rows.map((r) => r.join(' | ')).join('\n');
    expect(text).toContain('KẾT QUẢ TRA CỨU VĂN BẢN');
    expect(text).toContain('Từ khóa: “doi chieu so sach” — 3 văn bản');
    const header = rows.findIndex((r) => r[0] === 'STT');
    const body = rows.slice(header + 2).filter((r) => /^\d+$/.test(r[0] ?? ''));
    // Registered the same day: the newest first is by id, so compare as sets.
    expect(body.map((r) => r[7]).sort()).toEqual(['=HYPERLINK("http://evil.example","bấm") đối chiếu sổ sách', 'V/v đối chiếu sổ sách kế toán quý I', 'V/v đối chiếu sổ sách máy chủ phòng CNTT']);
    expect(body.map((r) => r[0])).toEqual(['1', '2', '3']);
    const evil = body.findIndex((r) => r[7]!.startsWith('=HYPERLINK'));
    expect(body[evil]!.slice(1, 3)).toEqual(['Đến', '303/UBND-VX']);
    // The cell is a string, not a formula a spreadsheet would run.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const cell = book.worksheets[0]!.getRow(header + 3 + evil).getCell(8);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
  });

  it('CSV is UTF-8 with a byte-order mark, quotes what needs quoting, and a cell starting with = + - @ is neutralised', async () => {
    const response = await download('vanthu', `/api/search/export/csv?q=${encodeURIComponent('đối chiếu sổ sách')}&sort=date`);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csvLines(response.rawPayload);
    expect(lines[0]).toBe('STT,Sổ,"Số, ký hiệu",Số đến,Ngày,Cơ quan ban hành,Loại văn bản,Trích yếu,Độ khẩn,Độ mật,Trạng thái');
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.includes('HYPERLINK'))).toContain(`,"'=HYPERLINK(""http://evil.example"",""bấm"") đối chiếu sổ sách",`);
    expect(lines.join('\n')).toContain('V/v đối chiếu sổ sách kế toán quý I');
    expect(lines.slice(1).every((l) => !/,[=+\-@]/.test(l))).toBe(true);
  });

  it('a specialist\'s export never contains another unit\'s document they may not open', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const response = await download('cv.khtc', `/api/search/export/${format}?q=${encodeURIComponent('doi chieu so sach')}`);
      const text = format === 'csv' ? response.rawPayload.toString('utf8') : (await sheetRows(response.rawPayload)).flat().join('\n');
      expect(text, format).toContain('kế toán quý I');
      expect(text, format).not.toContain('máy chủ phòng CNTT');
      expect(text, format).not.toContain('HYPERLINK');
    }
    const other = await download('vanthu.snv', `/api/search/export/csv?q=${encodeURIComponent('doi chieu so sach')}`);
    expect(csvLines(other.rawPayload)).toHaveLength(1);
    expect([forKhtc, forCntt, formula].every(Boolean)).toBe(true);
  });

  it('the list\'s filters apply to the export, and bad input is a 400, never a file', async () => {
    const outgoing = await download('vanthu', `/api/search/export/csv?q=${encodeURIComponent('doi chieu')}&direction=outgoing`);
    expect(csvLines(outgoing.rawPayload)).toHaveLength(1);
    const clerk = await t.as('vanthu');
    expect((await clerk.get('/api/search/export/pdf?q=a')).statusCode).toBe(400);
    expect((await clerk.get('/api/search/export/csv?urgency=soon')).statusCode).toBe(400);
    expect((await t.anonymous().get('/api/search/export/csv?q=a')).statusCode).toBe(401);
  });

  it(`more than ${SEARCH_EXPORT_LIMIT} matches is refused with 422 and the limit, not cut silently`, async () => {
    await broadSearch();
    const response = await (await t.as('vanthu')).get(`/api/search/export/xlsx?q=${encodeURIComponent('quyet toan ngan sach')}`);
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'SEARCH_EXPORT_TOO_LARGE', message: { vi: expect.stringContaining('hơn 2') } });
  }, 120_000);

  it('the same broad search on the page is estimated, not counted ("about …"), and its facets say they count the newest 200', async () => {
    await broadSearch();
    const result: SearchResult = (await (await t.as('vanthu')).get(`/api/search?q=${encodeURIComponent('quyet toan ngan sach')}`)).json();
    expect(result).toMatchObject({ total: 1000, totalCapped: true, facetsSampled: [...FACET_FIELDS], facetSample: 200 });
    expect(result.totalEstimate).toBeGreaterThan(1000);
    expect(result.items).toHaveLength(20);
    expect(result.facets.documentType).toEqual([{ value: 'report', count: 200 }]);
    // A specialist's few visible documents are counted, never estimated from the agency's.
    const specialist: SearchResult = (await (await t.as('cv.khtc')).get(`/api/search?q=${encodeURIComponent('quyet toan ngan sach')}`)).json();
    expect(specialist).toMatchObject({ total: 0, totalCapped: false, totalEstimate: null, facetsSampled: [] });
  }, 120_000);
});

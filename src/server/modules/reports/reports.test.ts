import fs from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlingReport, TrackingItem } from '../../../shared/reports.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { buildTrackingFixture, type TrackingFixture } from './reports.fixture.js';

let t: TestApp;
let f: TrackingFixture;
const FEB = 'from=2026-02-01&to=2026-02-28';

beforeAll(async () => {
  t = await createTestApp();
  f = await buildTrackingFixture(t);
});
afterAll(async () => t?.close());

/** Set REPORTS_PDF_DIR to keep the exported files (to render and look at them). */
async function keep(name: string, bytes: Buffer) {
  if (process.env.REPORTS_PDF_DIR) await fs.writeFile(path.join(process.env.REPORTS_PDF_DIR, name), bytes);
}

async function sheetText(bytes: Buffer): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: string[] = [];
  book.worksheets[0]!.eachRow((row) => row.eachCell((cell) => { cells.push(String(cell.value)); }));
  return cells.join(' | ');
}

describe('the tracking register', () => {
  it('lists each incoming document with its lead, coordinators, due date, progress and state', async () => {
    const res = await (await t.as('giamdoc')).get(`/api/tracking?${FEB}`);
    expect(res.statusCode, res.body).toBe(200);
    const items: TrackingItem[] = res.json().items;
    expect(res.json().total).toBe(4);
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get(f.ids.A)).toMatchObject({ state: 'on_time', completedOn: '2026-02-09', lead: 'Đặng Văn Long', dueDate: '2026-02-10' });
    expect(byId.get(f.ids.B)).toMatchObject({ state: 'late', completedOn: '2026-02-12' });
    expect(byId.get(f.ids.C)).toMatchObject({ state: 'overdue', lead: 'Phòng Kế hoạch - Tài chính', handler: 'Vũ Thị Hoa' });
    expect(byId.get(f.ids.D)).toMatchObject({ state: 'in_progress', coordinators: 'Phòng Kế hoạch - Tài chính', progress: 'Đang tổng hợp số liệu các huyện.', leadAssignmentId: f.leadOf.D });
  });

  it('filters by state, unit, person and urgency', async () => {
    const director = await t.as('giamdoc');
    const ids = async (q: string) => ((await director.get(`/api/tracking?${q}`)).json().items as TrackingItem[]).map((i) => i.id).sort();
    expect(await ids('state=late')).toEqual([f.ids.B]);
    expect(await ids(`unitId=${t.people.get('cv.khtc')!.unitId}`)).toEqual([f.ids.C]);
    expect(await ids(`userId=${t.people.get('cv.cntt')!.id}`)).toEqual([f.ids.A, f.ids.B, f.ids.D].sort());
    expect(await ids(`urgency=very_urgent&${FEB}`)).toEqual([f.ids.D]);
  });

  it("shows a unit head their unit's documents only, and refuses a specialist", async () => {
    const khtc: TrackingItem[] = (await (await t.as('tp.khtc')).get('/api/tracking')).json().items;
    expect(khtc.map((i) => i.id).sort()).toEqual([f.ids.C, f.ids.D].sort());
    const res = await (await t.as('cv.cntt')).get('/api/tracking');
    expect(res.statusCode).toBe(403);
  });

  it('offers the reminder (đôn đốc) on open work to a leader and to the head of the unit holding it, and the server agrees', async () => {
    const director = await t.as('giamdoc');
    const rows = new Map(((await director.get(`/api/tracking?${FEB}`)).json().items as TrackingItem[]).map((i) => [i.id, i]));
    expect(rows.get(f.ids.A)!.remind).toBeNull(); // completed
    expect(rows.get(f.ids.C)!.remind).toMatchObject({ holder: 'Vũ Thị Hoa' });
    expect(rows.get(f.ids.D)!.remind).toEqual({ assignmentId: f.leadOf.D, holder: 'Đặng Văn Long' });
    const sent = await director.post(`/api/assignments/${rows.get(f.ids.C)!.remind!.assignmentId}/reminders`, { note: 'Đề nghị khẩn trương hoàn thành, báo cáo trước thứ Tư.' });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toEqual({ notified: 1 });

    // The head of KHTC may remind the specialist of their unit (C), not the CNTT specialist leading D.
    const head = await t.as('tp.khtc');
    const theirs = new Map(((await head.get('/api/tracking')).json().items as TrackingItem[]).map((i) => [i.id, i]));
    expect(theirs.get(f.ids.C)!.remind).toMatchObject({ holder: 'Vũ Thị Hoa' });
    expect(theirs.get(f.ids.D)!.remind).toBeNull();
    expect((await head.post(`/api/assignments/${f.leadOf.D}/reminders`, { note: 'Nhắc' })).statusCode).toBe(403);

    // The clerk keeps the register but reminds nobody.
    const clerk = await t.as('vanthu');
    const clerkRows: TrackingItem[] = (await clerk.get(`/api/tracking?${FEB}`)).json().items;
    expect(clerkRows.length).toBe(4);
    expect(clerkRows.every((i) => i.remind === null)).toBe(true);
    expect((await clerk.post(`/api/assignments/${f.leadOf.D}/reminders`, { note: 'Nhắc' })).statusCode).toBe(403);
  });

  it("never shows another agency's documents", async () => {
    const items: TrackingItem[] = (await (await t.as('giamdoc.snv')).get('/api/tracking')).json().items;
    expect(items.map((i) => i.id)).toEqual([f.ids.other]);
  });
});

describe('the report on handling incoming documents', () => {
  it('counts received, on time, late, in progress and overdue for the period, by unit and by person', async () => {
    const report: HandlingReport = (await (await t.as('giamdoc')).get(`/api/reports/handling?${FEB}`)).json();
    expect(report.totals).toEqual({ received: 4, onTime: 1, late: 1, inProgress: 1, overdue: 1 });
    expect(report.byUnit.find((r) => r.name === 'Phòng Công nghệ thông tin')).toMatchObject({ received: 3, onTime: 1, late: 1, inProgress: 1, overdue: 0 });
    expect(report.byPerson.find((r) => r.name === 'Vũ Thị Hoa')).toMatchObject({ received: 1, overdue: 1 });
  });

  it('refuses a period that ends before it starts', async () => {
    const res = await (await t.as('giamdoc')).get('/api/reports/handling?from=2026-03-01&to=2026-02-01');
    expect(res.statusCode).toBe(400);
  });
});

describe('statistics', () => {
  it('counts by month, type, issuer, unit, person, urgency and state, and exports them as XLSX', async () => {
    const director = await t.as('giamdoc');
    const stats = (await director.get('/api/statistics?from=2026-02-01&to=2026-03-31')).json();
    expect(stats.totals).toEqual({ received: 6, onTime: 1, late: 1, inProgress: 3, overdue: 1 });
    expect(stats.rows.month.map((r: { key: string; received: number }) => [r.key, r.received])).toEqual([['2026-02', 4], ['2026-03', 2]]);
    expect(stats.rows.urgency.find((r: { key: string }) => r.key === 'flash').received).toBe(1);
    expect(stats.rows.person.find((r: { name: string }) => r.name === 'Đặng Văn Long')).toMatchObject({ received: 3, onTime: 1, late: 1 });
    // A whole year is counted in the other shape (each lead computed once and joined): the same figures.
    const year = (await director.get('/api/statistics?from=2026-01-01&to=2026-12-31')).json();
    expect(year.totals).toEqual(stats.totals);
    expect(year.rows.unit).toEqual(stats.rows.unit);
    expect(year.rows.person).toEqual(stats.rows.person);
    const xlsx = await director.get('/api/statistics/xlsx?from=2026-02-01&to=2026-03-31');
    expect(xlsx.statusCode).toBe(200);
    const text = await sheetText(xlsx.rawPayload);
    expect(text).toContain('THEO ĐỘ KHẨN');
    expect(text).toContain('Hỏa tốc');
    expect((await (await t.as('cv.khtc')).get('/api/statistics?from=2026-02-01&to=2026-03-31')).statusCode).toBe(403);
  });
});

describe('exports in the legal forms', () => {
  it('gives the leader the incoming register, the tracking register and the report as XLSX and PDF', async () => {
    const director = await t.as('giamdoc');
    for (const name of ['incoming-register', 'tracking-register', 'handling']) {
      const xlsx = await director.get(`/api/reports/${name}/xlsx?${FEB}`);
      expect(xlsx.statusCode, xlsx.body).toBe(200);
      expect(xlsx.headers['content-disposition']).toContain('.xlsx');
      const text = await sheetText(xlsx.rawPayload);
      expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(text).toContain('Từ ngày 01/02/2026 đến ngày 28/02/2026');
      const pdf = await director.get(`/api/reports/${name}/pdf?${FEB}`);
      expect(pdf.statusCode, pdf.body).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      await keep(`${name}.pdf`, pdf.rawPayload);
    }
    const register = await sheetText((await director.get(`/api/reports/incoming-register/xlsx?${FEB}`)).rawPayload);
    expect(register).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐẾN');
    expect(register).toContain('Công văn: V/v theo dõi giải quyết văn bản số 1');
    expect(register).not.toContain('số 7'); // registered in March (E, F) or by the other agency
    const report = await sheetText((await director.get(`/api/reports/handling/xlsx?${FEB}`)).rawPayload);
    expect(report).toContain('THỦ TRƯỞNG CƠ QUAN');
  });

  it('fills the Phiếu giải quyết văn bản đến with the direction, the unit head’s assignment and the handler’s proposal', async () => {
    const res = await (await t.as('giamdoc')).get(`/api/reports/handling-slip/${f.ids.C}/xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    const text = await sheetText(res.rawPayload);
    expect(text).toContain('PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN');
    expect(text).toContain('Chủ trì: Phòng Kế hoạch - Tài chính; thời hạn giải quyết: 20/02/2026');
    expect(text).toContain('Giao đồng chí Hoa xử lý.');
    expect(text).toContain('Chủ trì: Vũ Thị Hoa');
    const pdf = await (await t.as('giamdoc')).get(`/api/reports/handling-slip/${f.ids.D}/pdf`);
    expect(pdf.statusCode).toBe(200);
    await keep('phieu.pdf', pdf.rawPayload);
  });

  it("lets no specialist export the agency's registers, a unit head only their unit's tracking, and nobody another agency's slip", async () => {
    const specialist = await t.as('cv.cntt');
    expect((await specialist.get(`/api/reports/incoming-register/pdf?${FEB}`)).statusCode).toBe(403);
    expect((await specialist.get(`/api/reports/tracking-register/xlsx?${FEB}`)).statusCode).toBe(403);
    expect((await specialist.get(`/api/reports/handling/pdf?${FEB}`)).statusCode).toBe(403);
    const head = await t.as('tp.khtc');
    expect((await head.get(`/api/reports/incoming-register/xlsx?${FEB}`)).statusCode).toBe(403);
    const tracking = await sheetText((await head.get(`/api/reports/tracking-register/xlsx?${FEB}`)).rawPayload);
    expect(tracking).toContain('Vũ Thị Hoa');
    expect(tracking).not.toContain('Đặng Văn Long: ');
    expect((await (await t.as('giamdoc.snv')).get(`/api/reports/handling-slip/${f.ids.A}/pdf`)).statusCode).toBe(404);
    const snv = await sheetText((await (await t.as('vanthu.snv')).get(`/api/reports/incoming-register/xlsx?from=2026-03-01&to=2026-03-31`)).rawPayload);
    expect(snv).not.toContain('V/v theo dõi giải quyết văn bản số 5');
    expect(snv).toContain('số 7');
  });
});

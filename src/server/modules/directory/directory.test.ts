import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-01-05T03:00:00Z'));
});
afterAll(async () => t?.close());

const CSV = [
  'Tên cơ quan;Tên viết tắt;Mã định danh',
  'UBND tỉnh Điện Biên;UBND;000.00.00.H17',
  'Sở Tài chính tỉnh Điện Biên;STC;000.00.01.H17',
  '"Sở Kế hoạch và Đầu tư, tỉnh Điện Biên";SKHĐT;',
].join('\n');

describe('the agency directory', () => {
  it('the admin imports it from CSV; a second import updates instead of duplicating', async () => {
    const admin = await t.as('quantri');
    const first = await admin.post('/api/directory/import', { csv: CSV });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ created: 3, updated: 0 });
    const again = await admin.post('/api/directory/import', { csv: `${CSV}\nBưu điện tỉnh Điện Biên,BĐĐB,` });
    expect(again.json()).toEqual({ created: 1, updated: 3 });
    const all = (await admin.get('/api/directory?pageSize=50')).json();
    expect(all.total).toBe(4);
    expect(all.items.find((e: { name: string }) => e.name === 'Sở Kế hoạch và Đầu tư, tỉnh Điện Biên')).toMatchObject({ shortName: 'SKHĐT', organId: null });
  });

  it('a bad line is reported with its number and nothing is written', async () => {
    const admin = await t.as('quantri');
    const before = (await admin.get('/api/directory')).json().total;
    const bad = await admin.post('/api/directory/import', { csv: 'Sở Y tế;SYT;000.00.02.H17\n;Không tên;\nSở Nội vụ;SNV;12345' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { message: { vi: string } }) => f.message.vi)).toEqual(['Dòng 2: thiếu tên cơ quan', 'Dòng 3: mã định danh "12345" không hợp lệ']);
    expect((await admin.get('/api/directory')).json().total).toBe(before);
  });

  it('everyone finds an agency by any words, with or without diacritics; only keepers change it', async () => {
    const specialist = await t.as('cv.cntt');
    const found = (await specialist.get(`/api/directory?q=${encodeURIComponent('so tai chinh')}`)).json();
    expect(found.items.map((e: { name: string }) => e.name)).toEqual(['Sở Tài chính tỉnh Điện Biên']);
    expect((await specialist.get('/api/directory?q=H17')).json().total).toBe(2);
    expect((await specialist.post('/api/directory', { name: 'Sở Y tế' })).statusCode).toBe(403);
    const clerk = await t.as('vanthu');
    const added = await clerk.post('/api/directory', { name: 'Công an tỉnh Điện Biên', shortName: 'CA' });
    expect(added.statusCode).toBe(201);
    expect((await clerk.post('/api/directory', { name: ' công an tỉnh điện biên ' })).json().error.code).toBe('DIRECTORY_ENTRY_EXISTS');
    expect((await clerk.patch(`/api/directory/${added.json().id}`, { active: false })).statusCode).toBe(403);
    const retired = await (await t.as('quantri')).patch(`/api/directory/${added.json().id}`, { active: false });
    expect(retired.json().active).toBe(false);
    expect((await clerk.get('/api/directory?q=cong an')).json().total).toBe(0);
    expect((await clerk.post('/api/directory', { name: 'Sở Y tế', organId: 'H17' })).statusCode).toBe(400);
  });

  it('the clerk registers a document with its issuer picked from the directory', async () => {
    const clerk = await t.as('vanthu');
    const entry = (await clerk.get(`/api/directory?q=${encodeURIComponent('ubnd dien bien')}`)).json().items[0];
    const pdf = await samplePdfBytes();
    const meta = { issuer: entry.name, issuerId: entry.id, number: '77', notation: 'UBND-KT', issuedOn: '2026-01-02', documentType: 'official_letter', summary: 'V/v danh bạ' };
    const created = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(meta) }, [{ name: 'a.pdf', content: pdf, type: 'application/pdf' }]);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ issuer: 'UBND tỉnh Điện Biên', issuerId: entry.id });
    const unknown = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify({ ...meta, number: '78', issuerId: '00000000-0000-4000-8000-000000000000' }) }, [{ name: 'a.pdf', content: pdf, type: 'application/pdf' }]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields[0].field).toBe('issuerId');
    const typed = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify({ ...meta, number: '79', issuer: 'Hội Nông dân xã Mường Phăng', issuerId: undefined }) }, [{ name: 'a.pdf', content: pdf, type: 'application/pdf' }]);
    expect(typed.json()).toMatchObject({ issuer: 'Hội Nông dân xã Mường Phăng', issuerId: null });
  });
});

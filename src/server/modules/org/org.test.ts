import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => t?.close());

const newUser = (overrides: Record<string, unknown> = {}) => ({
  username: 'cv.moi', password: 'ChuyenVien2026', fullName: 'Hà Thị Mới', position: 'specialist', roles: ['specialist'], ...overrides,
});

describe('organization administration', () => {
  it('every official can read the units and the active officials of their own agency only', async () => {
    const specialist = await t.as('cv.cntt');
    const units = (await specialist.get('/api/org/units')).json().items;
    expect(units.map((u: { name: string }) => u.name)).toEqual(['Văn phòng Sở', 'Phòng Kế hoạch - Tài chính', 'Phòng Công nghệ thông tin', 'Phòng Bưu chính, Viễn thông và Báo chí']);
    const users = (await specialist.get('/api/org/users')).json().items;
    expect(users).toHaveLength(14);
    // Sorted by given name in Vietnamese order (Bảo, Duyên, Hoa, Hùng…), as agency lists are.
    expect(users.slice(0, 4).map((u: { fullName: string }) => u.fullName)).toEqual(['Trần Quốc Bảo', 'Lường Thị Duyên', 'Vũ Thị Hoa', 'Nguyễn Văn Hùng']);
    expect(users.map((u: { username: string }) => u.username)).not.toContain('vanthu.snv');
    expect(users[0]).not.toHaveProperty('passwordHash');
    expect((await specialist.get('/api/org/agency')).json().name).toBe('Sở Thông tin và Truyền thông tỉnh Điện Biên');
  });

  it('contact details of colleagues are shown to administrators only', async () => {
    const admin = await t.as('quantri');
    const id = t.people.get('cv.khtc')!.id;
    expect((await admin.patch(`/api/org/users/${id}`, { email: 'hoa.vt@dienbien.gov.vn', phone: '0912345678' })).statusCode).toBe(200);
    const seenByAdmin = (await admin.get('/api/org/users')).json().items.find((u: { id: string }) => u.id === id);
    expect(seenByAdmin).toMatchObject({ email: 'hoa.vt@dienbien.gov.vn', phone: '0912345678' });
    const seenByColleague = (await (await t.as('cv.cntt')).get('/api/org/users')).json().items.find((u: { id: string }) => u.id === id);
    expect(seenByColleague).toMatchObject({ fullName: 'Vũ Thị Hoa', email: null, phone: null });
    const seenBySelf = (await (await t.as('cv.khtc')).get('/api/org/users')).json().items.find((u: { id: string }) => u.id === id);
    expect(seenBySelf.email).toBe('hoa.vt@dienbien.gov.vn');
  });

  it('an admin creates a unit and an official who can then sign in', async () => {
    const admin = await t.as('quantri');
    const unit = await admin.post('/api/org/units', { name: 'Phòng Thanh tra', shortName: 'TTr' });
    expect(unit.statusCode).toBe(201);
    const user = await admin.post('/api/org/users', newUser({ unitId: unit.json().id }));
    expect(user.statusCode, user.body).toBe(201);
    expect(user.json()).toMatchObject({ username: 'cv.moi', unitId: unit.json().id, active: true });
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'cv.moi', password: 'ChuyenVien2026' } });
    expect(login.statusCode).toBe(200);
  });

  it('refuses a taken username, a weak password, a foreign unit, a unit loop and a second unit of the same name with clear messages', async () => {
    const admin = await t.as('quantri');
    const taken = await admin.post('/api/org/users', newUser({ username: 'VANTHU' }));
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message.vi).toBe('Tên đăng nhập đã tồn tại.');
    const weak = await admin.post('/api/org/users', newUser({ username: 'cv.yeu', password: '123' }));
    expect(weak.statusCode).toBe(400);
    const foreignUnit = await admin.post('/api/org/users', newUser({ username: 'cv.ngoai', unitId: t.people.get('vanthu.snv')!.unitId }));
    expect(foreignUnit.statusCode).toBe(400);
    expect(foreignUnit.json().error.fields[0].field).toBe('unitId');
    const badRole = await admin.post('/api/org/users', newUser({ username: 'cv.sai', roles: ['king'] }));
    expect(badRole.statusCode).toBe(400);
    const parent = (await admin.post('/api/org/units', { name: 'Tổ công tác A' })).json();
    const child = (await admin.post('/api/org/units', { name: 'Nhóm A1', parentId: parent.id })).json();
    const loop = await admin.patch(`/api/org/units/${parent.id}`, { parentId: child.id });
    expect(loop.statusCode).toBe(400);
    expect(loop.json().error.fields[0].message.vi).toMatch(/Đơn vị cấp trên/);
    const twin = await admin.post('/api/org/units', { name: ' phòng công nghệ thông tin ' });
    expect(twin.statusCode).toBe(409);
    expect(twin.json().error.message.vi).toBe('Cơ quan đã có đơn vị mang tên này.');
    const renamed = await admin.patch(`/api/org/units/${child.id}`, { name: 'Tổ công tác A' });
    expect(renamed.json().error.code).toBe('UNIT_NAME_TAKEN');
    const busy = await admin.patch(`/api/org/units/${t.people.get('tp.cntt')!.unitId}`, { active: false });
    expect(busy.statusCode).toBe(409);
  });

  it('only an admin changes the organization', async () => {
    const director = await t.as('giamdoc');
    const response = await director.post('/api/org/units', { name: 'Phòng mới' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message.vi).toBe('Chỉ quản trị hệ thống được thực hiện thao tác này.');
    expect((await director.post(`/api/org/users/${t.people.get('cv.cntt')!.id}/deactivate`)).statusCode).toBe(403);
    expect((await director.post(`/api/org/users/${t.people.get('cv.cntt')!.id}/reset-password`, { newPassword: 'MatKhau2026x' })).statusCode).toBe(403);
  });

  it("an admin cannot touch another agency's officials", async () => {
    const admin = await t.as('quantri');
    expect((await admin.patch(`/api/org/users/${t.people.get('giamdoc.snv')!.id}`, { fullName: 'X' })).statusCode).toBe(404);
    expect((await admin.post(`/api/org/users/${t.people.get('giamdoc.snv')!.id}/deactivate`)).statusCode).toBe(404);
  });

  it('resetting a password ends the sessions and lets the new password in', async () => {
    const admin = await t.as('quantri');
    const victim = await t.as('cv.bcvt');
    const reset = await admin.post(`/api/org/users/${t.people.get('cv.bcvt')!.id}/reset-password`, { newPassword: 'DatLai2026abc' });
    expect(reset.statusCode).toBe(200);
    expect((await victim.get('/api/auth/me')).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'cv.bcvt', password: 'DatLai2026abc' } });
    expect(login.statusCode).toBe(200);
  });

  it('a deactivated official cannot sign in, is signed out, and keeps their history', async () => {
    const admin = await t.as('quantri');
    const specialist = await t.as('cv.khtc');
    const id = t.people.get('cv.khtc')!.id;
    const self = await admin.post(`/api/org/users/${t.people.get('quantri')!.id}/deactivate`);
    expect(self.statusCode).toBe(400);
    const response = await admin.post(`/api/org/users/${id}/deactivate`);
    expect(response.statusCode).toBe(200);
    expect(response.json().active).toBe(false);
    expect((await specialist.get('/api/auth/me')).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'cv.khtc', password: 'VanPhong@2026' } });
    expect(login.statusCode).toBe(403);
    expect(login.json().error.code).toBe('ACCOUNT_INACTIVE');
    expect((await admin.get('/api/org/users')).json().items.map((u: { id: string }) => u.id)).not.toContain(id);
    const all = (await admin.get('/api/org/users?includeInactive=true')).json().items;
    expect(all.find((u: { id: string }) => u.id === id)).toMatchObject({ active: false, fullName: 'Vũ Thị Hoa' });
    const events = await t.database.db.selectFrom('events').select('action').where('action', '=', 'user_deactivated').execute();
    expect(events).toHaveLength(1);
    expect((await admin.post(`/api/org/users/${id}/activate`)).json().active).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';

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

describe('an official who leaves with work in hand', () => {
  async function registerAndSubmit(leader: string) {
    const clerk = await t.as('vanthu');
    const pdf = await samplePdfBytes();
    const created = await clerk.upload('/api/incoming-documents', {
      metadata: JSON.stringify({ issuer: 'UBND tỉnh Điện Biên', number: String(Math.floor(Math.random() * 1e6)), notation: 'UBND-VX', issuedOn: '2026-01-02', documentType: 'official_letter', summary: 'V/v bàn giao công việc', submitTo: t.people.get(leader)!.id }),
    }, [{ name: 'a.pdf', content: pdf, type: 'application/pdf' }]);
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id as string;
  }

  async function pointingAtInactive() {
    const db = t.database.db;
    const inactive = db.selectFrom('users').select('id').where('active', '=', false);
    const open = await db.selectFrom('assignments').select('id').where('assignee_user_id', 'in', inactive).where('status', 'in', ['pending', 'in_progress', 'awaiting_confirmation']).execute();
    const submitted = await db.selectFrom('documents').select('id').where('status', '=', 'submitted').where('submitted_to', 'in', inactive).execute();
    const confirmations = await db.selectFrom('assignments').select('id').where('parent_id', 'is', null).where('status', '=', 'awaiting_confirmation')
      .where(sql`COALESCE(confirm_by, assigned_by)`, 'in', inactive).execute();
    return [...open, ...submitted, ...confirmations];
  }

  it('shows what they hold, requires a successor, and hands it all over in one transaction', async () => {
    const admin = await t.as('quantri');
    // A deputy director with a document waiting for their decision and a personal assignment.
    const waiting = await registerAndSubmit('phogiamdoc2');
    const assigned = await registerAndSubmit('giamdoc');
    const director = await t.as('giamdoc');
    const deputyId = t.people.get('phogiamdoc2')!.id;
    expect((await director.post(`/api/incoming-documents/${assigned}/assign`, { direction: 'Đồng chí trực tiếp xử lý.', assignments: [{ role: 'lead', userId: deputyId }] })).statusCode).toBe(200);

    const work = (await admin.get(`/api/org/users/${deputyId}/work`)).json();
    expect(work.submissions.map((d: { documentId: string }) => d.documentId)).toEqual([waiting]);
    expect(work.assignments.map((a: { documentId: string }) => a.documentId)).toEqual([assigned]);

    const refused = await admin.post(`/api/org/users/${deputyId}/deactivate`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('USER_HOLDS_WORK');
    expect(refused.json().error.details.work.submissions).toHaveLength(1);
    const notALeader = await admin.post(`/api/org/users/${deputyId}/deactivate`, { successorId: t.people.get('cv.cntt')!.id });
    expect(notALeader.statusCode).toBe(400);
    expect(notALeader.json().error.fields[0].field).toBe('successorId');
    const foreign = await admin.post(`/api/org/users/${deputyId}/deactivate`, { successorId: t.people.get('giamdoc.snv')!.id });
    expect(foreign.statusCode).toBe(400);
    expect((await t.database.db.selectFrom('users').select('active').where('id', '=', deputyId).executeTakeFirstOrThrow()).active).toBe(true);

    const done = await admin.post(`/api/org/users/${deputyId}/deactivate`, { successorId: t.people.get('phogiamdoc')!.id });
    expect(done.statusCode, done.body).toBe(200);
    expect(await pointingAtInactive()).toEqual([]);
    const successor = await t.as('phogiamdoc');
    expect((await successor.get(`/api/incoming-documents/${waiting}`)).json().actions).toEqual(['assign', 'return_to_clerk']);
    const handed = (await successor.get(`/api/incoming-documents/${assigned}`)).json();
    expect(handed.assignments[0]).toMatchObject({ assignee: { name: 'Lò Thị Mai' }, mine: true });
    expect(handed.events.at(-1)).toMatchObject({ action: 'reassigned', payload: { from: { name: 'Trần Quốc Bảo' }, to: { name: 'Lò Thị Mai' } } });
    expect((await admin.post(`/api/org/users/${deputyId}/activate`)).statusCode).toBe(200);
  });

  it('an official who holds nothing is deactivated at once', async () => {
    const admin = await t.as('quantri');
    const id = t.people.get('cv.bcvt')!.id;
    expect((await admin.get(`/api/org/users/${id}/work`)).json()).toEqual({ assignments: [], submissions: [], confirmations: [] });
    expect((await admin.post(`/api/org/users/${id}/deactivate`)).statusCode).toBe(200);
    expect((await admin.post(`/api/org/users/${id}/activate`)).statusCode).toBe(200);
    expect((await (await t.as('giamdoc')).get(`/api/org/users/${id}/work`)).statusCode).toBe(403);
  });
});

describe('who may grant roles, and the record of every grant', () => {
  const roleChanges = async (username: string, query = '') => (await t.as(username)).get(`/api/org/role-changes${query}`);

  it('an admin cannot change their own roles (no reading every document by making oneself clerk or leader)', async () => {
    const admin = await t.as('quantri');
    const self = t.people.get('quantri')!.id;
    const response = await admin.patch(`/api/org/users/${self}`, { roles: ['admin', 'specialist', 'clerk', 'leader'] });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('OWN_ROLES_NEED_ANOTHER_ADMIN');
    expect(response.json().error.message.vi).toMatch(/quản trị hệ thống khác/);
    const row = await t.database.db.selectFrom('users').select('roles').where('id', '=', self).executeTakeFirstOrThrow();
    expect(row.roles).toEqual(['admin', 'specialist']);
    // Their own other details, and the same roles sent back by the form, are fine.
    expect((await admin.patch(`/api/org/users/${self}`, { phone: '0987654321', roles: ['specialist', 'admin'] })).statusCode).toBe(200);
  });

  it('another admin can change them, and every grant is listed for the agency head: who, whose, from, to, when', async () => {
    const admin = await t.as('quantri');
    const created = await admin.post('/api/org/users', newUser({ username: 'quantri2', password: 'QuanTri2026b', fullName: 'Lò Văn Hai', roles: ['admin'] }));
    expect(created.statusCode).toBe(201);
    const second = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'quantri2', password: 'QuanTri2026b' } });
    const cookie = `vp_session=${second.cookies.find((c) => c.name === 'vp_session')!.value}`;
    const quantri = t.people.get('quantri')!.id;
    const granted = await t.app.inject({ method: 'PATCH', url: `/api/org/users/${quantri}`, headers: { cookie }, payload: { roles: ['admin', 'specialist', 'clerk'] } });
    expect(granted.statusCode).toBe(200);
    expect(granted.json().roles).toEqual(['admin', 'specialist', 'clerk']);

    const list = await roleChanges('giamdoc');
    expect(list.statusCode).toBe(200);
    const [latest, creation] = list.json().items;
    expect(latest).toMatchObject({
      kind: 'changed',
      actor: { fullName: 'Lò Văn Hai', username: 'quantri2' },
      user: { id: quantri, fullName: 'Quàng Văn Sơn', username: 'quantri' },
      from: ['admin', 'specialist'],
      to: ['admin', 'specialist', 'clerk'],
    });
    expect(Date.now() - new Date(latest.at).getTime()).toBeLessThan(60_000);
    expect(creation).toMatchObject({ kind: 'created', actor: { username: 'quantri' }, user: { username: 'quantri2' }, from: null, to: ['admin'] });
    // Edits that leave the roles as they were are not grants.
    expect(list.json().items.filter((i: { user: { username: string } }) => i.user.username === 'quantri')).toHaveLength(1);
  });

  it('the list is paged, for leaders and admins of the same agency only', async () => {
    const all = (await roleChanges('quantri')).json();
    expect(all.total).toBeGreaterThanOrEqual(3); // cv.moi, quantri2, quantri's change
    const page2 = (await roleChanges('quantri', '?page=2&pageSize=1')).json();
    expect(page2).toMatchObject({ page: 2, pageSize: 1, total: all.total });
    expect(page2.items).toEqual([all.items[1]]);
    const specialist = await roleChanges('cv.cntt');
    expect(specialist.statusCode).toBe(403);
    expect(specialist.json().error.code).toBe('LEADERS_AND_ADMINS_ONLY');
    expect((await roleChanges('chanhvanphong')).statusCode).toBe(403);
    expect((await roleChanges('vanthu')).statusCode).toBe(403);
    expect((await roleChanges('giamdoc.snv')).json()).toMatchObject({ items: [], total: 0 });
    expect((await roleChanges('giamdoc', '?pageSize=1000')).statusCode).toBe(400);
  });
});

describe('the agency itself', () => {
  it('an admin renames the agency and sets its short name and OrganId', async () => {
    const admin = await t.as('quantri');
    const response = await admin.patch('/api/org/agency', { name: 'Sở Khoa học và Công nghệ tỉnh Điện Biên', shortName: 'SKHCN', organId: '000.00.15.h12' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'Sở Khoa học và Công nghệ tỉnh Điện Biên', shortName: 'SKHCN', organId: '000.00.15.H12' });
    expect((await (await t.as('cv.cntt')).get('/api/org/agency')).json().name).toBe('Sở Khoa học và Công nghệ tỉnh Điện Biên');
    const event = await t.database.db.selectFrom('events').select(['payload', 'actor_id']).where('action', '=', 'agency_updated').executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ previous: { name: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', shortName: 'STTTT', organId: null } });
    expect(event.actor_id).toBe(t.people.get('quantri')!.id);
    expect((await admin.patch('/api/org/agency', { name: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', shortName: 'STTTT' })).statusCode).toBe(200);
  });

  it('refuses a bad or taken OrganId and anyone but an admin', async () => {
    const bad = await (await t.as('quantri')).patch('/api/org/agency', { organId: 'H12 / sai' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('organId');
    const other = await t.as('vanthu.snv');
    expect((await other.patch('/api/org/agency', { organId: '000.00.15.H12' })).statusCode).toBe(403);
    await t.database.db.updateTable('agencies').set({ organ_id: '000.00.16.H12' }).where('short_name', '=', 'SNV').execute();
    const taken = await (await t.as('quantri')).patch('/api/org/agency', { organId: '000.00.16.H12' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('ORGAN_ID_TAKEN');
    const director = await t.as('giamdoc');
    const refused = await director.patch('/api/org/agency', { name: 'X' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('ADMIN_ONLY');
  });
});

describe('the agency rule for results', () => {
  it('the admin decides whether leaders confirm lead results; an empty change changes nothing', async () => {
    const admin = await t.as('quantri');
    const before = (await admin.get('/api/org/agency')).json();
    expect(before.completionConfirmation).toBe('required');
    const empty = await admin.patch('/api/org/agency', {});
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual(before);
    expect((await admin.patch('/api/org/agency', { completionConfirmation: 'automatic' })).json().completionConfirmation).toBe('automatic');
    expect((await admin.patch('/api/org/agency', { completionConfirmation: 'sometimes' })).statusCode).toBe(400);
    expect((await admin.patch('/api/org/agency', { completionConfirmation: 'required' })).json().completionConfirmation).toBe('required');
  });
});

describe('the supervising leader of a unit (lãnh đạo phụ trách)', () => {
  const idOf = (username: string) => t.people.get(username)!.id;
  const unitOf = (username: string) => t.people.get(username)!.unitId!;

  it('every official sees who supervises each unit; the demo agency shares its units among the director and the deputies', async () => {
    const units = (await (await t.as('cv.cntt')).get('/api/org/units')).json().items;
    const cntt = units.find((u: { id: string }) => u.id === unitOf('tp.cntt'));
    expect(cntt).toMatchObject({ supervisorId: idOf('phogiamdoc'), supervisorName: 'Lò Thị Mai' });
    const demoUnits = ['vanthu', 'tp.khtc', 'tp.cntt', 'tp.bcvt'].map((head) => units.find((u: { id: string }) => u.id === unitOf(head)));
    expect(demoUnits.map((u: { supervisorName: string }) => u.supervisorName)).toEqual(['Nguyễn Văn Hùng', 'Trần Quốc Bảo', 'Lò Thị Mai', 'Lò Thị Mai']);
  });

  it('the admin sets, changes and clears the supervising leader of a unit, and each change is recorded with the previous one', async () => {
    const admin = await t.as('quantri');
    const created = await admin.post('/api/org/units', { name: 'Thanh tra Sở', supervisorId: idOf('phogiamdoc2') });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ supervisorId: idOf('phogiamdoc2'), supervisorName: 'Trần Quốc Bảo' });
    const unitId = created.json().id as string;
    const changed = await admin.patch(`/api/org/units/${unitId}`, { supervisorId: idOf('giamdoc') });
    expect(changed.json()).toMatchObject({ supervisorId: idOf('giamdoc'), supervisorName: 'Nguyễn Văn Hùng', name: 'Thanh tra Sở' });
    // Editing something else leaves the supervisor as it is.
    expect((await admin.patch(`/api/org/units/${unitId}`, { shortName: 'TTS' })).json().supervisorId).toBe(idOf('giamdoc'));
    const cleared = await admin.patch(`/api/org/units/${unitId}`, { supervisorId: null });
    expect(cleared.json()).toMatchObject({ supervisorId: null, supervisorName: null });
    const events = await t.database.db.selectFrom('events').select('payload').where('action', '=', 'unit_updated').orderBy('id').execute();
    const payloads = events.map((e) => e.payload as { unitId: string; previousSupervisorId?: string | null; changes: { supervisorId?: string | null } })
      .filter((p) => p.unitId === unitId && p.changes.supervisorId !== undefined);
    expect(payloads.map((p) => [p.previousSupervisorId, p.changes.supervisorId])).toEqual([[idOf('phogiamdoc2'), idOf('giamdoc')], [idOf('giamdoc'), null]]);
  });

  it('refuses as supervisor a unit head, an inactive leader or another agency\'s director, naming the field in both languages', async () => {
    const admin = await t.as('quantri');
    const unitId = unitOf('tp.bcvt');
    for (const username of ['tp.cntt', 'giamdoc.snv']) {
      const refused = await admin.patch(`/api/org/units/${unitId}`, { supervisorId: idOf(username) });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.fields).toEqual([{
        field: 'supervisorId', code: 'NOT_ACTIVE_LEADER',
        message: { vi: 'Lãnh đạo phụ trách: phải là lãnh đạo cơ quan đang hoạt động (có vai trò lãnh đạo)', en: 'Supervising leader: must be an active leader of this agency (with the leader role)' },
      }]);
    }
    // An unknown id reads the same as another agency's: nothing tells whether it exists elsewhere.
    expect((await admin.post('/api/org/units', { name: 'Tổ X', supervisorId: '00000000-0000-4000-8000-000000000000' })).json().error.fields[0].code).toBe('NOT_ACTIVE_LEADER');
    await t.database.db.updateTable('users').set({ active: false }).where('id', '=', idOf('phogiamdoc2')).execute();
    try {
      expect((await admin.patch(`/api/org/units/${unitId}`, { supervisorId: idOf('phogiamdoc2') })).statusCode).toBe(400);
    } finally {
      await t.database.db.updateTable('users').set({ active: true }).where('id', '=', idOf('phogiamdoc2')).execute();
    }
    expect((await admin.get('/api/org/units')).json().items.find((u: { id: string }) => u.id === unitId).supervisorId).toBe(idOf('phogiamdoc'));
    // Only an admin sets it.
    expect((await (await t.as('giamdoc')).patch(`/api/org/units/${unitId}`, { supervisorId: idOf('giamdoc') })).statusCode).toBe(403);
  });
});

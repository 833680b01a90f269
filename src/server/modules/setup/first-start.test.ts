import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import type { OpenedDatabase } from '../../db/database.js';
import { openTestDatabase } from '../../test-support/test-database.js';
import { verifyPassword } from '../auth/password.js';
import { createDiskFileStore, type FileStore } from '../files/file-store.js';
import { createAgencyAndAdminIfEmpty, issueAdmin, oneTimePassword, prepareFirstStart, SetupError } from './first-start.js';

// One empty database (PGlite, or PostgreSQL when DATABASE_URL is set) standing for a fresh deployment.
let database: OpenedDatabase;
let files: FileStore;
let root: string;
let app: FastifyInstance;
let firstPassword: string;

beforeAll(async () => {
  database = await openTestDatabase();
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-setup-'));
  files = createDiskFileStore(root);
  app = await buildApp({ config: loadConfig({}), db: database.db, files, webRoot: null });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  await fs.rm(root, { recursive: true, force: true });
});

const production = loadConfig({ DATABASE_URL: 'postgres://db.internal/vanphong', AGENCY_NAME: 'Sở Tư pháp tỉnh Lai Châu' });
const login = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
const cookieOf = (response: { cookies: { name: string; value: string }[] }) => `vp_session=${response.cookies.find((c) => c.name === 'vp_session')!.value}`;
const usernames = async () => (await database.db.selectFrom('users').select('username').orderBy('username').execute()).map((u) => u.username);

describe('the first start', () => {
  it('loads the demo only where asked, or on the embedded quick start', () => {
    expect(loadConfig({}).seedDemo).toBe(true); // npm install && npm start
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/vp' }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/vp', SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadConfig({}).agencyName).toBe('Cơ quan chưa đặt tên');
  });

  it('a real deployment gets its agency and one administrator with a one-time password, never the demo accounts', async () => {
    // Two servers starting together on the empty database: one sets it up.
    const [a, b] = await Promise.all([prepareFirstStart(production, database.db, files), prepareFirstStart(production, database.db, files)]);
    const started = [a, b].filter((s) => s.admin);
    expect(started).toHaveLength(1);
    expect(a.demo).toBeNull();
    const admin = started[0]!.admin!;
    expect(admin).toMatchObject({ agency: 'Sở Tư pháp tỉnh Lai Châu', username: 'admin', created: true });
    expect(admin.password).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    firstPassword = admin.password;
    expect(await usernames()).toEqual(['admin']);
    const row = await database.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ roles: ['admin'], must_change_password: true, active: true });
    expect(row.password_hash).not.toContain(admin.password);
    expect(await verifyPassword(row.password_hash, admin.password)).toBe(true);
    const agencies = await database.db.selectFrom('agencies').select(['name']).execute();
    expect(agencies.map((x) => x.name)).toEqual(['Sở Tư pháp tỉnh Lai Châu']);
    // Shown once: the next start finds the agency and prints nothing.
    expect(await prepareFirstStart(production, database.db, files)).toEqual({ demo: null, admin: null });
    expect(await createAgencyAndAdminIfEmpty(database.db, 'X')).toBeNull();
  });

  it('one-time passwords are random and pass the password rule', () => {
    const passwords = new Set(Array.from({ length: 50 }, oneTimePassword));
    expect(passwords.size).toBe(50);
    for (const password of passwords) expect(password).toMatch(/^(?=.*[A-Za-z])(?=.*\d).{8,}$/);
  });

  it('the first administrator can do nothing but change the one-time password, then everything', async () => {
    const signedIn = await login('admin', firstPassword);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user.mustChangePassword).toBe(true);
    const cookie = cookieOf(signedIn);
    const blocked = await app.inject({ method: 'GET', url: '/api/org/users', headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(blocked.json().error.message.vi).toMatch(/đổi mật khẩu/);
    expect((await app.inject({ method: 'POST', url: '/api/org/units', headers: { cookie }, payload: { name: 'Văn phòng' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json().user.mustChangePassword).toBe(true);

    const same = await app.inject({ method: 'POST', url: '/api/auth/change-password', headers: { cookie }, payload: { currentPassword: firstPassword, newPassword: firstPassword } });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.fields[0]).toMatchObject({ field: 'newPassword', code: 'same_as_current' });
    const changed = await app.inject({ method: 'POST', url: '/api/auth/change-password', headers: { cookie }, payload: { currentPassword: firstPassword, newPassword: 'QuanTri@2027' } });
    expect(changed.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json().user.mustChangePassword).toBe(false);
    expect((await app.inject({ method: 'GET', url: '/api/org/users', headers: { cookie } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(200);
  });

  it('create-admin gives an administrator who missed the console a new one-time password', async () => {
    const signedIn = cookieOf(await login('admin', 'QuanTri@2027'));
    const issued = await issueAdmin(database.db, { username: 'admin', agencyName: 'X' });
    expect(issued).toMatchObject({ agency: 'Sở Tư pháp tỉnh Lai Châu', username: 'admin', created: false });
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: signedIn } })).statusCode).toBe(401);
    expect((await login('admin', 'QuanTri@2027')).statusCode).toBe(401);
    const again = await login('admin', issued.password);
    expect(again.statusCode).toBe(200);
    expect(again.json().user.mustChangePassword).toBe(true);
  });

  it('create-admin adds another administrator, and refuses to touch an account that is not one', async () => {
    const second = await issueAdmin(database.db, { username: 'quantri2', agencyName: 'X' });
    expect(second).toMatchObject({ username: 'quantri2', created: true, agency: 'Sở Tư pháp tỉnh Lai Châu' });
    expect((await login('quantri2', second.password)).json().user).toMatchObject({ roles: ['admin'], mustChangePassword: true });
    const agency = await database.db.selectFrom('agencies').select('id').executeTakeFirstOrThrow();
    await database.db.insertInto('users').values({ agency_id: agency.id, username: 'vanthu', full_name: 'Văn thư', position: 'clerk', roles: ['clerk'], password_hash: 'x', updated_at: new Date() }).execute();
    await expect(issueAdmin(database.db, { username: 'VanThu', agencyName: 'X' })).rejects.toThrow(SetupError);
    await expect(issueAdmin(database.db, { username: 'a b', agencyName: 'X' })).rejects.toThrow(SetupError);
    await expect(issueAdmin(database.db, { username: 'admin3', agency: 'KHONGCO', agencyName: 'X' })).rejects.toThrow(/No agency/);
    expect(await usernames()).toEqual(['admin', 'quantri2', 'vanthu']);
  });

  it('warns when a deployment that is not a demo still holds the demo agency (seeded by earlier versions)', async () => {
    expect((await prepareFirstStart(production, database.db, files)).demoLeftOver).toBeUndefined();
    await database.db.insertInto('agencies').values({ name: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', short_name: 'STTTT' }).execute();
    expect(await prepareFirstStart(production, database.db, files)).toEqual({ demo: null, admin: null, demoLeftOver: true });
  });
});

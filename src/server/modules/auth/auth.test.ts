import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { DEMO_PASSWORD } from '../demo/demo.data.js';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => t?.close());

const login = (username: string, password: string, ip = '10.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and tells who signed in', async () => {
    const response = await login('vanthu', DEMO_PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({ username: 'vanthu', fullName: 'Phạm Thị Lan', roles: ['clerk'] });
    const cookie = response.cookies.find((c) => c.name === 'vp_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `vp_session=${cookie.value}` } });
    expect(me.json().user.username).toBe('vanthu');
    expect(response.json().user).not.toHaveProperty('password_hash');
  });

  it('accepts the username in any letter case', async () => {
    expect((await login('VanThu', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('a wrong password gets the same clear message as an unknown user', async () => {
    const wrong = await login('giamdoc', 'sai-mat-khau', '10.0.0.2');
    const unknown = await login('khong-ton-tai', 'sai-mat-khau', '10.0.0.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toEqual({ vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' });
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('is rate-limited per account and address after five failures, even with the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await login('tp.bcvt', 'doan-mo', '10.0.0.3')).statusCode).toBe(401);
    const blocked = await login('tp.bcvt', DEMO_PASSWORD, '10.0.0.3');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.message.vi).toBe('Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.');
    // The same account from another address, and another account from this address, still work.
    expect((await login('tp.bcvt', DEMO_PASSWORD, '10.0.0.4')).statusCode).toBe(200);
    expect((await login('cv.bcvt', DEMO_PASSWORD, '10.0.0.3')).statusCode).toBe(200);
  });

  it('is rate-limited per address when many accounts are tried from it', async () => {
    for (let i = 0; i < 30; i++) await login(`nguoi-${i}`, 'x', '10.0.0.9');
    expect((await login('giamdoc', DEMO_PASSWORD, '10.0.0.9')).statusCode).toBe(429);
  });

  it('bad input is a 400 with the field named', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['username', 'password']);
  });
});

describe('sessions', () => {
  it('anonymous requests get 401 with a message', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/inbox' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.message.vi).toBe('Bạn cần đăng nhập để tiếp tục.');
  });

  it('signing out ends the session', async () => {
    const cookie = `vp_session=${(await login('cv.khtc', DEMO_PASSWORD)).cookies[0]!.value}`;
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('changing the password needs the current one, and ends the other sessions', async () => {
    const first = `vp_session=${(await login('cv.cntt2', DEMO_PASSWORD)).cookies[0]!.value}`;
    const second = `vp_session=${(await login('cv.cntt2', DEMO_PASSWORD)).cookies[0]!.value}`;
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/change-password', headers: { cookie: first }, payload: { currentPassword: 'x', newPassword: 'MatKhauMoi2026' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('WRONG_PASSWORD');
    const weak = await t.app.inject({ method: 'POST', url: '/api/auth/change-password', headers: { cookie: first }, payload: { currentPassword: DEMO_PASSWORD, newPassword: 'abc' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.fields[0].field).toBe('newPassword');
    const changed = await t.app.inject({ method: 'POST', url: '/api/auth/change-password', headers: { cookie: first }, payload: { currentPassword: DEMO_PASSWORD, newPassword: 'MatKhauMoi2026' } });
    expect(changed.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: first } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: second } })).statusCode).toBe(401);
    expect((await login('cv.cntt2', DEMO_PASSWORD, '10.0.1.1')).statusCode).toBe(401);
    expect((await login('cv.cntt2', 'MatKhauMoi2026', '10.0.1.1')).statusCode).toBe(200);
  });
});

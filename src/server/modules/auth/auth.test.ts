import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { DEMO_PASSWORD } from '../demo/demo.data.js';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => t?.close());

const login = (username: string, password: string, ip = '10.0.0.1', device?: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip, headers: device ? { cookie: `vp_device=${device}` } : {} });

/** Signs in once from "the official's own browser" and keeps the device cookie it was given. */
async function ownDevice(username: string, ip: string): Promise<string> {
  const response = await login(username, DEMO_PASSWORD, ip);
  expect(response.statusCode).toBe(200);
  return response.cookies.find((c) => c.name === 'vp_device')!.value;
}

/** Moves the recorded attempts of an account back in time, as if the official had waited. */
async function waitFor(username: string, seconds: number) {
  await t.database.db.updateTable('login_attempts')
    .set({ created_at: sql`created_at - make_interval(secs => ${seconds})` })
    .where(sql<boolean>`lower(username) = ${username}`)
    .execute();
}

const retryAfter = (response: { headers: Record<string, unknown> }) => Number(response.headers['retry-after']);

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
    expect(blocked.json().error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(blocked.json().error.message.vi).toBe('Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 1 phút.');
    expect(blocked.json().error.message.en).toBe('Too many failed sign-ins. Try again in 1 min.');
    // The same account from another address, and another account from this address, still work.
    expect((await login('tp.bcvt', DEMO_PASSWORD, '10.0.0.4')).statusCode).toBe(200);
    expect((await login('cv.bcvt', DEMO_PASSWORD, '10.0.0.3')).statusCode).toBe(200);
  });

  it('is rate-limited per address when many accounts are tried from it, except for browsers known to the account', async () => {
    const device = (await login('giamdoc', DEMO_PASSWORD, '10.0.0.9')).cookies.find((c) => c.name === 'vp_device')!.value;
    for (let i = 0; i < 30; i++) await login(`nguoi-${i}`, 'x', '10.0.0.9');
    expect((await login('giamdoc', DEMO_PASSWORD, '10.0.0.9')).statusCode).toBe(429);
    // Officials behind the agency's one address keep signing in from their own computers.
    expect((await login('giamdoc', DEMO_PASSWORD, '10.0.0.9', device)).statusCode).toBe(200);
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
    const cookie = `vp_session=${(await login('cv.khtc', DEMO_PASSWORD)).cookies.find((c) => c.name === 'vp_session')!.value}`;
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('changing the password needs the current one, and ends the other sessions', async () => {
    const first = `vp_session=${(await login('cv.cntt2', DEMO_PASSWORD)).cookies.find((c) => c.name === 'vp_session')!.value}`;
    const second = `vp_session=${(await login('cv.cntt2', DEMO_PASSWORD)).cookies.find((c) => c.name === 'vp_session')!.value}`;
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

describe('throttling guessers without locking the official out', () => {
  it('of 100 wrong passwords sent at once, at most five are checked', async () => {
    const responses = await Promise.all(Array.from({ length: 100 }, () => login('cv.cntt', 'doan-mo', '10.2.0.1')));
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(95);
    expect(codes.every((c) => c === 401 || c === 429)).toBe(true);
    const failed = await t.database.db.selectFrom('login_attempts').select(sql<number>`count(*)::int`.as('n'))
      .where('username', '=', 'cv.cntt').where('outcome', '=', 'failed').executeTakeFirstOrThrow();
    expect(failed.n).toBeLessThanOrEqual(5);
  });

  it('a 429 says when to retry (Retry-After and the message), and each further failure doubles the wait', async () => {
    for (let i = 0; i < 5; i++) expect((await login('pp.cntt', 'doan-mo', '10.3.0.1')).statusCode).toBe(401);
    const first = await login('pp.cntt', 'doan-mo', '10.3.0.1');
    expect(first.statusCode).toBe(429);
    expect(retryAfter(first)).toBeGreaterThan(50);
    expect(retryAfter(first)).toBeLessThanOrEqual(60);
    expect(first.json().error.details).toEqual({ retryAfterSeconds: retryAfter(first) });
    await waitFor('pp.cntt', 61);
    expect((await login('pp.cntt', 'doan-mo', '10.3.0.1')).statusCode).toBe(401);
    const second = await login('pp.cntt', DEMO_PASSWORD, '10.3.0.1');
    expect(second.statusCode).toBe(429);
    expect(retryAfter(second)).toBeGreaterThan(110);
    expect(retryAfter(second)).toBeLessThanOrEqual(120);
    expect(second.json().error.message.vi).toBe('Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 2 phút.');
    await waitFor('pp.cntt', 121);
    expect((await login('pp.cntt', 'doan-mo', '10.3.0.1')).statusCode).toBe(401);
    expect(retryAfter(await login('pp.cntt', DEMO_PASSWORD, '10.3.0.1'))).toBeGreaterThan(230);
    await waitFor('pp.cntt', 241);
    expect((await login('pp.cntt', DEMO_PASSWORD, '10.3.0.1')).statusCode).toBe(200);
  });

  it('refused attempts do not lengthen the wait: hammering during it changes nothing', async () => {
    for (let i = 0; i < 5; i++) await login('chanhvanphong', 'doan-mo', '10.4.0.1');
    for (let i = 0; i < 10; i++) expect((await login('chanhvanphong', 'doan-mo', '10.4.0.1')).statusCode).toBe(429);
    await waitFor('chanhvanphong', 61);
    expect((await login('chanhvanphong', DEMO_PASSWORD, '10.4.0.1')).statusCode).toBe(200);
  });

  it('failures from many addresses slow every unknown browser, but the official signs in from their own', async () => {
    const device = await ownDevice('phogiamdoc', '10.5.0.1');
    const guesses = [];
    for (let i = 0; i < 20; i++) guesses.push((await login('phogiamdoc', `doan-${i}`, `198.18.0.${i}`)).statusCode);
    expect(guesses.filter((code) => code === 401)).toHaveLength(10); // then unknown browsers must wait
    const stranger = await login('phogiamdoc', DEMO_PASSWORD, '10.5.0.2');
    expect(stranger.statusCode).toBe(429);
    expect(stranger.json().error.code).toBe('TOO_MANY_ATTEMPTS_ACCOUNT');
    expect(stranger.json().error.message.vi).toMatch(/máy tính bạn thường dùng vẫn đăng nhập được/);
    expect(retryAfter(stranger)).toBeGreaterThan(0);
    // The attacker's own browser gets nothing from the official's device: it is not theirs.
    expect((await login('phogiamdoc', DEMO_PASSWORD, '10.5.0.3', 'x'.repeat(43))).statusCode).toBe(429);
    const own = await login('phogiamdoc', DEMO_PASSWORD, '10.5.0.1', device);
    expect(own.statusCode).toBe(200);
    expect(own.json().user.username).toBe('phogiamdoc');
    // Even from another address (a laptop taken home) the known browser is served.
    expect((await login('phogiamdoc', DEMO_PASSWORD, '10.5.0.9', device)).statusCode).toBe(200);
  });

  it("a known browser has its own small failure budget, and another account's device cookie is worth nothing", async () => {
    const device = await ownDevice('phogiamdoc2', '10.6.0.1');
    for (let i = 0; i < 5; i++) expect((await login('phogiamdoc2', 'go-nham', '10.6.0.1', device)).statusCode).toBe(401);
    const blocked = await login('phogiamdoc2', DEMO_PASSWORD, '10.6.0.1', device);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('TOO_MANY_ATTEMPTS');
    await waitFor('phogiamdoc2', 61);
    expect((await login('phogiamdoc2', DEMO_PASSWORD, '10.6.0.1', device)).statusCode).toBe(200);
    // The device is bound to phogiamdoc2: for giamdoc.snv it is an unknown browser.
    for (let i = 0; i < 12; i++) await login('giamdoc.snv', `doan-${i}`, `198.19.0.${i}`);
    expect((await login('giamdoc.snv', DEMO_PASSWORD, '10.6.0.1', device)).statusCode).toBe(429);
  });

  it('the device cookie is HttpOnly, sent only to sign-in, and stored hashed', async () => {
    const response = await login('tp.cntt', DEMO_PASSWORD, '10.7.0.1');
    const cookie = response.cookies.find((c) => c.name === 'vp_device')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth/login' });
    expect(cookie.maxAge).toBeGreaterThan(300 * 86_400);
    const rows = await t.database.db.selectFrom('trusted_devices').innerJoin('users', 'users.id', 'trusted_devices.user_id')
      .select(['token_hash']).where('users.username', '=', 'tp.cntt').execute();
    expect(rows.map((r) => r.token_hash)).toEqual([createHash('sha256').update(cookie.value).digest('hex')]);
    // Signing in again from the same browser keeps it; a shared office computer remembers several officials.
    const again = await login('tp.cntt', DEMO_PASSWORD, '10.7.0.1', cookie.value);
    expect(again.cookies.find((c) => c.name === 'vp_device')).toBeUndefined();
    const colleague = await login('cv.khtc', DEMO_PASSWORD, '10.7.0.1', cookie.value);
    expect(colleague.statusCode).toBe(200);
    expect(colleague.cookies.find((c) => c.name === 'vp_device')!.value.split('.')).toEqual([expect.any(String), cookie.value]);
  });
});

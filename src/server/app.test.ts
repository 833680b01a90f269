import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { DEMO_PASSWORD } from './modules/demo/demo.data.js';
import { createTestApp, type TestApp } from './test-support/test-app.js';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => t?.close());

describe('the HTTP surface', () => {
  it('describes the API with OpenAPI at /api/docs', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/incoming-documents', '/api/inbox', '/api/assignments/{id}/forward', '/api/org/users']));
    expect(spec.paths['/api/incoming-documents/{id}/assign'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('assignments');
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(ui.statusCode);
  });

  it('every response carries a content security policy and no-sniff', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.headers['content-security-policy']).toContain("object-src 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('an unknown API address is a JSON 404 in both languages', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/khong-co' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toEqual({ vi: 'Không tìm thấy dữ liệu yêu cầu.', en: 'Not found.' });
  });

  it('odd requests get a clear 4xx: wrong content type, empty JSON, an oversized body', async () => {
    const clerk = await t.as('vanthu');
    const url = '/api/incoming-documents/00000000-0000-4000-8000-000000000000/submit';
    const text = await t.app.inject({ method: 'POST', url, headers: { cookie: clerk.cookie, 'content-type': 'application/xml' }, payload: '<a/>' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const empty = await t.app.inject({ method: 'POST', url, headers: { cookie: clerk.cookie, 'content-type': 'application/json' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('INVALID_JSON');
    const huge = await t.app.inject({ method: 'POST', url, headers: { cookie: clerk.cookie, 'content-type': 'application/json' }, payload: JSON.stringify({ note: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.message.vi).toMatch(/quá lớn/);
  });

  it('a malformed identifier in the address is a 400, not a crash', async () => {
    const clerk = await t.as('vanthu');
    const response = await clerk.get('/api/incoming-documents/not-a-uuid');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields[0].field).toBe('params.id');
  });

  it('serves the web client: its files, its page for client routes, and files built after start', async () => {
    const webRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-web-'));
    await fs.writeFile(path.join(webRoot, 'index.html'), '<!doctype html><title>VanPhong</title>');
    const app = await buildApp({ config: loadConfig({}), db: t.database.db, files: t.files, webRoot });
    try {
      expect((await app.inject({ method: 'GET', url: '/' })).body).toContain('<title>VanPhong');
      expect((await app.inject({ method: 'GET', url: '/documents/123?x=1' })).body).toContain('<title>VanPhong');
      await fs.mkdir(path.join(webRoot, 'assets'));
      await fs.writeFile(path.join(webRoot, 'assets', 'app-new.js'), 'console.log(1)');
      const asset = await app.inject({ method: 'GET', url: '/assets/app-new.js' });
      expect(asset.statusCode).toBe(200);
      expect(asset.body).toBe('console.log(1)');
      expect((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/api/none' })).json().error.code).toBe('NOT_FOUND');
    } finally {
      await app.close();
      await fs.rm(webRoot, { recursive: true, force: true });
    }
  });
});

describe('the client address behind a reverse proxy', () => {
  const wrongLogin = (app: TestApp['app'], remoteAddress: string, forwardedFor: string, password = 'doan-mo') =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'tp.khtc', password }, remoteAddress, headers: { 'x-forwarded-for': forwardedFor } });

  async function unitCreatedFrom(app: TestApp['app'], remoteAddress: string, forwardedFor: string) {
    const admin = await t.as('quantri');
    const name = `Tổ kiểm tra ${remoteAddress} ${forwardedFor}`;
    const response = await app.inject({ method: 'POST', url: '/api/org/units', payload: { name }, remoteAddress, headers: { cookie: admin.cookie, 'x-forwarded-for': forwardedFor } });
    expect(response.statusCode).toBe(201);
    const event = await t.database.db.selectFrom('events').select('ip').where('action', '=', 'unit_created').where(sql<boolean>`payload->>'name' = ${name}`).executeTakeFirstOrThrow();
    return event.ip;
  }

  it('a client cannot dodge the per-address limit by sending X-Forwarded-For of its own', async () => {
    for (let i = 0; i < 5; i++) expect((await wrongLogin(t.app, '10.9.0.1', `198.51.100.${i}`)).statusCode).toBe(401);
    expect((await wrongLogin(t.app, '10.9.0.1', '198.51.100.77', DEMO_PASSWORD)).statusCode).toBe(429);
  });

  it('the audit trail records the real address, not one the client forged', async () => {
    expect(await unitCreatedFrom(t.app, '10.9.0.2', '203.0.113.9')).toBe('10.9.0.2');
  });

  it('forwarded addresses are believed only from the configured proxies', async () => {
    expect(loadConfig({ TRUST_PROXY: ' 10.9.0.0/16, 192.0.2.10 ' }).trustProxy).toEqual(['10.9.0.0/16', '192.0.2.10']);
    expect(loadConfig({}).trustProxy).toEqual([]);
    const app = await buildApp({ config: { ...loadConfig({}), trustProxy: ['10.9.0.0/16'] }, db: t.database.db, files: t.files, webRoot: null });
    try {
      expect(await unitCreatedFrom(app, '10.9.0.3', '203.0.113.10')).toBe('203.0.113.10');
      expect(await unitCreatedFrom(app, '192.0.2.55', '203.0.113.11')).toBe('192.0.2.55');
    } finally {
      await app.close();
    }
  });
});

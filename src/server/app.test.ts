import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('a malformed identifier in the address is a 400, not a crash', async () => {
    const clerk = await t.as('vanthu');
    const response = await clerk.get('/api/incoming-documents/not-a-uuid');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields[0].field).toBe('params.id');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let broken: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { metricsToken: 'bi-mat-cua-prometheus' } });
  // The same app whose file store cannot be written (a full disk, an unreachable object store).
  broken = await createTestApp({ fileStore: (real) => ({ ...real, ready: async () => { throw new Error('object store unreachable'); } }) });
});
afterAll(async () => {
  await t?.close();
  await broken?.close();
});

describe('health and readiness for the load balancer', () => {
  it('a ready server says so with each check and its time; one whose file store fails is not ready (503) and says which check failed', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({ ok: true });
    const ready = await t.app.inject({ method: 'GET', url: '/api/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ ready: true, checks: { database: { ok: true }, files: { ok: true }, jobs: { ok: true } } });
    expect(ready.headers['cache-control']).toBe('no-store');

    const notReady = await broken.app.inject({ method: 'GET', url: '/api/ready' });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toMatchObject({ ready: false, checks: { database: { ok: true }, files: { ok: false, error: 'object store unreachable' }, jobs: { ok: true } } });
  });
});

describe('Prometheus metrics', () => {
  it('are open only with the configured token, and do not exist at all without one', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/metrics' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/metrics', headers: { authorization: 'Bearer doan-sai' } })).statusCode).toBe(404);
    expect((await broken.app.inject({ method: 'GET', url: '/api/metrics', headers: { authorization: 'Bearer ' } })).statusCode).toBe(404);
  });

  it('count requests per route pattern (never per document id), the job queue by state and the database pool', async () => {
    const clerk = await t.as('vanthu');
    const created = await clerk.upload('/api/incoming-documents', {
      metadata: JSON.stringify({ issuer: 'Sở Y tế tỉnh Điện Biên', number: '77', notation: 'SYT-NV', issuedOn: '2026-02-03', documentType: 'official_letter', summary: 'V/v phòng chống dịch' }),
    }, [{ name: 'cong-van.pdf', content: Buffer.from(await samplePdfBytes()), type: 'application/pdf' }]);
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    for (let i = 0; i < 3; i++) expect((await clerk.get(`/api/incoming-documents/${id}`)).statusCode).toBe(200);
    await t.app.inject({ method: 'GET', url: `/khong-co-${'x'.repeat(40)}` });

    const answer = await t.app.inject({ method: 'GET', url: '/api/metrics', headers: { authorization: 'Bearer bi-mat-cua-prometheus' } });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toContain('text/plain');
    const text = answer.body;
    expect(text).toMatch(/vanphong_http_request_duration_seconds_count\{method="GET",route="\/api\/incoming-documents\/:id",status="200"\} 3/);
    expect(text).toMatch(/vanphong_http_request_duration_seconds_count\{method="POST",route="\/api\/incoming-documents",status="201"\} 1/);
    expect(text).not.toContain(id);
    expect(text).not.toContain('khong-co');
    // The registration enqueued the text extraction of its file.
    expect(text).toMatch(/vanphong_jobs\{name="files.extract-text",state="(waiting|running|completed)"\} [1-9]/);
    expect(text).toMatch(/vanphong_db_pool_connections\{state="total"\} \d+/);
    expect(text).toContain('vanphong_process_resident_memory_bytes');
    expect(text).toContain('vanphong_nodejs_eventloop_lag_seconds');
  });
});

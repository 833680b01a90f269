// Downloads straight from the object store (S3_PRESIGNED_DOWNLOADS=true): after the permission check
// the browser is sent (302) to a short-lived presigned GET that names and types the file as the app
// would; the app's own fetches (the PDF viewer) are still streamed by the server. Against the real
// Ceph of scripts/ceph-s3.sh (its S3_* settings); skipped without S3_ENDPOINT.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';

const s3Available = Boolean(process.env.S3_ENDPOINT);
if (!s3Available) console.warn('S3_ENDPOINT is not set: the presigned-download tests are skipped (start the store with `npm run ceph -- start`).');

describe.runIf(s3Available)('presigned downloads from the object store', () => {
  let t: TestApp;
  let pdf: Buffer;
  beforeAll(async () => {
    // The test app reads the store's settings from the environment (test-app.ts).
    process.env.FILES_BACKEND = 's3';
    process.env.S3_PRESIGNED_DOWNLOADS = 'true';
    process.env.S3_PRESIGNED_SECONDS = '30';
    t = await createTestApp();
    pdf = Buffer.from(await samplePdfBytes());
  });
  afterAll(async () => {
    // Test files share one process (vitest.config.ts, isolate: false): what this file set, it takes back.
    delete process.env.FILES_BACKEND;
    delete process.env.S3_PRESIGNED_DOWNLOADS;
    delete process.env.S3_PRESIGNED_SECONDS;
    await t?.close();
  });

  it('a permitted download is sent to a 30-second presigned address with the file\'s name and type; the viewer\'s fetch is streamed; no permission, no address', async () => {
    const clerk = await t.as('vanthu');
    const created = await clerk.upload('/api/incoming-documents', {
      metadata: JSON.stringify({ issuer: 'Sở Xây dựng tỉnh Điện Biên', number: '42', notation: 'SXD-QLN', issuedOn: '2026-11-25', documentType: 'official_letter', summary: 'V/v quy hoạch nhà ở xã hội' }),
    }, [{ name: 'Quy hoạch nhà ở xã hội.pdf', content: pdf, type: 'application/pdf' }]);
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const attachment = (await clerk.get(`/api/incoming-documents/${id}`)).json().attachments[0] as { id: string };
    const url = `/api/incoming-documents/${id}/attachments/${attachment.id}`;

    const redirect = await t.app.inject({ method: 'GET', url, headers: { cookie: clerk.cookie, 'sec-fetch-mode': 'navigate' } });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers['cache-control']).toBe('private, no-store');
    const location = new URL(String(redirect.headers.location));
    expect(location.origin).toBe(new URL(process.env.S3_ENDPOINT!).origin);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('30');
    const fromStore = await fetch(location);
    expect(fromStore.status).toBe(200);
    expect(fromStore.headers.get('content-type')).toBe('application/pdf');
    expect(fromStore.headers.get('content-disposition')).toBe(`inline; filename*=UTF-8''${encodeURIComponent('Quy hoạch nhà ở xã hội.pdf')}`);
    expect(Buffer.from(await fromStore.arrayBuffer()).equals(pdf)).toBe(true);
    // The address is signed: changed, it opens nothing.
    location.searchParams.set('response-content-type', 'text/html');
    expect((await fetch(location)).status).toBe(403);

    // The PDF viewer's own fetch (same-origin, with a range) is answered by the server itself.
    const viewer = await t.app.inject({ method: 'GET', url, headers: { cookie: clerk.cookie, 'sec-fetch-mode': 'cors', range: 'bytes=0-7' } });
    expect(viewer.statusCode).toBe(206);
    expect(viewer.rawPayload).toEqual(pdf.subarray(0, 8));

    // An official the document was not given to gets no address.
    const other = await t.as('cv.cntt');
    const refused = await t.app.inject({ method: 'GET', url, headers: { cookie: other.cookie, 'sec-fetch-mode': 'navigate' } });
    expect(refused.statusCode).toBeGreaterThanOrEqual(403);
    expect(refused.headers.location).toBeUndefined();
  });
});

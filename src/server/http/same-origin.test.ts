import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createTestApp, multipartBody, samplePdfBytes, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => t?.close());

const HOST = 'vanphong.dienbien.gov.vn';
const EVIL = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
const SIBLING = { origin: 'http://blog.dienbien.gov.vn', 'sec-fetch-site': 'same-site' };
const SAME = { origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' };

const userActive = async (username: string) =>
  (await t.database.db.selectFrom('users').select('active').where('username', '=', username).executeTakeFirstOrThrow()).active;

const documentCount = async () => (await t.database.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

function expectRefused(response: { statusCode: number; json(): { error: { code: string; message: { vi: string; en: string } } } }) {
  expect(response.statusCode).toBe(403);
  expect(response.json().error.code).toBe('CROSS_ORIGIN_REQUEST');
  expect(response.json().error.message.vi).toMatch(/trang web khác/);
}

async function registerDocument(headers: Record<string, string>) {
  const clerk = await t.as('vanthu');
  const metadata = { issuer: 'UBND tỉnh Điện Biên', number: String(Math.floor(Math.random() * 1e6)), notation: 'UBND-KT', issuedOn: '2026-01-02', documentType: 'official_letter', summary: 'V/v kiểm tra nguồn gốc yêu cầu', signer: 'Lò Văn Tiến', urgency: 'normal', pageCount: 1 };
  const { payload, contentType } = await multipartBody({ metadata: JSON.stringify(metadata) }, [{ name: 'a.pdf', content: await samplePdfBytes(), type: 'application/pdf' }]);
  return t.app.inject({ method: 'POST', url: '/api/incoming-documents', headers: { host: HOST, cookie: clerk.cookie, 'content-type': contentType, ...headers }, payload });
}

async function deactivate(username: string, headers: Record<string, string>) {
  const admin = await t.as('quantri');
  return t.app.inject({ method: 'POST', url: `/api/org/users/${t.people.get(username)!.id}/deactivate`, headers: { host: HOST, cookie: admin.cookie, ...headers } });
}

async function rename(username: string, fullName: string, headers: Record<string, string>) {
  const admin = await t.as('quantri');
  return t.app.inject({ method: 'PATCH', url: `/api/org/users/${t.people.get(username)!.id}`, headers: { host: HOST, cookie: admin.cookie, ...headers }, payload: { fullName } });
}

describe('state-changing requests from another site', () => {
  it('a JSON request from another site is refused and changes nothing', async () => {
    expectRefused(await rename('cv.khtc', 'Kẻ Gian', EVIL));
    expectRefused(await rename('cv.khtc', 'Kẻ Gian', { origin: 'https://evil.example' }));
    const user = await t.database.db.selectFrom('users').select('full_name').where('username', '=', 'cv.khtc').executeTakeFirstOrThrow();
    expect(user.full_name).toBe('Vũ Thị Hoa');
  });

  it('a body-less POST from another site does not deactivate an official', async () => {
    expectRefused(await deactivate('cv.bcvt', EVIL));
    expectRefused(await deactivate('cv.bcvt', { 'sec-fetch-site': 'cross-site' }));
    expectRefused(await deactivate('cv.bcvt', { origin: 'null' }));
    expect(await userActive('cv.bcvt')).toBe(true);
  });

  it('a multipart upload from another site registers no document', async () => {
    const before = await documentCount();
    expectRefused(await registerDocument(EVIL));
    expect(await documentCount()).toBe(before);
  });

  it('a sibling subdomain (same site, other origin) is refused too', async () => {
    expectRefused(await deactivate('cv.bcvt', SIBLING));
    expectRefused(await deactivate('cv.bcvt', { 'sec-fetch-site': 'same-site' }));
    expectRefused(await deactivate('cv.bcvt', { origin: `https://${HOST}` })); // another scheme is another origin
    expectRefused(await registerDocument(SIBLING));
    expect(await userActive('cv.bcvt')).toBe(true);
  });

  it('signing in from another site is refused (no session planted by a foreign page)', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: HOST, ...EVIL }, payload: { username: 'vanthu', password: 'x' } });
    expectRefused(response);
  });

  it('the same origin, and clients that send neither header, are served', async () => {
    expect((await rename('cv.khtc', 'Vũ Thị Hoa', SAME)).statusCode).toBe(200);
    expect((await rename('cv.khtc', 'Vũ Thị Hoa', { origin: `http://${HOST}:80` })).statusCode).toBe(200);
    expect((await rename('cv.khtc', 'Vũ Thị Hoa', { 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
    expect((await rename('cv.khtc', 'Vũ Thị Hoa', {})).statusCode).toBe(200);
    expect((await registerDocument(SAME)).statusCode).toBe(201);
    expect((await deactivate('cv.bcvt', SAME)).statusCode).toBe(200);
    expect(await userActive('cv.bcvt')).toBe(false);
  });

  it('reading is not a change: a GET with a foreign origin is answered', async () => {
    const admin = await t.as('quantri');
    const response = await t.app.inject({ method: 'GET', url: '/api/org/units', headers: { host: HOST, cookie: admin.cookie, ...EVIL } });
    expect(response.statusCode).toBe(200);
  });

  it("behind a configured proxy the browser's origin is compared with the forwarded host and scheme", async () => {
    const app = await buildApp({ config: { ...loadConfig({}), trustProxy: ['10.8.0.1'] }, db: t.database.db, files: t.files, webRoot: null });
    try {
      const admin = await t.as('quantri');
      const viaProxy = (remoteAddress: string, origin: string) => app.inject({
        method: 'PATCH',
        url: `/api/org/users/${t.people.get('cv.cntt')!.id}`,
        remoteAddress,
        headers: { host: '127.0.0.1:3000', 'x-forwarded-host': HOST, 'x-forwarded-proto': 'https', origin, 'sec-fetch-site': 'same-origin', cookie: admin.cookie },
        payload: { phone: '0912000111' },
      });
      expect((await viaProxy('10.8.0.1', `https://${HOST}`)).statusCode).toBe(200);
      expectRefused(await viaProxy('10.8.0.1', 'https://evil.example'));
      // Not from the proxy: the forwarded host is ignored, and the origin does not match the real host.
      expectRefused(await viaProxy('10.8.0.99', `https://${HOST}`));
    } finally {
      await app.close();
    }
  });
});

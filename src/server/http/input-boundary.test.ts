import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, multipartBody, samplePdfBytes, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
let pdf: Uint8Array;
let serial = 0;

const metadata = (overrides: Record<string, unknown> = {}) => ({
  issuer: 'UBND huyện Mường Chà',
  number: String(500 + ++serial),
  notation: 'UBND-VP',
  issuedOn: '2026-01-02',
  documentType: 'official_letter',
  summary: `V/v kiểm tra dữ liệu đầu vào ${serial}`,
  ...overrides,
});

async function register(clerk: Client, overrides: Record<string, unknown> = {}, fileName = 'van-ban.pdf') {
  return clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata(overrides)) }, [{ name: fileName, content: pdf, type: 'application/pdf' }]);
}

function expectInvalidCharacter(response: { statusCode: number; json(): unknown }, field: string) {
  expect(response.statusCode).toBe(400);
  const { error } = response.json() as { error: { code: string; fields: { field: string; code: string; message: { vi: string; en: string } }[] } };
  expect(error.code).toBe('VALIDATION');
  expect(error.fields).toEqual([expect.objectContaining({ field, code: 'invalid_character' })]);
  expect(error.fields[0]!.message.vi).toMatch(/ký tự không hợp lệ/);
  expect(error.fields[0]!.message.en).toMatch(/invalid character/);
}

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-01-05T03:00:00Z'));
  pdf = await samplePdfBytes();
  // An upload route reading its form another way than request.parts() (as a later route may).
  t.app.post('/api/test/one-file', { schema: { consumes: ['multipart/form-data'] } }, async (request) => {
    const part = await request.file();
    const size = part ? (await part.toBuffer()).length : 0;
    return { fileName: part?.filename ?? null, size };
  });
});
afterAll(async () => t?.close());

describe('text the database cannot hold is refused at the boundary', () => {
  it('a sign-in name with a NUL character is a 400 naming the field, not a crash', async () => {
    const response = await t.anonymous().post('/api/auth/login', { username: 'a\u0000b', password: 'x' });
    expectInvalidCharacter(response, 'username');
  });

  it('a NUL character in a search of the register is a 400 naming the query parameter', async () => {
    const clerk = await t.as('vanthu');
    expectInvalidCharacter(await clerk.get('/api/incoming-documents?q=a%00b'), 'querystring.q');
    expectInvalidCharacter(await clerk.get('/api/incoming-documents/duplicates?issuer=UBND%00'), 'querystring.issuer');
  });

  it('a NUL character in a path parameter is a 400 naming it', async () => {
    expectInvalidCharacter(await (await t.as('vanthu')).get('/api/incoming-documents/%00'), 'params.id');
  });

  it('a lone surrogate pasted into a correction is refused, so the history stays valid JSON', async () => {
    const clerk = await t.as('vanthu');
    const created = await register(clerk);
    expect(created.statusCode, created.body).toBe(201);
    const response = await clerk.patch(`/api/incoming-documents/${created.json().id}`, { summary: 'abc\ud800def' });
    expectInvalidCharacter(response, 'summary');
  });

  it('the registration metadata goes through the same rule (NUL and lone surrogates, also as JSON escapes)', async () => {
    const clerk = await t.as('vanthu');
    expectInvalidCharacter(await register(clerk, { issuer: 'UBND\u0000tỉnh' }), 'issuer');
    expectInvalidCharacter(await register(clerk, { summary: 'abc\udc00' }), 'summary');
    expect(await t.database.db.selectFrom('documents').select('id').where('summary', 'like', 'abc%').execute()).toEqual([]);
  });

  it('an uploaded file name with a NUL character is a 400 naming the files', async () => {
    const response = await register(await t.as('vanthu'), {}, 'cong-van\u0000.pdf');
    expectInvalidCharacter(response, 'files');
    expect((response.json() as { error: { fields: { message: { vi: string } }[] } }).error.fields[0]!.message.vi).toContain('cong-van.pdf');
  });
});

describe('Vietnamese typed on a Mac or pasted from Word is stored composed (NFC)', () => {
  const composed = 'Sở Y tế tỉnh Điện Biên - bà Lò Thị Hương';
  const decomposed = composed.normalize('NFD');

  it('a decomposed issuer and file name are registered composed, and a decomposed search finds them', async () => {
    expect(decomposed).not.toBe(composed);
    const clerk = await t.as('vanthu');
    const created = await register(clerk, { issuer: decomposed, summary: `Về việc ${'Hương'.normalize('NFD')}` }, 'Công văn Hương.pdf'.normalize('NFD'));
    expect(created.statusCode, created.body).toBe(201);
    const detail = (await clerk.get(`/api/incoming-documents/${created.json().id}`)).json();
    expect(detail.issuer).toBe(composed);
    expect(detail.summary).toBe('Về việc Hương');
    expect(detail.attachments[0].fileName).toBe('Công văn Hương.pdf');
    const found = (await clerk.get(`/api/incoming-documents?issuer=${encodeURIComponent(decomposed)}`)).json();
    expect(found.items.map((item: { id: string }) => item.id)).toContain(created.json().id);
  });

  it('a decomposed name in a JSON body is stored composed', async () => {
    const clerk = await t.as('vanthu');
    const created = await register(clerk);
    const id = created.json().id as string;
    const edited = await clerk.patch(`/api/incoming-documents/${id}`, { signer: 'Lò Văn Hương'.normalize('NFD') });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().signer).toBe('Lò Văn Hương');
  });
});

describe('bodies that are not what a route reads get a clear 4xx', () => {
  it('a text/plain body is 415 "JSON expected", not "body is required"', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'vanthu' });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(response.json().error.message.en).toMatch(/JSON expected/);
  });

  it('a multipart form sent to a JSON route is 415 too', async () => {
    const form = await multipartBody({ username: 'vanthu', password: 'x' }, []);
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': form.contentType }, payload: form.payload });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('a malformed upload is the sender\'s fault (400), not a server error', () => {
  async function send(contentType: string, payload: Buffer) {
    const clerk = await t.as('vanthu');
    return t.app.inject({ method: 'POST', url: '/api/incoming-documents', headers: { cookie: clerk.cookie, 'content-type': contentType }, payload });
  }
  async function form() {
    return multipartBody({ metadata: JSON.stringify(metadata()) }, [{ name: 'van-ban.pdf', content: pdf, type: 'application/pdf' }]);
  }
  const expectMalformed = (response: { statusCode: number; json(): { error: { code: string; message: { vi: string; en: string } } } }) => {
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('MALFORMED_MULTIPART');
    expect(response.json().error.message.vi).toMatch(/gửi lại/);
  };

  it('no boundary in the content type', async () => {
    expectMalformed(await send('multipart/form-data', (await form()).payload));
  });

  it('a boundary that differs from the one in the body', async () => {
    expectMalformed(await send('multipart/form-data; boundary=khac-ranh-gioi', (await form()).payload));
  });

  it('a body cut short inside the file, or inside the first part', async () => {
    const { contentType, payload } = await form();
    expectMalformed(await send(contentType, payload.subarray(0, payload.length - 100)));
    expectMalformed(await send(contentType, payload.subarray(0, 200)));
  });

  it('more than ten fields says "too many fields" with its own code', async () => {
    const fields = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`truong${i}`, 'x']));
    const { contentType, payload } = await multipartBody(fields, []);
    const response = await send(contentType, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('TOO_MANY_FIELDS');
    expect(response.json().error.message.en).toMatch(/too many fields/);
  });
});

describe('every way of reading an upload goes through the same guard', () => {
  it('request.file(): a file name with a NUL is a 400, a decomposed one is composed, a cut body is a 400', async () => {
    const send = (payload: Buffer, contentType: string) => t.app.inject({ method: 'POST', url: '/api/test/one-file', headers: { 'content-type': contentType }, payload });
    const bad = await multipartBody({}, [{ name: 'a\u0000b.pdf', content: pdf }]);
    expect((await send(bad.payload, bad.contentType)).json().error.fields[0].field).toBe('files');
    const decomposed = await multipartBody({}, [{ name: 'Hương.pdf'.normalize('NFD'), content: pdf }]);
    expect((await send(decomposed.payload, decomposed.contentType)).json().fileName).toBe('Hương.pdf');
    expect((await send(decomposed.payload, 'multipart/form-data')).json().error.code).toBe('MALFORMED_MULTIPART');
  });
});

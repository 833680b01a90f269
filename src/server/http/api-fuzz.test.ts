// Hostile input against every route of the API document (/api/docs/json), as an anonymous visitor,
// a clerk, a specialist and an administrator: the answer is never a 5xx, and every 4xx has the
// documented shape {"error": {"code", "message": {"vi", "en"}, "fields"?}}. Routes are read from the
// OpenAPI document, so a route added later is fuzzed without writing anything here.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../modules/demo/demo.data.js';
import { createTestApp, multipartBody, samplePdfBytes } from '../test-support/test-app.js';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  format?: string;
  minLength?: number;
  minimum?: number;
  default?: unknown;
}
interface Parameter { name: string; in: 'path' | 'query'; required?: boolean; schema: JsonSchema }
interface Operation { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }
interface Route { method: string; path: string; pathParams: Parameter[]; query: Parameter[]; json?: JsonSchema; multipart: boolean }
interface Attempt { label: string; url: string; method?: string; contentType?: string; payload?: string | Buffer }

const MB = 1024 * 1024;
/**
 * A huge string or query value: far beyond every field's own limit (the largest text fields take
 * 10,000 characters), so it tests the limits; 1 MB in each field of each route as each persona spent
 * most of this file's minutes in JSON and URL parsing (the body over the size limit is tried apart).
 */
const HUGE = 128 * 1024;
const PERSONAS = [null, 'vanthu', 'cv.cntt', 'quantri'] as const;

/**
 * 5xx answers found by this test in code this branch may not change, as "METHOD path: label".
 * Empty: none is known today. TODO for each entry added here: fix it where it lives, then remove it.
 */
const KNOWN_SERVER_ERRORS: string[] = [];

// ----- the app, a few real records to aim at, and the routes from its own API document -----

const t = await createTestApp();
t.setNow(new Date('2026-01-05T03:00:00Z'));
const pdf = Buffer.from(await samplePdfBytes());
const targets = await createTargets();
const routes = readRoutes((await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json());
const cookies = new Map<string, string>();
for (const persona of PERSONAS) if (persona) cookies.set(persona, (await t.as(persona)).cookie);

afterAll(async () => t.close());

/** A registered and assigned document, a spare unit and a spare official, so path ids reach real rows. */
async function createTargets() {
  const clerk = await t.as('vanthu');
  const metadata = { issuer: 'UBND tỉnh Điện Biên', number: '77', notation: 'UBND-KT', issuedOn: '2026-01-02', documentType: 'official_letter', summary: 'Văn bản để thử dữ liệu xấu', submitTo: t.people.get('giamdoc')!.id };
  const created = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'van-ban.pdf', content: pdf, type: 'application/pdf' }]);
  const document = created.json() as { id: string };
  const detail = (await clerk.get(`/api/incoming-documents/${document.id}`)).json() as { attachments: { id: string }[] };
  const assigned = await (await t.as('giamdoc')).post(`/api/incoming-documents/${document.id}/assign`, {
    direction: 'Giao chuyên viên xử lý.',
    assignments: [{ role: 'lead', userId: t.people.get('cv.cntt')!.id, dueDate: '2026-01-20' }],
  });
  const admin = await t.as('quantri');
  const unit = (await admin.post('/api/org/units', { name: 'Đơn vị để thử' })).json() as { id: string };
  const official = (await admin.post('/api/org/users', { username: 'thu.nghiem', password: 'ThuNghiem2026', fullName: 'Cán bộ thử nghiệm', position: 'specialist', roles: ['specialist'] })).json() as { id: string };
  if (!document.id || !assigned.json().assignmentIds || !unit.id || !official.id) throw new Error('fuzz targets could not be created');
  return { document: document.id, attachment: detail.attachments[0]!.id, assignment: assigned.json().assignmentIds[0] as string, unit: unit.id, official: official.id };
}

/** The id a path parameter gets when it is not the one under attack: a real row where we know one. */
function realId(path: string, name: string): string {
  if (path.startsWith('/api/incoming-documents/')) return name === 'attachmentId' ? targets.attachment : targets.document;
  if (path.startsWith('/api/assignments/')) return targets.assignment;
  if (path.startsWith('/api/org/units/')) return targets.unit;
  if (path.startsWith('/api/org/users/')) return targets.official;
  return randomUUID();
}

/**
 * Server-sent event streams answer with a response that stays open, which an injected request never
 * sees end; their authentication and closing are tested in their own module (notifications.test.ts).
 */
function isEventStream(path: string): boolean {
  return path.endsWith('/stream');
}

function readRoutes(spec: { paths: Record<string, Record<string, Operation>> }): Route[] {
  return Object.entries(spec.paths).filter(([path]) => !isEventStream(path)).flatMap(([path, operations]) => Object.entries(operations).map(([method, op]) => ({
    method: method.toUpperCase(),
    path,
    pathParams: (op.parameters ?? []).filter((p) => p.in === 'path'),
    query: (op.parameters ?? []).filter((p) => p.in === 'query'),
    json: op.requestBody?.content['application/json']?.schema,
    multipart: Boolean(op.requestBody?.content['multipart/form-data']),
  })));
}

// ----- hostile values -----

const HOSTILE_STRINGS: [string, unknown][] = [
  ['NUL', 'a\u0000b'], ['lone high surrogate', 'abc\ud800def'], ['lone low surrogate', '\udc00'], ['huge string', 'x'.repeat(HUGE)],
  ['empty string', ''], ['decomposed Vietnamese', 'Hương'.normalize('NFD')], ['SQL', "' OR 1=1; DROP TABLE users; --"],
];
const WRONG_TYPES: [string, unknown][] = [
  ['number', 42], ['huge number', 1e308], ['boolean', true], ['null', null], ['array', ['\u0000']], ['object', { a: 'b' }],
];
const HOSTILE_NUMBERS: [string, unknown][] = [
  ['negative', -1], ['zero', 0], ['huge', 1e308], ['-huge', -1e308], ['over 2^63', 2 ** 64], ['fraction', 1.5],
  ['numeric string', '1'], ['word', 'abc'], ['NUL string', '\u0000'], ['null', null], ['array', [1]], ['object', {}],
];
const HOSTILE_BOOLEANS: [string, unknown][] = [['string', 'true'], ['number', 1], ['null', null], ['array', [true]], ['NUL', '\u0000']];

const HOSTILE_QUERY: [string, string][] = [
  ['NUL', 'a%00b'], ['encoded lone surrogate', '%ED%A0%80'], ['invalid UTF-8', '%C3%28'], ['cut escape', '%E1%BB'],
  ['huge string', 'x'.repeat(HUGE)], ['empty', ''], ['negative', '-1'], ['huge', '1e308'], ['long digits', '9'.repeat(400)],
  ['fraction', '1.5'], ['word', 'abc'], ['decomposed Vietnamese', encodeURIComponent('Hương'.normalize('NFD'))],
];
const HOSTILE_IDS: [string, string][] = [
  ['not a uuid', 'not-a-uuid'], ['NUL', '%00'], ['encoded lone surrogate', '%ED%A0%80'], ['bad escape', '%zz'],
  ['overlong uuid', `${randomUUID()}${'a'.repeat(200)}`], ['uuid plus one', `${randomUUID()}0`], ['nil uuid', '00000000-0000-0000-0000-000000000000'],
  ['max uuid', 'ffffffff-ffff-ffff-ffff-ffffffffffff'], ['upper-case unknown uuid', randomUUID().toUpperCase()], ['number', '-1'],
  ['traversal', '..%2F..%2Fetc%2Fpasswd'], ['SQL', "1'%20OR%20'1'%3D'1"],
];

/** A value the schema accepts, so that each attempt changes one thing only. */
function sample(schema: JsonSchema): unknown {
  if (schema.anyOf) return sample(schema.anyOf[0]!);
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object') {
    return Object.fromEntries((schema.required ?? []).map((name) => [name, sample(schema.properties?.[name] ?? {})]));
  }
  if (type === 'array') return [sample(schema.items ?? {})];
  if (type === 'integer' || type === 'number') return schema.minimum ?? 1;
  if (type === 'boolean') return false;
  if (schema.format === 'uuid') return randomUUID();
  if (schema.format === 'date') return '2026-12-01';
  if (schema.format === 'email') return 'thu@example.vn';
  const length = schema.minLength ?? 1;
  return length >= 8 ? 'ThuNghiem2026'.padEnd(length, 'x') : 'x'.repeat(Math.max(1, length));
}

/** Each hostile variant of one value of this schema, labelled; objects and arrays one level down. */
function variants(schema: JsonSchema, depth = 0): [string, unknown][] {
  const base = schema.anyOf?.[0] ?? schema;
  const type = Array.isArray(base.type) ? base.type[0] : base.type;
  if (type === 'object' && depth < 2) {
    const valid = sample(base) as Record<string, unknown>;
    return Object.entries(base.properties ?? {}).flatMap(([name, property]) =>
      variants(property, depth + 1).map(([label, value]): [string, unknown] => [`${name}: ${label}`, { ...valid, [name]: value }]));
  }
  if (type === 'array' && depth < 2) {
    const item = sample(base.items ?? {});
    return [
      ['empty array', []], ['1000 items', Array.from({ length: 1000 }, () => item)],
      ...variants(base.items ?? {}, depth + 1).map(([label, value]): [string, unknown] => [`item ${label}`, [value]]),
      ...WRONG_TYPES.filter(([, value]) => !Array.isArray(value)),
    ];
  }
  if (type === 'integer' || type === 'number') return HOSTILE_NUMBERS;
  if (type === 'boolean') return HOSTILE_BOOLEANS;
  return [...HOSTILE_STRINGS, ...WRONG_TYPES.filter(([, value]) => typeof value !== 'string')];
}

// ----- attempts for one route -----

function urlFor(route: Route, params: Record<string, string> = {}, query = ''): string {
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? realId(route.path, name));
  return query ? `${path}?${query}` : path;
}

const json = (label: string, url: string, body: unknown): Attempt => ({ label, url, contentType: 'application/json', payload: JSON.stringify(body) });

function pathAttempts(route: Route): Attempt[] {
  return route.pathParams.flatMap((param) => HOSTILE_IDS.map(([label, value]) => ({
    label: `path ${param.name}: ${label}`,
    url: urlFor(route, { [param.name]: value }),
    ...(route.json ? { contentType: 'application/json', payload: JSON.stringify(sample(route.json)) } : {}),
  })));
}

function queryAttempts(route: Route): Attempt[] {
  // The other required parameters keep valid values, so the hostile one reaches the handler.
  const others = (name: string) => route.query.filter((p) => p.required && p.name !== name)
    .map((p) => `&${p.name}=${encodeURIComponent(String(sample(p.schema)))}`).join('');
  return route.query.flatMap((param) => [
    ...HOSTILE_QUERY.map(([label, value]) => ({ label: `query ${param.name}: ${label}`, url: urlFor(route, {}, `${param.name}=${value}${others(param.name)}`) })),
    { label: `query ${param.name}: repeated`, url: urlFor(route, {}, `${param.name}=1&${param.name}=2${others(param.name)}`) },
    { label: `query ${param.name}: bracketed`, url: urlFor(route, {}, `${param.name}[a]=1${others(param.name)}`) },
  ]);
}

function jsonBodyAttempts(route: Route): Attempt[] {
  const url = urlFor(route);
  const fields = route.json ? variants(route.json).map(([label, body]) => json(`body ${label}`, url, body)) : [];
  const raw = (label: string, contentType: string | undefined, payload: string | Buffer): Attempt => ({ label, url, ...(contentType ? { contentType } : {}), payload });
  return [
    ...fields,
    ...WRONG_TYPES.map(([label, body]) => json(`whole body: ${label}`, url, body)),
    json('whole body: NUL string', url, '\u0000'),
    json('unknown field with NUL', url, { ...(route.json ? sample(route.json) as object : {}), 'kh\u0000ac': '\u0000' }),
    raw('empty JSON', 'application/json', ''),
    raw('malformed JSON', 'application/json', '{"a":'),
    raw('JSON with a raw NUL byte', 'application/json', '{"a":"\u0000"}'),
    raw('prototype pollution', 'application/json', '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}'),
    raw('deeply nested JSON', 'application/json', `${'['.repeat(5000)}${']'.repeat(5000)}`),
    raw('deeply nested objects', 'application/json', `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`),
    raw('body over the limit', 'application/json', JSON.stringify({ x: 'x'.repeat(2 * MB) })),
    raw('JSON in latin1', 'application/json; charset=latin1', Buffer.from('{"a":"\xe9"}', 'latin1')),
    raw('text/plain body', 'text/plain', 'xin chào'),
    raw('form body', 'application/x-www-form-urlencoded', 'username=a%00b&password=x'),
    raw('XML body', 'application/xml', '<a>\u0000</a>'),
    raw('no content type', undefined, '{"a":1}'),
    raw('garbage content type', ';;;', '{}'),
  ];
}

/** A multipart body written by hand, so that it can carry what no browser sends. */
function handForm(parts: { head: string; content: string | Buffer }[], boundary = 'ranhgioi'): Buffer {
  const chunks = parts.flatMap(({ head, content }) => [Buffer.from(`--${boundary}\r\n${head}\r\n\r\n`, 'latin1'), Buffer.from(content), Buffer.from('\r\n')]);
  return Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]);
}

async function multipartAttempts(route: Route): Promise<Attempt[]> {
  const url = urlFor(route);
  const form = async (label: string, fields: Record<string, string>, files = [{ name: 'van-ban.pdf', content: pdf, type: 'application/pdf' }]): Promise<Attempt> => {
    const { payload, contentType } = await multipartBody(fields, files);
    return { label, url, contentType, payload };
  };
  const byHand = (label: string, parts: { head: string; content: string | Buffer }[], contentType = 'multipart/form-data; boundary=ranhgioi'): Attempt =>
    ({ label, url, contentType, payload: handForm(parts) });
  const file = (filename: string, content: string | Buffer = pdf) => ({ head: `Content-Disposition: form-data; name="files"; filename="${filename}"\r\nContent-Type: application/pdf`, content });
  const valid = await form('valid form', { metadata: '{}' });
  const validBody = valid.payload as Buffer;
  return [
    valid,
    await form('metadata: raw NUL', { metadata: 'a\u0000b' }),
    await form('metadata: NUL escaped in JSON', { metadata: '{"issuer":"a\\u0000b","summary":"\\u0000"}' }),
    await form('metadata: lone surrogate escaped in JSON', { metadata: '{"summary":"abc\\ud800def"}' }),
    await form('metadata: malformed JSON', { metadata: '{' }),
    await form('metadata: JSON array', { metadata: '[]' }),
    await form('metadata: JSON null', { metadata: 'null' }),
    await form('metadata: 1 MB', { metadata: 'x'.repeat(MB) }),
    await form('metadata: wrong types', { metadata: JSON.stringify({ issuer: 1, summary: ['x'], pageCount: 1e308, documentType: null, issuedOn: {} }) }),
    await form('twelve fields', Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`truong${i}`, 'x']))),
    await form('too many files', { metadata: '{}' }, Array.from({ length: 30 }, (_, i) => ({ name: `${i}.pdf`, content: pdf, type: 'application/pdf' }))),
    await form('file over the size limit', { metadata: '{}' }, [{ name: 'lon.pdf', content: Buffer.concat([pdf, Buffer.alloc(3 * MB)]), type: 'application/pdf' }]),
    await form('file of a refused type', { metadata: '{}' }, [{ name: 'virus.exe', content: Buffer.from('MZ\x90\x00not a document'), type: 'application/octet-stream' }]),
    await form('empty file', { metadata: '{}' }, [{ name: 'rong.pdf', content: Buffer.alloc(0), type: 'application/pdf' }]),
    byHand('file name with a raw NUL', [file('van\u0000ban.pdf')]),
    byHand('file name with an encoded NUL', [{ head: 'Content-Disposition: form-data; name="files"; filename*=UTF-8\'\'van%00ban.pdf', content: pdf }]),
    byHand('file name with an encoded lone surrogate', [{ head: 'Content-Disposition: form-data; name="files"; filename*=UTF-8\'\'van%ED%A0%80ban.pdf', content: pdf }]),
    byHand('file name with broken UTF-8', [file('van\xff\xfeban.pdf')]),
    byHand('file name of 5000 characters', [file(`${'a'.repeat(5000)}.pdf`)]),
    byHand('file name with a path', [file('../../../etc/passwd')]),
    byHand('empty file name', [file('')]),
    byHand('part without a name', [{ head: 'Content-Disposition: form-data', content: 'x' }]),
    byHand('part without headers', [{ head: '', content: 'x' }]),
    byHand('field named __proto__', [{ head: 'Content-Disposition: form-data; name="__proto__"', content: '{}' }]),
    byHand('JSON field that is not JSON', [{ head: 'Content-Disposition: form-data; name="metadata"\r\nContent-Type: application/json', content: '{' }]),
    { label: 'no boundary', url, contentType: 'multipart/form-data', payload: validBody },
    { label: 'another boundary', url, contentType: 'multipart/form-data; boundary=khac', payload: validBody },
    { label: 'overlong boundary', url, contentType: `multipart/form-data; boundary=${'b'.repeat(300)}`, payload: validBody },
    { label: 'cut in the file', url, contentType: valid.contentType!, payload: validBody.subarray(0, validBody.length - 100) },
    { label: 'cut in the first part', url, contentType: valid.contentType!, payload: validBody.subarray(0, 120) },
    { label: 'only the boundary', url, contentType: valid.contentType!, payload: validBody.subarray(0, 40) },
    { label: 'empty multipart body', url, contentType: valid.contentType!, payload: '' },
    { label: 'closing boundary only', url, contentType: 'multipart/form-data; boundary=ranhgioi', payload: '--ranhgioi--\r\n' },
    { label: 'JSON instead of a form', url, contentType: 'application/json', payload: '{"metadata":"{}"}' },
    { label: 'text/plain instead of a form', url, contentType: 'text/plain', payload: 'x' },
    { label: 'no body', url },
  ];
}

async function attemptsFor(route: Route): Promise<Attempt[]> {
  const other = route.method === 'GET' ? 'DELETE' : 'PUT';
  return [
    { label: `baseline`, url: urlFor(route), ...(route.json ? { contentType: 'application/json', payload: JSON.stringify(sample(route.json)) } : {}) },
    ...pathAttempts(route),
    ...queryAttempts(route),
    ...(route.multipart ? await multipartAttempts(route) : route.method === 'GET' ? [] : jsonBodyAttempts(route)),
    { label: `method ${other}`, url: urlFor(route), method: other },
  ];
}

// ----- sending and judging -----

/** What is wrong with an answer, or null when it is a fine answer to hostile input. */
function problemWith(response: LightMyRequestResponse): string | null {
  if (response.statusCode >= 500) return `answered ${response.statusCode}: ${response.body.slice(0, 200)}`;
  if (response.statusCode < 400) return null;
  let body: unknown;
  try { body = response.json(); } catch { return `${response.statusCode} is not JSON: ${response.body.slice(0, 200)}`; }
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  const text = (message: unknown) => typeof message === 'object' && message !== null
    && typeof (message as { vi?: unknown }).vi === 'string' && (message as { vi: string }).vi.length > 0
    && typeof (message as { en?: unknown }).en === 'string' && (message as { en: string }).en.length > 0;
  if (Object.keys(body as object).length !== 1 || !error) return `${response.statusCode} without the error shape: ${response.body.slice(0, 200)}`;
  if (typeof error.code !== 'string' || !/^[A-Z_]+$/.test(error.code)) return `${response.statusCode} without a code: ${response.body.slice(0, 200)}`;
  if (!text(error.message)) return `${response.statusCode} ${error.code} without both vi and en messages`;
  if (error.fields !== undefined) {
    const fields = error.fields as { field?: unknown; code?: unknown; message?: unknown }[];
    if (!Array.isArray(fields) || !fields.every((f) => typeof f.field === 'string' && typeof f.code === 'string' && text(f.message))) {
      return `${response.statusCode} with malformed fields: ${JSON.stringify(error.fields).slice(0, 200)}`;
    }
  }
  return null;
}

/** A persona logged out by the fuzz itself (POST /api/auth/logout) signs in again. */
async function ensureSignedIn(persona: string) {
  const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookies.get(persona)! } });
  if (me.statusCode === 200) return;
  // From another address than the fuzzed sign-ins, whose failures throttle 127.0.0.1.
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '127.0.0.2', payload: { username: persona, password: DEMO_PASSWORD } });
  const session = login.cookies.find((c) => c.name === 'vp_session');
  if (!session) throw new Error(`${persona} cannot sign in again: ${login.statusCode} ${login.body}`);
  cookies.set(persona, `vp_session=${session.value}`);
}

/** Every attempt as one persona, in order; returns what was wrong. */
async function fuzzAs(route: Route, attempts: Attempt[], persona: string | null): Promise<string[]> {
  const problems: string[] = [];
  if (persona) await ensureSignedIn(persona);
  for (const attempt of attempts) {
    const headers: Record<string, string> = {};
    if (persona) headers.cookie = cookies.get(persona)!;
    if (attempt.contentType) headers['content-type'] = attempt.contentType;
    const method = (attempt.method ?? route.method) as 'GET';
    const response = await t.app.inject({ method, url: attempt.url, headers, ...(attempt.payload === undefined ? {} : { payload: attempt.payload }) });
    const problem = problemWith(response);
    const name = `${route.method} ${route.path}: ${attempt.label}`;
    if (problem && !KNOWN_SERVER_ERRORS.includes(name)) problems.push(`${name} (as ${persona ?? 'anonymous'}) ${problem}`);
  }
  return problems;
}

/** The personas side by side (on PostgreSQL their queries overlap), each one's attempts in order. */
async function fuzz(route: Route): Promise<string[]> {
  const attempts = await attemptsFor(route);
  return (await Promise.all(PERSONAS.map((persona) => fuzzAs(route, attempts, persona)))).flat();
}

describe('hostile input to every route of the API document never gets a 5xx, and every 4xx has the documented shape', () => {
  it('the API document lists the routes (a sanity check of the fuzz itself)', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.some((route) => route.multipart)).toBe(true);
    expect(routes.filter((route) => route.pathParams.length).length).toBeGreaterThan(10);
  });

  for (const route of routes) {
    it(`${route.method} ${route.path}`, async () => {
      expect(await fuzz(route)).toEqual([]);
    });
  }
});

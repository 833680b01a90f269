import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
let port = 0;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as net.AddressInfo).port;
});
afterAll(async () => t?.close());

/** Sends raw bytes, as a broken client would, and returns the status and body of the answer. */
function rawRequest(text: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined); // the server closes the connection after answering
    socket.on('close', () => {
      const answer = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      if (!status) reject(new Error(`no HTTP answer: ${answer.slice(0, 200)}`));
      resolve({ status, headers: head, body });
    });
  });
}

function expectDocumentedShape(body: string, code: string) {
  const parsed = JSON.parse(body) as { error: { code: string; message: { vi: string; en: string } } };
  expect(Object.keys(parsed)).toEqual(['error']);
  expect(parsed.error.code).toBe(code);
  expect(parsed.error.message.vi).toBeTruthy();
  expect(parsed.error.message.en).toBeTruthy();
}

describe('errors raised by the framework answer in the documented shape', () => {
  it('a path parameter over the length limit is 414 without echoing the address', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/incoming-documents/${'x'.repeat(300)}` });
    expect(response.statusCode).toBe(414);
    expectDocumentedShape(response.body, 'ADDRESS_TOO_LONG');
    expect(response.body).not.toContain('xxxx');
  });

  it('an address that cannot be decoded is 400 without echoing it', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/incoming-documents/%zz<script>' });
    expect(response.statusCode).toBe(400);
    expectDocumentedShape(response.body, 'INVALID_ADDRESS');
    expect(response.body).not.toContain('script');
  });

  it('headers over 16 KB are 431 with a hint about cookies, in both languages', async () => {
    const answer = await rawRequest(`GET /api/health HTTP/1.1\r\nHost: localhost\r\nCookie: x=${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(answer.headers).toMatch(/content-type: application\/json/i);
    expectDocumentedShape(answer.body, 'HEADERS_TOO_LARGE');
    expect(JSON.parse(answer.body).error.message.vi).toContain('cookie');
  });

  it('a request Node cannot parse is 400 in the same shape', async () => {
    const answer = await rawRequest('KHONG HOP LE\r\n\r\n');
    expect(answer.status).toBe(400);
    expectDocumentedShape(answer.body, 'BAD_REQUEST');
  });

  it('the length of a Vietnamese answer is counted in bytes', async () => {
    const answer = await rawRequest(`GET / HTTP/1.1\r\nHost: localhost\r\nX-Dai: ${'b'.repeat(20_000)}\r\n\r\n`);
    const length = Number(/content-length: (\d+)/i.exec(answer.headers)?.[1]);
    expect(length).toBe(Buffer.byteLength(answer.body));
  });
});

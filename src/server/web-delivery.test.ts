// How the built web client travels: compressed once at build time and sent as the browser accepts
// (brotli, else gzip), hashed files cached for a year, index.html always revalidated, JSON answers
// compressed above a threshold, and a first download without the PDF viewer or the admin screens.
// Needs the built client (`npm run build` → dist/web), like the browser tests.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWebRoot } from './app.js';
import { createTestApp, type TestApp } from './test-support/test-app.js';

const indexHtml = path.join(defaultWebRoot, 'index.html');
let t: TestApp;
let html: string;
/** The files index.html loads itself: the first download of every visit. */
let entryFiles: string[];

beforeAll(async () => {
  if (!fs.existsSync(indexHtml)) throw new Error('The web client is not built: run `npm run build` (dist/web) first.');
  html = fs.readFileSync(indexHtml, 'utf8');
  entryFiles = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  t = await createTestApp({ webRoot: defaultWebRoot });
});
afterAll(async () => t?.close());

describe('delivery of the web client', () => {
  it('sends a hashed asset as brotli to a browser that accepts it, gzip to one that does not, cached for a year', async () => {
    const script = entryFiles.find((file) => file.endsWith('.js'))!;
    const original = fs.readFileSync(path.join(defaultWebRoot, script));

    const br = await t.app.inject({ method: 'GET', url: script, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(br.rawPayload).equals(original)).toBe(true);

    const gz = await t.app.inject({ method: 'GET', url: script, headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.gunzipSync(gz.rawPayload).equals(original)).toBe(true);

    const plain = await t.app.inject({ method: 'GET', url: script });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(original)).toBe(true);
  });

  it('makes the browser revalidate index.html, for its own address and for every page address', async () => {
    for (const url of ['/', '/index.html', '/inbox/todo', '/incoming/00000000-0000-4000-8000-000000000000']) {
      const response = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.headers['content-type'], url).toMatch(/text\/html/);
      expect(zlib.brotliDecompressSync(response.rawPayload).toString(), url).toBe(html);
    }
  });

  it('serves the service worker and the manifest revalidated, the icons for a day', async () => {
    const sw = await t.app.inject({ method: 'GET', url: '/sw.js' });
    expect(sw.headers['cache-control']).toBe('no-cache');
    expect(sw.headers['content-type']).toMatch(/javascript/);
    const manifest = await t.app.inject({ method: 'GET', url: '/manifest.webmanifest' });
    expect(manifest.headers['cache-control']).toBe('no-cache');
    expect(manifest.json()).toMatchObject({ start_url: '/inbox/todo' });
    const icon = await t.app.inject({ method: 'GET', url: '/icon-192.png' });
    expect(icon.headers['cache-control']).toBe('public, max-age=86400');
    expect(icon.headers['content-type']).toBe('image/png');
  });

  it('compresses JSON answers above the threshold, not small ones', async () => {
    const admin = await t.as('quantri');
    const big = await t.app.inject({ method: 'GET', url: '/api/org/users', headers: { cookie: admin.cookie, 'accept-encoding': 'br' } });
    expect(big.statusCode).toBe(200);
    expect(big.headers['content-encoding']).toBe('br');
    expect(JSON.parse(zlib.brotliDecompressSync(big.rawPayload).toString())).toBeTruthy();
    const small = await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-encoding': 'br' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toEqual({ ok: true });
  });

  it('keeps pdf.js and the administration screens out of the first download', async () => {
    const entry = entryFiles.map((file) => fs.readFileSync(path.join(defaultWebRoot, file), 'utf8')).join('\n');
    expect(entryFiles.length).toBeGreaterThan(0);
    // Strings only pdf.js and its viewer contain, and the names of the lazily loaded pages' files.
    expect(entry).not.toMatch(/GlobalWorkerOptions|PDFViewerApplication|pdfjs-dist|pdf\.worker/);
    expect(entryFiles.some((file) => /pdf|UsersPage|DocumentPage/.test(file))).toBe(false);
    const assets = fs.readdirSync(path.join(defaultWebRoot, 'assets'));
    expect(assets.some((file) => /^pdf-.*\.js$/.test(file))).toBe(true);
    expect(assets.some((file) => /^UsersPage-.*\.js$/.test(file))).toBe(true);
  });
});

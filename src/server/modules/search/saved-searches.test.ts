import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SavedSearch, SearchResult } from '../../../shared/search.js';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';

// Saved searches through the real HTTP API on the real database: each official keeps their own,
// runs them with the permissions they hold, and nobody else can read, run, rename or delete them.

let t: TestApp;
let documentId: string;

beforeAll(async () => {
  t = await createTestApp();
  const clerk = await t.as('vanthu');
  const created = await clerk.upload('/api/incoming-documents', {
    metadata: JSON.stringify({ issuer: 'UBND tỉnh Điện Biên', number: '77', notation: 'UBND-VX', issuedOn: '2026-01-02', documentType: 'decision', summary: 'V/v kiểm kê trạm bơm Nậm Rốm', urgency: 'urgent' }),
  }, [{ name: 'van-ban.pdf', content: await samplePdfBytes(), type: 'application/pdf' }]);
  expect(created.statusCode, created.body).toBe(201);
  documentId = created.json().id;
}, 120_000);
afterAll(async () => t?.close());

const filters = { q: 'tram bom', documentType: 'decision', urgency: 'urgent', sort: 'date' };

describe('an official keeps their searches under a name', () => {
  it('saves the words, filters and sort of a search, lists them by name, runs one, renames and deletes it', async () => {
    const clerk = await t.as('vanthu');
    const saved = await clerk.post('/api/saved-searches', { name: 'Trạm bơm — quyết định khẩn', filters });
    expect(saved.statusCode, saved.body).toBe(201);
    const mine: SavedSearch = saved.json();
    expect(mine).toMatchObject({ name: 'Trạm bơm — quyết định khẩn', filters: { ...filters } });
    expect((await clerk.post('/api/saved-searches', { name: 'Mọi văn bản', filters: { q: '' } })).statusCode).toBe(201);

    const list: SavedSearch[] = (await clerk.get('/api/saved-searches')).json();
    expect(list.map((s) => s.name)).toEqual(['Mọi văn bản', 'Trạm bơm — quyết định khẩn']);

    const run = await clerk.get(`/api/saved-searches/${mine.id}/results?page=1&pageSize=10`);
    expect(run.statusCode, run.body).toBe(200);
    const result: SearchResult & { savedSearch: SavedSearch } = run.json();
    expect(result.items.map((i) => i.id)).toEqual([documentId]);
    expect(result.savedSearch.id).toBe(mine.id);

    const renamed = await clerk.patch(`/api/saved-searches/${mine.id}`, { name: 'Trạm bơm Nậm Rốm' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ id: mine.id, name: 'Trạm bơm Nậm Rốm', filters: { ...filters } });

    expect((await clerk.delete(`/api/saved-searches/${mine.id}`)).statusCode).toBe(204);
    expect((await clerk.get('/api/saved-searches')).json().map((s: SavedSearch) => s.name)).toEqual(['Mọi văn bản']);
    expect((await clerk.get(`/api/saved-searches/${mine.id}/results`)).statusCode).toBe(404);
  });

  it('a name already used by the same official is refused with 409; another official may use it', async () => {
    const clerk = await t.as('vanthu');
    expect((await clerk.post('/api/saved-searches', { name: 'Hỏa tốc', filters: { urgency: 'flash' } })).statusCode).toBe(201);
    const again = await clerk.post('/api/saved-searches', { name: 'Hỏa tốc', filters: { urgency: 'flash' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'SAVED_SEARCH_NAME_TAKEN', message: { vi: expect.stringContaining('cùng tên'), en: expect.any(String) } });
    expect((await (await t.as('giamdoc')).post('/api/saved-searches', { name: 'Hỏa tốc', filters: { urgency: 'flash' } })).statusCode).toBe(201);
  });

  it('bad input is a 400 with the field named, and nothing is saved', async () => {
    const clerk = await t.as('vanthu');
    const before = (await clerk.get('/api/saved-searches')).json().length;
    for (const body of [{ name: '   ', filters: {} }, { name: 'x'.repeat(201), filters: {} }, { name: 'Sai', filters: { urgency: 'whenever' } }, { name: 'Thừa', filters: {}, owner: 'x' }, { filters: {} }]) {
      const response = await clerk.post('/api/saved-searches', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBeTruthy();
    }
    expect((await clerk.patch('/api/saved-searches/not-a-uuid', { name: 'a' })).statusCode).toBe(400);
    expect((await clerk.get('/api/saved-searches')).json().length).toBe(before);
  });
});

describe('a saved search is its owner\'s only', () => {
  it('another official neither lists, runs, renames nor deletes it: 404', async () => {
    const clerk = await t.as('vanthu');
    const mine: SavedSearch = (await clerk.post('/api/saved-searches', { name: 'Riêng của văn thư', filters: { q: 'tram bom' } })).json();
    for (const who of ['cv.khtc', 'giamdoc', 'vanthu.snv']) {
      const other = await t.as(who);
      expect((await other.get('/api/saved-searches')).json().map((s: SavedSearch) => s.id), who).not.toContain(mine.id);
      expect((await other.get(`/api/saved-searches/${mine.id}/results`)).statusCode, who).toBe(404);
      const rename = await other.patch(`/api/saved-searches/${mine.id}`, { name: 'Của tôi' });
      expect(rename.statusCode, who).toBe(404);
      expect(rename.json().error.code).toBe('SAVED_SEARCH_NOT_FOUND');
      expect((await other.delete(`/api/saved-searches/${mine.id}`)).statusCode, who).toBe(404);
    }
    expect((await clerk.get('/api/saved-searches')).json().find((s: SavedSearch) => s.id === mine.id)).toMatchObject({ name: 'Riêng của văn thư' });
    expect((await t.anonymous().get('/api/saved-searches')).statusCode).toBe(401);
  });

  it('run by its owner, a saved search shows only what the owner may open now', async () => {
    const specialist = await t.as('cv.khtc');
    const saved: SavedSearch = (await specialist.post('/api/saved-searches', { name: 'Trạm bơm', filters: { q: 'tram bom' } })).json();
    const run: SearchResult = (await specialist.get(`/api/saved-searches/${saved.id}/results`)).json();
    expect(run.items).toEqual([]);
    expect(run.total).toBe(0);
  });
});

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHit, SearchResult } from '../../../shared/search.js';
import { renderSamplePdf } from '../demo/demo.pdf.js';
import { extractFileText } from '../files/file-texts.js';
import { type Client, createTestApp, type TestApp } from '../../test-support/test-app.js';

// Search through the real HTTP API on the real database: a handful of documents whose files are
// read by the real text extraction, then searched as officials with different rights.

let t: TestApp;
let serial = 0;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Registered { id: string; hash: string }

/** The clerk registers an incoming document with a one-page PDF holding `body`, and its text is read. */
async function registerWithText(summary: string, body: string[], overrides: Record<string, unknown> = {}): Promise<Registered> {
  serial += 1;
  const pdf = await renderSamplePdf({ issuer: 'UBND tỉnh Điện Biên', reference: `${serial}/UBND-VX`, issuedOn: '2026-03-01', summary, signer: 'Lò Văn Tiến', body });
  const clerk = await t.as('vanthu');
  const response = await clerk.upload('/api/incoming-documents', {
    metadata: JSON.stringify({
      issuer: 'UBND tỉnh Điện Biên', number: String(200 + serial), notation: 'UBND-VX', issuedOn: '2026-03-01', documentType: 'official_letter',
      summary, signer: 'Lò Văn Tiến', urgency: 'normal', pageCount: 1, ...overrides,
    }),
  }, [{ name: 'van-ban.pdf', content: pdf, type: 'application/pdf' }]);
  expect(response.statusCode, response.body).toBe(201);
  const hash = sha256(pdf);
  // What the background job does, run here at once: the index follows file_texts by trigger.
  await extractFileText(t.database.db, t.files, hash);
  return { id: response.json().id, hash };
}

async function assignTo(id: string, username: string) {
  const director = await t.as('giamdoc');
  const clerk = await t.as('vanthu');
  expect((await clerk.post(`/api/incoming-documents/${id}/submit`, { leaderId: t.people.get('giamdoc')!.id })).statusCode).toBe(200);
  const assigned = await director.post(`/api/incoming-documents/${id}/assign`, { direction: 'Giao xử lý.', assignments: [{ role: 'lead', userId: t.people.get(username)!.id }] });
  expect(assigned.statusCode, assigned.body).toBe(200);
}

async function search(who: Client, q: string, extra = ''): Promise<SearchResult> {
  const response = await who.get(`/api/search?q=${encodeURIComponent(q)}${extra}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
const ids = (result: SearchResult) => result.items.map((i) => i.id);
const marked = (h: { text: string; highlights: [number, number][] } | null) => h?.highlights.map(([a, b]) => h.text.slice(a, b)) ?? [];

let shown: Registered; // "thể hiện", older
let world: Registered; // "thế giới", newer
let decision: Registered;
let forKhtc: Registered;
let secret: Registered;
let numbered: Registered;

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-03-02T03:00:00Z'));
  shown = await registerWithText('V/v báo cáo tình hình thể hiện trên bản đồ số', ['Đề nghị các đơn vị thể hiện đầy đủ số liệu.']);
  t.setNow(new Date('2026-03-03T03:00:00Z'));
  world = await registerWithText('V/v hội nghị thế giới số năm 2026', ['Công văn hỏa tốc gửi các sở, ban, ngành.', 'Kế hoạch chuyển đổi số của tỉnh được ban hành kèm theo.']);
  decision = await registerWithText('V/v ban hành quy chế quản lý tài liệu', ['Căn cứ quyết định số 12 của Ủy ban nhân dân tỉnh về hòa nhập cộng đồng và chăm sóc sức khỏe, thủy lợi.']);
  forKhtc = await registerWithText('V/v thẩm định dự toán kinh phí', ['Phân bổ kinh phí mua sắm máy phát điện dự phòng cho trạm bơm Nậm Rốm.']);
  await assignTo(forKhtc.id, 'cv.khtc');
  secret = await registerWithText('V/v phối hợp bảo đảm an ninh mạng', ['Danh sách máy chủ bị tấn công tại trung tâm dữ liệu Mường Phăng.'], { secrecy: 'confidential' });
  numbered = await registerWithText('V/v quyết định khen thưởng', ['Đổi số chuyển kế hoạch sang năm sau.'], { number: '123', notation: 'QĐ-UBND' });
}, 120_000);
afterAll(async () => t?.close());

describe('searching documents by their words, with or without diacritics', () => {
  it('a query typed without diacritics finds the words with them, in the summary and in the files ("quyet dinh", "cong van hoa toc")', async () => {
    const clerk = await t.as('vanthu');
    expect(ids(await search(clerk, 'quyet dinh so 12'))).toEqual([decision.id]);
    const flash = await search(clerk, 'cong van hoa toc');
    expect(ids(flash)).toEqual([world.id]);
    // "hoa" also marks the HÒA of the national motto: without diacritics it is the same word.
    expect(marked(flash.items[0]!.snippet)).toEqual(expect.arrayContaining(['Công', 'văn', 'hỏa', 'tốc']));
  });

  it('a word typed with diacritics ranks the documents holding it exactly first: "thể" above "thế", though "thế" is newer', async () => {
    const result = await search(await t.as('vanthu'), 'thể');
    expect(ids(result).slice(0, 2)).toEqual([shown.id, world.id]);
    expect(result.items.map((i) => i.exact).slice(0, 2)).toEqual([true, false]);
    // Sorted by date instead, the newer comes first.
    expect(ids(await search(await t.as('vanthu'), 'thể', '&sort=date')).indexOf(world.id)).toBeLessThan(ids(await search(await t.as('vanthu'), 'thể', '&sort=date')).indexOf(shown.id));
  });

  it('both tone placements match exactly ("hoà"/"hòa", "thuỷ"/"thủy", "khoẻ"/"khỏe"), and decomposed (NFD) input as composed', async () => {
    const clerk = await t.as('vanthu');
    for (const q of ['hoà nhập', 'thuỷ lợi', 'khoẻ', 'hòa nhập', 'quyết định số 12'.normalize('NFD')]) {
      const result = await search(clerk, q);
      expect(ids(result), q).toEqual([decision.id]);
      expect(result.items[0]!.exact, q).toBe(true);
    }
  });

  it('"đ" matches "d" and the accented query still finds the unaccented words', async () => {
    const clerk = await t.as('vanthu');
    expect(ids(await search(clerk, 'dien du phong'))).toEqual([forKhtc.id]);
    expect(ids(await search(clerk, 'điện dự phòng'))).toEqual([forKhtc.id]);
  });

  it('a phrase in quotes matches the words in that order only', async () => {
    const clerk = await t.as('vanthu');
    expect(ids(await search(clerk, '"kế hoạch chuyển đổi số"'))).toEqual([world.id]);
    expect(ids(await search(clerk, '"ke hoach chuyen doi"'))).toEqual([world.id]);
    // The same words in another order (numbered: "Đổi số chuyển kế hoạch") are not the phrase.
    const loose = await search(clerk, 'ke hoach chuyen doi');
    expect(ids(loose).sort()).toEqual([world.id, numbered.id].sort());
  });

  it('a phrase whose every pair of words is in a document, but not in one run, is not found there; dates narrow it', async () => {
    // Every syllable pair of "kế hoạch chuyển đổi số" (what the index finds) is here, the phrase is not.
    const apart = await registerWithText('Thông báo chuyển giao tài sản', ['Kế hoạch chuyển giao tài sản.', 'Lộ trình chuyển đổi số của tỉnh.']);
    const clerk = await t.as('vanthu');
    expect(ids(await search(clerk, 'ke hoach chuyen doi so')).sort()).toEqual([world.id, apart.id, numbered.id].sort());
    const phrase = await search(clerk, '"ke hoach chuyen doi so"');
    expect(ids(phrase)).toEqual([world.id]);
    expect(phrase.total).toBe(1);
    expect(ids(await search(clerk, '"ke hoach chuyen doi so"', '&from=2026-03-03'))).toEqual([world.id]);
    expect(ids(await search(clerk, '"ke hoach chuyen doi so"', '&to=2026-03-02'))).toEqual([]);
    // Two words: their pair alone ("Đổi số chuyển kế hoạch" holds both words, not the pair).
    expect(ids(await search(clerk, '"chuyển đổi"')).sort()).toEqual([world.id, apart.id].sort());
    expect(ids(await search(clerk, '"doi so chuyen"'))).toEqual([numbered.id]);
    expect(ids(await search(await t.as('giamdoc'), '"chuyen doi so" tinh')).sort()).toEqual([world.id, apart.id].sort());
  });

  it('a reference number is found exactly, "QĐ" typed as "QD" too', async () => {
    const clerk = await t.as('vanthu');
    expect(ids(await search(clerk, '123/QĐ-UBND'))).toEqual([numbered.id]);
    expect(ids(await search(clerk, '123/qd-ubnd'))).toEqual([numbered.id]);
    expect(ids(await search(clerk, '12/QD-UBND'))).toEqual([]);
  });

  it('a file whose text is corrected (as the clerk or OCR writes it) is found by its new words and no longer by the old', async () => {
    const clerk = await t.as('vanthu');
    await t.database.db.updateTable('file_texts').set({ text: 'Báo cáo kết quả nuôi trồng thủy sản vùng lòng hồ.' }).where('file_hash', '=', shown.hash).execute();
    expect(ids(await search(clerk, 'nuoi trong thuy san'))).toEqual([shown.id]);
    expect(ids(await search(clerk, 'so lieu day du'))).toEqual([]);
  });

  it('filters narrow the results and facets count per value', async () => {
    const clerk = await t.as('vanthu');
    const all = await search(clerk, 'so');
    expect(all.total).toBeGreaterThanOrEqual(3);
    expect(all.facets?.direction).toEqual([{ value: 'incoming', count: all.total }]);
    const secretOnly = await search(clerk, '', '&secrecy=confidential');
    expect(ids(secretOnly)).toEqual([secret.id]);
    expect(ids(await search(clerk, 'so', '&direction=outgoing'))).toEqual([]);
    expect(ids(await search(clerk, 'so', '&from=2026-03-03&to=2026-03-03')).length).toBe(all.total - 1);
  });

  it('each facet counts with every chosen filter but its own: choosing "secret" keeps the other secrecy values countable and narrows the other facets', async () => {
    const clerk = await t.as('vanthu');
    const all = await search(clerk, '');
    expect(all.facets.secrecy).toEqual([{ value: 'none', count: all.total - 1 }, { value: 'confidential', count: 1 }]);
    const secretOnly = await search(clerk, '', '&secrecy=confidential');
    expect(secretOnly.total).toBe(1);
    // Its own facet is counted without it: the user can switch to the other value and sees how many.
    expect(secretOnly.facets.secrecy).toEqual(all.facets.secrecy);
    // Every other facet counts only the secret document.
    expect(secretOnly.facets.direction).toEqual([{ value: 'incoming', count: 1 }]);
    expect(secretOnly.facets.status).toEqual([{ value: expect.any(String), count: 1 }]);
    // Two filters: each facet drops only its own.
    const both = await search(clerk, '', '&secrecy=confidential&direction=outgoing');
    expect(both.total).toBe(0);
    expect(both.facets.direction).toEqual([{ value: 'incoming', count: 1 }]);
    expect(both.facets.secrecy).toEqual([]);
    expect(both.facetsSampled).toEqual([]);
  });

  it('facet counts without a filter\'s own condition still hold only what the user may open', async () => {
    // The specialist of KHTC sees one document; the confidential one is not theirs: no count tells it exists.
    const specialist = await search(await t.as('cv.khtc'), '', '&secrecy=confidential');
    expect(specialist.total).toBe(0);
    expect(specialist.facets.secrecy).toEqual([{ value: 'none', count: 1 }]);
    expect((await search(await t.as('vanthu.snv'), '', '&secrecy=confidential')).facets.secrecy).toEqual([]);
  });

  it('suggestions while typing: the last word as a prefix, nothing under 2 characters', async () => {
    const clerk = await t.as('vanthu');
    const typed = (await clerk.get(`/api/search/suggest?q=${encodeURIComponent('quy che quan ly')}`)).json();
    expect(typed.map((s: SearchHit) => s.id)).toEqual([decision.id]);
    expect(marked(typed[0].summary)).toEqual(['quy', 'chế', 'quản', 'lý']);
    const prefix = (await clerk.get(`/api/search/suggest?q=${encodeURIComponent('tham đị')}`)).json();
    expect(prefix.map((s: SearchHit) => s.id)).toEqual([forKhtc.id]);
    expect(marked(prefix[0].summary)).toEqual(['thẩm', 'định']);
    expect((await clerk.get('/api/search/suggest?q=q')).json()).toEqual([]);
  });
});

describe('search shows only what the user may open', () => {
  it('a specialist searching a word only in another official\'s document gets nothing, and no count reveals it', async () => {
    const own = await search(await t.as('cv.khtc'), 'may phat dien');
    expect(ids(own)).toEqual([forKhtc.id]);
    const other = await search(await t.as('cv.cntt'), 'may phat dien');
    expect(other).toEqual({ items: [], total: 0, totalCapped: false, facets: { direction: [], documentType: [], urgency: [], secrecy: [], status: [], issuer: [] }, totalEstimate: null, facetsSampled: [], facetSample: expect.any(Number) });
    expect((await (await t.as('cv.cntt')).get(`/api/search/suggest?q=${encodeURIComponent('máy phát')}`)).json()).toEqual([]);
  });

  it('another agency\'s officials never see the documents, even its clerk and director', async () => {
    for (const who of ['vanthu.snv', 'giamdoc.snv']) {
      const result = await search(await t.as(who), '');
      expect(result.total, who).toBe(0);
      expect(ids(await search(await t.as(who), '123/QĐ-UBND')), who).toEqual([]);
    }
  });

  it('the text of a secret document\'s files is searched only for those who may open its files', async () => {
    expect(ids(await search(await t.as('vanthu'), 'may chu bi tan cong'))).toEqual([secret.id]);
    expect(ids(await search(await t.as('giamdoc'), 'Mường Phăng'))).toEqual([secret.id]);
    expect((await search(await t.as('cv.khtc'), 'may chu bi tan cong')).total).toBe(0);
  });
});

describe('the registers\' own text filter uses the same index', () => {
  it('the incoming register finds a document by a word of its files typed without diacritics, within what the user may see', async () => {
    const clerk = await t.as('vanthu');
    const found = (await clerk.get(`/api/incoming-documents?q=${encodeURIComponent('tram bom Nam Rom')}`)).json();
    expect(found.items.map((i: { id: string }) => i.id)).toEqual([forKhtc.id]);
    expect(found.total).toBe(1);
    expect((await clerk.get(`/api/incoming-documents?q=${encodeURIComponent('123/QD-UBND')}`)).json().items.map((i: { id: string }) => i.id)).toEqual([numbered.id]);
    expect((await (await t.as('cv.khtc')).get(`/api/incoming-documents?q=${encodeURIComponent('may chu bi tan cong')}`)).json().total).toBe(0);
    expect((await (await t.as('cv.khtc')).get(`/api/incoming-documents?q=${encodeURIComponent('máy phát điện')}`)).json().total).toBe(1);
  });

  it('filtered by a word, the register keeps its own order: the newest arrival first, then the highest arrival number', async () => {
    for (const who of ['vanthu', 'giamdoc']) {
      const official = await t.as(who);
      const register = (await official.get('/api/incoming-documents?pageSize=100')).json().items as { id: string; arrivalNumber: number }[];
      const filtered = (await official.get(`/api/incoming-documents?pageSize=100&q=${encodeURIComponent('V/v')}`)).json();
      const mine = new Set([shown, world, decision, forKhtc, secret, numbered].map((d) => d.id));
      expect(filtered.items.map((i: { id: string }) => i.id), who).toEqual(register.map((i) => i.id).filter((id) => mine.has(id)));
      expect(filtered.total).toBe(6);
    }
    // Five of them arrived the same day: the arrival number decides, highest first.
    const sameDay = (await (await t.as('vanthu')).get(`/api/incoming-documents?q=${encodeURIComponent('V/v')}&from=2026-03-03`)).json().items as { arrivalNumber: number }[];
    expect(sameDay.map((i) => i.arrivalNumber)).toEqual([...sameDay.map((i) => i.arrivalNumber)].sort((a, b) => b - a));
    expect(sameDay).toHaveLength(5);
  });
});

describe('hostile queries give a normal answer or a 400, never a 500', () => {
  it('tsquery syntax, NUL, lone surrogates, and a 100 KB query', async () => {
    const clerk = await t.as('vanthu');
    for (const q of ["&|!():*'\\", "thể' | 'the", '!!', "a:* & b", '<->', '"', '"""', '\'\'']) {
      const response = await clerk.get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(response.statusCode, q).toBe(200);
    }
    expect(ids(await search(clerk, "'quyết' & !'định'"))).toEqual(ids(await search(clerk, 'quyết định')));
    for (const raw of ['%00', 'a%00b', '%ED%A0%80', '%F0%9F%98', '%C3']) {
      const response = await clerk.get(`/api/search?q=${raw}`);
      expect([200, 400], raw).toContain(response.statusCode);
      expect((await clerk.get(`/api/search/suggest?q=${raw}`)).statusCode, raw).toBeLessThan(500);
    }
    const long = await clerk.get(`/api/search?q=${'a'.repeat(100_000)}`);
    expect(long.statusCode).toBe(400);
    expect(long.json().error.code).toBeTruthy();
    expect((await clerk.get(`/api/search?q=${'ab '.repeat(300)}`)).statusCode).toBe(200);
    expect((await clerk.get('/api/search?page=0')).statusCode).toBe(400);
    expect((await t.anonymous().get('/api/search?q=so')).statusCode).toBe(401);
  });
});

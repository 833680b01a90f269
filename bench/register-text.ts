// Registration throughput with the text: incoming documents registered through the HTTP API, each
// with its own one-page text PDF, until the background job has read the text and a word of its
// body is found by search (`GET /api/search`). Beside it, in the same run, the same registrations
// with nobody working the jobs (registration alone): the ratio is what reading the text adds.
// Run: npm run bench:register-text [-- --db=pglite|postgres]   BENCH_DOCS=100 (default), 4 at a time.
import { multipartBody } from '../src/server/test-support/test-app.js';
import { renderSamplePdf } from '../src/server/modules/demo/demo.pdf.js';
import { benchApp, fmt, freshDatabase, kinds, time } from './bench-support.js';

const DOCS = Number(process.env.BENCH_DOCS ?? 100);
const CONCURRENCY = 4;
/** Longest wait for one document's text to become searchable. */
const PATIENCE_MS = 120_000;

/** One page of an official letter whose body holds a word no other document has ("mabench17"). */
const marker = (run: string, n: number) => `ma${run}${n}`;
async function pdfs(run: string) {
  return Promise.all(Array.from({ length: DOCS }, (_, n) => renderSamplePdf({
    issuer: 'UBND tỉnh Điện Biên', reference: `${n + 1}/UBND-KT`, issuedOn: '2026-01-02', summary: `V/v đo hiệu năng đăng ký số ${n + 1}`, signer: 'Lò Văn Tiến',
    body: [
      `Thực hiện kế hoạch chuyển đổi số của tỉnh, Sở đề nghị các cơ quan, đơn vị rà soát hạ tầng kỹ thuật, mã kiểm tra ${marker(run, n)}.`,
      'Báo cáo kết quả về Sở Thông tin và Truyền thông trước ngày 15 tháng 3 năm 2026 để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.',
      'Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh về Sở để được hướng dẫn giải quyết.',
    ],
  })));
}

for (const kind of kinds()) {
  for (const withText of [false, true]) {
    const database = await freshDatabase(kind);
    const bench = await benchApp(database, { workers: withText, maxEventLoopDelayMs: 0 });
    const cookie = await bench.cookie('vanthu');
    const run = withText ? 'text' : 'plain';
    const files = await pdfs(run);
    let next = 0;
    const latencies: number[] = [];
    const one = async (n: number) => {
      const started = performance.now();
      const metadata = { issuer: 'UBND tỉnh Điện Biên', number: String(n + 1), notation: 'UBND-KT', issuedOn: '2026-01-02', documentType: 'official_letter', summary: `V/v đo hiệu năng đăng ký số ${n + 1}` };
      const { payload, contentType } = await multipartBody({ metadata: JSON.stringify(metadata) }, [{ name: 'van-ban.pdf', content: files[n]!, type: 'application/pdf' }]);
      const res = await bench.app.inject({ method: 'POST', url: '/api/incoming-documents', headers: { cookie, 'content-type': contentType }, payload });
      if (res.statusCode !== 201) throw new Error(res.body);
      if (withText) {
        // Searchable: the word of the body is found (the extraction job wrote file_texts, the trigger the index).
        for (;;) {
          const found = await bench.app.inject({ method: 'GET', url: `/api/search?q=${marker(run, n)}`, headers: { cookie } });
          if (found.json().total === 1) break;
          if (performance.now() - started > PATIENCE_MS) throw new Error(`document ${n} not searchable after ${PATIENCE_MS} ms`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      latencies.push(performance.now() - started);
    };
    const total = await time(() => Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (next < DOCS) await one(next++); })));
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    console.log(`${kind}, ${withText ? 'registered until searchable (text extraction working)' : 'registered only (no job worked)'}: ${DOCS} documents, ${CONCURRENCY} at a time, in ${fmt(total.ms)}: ${(DOCS / (total.ms / 1000)).toFixed(2)} documents/s; per document p50 ${fmt(at(0.5))}, p95 ${fmt(at(0.95))}`);
    await bench.close();
    await database.close();
  }
}
process.exit(0);

// The file plan screen with 5,000 planned case files (issue 13): an approved plan of 12 chapters of an
// agency (Tổng hợp, Tổ chức cán bộ, Kế hoạch - Tài chính, …) with 4 sub-headings each, 5,000 planned
// files spread over them, a fifth of them opened as case files. Measured in one run:
//   - the API the screen calls: GET /api/records/plans/:year?lineOffset=&lineLimit=50 (a page of the
//     printed lines; the office also calls GET /api/records/unplanned), and the whole plan as before
//     paging (as the office and as a specialist), p50/p95 after warm-up;
//   - the raw SQL baseline: the same rows (headings, entries with their keepers and opened files)
//     straight from the database, no HTTP, no presenting;
//   - the screen in headless Chromium: from navigation to the plan's table shown, and how many rows
//     the page holds then (it must not render 5,000 at once).
// Target: the screen shown in under 1 s. Needs the built client (npm run build).
// Run: node --import tsx bench/records-plan.ts [--db=pglite|postgres] [--entries=5000] [--repeat=20]
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { launchChromium } from '../e2e/chromium.js';
import { DEMO_PASSWORD } from '../src/server/modules/demo/demo.data.js';
import { renumberPlan } from '../src/server/modules/records/records.repository.js';
import { benchApp, fmt, freshDatabase, kinds, measurer, stats, time } from './bench-support.js';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const ENTRIES = arg('entries', 5000);
const REPEAT = arg('repeat', 20);
const YEAR = 2026;
const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/web');
if (!fs.existsSync(path.join(webRoot, 'index.html'))) throw new Error('The web client is not built: run `npm run build` first.');

const CHAPTERS: [string, string[]][] = [
  ['Tổng hợp', ['Kế hoạch, báo cáo công tác', 'Hội nghị, hội thảo', 'Thi đua, khen thưởng', 'Cải cách hành chính']],
  ['Tổ chức, cán bộ', ['Tuyển dụng, điều động', 'Đào tạo, bồi dưỡng', 'Chế độ, chính sách', 'Hồ sơ nhân sự']],
  ['Kế hoạch - Tài chính', ['Dự toán ngân sách', 'Quyết toán', 'Đầu tư công', 'Tài sản công']],
  ['Công nghệ thông tin', ['Chuyển đổi số', 'An toàn thông tin', 'Hạ tầng số', 'Chính quyền số']],
  ['Bưu chính', ['Cấp phép bưu chính', 'Dịch vụ công ích', 'Mã bưu chính', 'Kiểm tra bưu chính']],
  ['Viễn thông', ['Quản lý tần số', 'Hạ tầng viễn thông thụ động', 'Dịch vụ viễn thông', 'Số hóa truyền hình']],
  ['Báo chí, xuất bản', ['Cấp phép báo chí', 'Xuất bản, in, phát hành', 'Thông tin đối ngoại', 'Thông tin cơ sở']],
  ['Thanh tra', ['Thanh tra chuyên ngành', 'Giải quyết khiếu nại', 'Tố cáo', 'Phòng, chống tham nhũng']],
  ['Pháp chế', ['Xây dựng văn bản', 'Kiểm tra văn bản', 'Phổ biến pháp luật', 'Xử lý vi phạm hành chính']],
  ['Hợp tác quốc tế', ['Đoàn ra', 'Đoàn vào', 'Dự án ODA', 'Hội nhập quốc tế']],
  ['Văn thư, lưu trữ', ['Sổ đăng ký văn bản', 'Lưu trữ cơ quan', 'Con dấu', 'Số hóa tài liệu']],
  ['Công tác Đảng, đoàn thể', ['Chi bộ', 'Công đoàn', 'Đoàn Thanh niên', 'Cựu chiến binh']],
];
const SUBJECTS = ['Hồ sơ kế hoạch', 'Hồ sơ báo cáo', 'Hồ sơ hướng dẫn', 'Hồ sơ kiểm tra', 'Hồ sơ triển khai', 'Hồ sơ tổng kết', 'Hồ sơ đề án', 'Hồ sơ hội nghị'];
const RETENTIONS = ['permanent', '20', '10', '10', '5', '70', '50', '30'] as const;

const results: Record<string, unknown>[] = [];

for (const kind of kinds()) {
  const database = await freshDatabase(kind);
  const bench = await benchApp(database, { now: new Date('2026-12-01T02:00:00Z'), maxEventLoopDelayMs: 0, webRoot });
  const { app } = bench;
  const db = database.db;
  const clerk = await bench.cookie('vanthu');
  const call = async (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const res = await app.inject({ method, url, headers: { cookie, origin: 'http://localhost' }, ...(payload === undefined ? {} : { payload: payload as object }) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.json();
  };

  // The plan: chapters and sub-headings through the API, the 5,000 files in batches of rows, numbered by the plan's rule.
  const generated = await time(async () => {
    await call(clerk, 'POST', '/api/records/plans', { year: YEAR });
    for (const [title, subs] of CHAPTERS) {
      const top = (await call(clerk, 'POST', `/api/records/plans/${YEAR}/headings`, { title })).headings.find((h: { parentId: string | null; title: string }) => !h.parentId && h.title === title)!;
      for (const sub of subs) await call(clerk, 'POST', `/api/records/plans/${YEAR}/headings`, { parentId: top.id, title: sub }).catch((e) => { throw new Error(`${title} / ${sub} / ${JSON.stringify(top)}: ${e}`); });
    }
    const agencyId = (await db.selectFrom('users').select('agency_id').where('username', '=', 'vanthu').executeTakeFirstOrThrow()).agency_id;
    const plan = await db.selectFrom('record_plans').select('id').where('agency_id', '=', agencyId).where('year', '=', YEAR).executeTakeFirstOrThrow();
    const headings = await db.selectFrom('record_headings').select(['id', 'parent_id', 'title']).where('plan_id', '=', plan.id).where('parent_id', 'is not', null).execute();
    const units = await db.selectFrom('units').select('id').where('agency_id', '=', agencyId).execute();
    const people = await db.selectFrom('users').select(['id', 'unit_id']).where('agency_id', '=', agencyId).where('active', '=', true).execute();
    const rows = Array.from({ length: ENTRIES }, (_, i) => {
      const h = headings[i % headings.length]!;
      const unit = units[i % units.length]!;
      return {
        plan_id: plan.id, heading_id: h.id, top_heading_id: h.parent_id!, number: 1, notation: i % 7 === 0 ? 'VP' : null,
        title: `${SUBJECTS[i % SUBJECTS.length]} ${h.title.toLocaleLowerCase('vi')} năm ${YEAR} (${Math.floor(i / headings.length) + 1})`,
        retention: RETENTIONS[i % RETENTIONS.length]!, access_regime: i % 11 === 0 ? 'conditional' : 'public',
        keeper_unit_id: unit.id, keeper_user_id: i % 3 === 0 ? people.find((p) => p.unit_id === unit.id)?.id ?? null : null,
      };
    });
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('record_plan_entries').values(rows.slice(i, i + 500)).execute();
    await renumberPlan(db, plan.id, 'plan');
    await call(await bench.cookie('giamdoc'), 'POST', `/api/records/plans/${YEAR}/approve`);
    // A fifth of them opened as case files by someone of the keeper unit.
    const entries = await db.selectFrom('record_plan_entries').select(['id', 'number', 'notation', 'title', 'retention', 'access_regime', 'keeper_unit_id', 'keeper_user_id'])
      .where('plan_id', '=', plan.id).orderBy('number').execute();
    const opened = entries.filter((_, i) => i % 5 === 0).map((e) => {
      const keeper = e.keeper_user_id ?? people.find((p) => p.unit_id === e.keeper_unit_id)?.id ?? people[0]!.id;
      return {
        agency_id: agencyId, plan_entry_id: e.id, year: YEAR, code: `BENCH.${YEAR}.${String(e.number).padStart(2, '0')}${e.notation ? `.${e.notation}` : ''}`, title: e.title,
        retention: e.retention, access_regime: e.access_regime, keeper_id: keeper, keeper_unit_id: e.keeper_unit_id,
      };
    });
    for (let i = 0; i < opened.length; i += 500) await db.insertInto('case_files').values(opened.slice(i, i + 500)).execute();
    await sql`ANALYZE`.execute(db);
    return { planId: plan.id, opened: opened.length };
  });

  const measure = measurer(bench, REPEAT);
  const planUrl = `/api/records/plans/${YEAR}`;
  // What the screen asks for now: the first page of the printed lines (50); and the whole plan (the print, the spreadsheet, before paging).
  const pageUrl = `${planUrl}?lineOffset=0&lineLimit=50`;
  const pageAsClerk = await measure('GET plan page (office)', 'vanthu', pageUrl);
  const lastPageAsClerk = await measure('GET plan last page (office)', 'vanthu', `${planUrl}?lineOffset=5000&lineLimit=50`);
  const pageSize = (await app.inject({ method: 'GET', url: pageUrl, headers: { cookie: clerk } })).body.length;
  const planAsClerk = await measure('GET plan (office)', 'vanthu', planUrl);
  const unplannedAsClerk = await measure('GET unplanned (office)', 'vanthu', `/api/records/unplanned?year=${YEAR}`);
  const planAsSpecialist = await measure('GET plan (specialist)', 'cv.cntt', planUrl);
  const size = (await app.inject({ method: 'GET', url: planUrl, headers: { cookie: clerk } })).body.length;
  // The baseline: the rows the plan is made of, straight from the database.
  const planId = generated.result.planId;
  const baseline = await measure('raw SQL (headings + entries)', null, async () => {
    const [h, e] = await Promise.all([
      sql`SELECT * FROM record_headings WHERE plan_id = ${planId} ORDER BY position, created_at`.execute(db),
      sql`SELECT e.*, top.code AS top_code, ku.name AS keeper_unit_name, kp.full_name AS keeper_user_name, f.id AS file_id, f.code AS file_code, f.status AS file_status, fk.full_name AS file_keeper_name
          FROM record_plan_entries e JOIN record_headings h ON h.id = e.heading_id JOIN record_headings top ON top.id = e.top_heading_id
          LEFT JOIN units ku ON ku.id = e.keeper_unit_id LEFT JOIN users kp ON kp.id = e.keeper_user_id
          LEFT JOIN case_files f ON f.plan_entry_id = e.id LEFT JOIN users fk ON fk.id = f.keeper_id
          WHERE e.plan_id = ${planId}
          ORDER BY top.position, CASE WHEN h.id = top.id THEN 0 ELSE h.position END, e.number, e.created_at`.execute(db),
    ]);
    return { total: h.rows.length + e.rows.length };
  });

  // The baseline of a page: the headings with their counts and 50 entries, straight from the database.
  const pageBaseline = await measure('raw SQL (page: headings, counts, 50 entries)', null, async () => {
    const [h, c, e] = await Promise.all([
      sql`SELECT * FROM record_headings WHERE plan_id = ${planId} ORDER BY position, created_at`.execute(db),
      sql`SELECT heading_id, count(*) FROM record_plan_entries WHERE plan_id = ${planId} GROUP BY heading_id`.execute(db),
      sql`SELECT e.*, top.code AS top_code, ku.name AS keeper_unit_name, kp.full_name AS keeper_user_name, f.id AS file_id, f.code AS file_code, f.status AS file_status, fk.full_name AS file_keeper_name
          FROM record_plan_entries e JOIN record_headings h ON h.id = e.heading_id JOIN record_headings top ON top.id = e.top_heading_id
          LEFT JOIN units ku ON ku.id = e.keeper_unit_id LEFT JOIN users kp ON kp.id = e.keeper_user_id
          LEFT JOIN case_files f ON f.plan_entry_id = e.id LEFT JOIN users fk ON fk.id = f.keeper_id
          WHERE e.plan_id = ${planId}
          ORDER BY top.position, CASE WHEN h.id = top.id THEN 0 ELSE h.position END, e.number, e.created_at, e.id LIMIT 48`.execute(db),
    ]);
    return { total: h.rows.length + c.rows.length + e.rows.length };
  });

  // The screen in Chromium: a signed-in office PC opens the plan; time until its table's first rows are shown.
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  const screen: number[] = [];
  const shell: number[] = [];
  let rendered = 0;
  let cold = 0;
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', reducedMotion: 'reduce' });
    const login = await context.request.post(`${base}/api/auth/login`, { data: { username: 'vanthu', password: DEMO_PASSWORD } });
    if (!login.ok()) throw new Error(`sign-in: ${login.status()}`);
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    for (let i = 0; i < 6; i++) {
      const begun = performance.now();
      await page.goto(`${base}/records/plan`, { waitUntil: 'commit' });
      // The app's frame and the page's title (shown while the plan loads), then the plan's table.
      await page.getByTestId('page-title').waitFor({ state: 'visible' });
      if (i > 0) shell.push(performance.now() - begun);
      await page.locator(`[data-testid="plan-entries-${YEAR}"] tr.ant-table-row`).nth(10).waitFor({ state: 'visible' });
      const ms = performance.now() - begun;
      if (i === 0) cold = ms; else screen.push(ms);
      rendered = await page.locator(`[data-testid="plan-entries-${YEAR}"] tbody tr`).count();
    }
    await page.screenshot({ path: path.join(os.tmpdir(), `records-plan-${kind}.png`) });
    await context.close();
  } finally {
    await browser.close();
  }
  const shown = stats(screen);
  const row = {
    database: kind, entries: ENTRIES, openedFiles: generated.result.opened, generateS: +(generated.ms / 1000).toFixed(1), planJsonKb: Math.round(size / 1024),
    pageOffice: `${fmt(pageAsClerk.p50)} / ${fmt(pageAsClerk.p95)}`, lastPageOffice: `${fmt(lastPageAsClerk.p50)} / ${fmt(lastPageAsClerk.p95)}`, pageJsonKb: Math.round(pageSize / 1024),
    planOffice: `${fmt(planAsClerk.p50)} / ${fmt(planAsClerk.p95)}`, unplannedOffice: `${fmt(unplannedAsClerk.p50)} / ${fmt(unplannedAsClerk.p95)}`,
    planSpecialist: `${fmt(planAsSpecialist.p50)} / ${fmt(planAsSpecialist.p95)}`, rawSql: `${fmt(baseline.p50)} / ${fmt(baseline.p95)}`, rawSqlPage: `${fmt(pageBaseline.p50)} / ${fmt(pageBaseline.p95)}`,
    screenColdMs: Math.round(cold), shellWarmP50Ms: Math.round(stats(shell).p50), screenWarmP50Ms: Math.round(shown.p50), screenWarmMaxMs: Math.round(screen.reduce((a, b) => Math.max(a, b), 0)), rowsInPage: rendered,
    loadAverage: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
  console.log(JSON.stringify(row));
  results.push(row);
  await bench.close();
  await database.close();
}
console.table(results);
process.exit(0);

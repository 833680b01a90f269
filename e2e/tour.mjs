// Screenshots of screens, for looking at the UI by eye (not a test). Against a running server:
//   BASE=http://localhost:3200 OUT=/tmp/shots W=390 H=844 SUFFIX=-m node --import tsx e2e/tour.mjs \
//     '[{"user":"vanthu","pages":[{"name":"inbox","url":"/inbox/todo"},{"name":"doc","url":"/inbox/todo","clicks":["[data-testid=document-link]"],"full":true}]}]'
// Each step signs in as `user` (demo password; null = signed out) and visits its pages; `eval` runs
// a script in the page first, `clicks` are selectors clicked in order, `full` takes the whole page.
// The same Chromium as the browser tests (CHROMIUM_PATH, else /usr/bin/chromium, else the npm one).
import { launchChromium } from './chromium.ts';
const base = process.env.BASE ?? 'http://localhost:3200';
const out = process.env.OUT ?? '/tmp/shots';
const width = Number(process.env.W ?? 1366);
const height = Number(process.env.H ?? 900);
const browser = await launchChromium();
const steps = JSON.parse(process.argv[2]);
const suffix = process.env.SUFFIX ?? '';
for (const { user, pages } of steps) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'vi-VN', deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log(`[${user}] console.${m.type()}: ${m.text().slice(0, 300)}`); });
  page.on('pageerror', (e) => console.log(`[${user}] pageerror: ${e.message}`));
  if (user) {
    const r = await context.request.post(`${base}/api/auth/login`, { data: { username: user, password: 'VanPhong@2026' } });
    if (!r.ok()) console.log('login failed', user, r.status());
  }
  for (const p of pages) {
    await page.goto(base + p.url);
    await page.waitForLoadState('networkidle');
    if (p.eval) await page.evaluate(p.eval);
    for (const selector of p.clicks ?? (p.click ? [p.click] : [])) { await page.locator(selector).first().click(); await page.waitForTimeout(700); }
    await page.waitForTimeout(p.wait ?? 500);
    await page.screenshot({ path: `${out}/${p.name}${suffix}.png`, fullPage: p.full ?? false });
    console.log('shot', p.name);
  }
  await context.close();
}
await browser.close();

// The month view of a busy leader's calendar (issue 12): `giamdoc` with 250 single events, 20 daily
// and 30 weekly series, and 4 published weekly schedules of 25 entries each naming him; times
// GET /api/personal-calendar/items for the month (what the month view asks: 6 weeks) and the
// iCalendar export (60 days back, 365 ahead). `npm run bench:calendar [-- --db=pglite|postgres]`.
import { shiftDay } from '../src/server/modules/calendar/calendar.holidays.js';
import { benchApp, fmt, freshDatabase, kinds, measurer } from './bench-support.js';

const NOW = new Date('2026-12-01T02:00:00Z');

for (const kind of kinds()) {
  const database = await freshDatabase(kind);
  const bench = await benchApp(database, { now: NOW, maxEventLoopDelayMs: 0 });
  const db = database.db;
  const leader = await db.selectFrom('users').select(['id', 'agency_id']).where('username', '=', 'giamdoc').executeTakeFirstOrThrow();
  const clerk = await db.selectFrom('users').select('id').where('username', '=', 'vanthu').executeTakeFirstOrThrow();
  const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+07:00`);
  const day = (n: number) => shiftDay('2026-11-30', n);
  const events = [
    ...Array.from({ length: 250 }, (_, i) => ({ title: `Việc riêng ${i}`, starts_at: at(day(i % 42), 7 + (i % 10)), ends_at: at(day(i % 42), 8 + (i % 10)), reminder_minutes: 15 })),
    ...Array.from({ length: 20 }, (_, i) => ({ title: `Hằng ngày ${i}`, starts_at: at(day(-30), 6 + (i % 12)), ends_at: at(day(-30), 7 + (i % 12)), repeat_freq: 'daily' as const, repeat_until: day(120) })),
    ...Array.from({ length: 30 }, (_, i) => ({ title: `Hằng tuần ${i}`, starts_at: at(day(i % 7), 8 + (i % 9)), ends_at: at(day(i % 7), 9 + (i % 9)), repeat_freq: 'weekly' as const, repeat_until: day(365) })),
  ].map((e) => ({ ...e, agency_id: leader.agency_id, owner_id: leader.id }));
  await db.insertInto('personal_events').values(events).execute();
  for (let w = 0; w < 4; w++) {
    const schedule = await db.insertInto('work_schedules').values({ agency_id: leader.agency_id, week_start: day(7 * w), status: 'published', version: 1, created_by: clerk.id, published_at: NOW })
      .returning('id').executeTakeFirstOrThrow();
    await db.insertInto('work_schedule_entries').values(Array.from({ length: 25 }, (_, i) => ({
      schedule_id: schedule.id, day: day(7 * w + (i % 5)), session: i % 2 ? 'afternoon' as const : 'morning' as const, leader_ids: [leader.id], content: `Nội dung ${w}-${i}`,
    }))).execute();
  }
  const measure = measurer(bench, 20);
  const month = await measure('month view (6 weeks)', 'giamdoc', '/api/personal-calendar/items?from=2026-11-30&to=2027-01-10');
  const items = (await bench.app.inject({ method: 'GET', url: '/api/personal-calendar/items?from=2026-11-30&to=2027-01-10', headers: { cookie: await bench.cookie('giamdoc') } })).json() as unknown[];
  const ics = await measure('export.ics (425 days)', 'giamdoc', async () => (await bench.app.inject({ method: 'GET', url: '/api/personal-calendar/export.ics', headers: { cookie: await bench.cookie('giamdoc') } })).body);
  console.log(`${kind}: month view ${items.length} items p50 ${fmt(month.p50)} p95 ${fmt(month.p95)}; export.ics p50 ${fmt(ics.p50)} p95 ${fmt(ics.p95)}`);
  await bench.close();
  await database.close();
}

// Notification fan-out: one change notifies N officials, each with a browser holding the live
// stream (GET /api/notifications/stream). Measures the time from the start of the transaction that
// writes the notices until each stream has received its `notification` event: p50/p95/max over
// the N streams, for N = 1 (the baseline) and N = 500, on each database (PGlite: in-process bus;
// PostgreSQL: NOTIFY at commit, heard by the server's LISTEN connection).
// `npm run bench:notify [-- --db=pglite|postgres]`.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sessionIdOf } from '../src/server/modules/auth/auth.service.js';
import { openNotificationBus } from '../src/server/modules/notifications/notifications.bus.js';
import { notify } from '../src/server/modules/notifications/notifications.service.js';
import { benchApp, fmt, freshDatabase, kinds, stats } from './bench-support.js';

const SIZES = [1, 500];
const ROUNDS = 3;

async function officials(db: Awaited<ReturnType<typeof freshDatabase>>['db'], count: number) {
  const model = await db.selectFrom('users').selectAll().where('username', '=', 'cv.cntt').executeTakeFirstOrThrow();
  const rows = Array.from({ length: count }, (_, i) => ({
    agency_id: model.agency_id, unit_id: model.unit_id, username: `bench.${i}`, full_name: `Cán bộ thử ${i}`, position: 'specialist',
    roles: ['specialist'], password_hash: model.password_hash,
  }));
  const users = await db.insertInto('users').values(rows).returning(['id', 'agency_id']).execute();
  const cookies: string[] = [];
  for (const user of users) {
    const token = randomBytes(32).toString('base64url');
    await db.insertInto('sessions').values({ id: sessionIdOf(token), user_id: user.id, expires_at: new Date(Date.now() + 3600_000), ip: null, user_agent: 'bench' }).execute();
    cookies.push(`vp_session=${token}`);
  }
  return { users, cookies };
}

/** How many streams are opened at once (BENCH_OPEN_BATCH): a reconnection storm opens many together. */
const OPEN_BATCH = Number(process.env.BENCH_OPEN_BATCH ?? 50);

/** A stream that calls `onNotice` at each `notification` event; null when the server refused it (503). */
async function openStream(url: string, cookie: string, onNotice: () => void, openTimes: number[]) {
  const controller = new AbortController();
  const began = performance.now();
  const response = await fetch(url, { headers: { cookie }, signal: controller.signal });
  if (response.status !== 200) {
    await response.body?.cancel();
    return null;
  }
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let opened: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => { opened = resolve; });
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done || value === undefined) return;
      // The stream is open at its first line (`retry:`; before, the menu counts came first).
      if (value.includes('retry:')) opened();
      if (value.includes('event: notification')) onNotice();
    }
  })();
  await ready;
  openTimes.push(performance.now() - began);
  return () => controller.abort();
}

for (const kind of kinds()) {
  const database = await freshDatabase(kind);
  const bus = await openNotificationBus(database);
  const bench = await benchApp(database);
  await bench.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(bench.app.server.address() as AddressInfo).port}/api/notifications/stream`;
  const { users, cookies } = await officials(database.db, Math.max(...SIZES));
  for (const size of SIZES) {
    let arrivals: number[] = [];
    let expected = size;
    let start = 0;
    let all: () => void = () => undefined;
    const opening = performance.now();
    const closers: (() => void)[] = [];
    const openTimes: number[] = [];
    let refused = 0;
    const onNotice = () => {
      arrivals.push(performance.now() - start);
      if (arrivals.length === expected) all();
    };
    const open: string[] = [];
    for (let i = 0; i < size; i += OPEN_BATCH) {
      const batch = cookies.slice(i, Math.min(size, i + OPEN_BATCH));
      const results = await Promise.all(batch.map((cookie) => openStream(url, cookie, onNotice, openTimes)));
      results.forEach((close, j) => {
        if (close) { closers.push(close); open.push(batch[j]!); } else refused += 1;
      });
    }
    const openMs = performance.now() - opening;
    expected = open.length;
    const receivers = users.filter((_, i) => open.includes(cookies[i]!));
    const rounds: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      arrivals = [];
      const done = new Promise<void>((resolve) => { all = resolve; });
      start = performance.now();
      await database.db.transaction().execute((tx) => notify(tx, null, receivers.map((u) => ({
        agencyId: u.agency_id, recipientId: u.id, kind: 'urgent_document' as const, params: { summary: 'V/v thử tải thông báo', reference: '1/UBND', urgency: 'flash' },
      }))));
      const committed = performance.now() - start;
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 60_000))]);
      const s = stats(arrivals);
      rounds.push(`round ${round + 1}: commit ${fmt(committed)}, received ${arrivals.length}/${expected}, p50 ${fmt(s.p50)}, p95 ${fmt(s.p95)}, max ${fmt(Math.max(...arrivals))}`);
    }
    const o = stats(openTimes);
    console.log(`${kind}: ${size} streams opened ${OPEN_BATCH} at a time in ${fmt(openMs)} (each: p50 ${fmt(o.p50)}, p95 ${fmt(o.p95)}), refused ${refused}:\n  ${rounds.join('\n  ')}`);
    for (const close of closers) close();
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  await bench.close();
  await bus.close();
  await database.close();
}
process.exit(0);

// Notification fan-out: one change notifies N officials, each with a browser holding the live
// stream (GET /api/notifications/stream). Measures the time from the start of the transaction that
// writes the notices until each stream has received its `notification` event: p50/p95/max over
// the N streams, for N = 1 (the baseline) and N = 500, on each database (PGlite: in-process bus;
// PostgreSQL: NOTIFY at commit, heard by the server's LISTEN connection).
// `npm run bench:notify [-- --db=pglite|postgres]`.
import type { AddressInfo } from 'node:net';
import { openNotificationBus } from '../src/server/modules/notifications/notifications.bus.js';
import { notify } from '../src/server/modules/notifications/notifications.service.js';
import { benchApp, fmt, freshDatabase, kinds, stats } from './bench-support.js';
import { arrivalRounds, openStream, streamOfficials } from './streams.js';

const SIZES = [1, 500];
const ROUNDS = 3;

/** How many streams are opened at once (BENCH_OPEN_BATCH): a reconnection storm opens many together. */
const OPEN_BATCH = Number(process.env.BENCH_OPEN_BATCH ?? 50);

for (const kind of kinds()) {
  const database = await freshDatabase(kind);
  const bus = await openNotificationBus(database);
  const bench = await benchApp(database);
  await bench.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(bench.app.server.address() as AddressInfo).port}/api/notifications/stream`;
  const { users, cookies } = await streamOfficials(database.db, 'bench', Math.max(...SIZES));
  for (const size of SIZES) {
    const timing = arrivalRounds();
    const opening = performance.now();
    const closers: (() => void)[] = [];
    const openTimes: number[] = [];
    let refused = 0;
    const open: string[] = [];
    for (let i = 0; i < size; i += OPEN_BATCH) {
      const batch = cookies.slice(i, Math.min(size, i + OPEN_BATCH));
      const results = await Promise.all(batch.map((cookie) => openStream(url, cookie, (text) => { if (text.includes('event: notification')) timing.arrived(); })));
      results.forEach((stream, j) => {
        if (stream) { closers.push(stream.close); openTimes.push(stream.openMs); open.push(batch[j]!); } else refused += 1;
      });
    }
    const openMs = performance.now() - opening;
    const receivers = users.filter((_, i) => open.includes(cookies[i]!));
    const rounds: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      rounds.push(await timing.round(`round ${round + 1}: commit`, open.length, () => database.db.transaction().execute((tx) => notify(tx, null, receivers.map((u) => ({
        agencyId: u.agency_id, recipientId: u.id, kind: 'urgent_document' as const, params: { summary: 'V/v thử tải thông báo', reference: '1/UBND', urgency: 'flash' },
      }))))));
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

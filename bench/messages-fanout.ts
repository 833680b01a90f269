// Message delivery to the open browsers of a group's members (issue 12): a group of N officials,
// each holding the live stream (GET /api/notifications/stream); one member posts a message. Measures
// the time from the start of the post (the transaction inserting the message and publishing its
// event) until each member's stream has received its `message` event: p50/p95/max over the N
// streams, for N = 1 and N = 200, on each database (PGlite: in-process bus; PostgreSQL: NOTIFY at
// commit, heard by the server's LISTEN connection; the stream checks membership in SQL per event).
// `node --import tsx bench/messages-fanout.ts [-- --db=pglite|postgres]`.
import type { AddressInfo } from 'node:net';
import { toCurrentUser } from '../src/server/modules/auth/current-user.js';
import { createConversation, postMessage } from '../src/server/modules/messages/messages.service.js';
import { openNotificationBus } from '../src/server/modules/notifications/notifications.bus.js';
import { systemClock } from '../src/server/time.js';
import { benchApp, fmt, freshDatabase, kinds, stats } from './bench-support.js';
import { arrivalRounds, openStream, streamOfficials } from './streams.js';

const SIZES = [1, 200];
const ROUNDS = 3;
const OPEN_BATCH = 50;

for (const kind of kinds()) {
  const database = await freshDatabase(kind);
  const bus = await openNotificationBus(database);
  // A loaded machine must not answer the stream openings 503 (the event-loop check is off).
  const bench = await benchApp(database, { maxEventLoopDelayMs: 0 });
  await bench.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(bench.app.server.address() as AddressInfo).port}/api/notifications/stream`;
  const db = database.db;
  const { model, users, cookies } = await streamOfficials(db, 'chat', Math.max(...SIZES));
  const sender = toCurrentUser(model);
  const deps = { db, clock: systemClock, files: null as never };
  const ctx = { user: sender, ip: '127.0.0.1', userAgent: 'bench' };
  for (const size of SIZES) {
    const opening = performance.now();
    const { conversation } = await createConversation(deps, ctx, { kind: 'group', name: `Nhóm ${size}`, memberIds: users.slice(0, size).map((u) => u.id) });
    const timing = arrivalRounds();
    const closers: (() => void)[] = [];
    for (let i = 0; i < size; i += OPEN_BATCH) {
      await Promise.all(cookies.slice(i, Math.min(size, i + OPEN_BATCH)).map(async (cookie) => {
        const stream = await openStream(url, cookie, (text) => {
          if (text.includes('event: message') && text.includes('"messageId":"')) timing.arrived();
        });
        if (!stream) throw new Error('stream refused: 503');
        closers.push(stream.close);
      }));
    }
    const lines: string[] = [`${size} streams opened in ${fmt(performance.now() - opening)}`];
    for (let round = 0; round < ROUNDS; round++) {
      lines.push(await timing.round(`round ${round + 1}: post`, size, () => postMessage(deps, ctx, conversation.id, { text: `Tin nhắn thử tải số ${round + 1}`, link: null })));
    }
    console.log(`${kind}: ${size} members with an open stream:\n  ${lines.join('\n  ')}`);
    for (const close of closers) close();
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  await bench.close();
  await bus.close();
  await database.close();
}
process.exit(0);

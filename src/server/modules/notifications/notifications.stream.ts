/**
 * GET /api/notifications/stream: server-sent events to every open browser of an official.
 *
 * Opening a stream costs no query of its own: the page has just fetched its menu counts, so the
 * stream's first `counts` event (inbox, outgoing, unread notices) follows a moment later, computed in
 * the background with the others (at most COUNTS_CONCURRENCY officials' counts at a time, so a storm
 * of reconnections or a change seen by many never takes every database connection). Then `counts`
 * whenever a document they are involved in changed; a change of an exchange delivery they may follow
 * as an `exchange` event (the screens concerned refetch); each new notice as a `notification` event at
 * once, followed by `unread` (the new number of unread notices, one grouped query for all the
 * recipients); `resync` asks the browser to refetch (this server's LISTEN connection was
 * re-established and may have missed events).
 * A comment line every HEARTBEAT_MS keeps proxies from closing an idle stream and lets us notice
 * ended sessions (logout, password change, deactivation), whose streams close.
 *
 * Backpressure: a slow browser's socket buffer is never allowed to grow without bound. Counts are
 * coalesced (only the latest matters), and a stream whose unsent buffer passes MAX_BUFFERED_BYTES
 * is closed: the browser reconnects and refetches.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import type { PushedCounts } from '../../../shared/notifications.js';
import { type Clock, vietnamDate } from '../../time.js';
import type { CurrentUser } from '../auth/current-user.js';
import { createIncomingRepository } from '../incoming/incoming.repository.js';
import { outgoingCounts } from '../outgoing/outgoing.repository.js';
import { exchangeAudience } from '../exchange/exchange.live.js';
import { onlineMembers } from '../messages/messages.repository.js';
import type { BusEvent, NotificationBus } from './notifications.bus.js';
import * as repo from './notifications.repository.js';

export const HEARTBEAT_MS = 25_000;
const MAX_BUFFERED_BYTES = 256 * 1024;
/** Count changes of one official within this window are sent once. */
const COUNTS_COALESCE_MS = 50;
/** A new stream's first counts wait this long (a burst of opens is spread; the page has its own). */
const OPEN_COUNTS_DELAY_MS = 500;
/** Officials whose menu is recounted at the same time, on this server. */
const COUNTS_CONCURRENCY = 2;

interface Stream {
  user: CurrentUser;
  session: string;
  res: ServerResponse;
  closed: boolean;
}

export interface StreamHub {
  open(request: FastifyRequest, reply: FastifyReply, user: CurrentUser, session: string): Promise<void>;
  /** Open streams on this server (for tests and the benchmark). */
  size(): number;
  close(): void;
}

export function createStreamHub(deps: { db: Db; clock: Clock; bus: NotificationBus; log?: (message: string, error?: unknown) => void }): StreamHub {
  const byUser = new Map<string, Set<Stream>>();
  const pendingCounts = new Map<string, ReturnType<typeof setTimeout>>();
  const log = deps.log ?? (() => undefined);

  const write = (stream: Stream, chunk: string) => {
    if (stream.closed) return;
    if (stream.res.writableLength > MAX_BUFFERED_BYTES) {
      end(stream);
      return;
    }
    stream.res.write(chunk);
  };
  const send = (stream: Stream, event: string, data: unknown) => write(stream, `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

  const end = (stream: Stream) => {
    if (stream.closed) return;
    stream.closed = true;
    const set = byUser.get(stream.user.id);
    set?.delete(stream);
    if (set && !set.size) byUser.delete(stream.user.id);
    stream.res.end();
  };

  async function countsFor(user: CurrentUser): Promise<PushedCounts> {
    const [inbox, outgoing, unread] = await Promise.all([
      createIncomingRepository(deps.db).inboxCounts(user, vietnamDate(deps.clock.now())),
      outgoingCounts(deps.db, user),
      repo.unreadCount(deps.db, user.id),
    ]);
    return { inbox, outgoing, unread };
  }

  // Officials waiting for a recount, first come first served, each once.
  const countQueue = new Set<string>();
  let counting = 0;
  const drainCounts = () => {
    while (counting < COUNTS_CONCURRENCY && countQueue.size) {
      const userId = countQueue.values().next().value!;
      countQueue.delete(userId);
      const streams = byUser.get(userId);
      if (!streams?.size) continue;
      const user = streams.values().next().value!.user;
      counting += 1;
      countsFor(user)
        .then((counts) => { for (const stream of byUser.get(userId) ?? []) send(stream, 'counts', counts); })
        .catch((error: unknown) => log('notification stream: counts failed', error))
        .finally(() => { counting -= 1; drainCounts(); });
    }
  };

  /** Recounts an official's menu once for all their streams, a moment later (changes come in bursts). */
  const refreshCounts = (userId: string, delayMs = COUNTS_COALESCE_MS) => {
    if (pendingCounts.has(userId) || countQueue.has(userId) || !byUser.has(userId)) return;
    pendingCounts.set(userId, setTimeout(() => {
      pendingCounts.delete(userId);
      countQueue.add(userId);
      drainCounts();
    }, delayMs));
  };

  async function onEvent(event: BusEvent) {
    switch (event.t) {
      case 'n': {
        const notices = await repo.byIdsFor(deps.db, event.ids, [...byUser.keys()]);
        for (const { recipientId, ...notice } of notices) {
          for (const stream of byUser.get(recipientId) ?? []) send(stream, 'notification', notice);
        }
        // The bell's number, for all of them in one query; inbox counts follow the document's own event.
        const recipients = [...new Set(notices.map((n) => n.recipientId))];
        if (!recipients.length) return;
        for (const { recipientId, unread } of await repo.unreadCounts(deps.db, recipients)) {
          for (const stream of byUser.get(recipientId) ?? []) send(stream, 'unread', { unread });
        }
        return;
      }
      case 'd':
        for (const userId of await repo.involvedUsers(deps.db, event.id, [...byUser.keys()])) refreshCounts(userId);
        return;
      case 'u':
        refreshCounts(event.id);
        return;
      case 'x': {
        const online = [...byUser.values()].map((set) => set.values().next().value!.user);
        for (const [userId, changes] of await exchangeAudience(deps.db, event.ids, online)) {
          for (const stream of byUser.get(userId) ?? []) for (const change of changes) send(stream, 'exchange', change);
        }
        return;
      }
      case 'end':
        for (const set of [...byUser.values()]) for (const stream of [...set]) if (stream.session === event.session) end(stream);
        return;
      case 'resync':
        for (const set of byUser.values()) for (const stream of set) send(stream, 'resync', {});
        return;
      case 'm':
        // Membership is checked now, in SQL: whoever left or was removed gets nothing more.
        for (const userId of await onlineMembers(deps.db, event.conversation, [...byUser.keys()])) {
          for (const stream of byUser.get(userId) ?? []) send(stream, 'message', { conversationId: event.conversation, messageId: event.message });
        }
        return;
    }
  }

  const unsubscribe = deps.bus.subscribe((event) => {
    onEvent(event).catch((error: unknown) => log('notification stream: event failed', error));
  });

  // Heartbeats, and the end of streams whose session ended elsewhere (expiry, password change).
  const heartbeat = setInterval(() => {
    const streams = [...byUser.values()].flatMap((set) => [...set]);
    if (!streams.length) return;
    for (const stream of streams) write(stream, ': heartbeat\n\n');
    const sessions = [...new Set(streams.map((s) => s.session))];
    deps.db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id').select('sessions.id').where('sessions.id', 'in', sessions)
      .where('sessions.expires_at', '>', new Date()).where('users.active', '=', true).execute()
      .then((live) => {
        const alive = new Set(live.map((r) => r.id));
        for (const stream of streams) if (!alive.has(stream.session)) end(stream);
      })
      .catch((error: unknown) => log('notification stream: session check failed', error));
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    async open(request, reply, user, session) {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        // nginx and similar proxies would otherwise buffer the stream.
        'X-Accel-Buffering': 'no',
      });
      const stream: Stream = { user, session, res, closed: false };
      if (!byUser.has(user.id)) byUser.set(user.id, new Set());
      byUser.get(user.id)!.add(stream);
      // The browser waits this long before reconnecting after a drop.
      res.write('retry: 3000\n\n');
      request.raw.on('close', () => end(stream));
      refreshCounts(user.id, OPEN_COUNTS_DELAY_MS);
    },
    size: () => [...byUser.values()].reduce((n, set) => n + set.size, 0),
    close() {
      clearInterval(heartbeat);
      unsubscribe();
      for (const timer of pendingCounts.values()) clearTimeout(timer);
      countQueue.clear();
      for (const set of [...byUser.values()]) for (const stream of [...set]) end(stream);
    },
  };
}

/**
 * How a change reaches every server that holds an open browser of the people concerned.
 *
 * Only ids travel (a NOTIFY payload must stay under 8000 bytes; each server reads what it needs):
 * - `n`: notifications were created (their ids);
 * - `d`: a document changed (its id): the menu counts of those involved may have changed;
 * - `u`: one official's counts changed (they read their notices in another browser);
 * - `x`: exchange deliveries changed state (their ids): the sender's receivers and the receiving
 *   clerk's queue refetch (a status row was written: arrival, acceptance, assignment, recall…);
 * - `end`: a session ended (its id): its streams close;
 * - `m`: a conversation changed (a new message, members, read positions): its members' screens refetch.
 *
 * PostgreSQL: `pg_notify` inside the caller's transaction (delivered at commit, never for a rolled
 * back change) and one dedicated `pg` client per server that LISTENs, reconnecting with backoff;
 * after a reconnection the streams are told to refetch (`resync`), since events may have been missed.
 * Embedded PGlite: one process serves everything, so an in-process bus is exact. Its single session
 * also means PGlite-over-socket cannot deliver a NOTIFY to another connection (jobs.ts saw the same);
 * an event is handed on at once, and the reader's query waits for the writer's transaction to end
 * (the socket serializes whole transactions), so it sees the committed rows or, after a rollback, none.
 */
import { sql } from 'kysely';
import pg from 'pg';
import type { Executor, OpenedDatabase } from '../../db/database.js';

export type BusEvent =
  | { t: 'n'; ids: string[] }
  | { t: 'd'; id: string }
  | { t: 'u'; id: string }
  | { t: 'x'; ids: string[] }
  | { t: 'end'; session: string }
  | { t: 'resync' }
  // A message was sent in a conversation (or, message null, its members or read positions changed):
  // forwarded only to its current members (messages.repository.ts onlineMembers).
  | { t: 'm'; conversation: string; message: string | null };

export type BusListener = (event: BusEvent) => void;

export interface NotificationBus {
  publish(tx: Executor, event: BusEvent): Promise<void>;
  subscribe(listener: BusListener): () => void;
  close(): Promise<void>;
}

const CHANNEL = 'vanphong_events';
/** Ids per NOTIFY: 150 UUIDs and the JSON around them stay well below PostgreSQL's 8000 bytes. */
const IDS_PER_EVENT = 150;

function listeners() {
  const all = new Set<BusListener>();
  return {
    subscribe(listener: BusListener) {
      all.add(listener);
      return () => { all.delete(listener); };
    },
    dispatch(event: BusEvent) {
      for (const listener of all) {
        try {
          listener(event);
        } catch {
          // One stream's failure must not keep the event from the others.
        }
      }
    },
  };
}

function split(event: BusEvent): BusEvent[] {
  if ((event.t !== 'n' && event.t !== 'x') || event.ids.length <= IDS_PER_EVENT) return [event];
  const parts: BusEvent[] = [];
  for (let i = 0; i < event.ids.length; i += IDS_PER_EVENT) parts.push({ t: event.t, ids: event.ids.slice(i, i + IDS_PER_EVENT) });
  return parts;
}

export function inProcessBus(): NotificationBus {
  const subscribers = listeners();
  return {
    async publish(_tx, event) {
      for (const part of split(event)) queueMicrotask(() => subscribers.dispatch(part));
    },
    subscribe: subscribers.subscribe,
    async close() {},
  };
}

/** LISTEN on a client of its own; reconnects (1 s, 2 s … 30 s) and then asks every stream to resync. */
export async function postgresBus(connection: pg.PoolConfig, log: (message: string, error?: unknown) => void = () => undefined): Promise<NotificationBus> {
  const subscribers = listeners();
  let client: pg.Client | null = null;
  let closed = false;
  let delay = 1000;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ ...connection, application_name: 'vanphong-events' } as pg.ClientConfig);
    next.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        subscribers.dispatch(JSON.parse(message.payload) as BusEvent);
      } catch (error) {
        log('unreadable event on the notification channel', error);
      }
    });
    next.on('error', (error) => log('notification channel lost', error));
    next.on('end', () => {
      if (closed || client !== next) return;
      client = null;
      setTimeout(() => void reconnect(), delay).unref();
    });
    await next.connect();
    await next.query(`LISTEN ${CHANNEL}`);
    client = next;
    delay = 1000;
  };

  const reconnect = async (): Promise<void> => {
    if (closed) return;
    try {
      await connect();
      subscribers.dispatch({ t: 'resync' });
    } catch (error) {
      log('notification channel: reconnect failed', error);
      delay = Math.min(delay * 2, 30_000);
      setTimeout(() => void reconnect(), delay).unref();
    }
  };

  await connect();
  return {
    async publish(tx, event) {
      for (const part of split(event)) await sql`SELECT pg_notify(${CHANNEL}, ${JSON.stringify(part)})`.execute(tx);
    },
    subscribe: subscribers.subscribe,
    async close() {
      closed = true;
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}

// The bus of each database, found from any transaction on it (as jobs.ts finds its queue).
const busesByDatabase = new WeakMap<object, NotificationBus>();
const databaseKey = (db: Executor): object => db.getExecutor().adapter;

/** The bus of a database: LISTEN/NOTIFY on PostgreSQL, in-process on the embedded PGlite. */
export async function openNotificationBus(database: Pick<OpenedDatabase, 'db' | 'kind' | 'connection'>, log?: (message: string, error?: unknown) => void): Promise<NotificationBus> {
  return registerBus(database.db, database.kind === 'postgres' ? await postgresBus(database.connection, log) : inProcessBus());
}

/** Makes `bus` the one publish() finds for this database, until it is closed. */
export function registerBus(db: Executor, bus: NotificationBus): NotificationBus {
  const key = databaseKey(db);
  busesByDatabase.set(key, bus);
  return {
    ...bus,
    async close() {
      if (busesByDatabase.get(key) === bus) busesByDatabase.delete(key);
      await bus.close();
    },
  };
}

export function busFor(db: Executor): NotificationBus | null {
  return busesByDatabase.get(databaseKey(db)) ?? null;
}

/** Tells the servers that something happened; nothing to do where no bus is open (scripts, the demo seed). */
export async function publish(tx: Executor, event: BusEvent): Promise<void> {
  await busFor(tx)?.publish(tx, event);
}

// What the live-stream benchmarks share: officials with signed-in sessions (cookies minted straight
// into `sessions`, as a login would) and a browser-like reader of GET /api/notifications/stream.
import { randomBytes } from 'node:crypto';
import type { Db } from '../src/server/db/database.js';
import { sessionIdOf } from '../src/server/modules/auth/auth.service.js';
import { fmt, stats } from './bench-support.js';

/** `count` specialists shaped like cv.cntt (same agency, unit and password), each with a session cookie. */
export async function streamOfficials(db: Db, prefix: string, count: number) {
  const model = await db.selectFrom('users').selectAll().where('username', '=', 'cv.cntt').executeTakeFirstOrThrow();
  const rows = Array.from({ length: count }, (_, i) => ({
    agency_id: model.agency_id, unit_id: model.unit_id, username: `${prefix}.${i}`, full_name: `Cán bộ thử ${i}`, position: 'specialist',
    roles: ['specialist'], password_hash: model.password_hash,
  }));
  const users = await db.insertInto('users').values(rows).returning(['id', 'agency_id']).execute();
  const cookies: string[] = [];
  for (const user of users) {
    const token = randomBytes(32).toString('base64url');
    await db.insertInto('sessions').values({ id: sessionIdOf(token), user_id: user.id, expires_at: new Date(Date.now() + 3600_000), ip: null, user_agent: 'bench' }).execute();
    cookies.push(`vp_session=${token}`);
  }
  return { model, users, cookies };
}

/**
 * Opens the stream as `cookie` and calls `onChunk` with each piece of text it receives; resolves once
 * the stream is open (its first line, `retry:`) with how long that took and how to close it, or null
 * when the server refused it (503 busy).
 */
export async function openStream(url: string, cookie: string, onChunk: (text: string) => void): Promise<{ close: () => void; openMs: number } | null> {
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
      if (value.includes('retry:')) opened();
      onChunk(value);
    }
  })();
  await ready;
  return { close: () => controller.abort(), openMs: performance.now() - began };
}

/**
 * Times a change reaching every open stream: `arrived` is the streams' callback for the awaited
 * event; `round` runs the change (timed), waits up to 60 s for `count` arrivals and says how it went.
 */
export function arrivalRounds() {
  let times: number[] = [];
  let start = 0;
  let expected = 0;
  let all: () => void = () => undefined;
  return {
    arrived() {
      times.push(performance.now() - start);
      if (times.length === expected) all();
    },
    async round(label: string, count: number, change: () => Promise<unknown>): Promise<string> {
      times = [];
      expected = count;
      const done = new Promise<void>((resolve) => { all = resolve; });
      start = performance.now();
      await change();
      const changed = performance.now() - start;
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 60_000))]);
      const s = stats(times);
      return `${label} ${fmt(changed)}, received ${times.length}/${count}, p50 ${fmt(s.p50)}, p95 ${fmt(s.p95)}, max ${fmt(Math.max(...times))}`;
    },
  };
}

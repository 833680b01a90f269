// What the live-stream benchmarks share: officials with signed-in sessions (cookies minted straight
// into `sessions`, as a login would) and a browser-like reader of GET /api/notifications/stream.
import { randomBytes } from 'node:crypto';
import type { Db } from '../src/server/db/database.js';
import { sessionIdOf } from '../src/server/modules/auth/auth.service.js';

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

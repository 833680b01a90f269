import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

/**
 * Device cookies (see login-throttle.ts for why). The cookie holds random tokens, one per official
 * who signed in on this browser (an office computer may be shared), and is sent only to the
 * sign-in address; the database keeps each token's SHA-256, bound to one account.
 */
export const DEVICE_COOKIE = 'vp_device';
export const DEVICE_DAYS = 365;
const MAX_TOKENS = 5;
const TOKEN = /^[A-Za-z0-9_-]{43}$/; // 32 random bytes, base64url

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The well-formed tokens of a device cookie (at most five, newest first). */
export function deviceTokens(cookie: string | undefined): string[] {
  return (cookie ?? '').split('.').filter((token) => TOKEN.test(token)).slice(0, MAX_TOKENS);
}

/** The cookie value after adding `token` in front of the browser's other tokens. */
export function deviceCookieValue(token: string, previous: string[]): string {
  return [token, ...previous.filter((other) => other !== token)].slice(0, MAX_TOKENS).join('.');
}

/** The id of the unexpired device among `tokens` that belongs to the account `username`, if any. */
export async function findTrustedDevice(db: Db, username: string, tokens: string[]): Promise<string | null> {
  if (!tokens.length) return null;
  const row = await db
    .selectFrom('trusted_devices')
    .innerJoin('users', 'users.id', 'trusted_devices.user_id')
    .select('trusted_devices.id')
    .where('trusted_devices.token_hash', 'in', tokens.map(hashToken))
    .where(sql<boolean>`lower(users.username) = lower(${username})`)
    .where('trusted_devices.expires_at', '>', new Date())
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Remembers this browser for the official after a successful sign-in; returns the new token. */
export async function trustDevice(db: Db, userId: string, userAgent: string | null): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('trusted_devices').where('user_id', '=', userId).where('expires_at', '<=', new Date()).execute();
    await tx.insertInto('trusted_devices').values({
      user_id: userId,
      token_hash: hashToken(token),
      user_agent: userAgent?.slice(0, 300) ?? null,
      expires_at: new Date(Date.now() + DEVICE_DAYS * 86_400_000),
    }).execute();
  });
  return token;
}

export async function touchDevice(db: Db, deviceId: string): Promise<void> {
  await db.updateTable('trusted_devices').set({ last_used_at: new Date() }).where('id', '=', deviceId).execute();
}

import { createHash, randomBytes } from 'node:crypto';
import { type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { DomainError } from '../../http/errors.js';
import { type CurrentUser, toCurrentUser } from './current-user.js';
import { hashPassword, verifyPassword } from './password.js';

const WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_ACCOUNT_AND_IP = 5;
const MAX_FAILURES_PER_ACCOUNT = 20; // from any address: slows a distributed guess
const MAX_FAILURES_PER_IP = 30;

let dummyHash: Promise<string> | undefined;

function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createAuthService(db: Db, options: { sessionHours: number }) {
  async function countFailures(username: string, ip: string) {
    const since = sql<Date>`now() - make_interval(mins => ${WINDOW_MINUTES})`;
    const sameAccount = sql<SqlBool>`lower(username) = lower(${username})`;
    return db
      .selectFrom('login_attempts')
      .select([
        sql<number>`count(*) filter (where ${sameAccount} and ip = ${ip})::int`.as('accountAndIp'),
        sql<number>`count(*) filter (where ${sameAccount})::int`.as('account'),
        sql<number>`count(*) filter (where ip = ${ip})::int`.as('ip'),
      ])
      .where((eb) => eb.or([eb('ip', '=', ip), sameAccount]))
      .where('succeeded', '=', false)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
  }

  async function recordAttempt(username: string, ip: string, succeeded: boolean) {
    await db.insertInto('login_attempts').values({ username, ip, succeeded }).execute();
  }

  return {
    async login(username: string, password: string, ip: string, userAgent: string | null) {
      const failures = await countFailures(username, ip);
      if (
        failures.accountAndIp >= MAX_FAILURES_PER_ACCOUNT_AND_IP ||
        failures.account >= MAX_FAILURES_PER_ACCOUNT ||
        failures.ip >= MAX_FAILURES_PER_IP
      ) {
        throw new DomainError('TOO_MANY_ATTEMPTS', 429, { minutes: WINDOW_MINUTES });
      }
      const user = await db.selectFrom('users').selectAll().where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
      // Verify against a dummy hash for unknown users so timing does not reveal which names exist.
      dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
      const ok = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
      if (!user || !ok) {
        await recordAttempt(username, ip, false);
        throw new DomainError('INVALID_CREDENTIALS', 401);
      }
      if (!user.active) throw new DomainError('ACCOUNT_INACTIVE', 403);
      await recordAttempt(username, ip, true);
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + options.sessionHours * 3600_000);
      await db.insertInto('sessions').values({ id: tokenId(token), user_id: user.id, expires_at: expiresAt, ip, user_agent: userAgent }).execute();
      return { token, expiresAt, user: toCurrentUser(user) };
    },

    async logout(token: string) {
      await db.deleteFrom('sessions').where('id', '=', tokenId(token)).execute();
    },

    /** The user behind a session cookie, if the session is live and the account active. */
    async userForToken(token: string): Promise<CurrentUser | null> {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['users.id', 'users.agency_id', 'users.unit_id', 'users.username', 'users.full_name', 'users.position', 'users.roles'])
        .where('sessions.id', '=', tokenId(token))
        .where('sessions.expires_at', '>', new Date())
        .where('users.active', '=', true)
        .executeTakeFirst();
      return row ? toCurrentUser(row) : null;
    },

    async changePassword(userId: string, currentPassword: string, newPassword: string, keepToken: string) {
      const user = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
      if (!(await verifyPassword(user.password_hash, currentPassword))) {
        throw new DomainError('WRONG_PASSWORD', 400);
      }
      const passwordHash = await hashPassword(newPassword);
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date() }).where('id', '=', userId).execute();
        // Other sessions of this user end: a changed password should lock out whoever knew the old one.
        await tx.deleteFrom('sessions').where('user_id', '=', userId).where('id', '<>', tokenId(keepToken)).execute();
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

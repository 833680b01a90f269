import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { DomainError, RetryLaterError, ValidationError } from '../../http/errors.js';
import { type CurrentUser, toCurrentUser } from './current-user.js';
import { type Attempt, beginAttempt, discardAttempt, finishAttempt, refusal, tally } from './login-throttle.js';
import { hashPassword, verifyPassword } from './password.js';
import { findTrustedDevice, touchDevice, trustDevice } from './trusted-devices.js';

let dummyHash: Promise<string> | undefined;

/** The stored id of a session (its token is never stored). */
export function sessionIdOf(token: string): string {
  return tokenId(token);
}

function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface LoginInput {
  username: string;
  password: string;
  ip: string;
  userAgent: string | null;
  /** Tokens from the browser's device cookie (see trusted-devices.ts). */
  deviceTokens: string[];
}

/** Whether the password is right, checked in the same time for unknown names (no user enumeration). */
async function checkPassword(db: Db, username: string, password: string) {
  const user = await db.selectFrom('users').selectAll().where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
  return user && ok ? user : null;
}

/** Records the attempt, then refuses it if the throttle says wait (see login-throttle.ts). */
async function admitAttempt(db: Db, input: LoginInput): Promise<Attempt> {
  const deviceId = await findTrustedDevice(db, input.username, input.deviceTokens);
  const attempt = await beginAttempt(db, { username: input.username, ip: input.ip, deviceId });
  const refused = refusal(await tally(db, attempt), deviceId !== null);
  if (refused) {
    await discardAttempt(db, attempt);
    throw new RetryLaterError(refused.rule === 'account' ? 'TOO_MANY_ATTEMPTS_ACCOUNT' : 'TOO_MANY_ATTEMPTS', refused.retryAfterSeconds);
  }
  return attempt;
}

export function createAuthService(db: Db, options: { sessionHours: number }) {
  return {
    /** Signs in; `deviceToken` is set when this browser is newly remembered for the official. */
    async login(input: LoginInput) {
      const attempt = await admitAttempt(db, input);
      const user = await checkPassword(db, input.username, input.password);
      if (!user) {
        await finishAttempt(db, attempt, 'failed');
        throw new DomainError('INVALID_CREDENTIALS', 401);
      }
      if (!user.active) {
        await discardAttempt(db, attempt);
        throw new DomainError('ACCOUNT_INACTIVE', 403);
      }
      await finishAttempt(db, attempt, 'succeeded');
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + options.sessionHours * 3600_000);
      await db.insertInto('sessions').values({ id: tokenId(token), user_id: user.id, expires_at: expiresAt, ip: input.ip, user_agent: input.userAgent }).execute();
      let deviceToken: string | null = null;
      if (attempt.deviceId) await touchDevice(db, attempt.deviceId);
      else deviceToken = await trustDevice(db, user.id, input.userAgent);
      return { token, expiresAt, user: toCurrentUser(user), deviceToken };
    },
    async logout(token: string) {
      await db.deleteFrom('sessions').where('id', '=', tokenId(token)).execute();
    },

    /** The user behind a session cookie, if the session is live and the account active. */
    async userForToken(token: string): Promise<CurrentUser | null> {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['users.id', 'users.agency_id', 'users.unit_id', 'users.username', 'users.full_name', 'users.position', 'users.roles', 'users.must_change_password'])
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
      // Keeping a password someone else knew (a one-time password) would defeat the change.
      if (newPassword === currentPassword) throw ValidationError.single('newPassword', 'phải khác mật khẩu hiện tại', 'must differ from the current password', 'same_as_current');
      const passwordHash = await hashPassword(newPassword);
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('users').set({ password_hash: passwordHash, must_change_password: false, updated_at: new Date() }).where('id', '=', userId).execute();
        // Other sessions of this user end: a changed password should lock out whoever knew the old one.
        await tx.deleteFrom('sessions').where('user_id', '=', userId).where('id', '<>', tokenId(keepToken)).execute();
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

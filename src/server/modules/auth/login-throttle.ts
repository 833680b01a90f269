import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.js';

/*
 * Sign-in throttling: slow the guesser down, never lock the official out.
 *
 * A fixed account lockout ("20 failures from anywhere, then 429") lets anyone lock any official
 * out by typing wrong passwords. Instead (after OWASP's "Slow Down Online Guessing Attacks with
 * Device Cookies"):
 * - A browser where the official signed in before carries a device cookie bound to the account.
 *   Its attempts count only against that browser's own small budget, so failures elsewhere never
 *   keep the official out of their own computer.
 * - Every other ("unknown") browser is throttled per address, per account and address, and per
 *   account from all addresses together (a guess spread over many addresses). Past the free
 *   failures each rule asks for a delay that doubles with every further failure (1, 2, 4… minutes,
 *   at most 15), counted from the latest failure; an attacker can make only unknown browsers
 *   wait, and only as long as they keep failing.
 * A success clears the failures of its own browser and of the account at that address.
 *
 * Concurrency: an attempt is recorded as 'pending' *before* its password is checked, and the
 * tally counts pending attempts (all but the attempt's own). Of N parallel attempts, the k-th to
 * commit sees at least k-1 others, so at most the free number is ever checked, without a lock.
 * Refused attempts are deleted: waiting it out is enough, hammering does not lengthen the wait.
 */

export interface ThrottleRule {
  /** Failures allowed before any delay. */
  free: number;
  /** The first delay; each further failure doubles it. */
  baseSeconds: number;
  maxSeconds: number;
}

export const WINDOW_MINUTES = 60;

export const RULES = {
  /** One address guessing one account. */
  accountAndIp: { free: 5, baseSeconds: 60, maxSeconds: 15 * 60 },
  /** One address trying many accounts (many officials may share an agency's address: generous). */
  ip: { free: 30, baseSeconds: 60, maxSeconds: 15 * 60 },
  /** All unknown browsers together against one account: a guess spread over many addresses. */
  account: { free: 10, baseSeconds: 60, maxSeconds: 15 * 60 },
  /** A known browser: the official mistyping. */
  device: { free: 5, baseSeconds: 60, maxSeconds: 15 * 60 },
} as const satisfies Record<string, ThrottleRule>;

export type RuleName = keyof typeof RULES;

/** Failures counted under one rule and seconds since the latest of them. */
export interface Tally { failures: number; secondsSinceLatest: number | null }

/** Seconds the client must still wait under `rule`: 0 while it has free failures left. */
export function waitSeconds(rule: ThrottleRule, tally: Tally): number {
  if (tally.failures < rule.free || tally.secondsSinceLatest === null) return 0;
  const delay = Math.min(rule.maxSeconds, rule.baseSeconds * 2 ** (tally.failures - rule.free));
  return Math.max(0, Math.ceil(delay - tally.secondsSinceLatest));
}

export interface Attempt { id: number; username: string; ip: string; deviceId: string | null }

export interface Refusal { rule: RuleName; retryAfterSeconds: number }

/** The longest wait among the rules that apply: a known browser answers to its own budget only. */
export function refusal(tallies: Record<RuleName, Tally>, fromKnownDevice: boolean): Refusal | null {
  const rules: RuleName[] = fromKnownDevice ? ['device'] : ['accountAndIp', 'ip', 'account'];
  let worst: Refusal | null = null;
  for (const rule of rules) {
    const seconds = waitSeconds(RULES[rule], tallies[rule]);
    if (seconds > 0 && (!worst || seconds > worst.retryAfterSeconds)) worst = { rule, retryAfterSeconds: seconds };
  }
  return worst;
}

export async function beginAttempt(db: Db, attempt: Omit<Attempt, 'id'>): Promise<Attempt> {
  const row = await db.insertInto('login_attempts')
    .values({ username: attempt.username, ip: attempt.ip, device_id: attempt.deviceId, outcome: 'pending' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...attempt, id: row.id };
}

export async function finishAttempt(db: Db, attempt: Attempt, outcome: 'failed' | 'succeeded'): Promise<void> {
  await db.updateTable('login_attempts').set({ outcome }).where('id', '=', attempt.id).execute();
}

export async function discardAttempt(db: Db, attempt: Attempt): Promise<void> {
  await db.deleteFrom('login_attempts').where('id', '=', attempt.id).execute();
}

/** count and seconds-since-latest of the counted attempts matching `where`, as two columns. */
function tallyColumns(name: RuleName, where: RawBuilder<boolean>) {
  return sql`count(*) FILTER (WHERE ${where})::int AS ${sql.ref(`${name}_n`)},
    extract(epoch FROM now() - max(created_at) FILTER (WHERE ${where}))::float8 AS ${sql.ref(`${name}_age`)}`;
}

/** Failures (and pending attempts) other than `attempt` itself in the window, under each rule. */
export async function tally(db: Db, attempt: Attempt): Promise<Record<RuleName, Tally>> {
  const unknownBrowser = sql<boolean>`device_id IS NULL`;
  const sameAccount = sql<boolean>`same_account`;
  const sameIp = sql<boolean>`ip = ${attempt.ip}`;
  const { rows } = await sql<Record<string, number | null>>`
    WITH recent AS (
      SELECT id, ip, device_id, outcome, created_at, lower(username) = lower(${attempt.username}) AS same_account
      FROM login_attempts
      WHERE created_at > now() - make_interval(mins => ${WINDOW_MINUTES})
        AND (ip = ${attempt.ip} OR lower(username) = lower(${attempt.username}))
    ),
    cleared AS (
      SELECT
        coalesce(max(created_at) FILTER (WHERE same_account AND ip = ${attempt.ip} AND device_id IS NULL), '-infinity') AS account_and_ip,
        coalesce(max(created_at) FILTER (WHERE device_id = ${attempt.deviceId}), '-infinity') AS device
      FROM recent WHERE outcome = 'succeeded'
    ),
    counted AS (
      SELECT recent.*, cleared.account_and_ip AS cleared_account_and_ip, cleared.device AS cleared_device
      FROM recent CROSS JOIN cleared
      WHERE outcome IN ('pending', 'failed') AND id <> ${attempt.id}
    )
    SELECT
      ${tallyColumns('ip', sql`${unknownBrowser} AND ${sameIp}`)},
      ${tallyColumns('account', sql`${unknownBrowser} AND ${sameAccount}`)},
      ${tallyColumns('accountAndIp', sql`${unknownBrowser} AND ${sameAccount} AND ${sameIp} AND created_at > cleared_account_and_ip`)},
      ${tallyColumns('device', sql`device_id = ${attempt.deviceId} AND created_at > cleared_device`)}
    FROM counted
  `.execute(db);
  const row = rows[0] ?? {};
  const read = (name: RuleName): Tally => ({ failures: Number(row[`${name}_n`] ?? 0), secondsSinceLatest: row[`${name}_age`] ?? null });
  return { ip: read('ip'), account: read('account'), accountAndIp: read('accountAndIp'), device: read('device') };
}

import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../../config.js';
import type { Db, Executor } from '../../db/database.js';
import { hashPassword } from '../auth/password.js';
import { DEMO_AGENCY } from '../demo/demo.data.js';
import { seedDemoIfEmpty, type SeedSummary } from '../demo/demo.seed.js';
import { appendEvent } from '../events/events.repository.js';
import type { FileStore } from '../files/file-store.js';
import { vaultFor } from '../signatures/keys.js';

export const FIRST_ADMIN_USERNAME = 'admin';
const DEFAULT_SHORT_NAME = 'CQ';
// Letters and digits that cannot be mistaken for one another when read off a console.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

export interface IssuedAdmin {
  agency: string;
  username: string;
  /** Shown once; only its hash is stored, and it must be changed at the first sign-in. */
  password: string;
  created: boolean;
}

export class SetupError extends Error {}

/** 16 random characters in groups of four (about 92 bits), with letters and digits as the password rule asks. */
export function oneTimePassword(): string {
  for (;;) {
    const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]!);
    const password = [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
    if (/\d/.test(password) && /[A-Za-z]/.test(password)) return password;
  }
}

/** Several servers may start together on one empty database: one of them sets it up. */
async function lockSetup(tx: Executor): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('vanphong-first-start'))`.execute(tx);
}

async function createAgency(tx: Executor, name: string) {
  return tx.insertInto('agencies').values({ name, short_name: DEFAULT_SHORT_NAME }).returning(['id', 'name']).executeTakeFirstOrThrow();
}

async function insertAdmin(tx: Executor, agencyId: string, username: string, password: string, by: 'first-start' | 'create-admin'): Promise<void> {
  const row = await tx.insertInto('users').values({
    agency_id: agencyId,
    unit_id: null,
    username,
    full_name: 'Quản trị hệ thống',
    position: 'specialist',
    roles: ['admin'],
    password_hash: await hashPassword(password),
    must_change_password: true,
    updated_at: new Date(),
  }).returning(['id', 'username', 'roles']).executeTakeFirstOrThrow();
  await appendEvent(tx, null, { agencyId, action: 'user_created', payload: { userId: row.id, username: row.username, roles: row.roles, by } });
}

/**
 * A real deployment's first start: on an empty database, the agency (named by AGENCY_NAME, to be
 * renamed by the admin) and its first administrator with a one-time password. Never a known
 * password: this database may face the internet. Null when the database already holds an agency.
 */
export async function createAgencyAndAdminIfEmpty(db: Db, agencyName: string): Promise<IssuedAdmin | null> {
  const password = oneTimePassword();
  return db.transaction().execute(async (tx) => {
    await lockSetup(tx);
    if (await tx.selectFrom('agencies').select('id').limit(1).executeTakeFirst()) return null;
    const agency = await createAgency(tx, agencyName);
    await insertAdmin(tx, agency.id, FIRST_ADMIN_USERNAME, password, 'first-start');
    return { agency: agency.name, username: FIRST_ADMIN_USERNAME, password, created: true };
  });
}

export interface FirstStart {
  demo: SeedSummary | null;
  admin: IssuedAdmin | null;
  /** A deployment that is not a demo still holds the demo agency, whose password is published. */
  demoLeftOver?: boolean;
}

/** What main.ts does with the database before listening: the demo where asked, else a safe first start. */
/** `dataDir`: where the signing secret lives; the demo then also gets its demo certificates. */
export async function prepareFirstStart(config: Pick<Config, 'seedDemo' | 'agencyName'> & { dataDir?: string }, db: Db, files: FileStore): Promise<FirstStart> {
  if (config.seedDemo) return { demo: await seedDemoIfEmpty(db, files, { vault: config.dataDir ? await vaultFor(config.dataDir) : undefined }), admin: null };
  const admin = await createAgencyAndAdminIfEmpty(db, config.agencyName);
  // Earlier versions seeded the demo on any empty database, a production one included.
  const demo = await db.selectFrom('agencies').select('id').where('name', '=', DEMO_AGENCY.name).executeTakeFirst();
  return demo ? { demo: null, admin, demoLeftOver: true } : { demo: null, admin };
}

/** The agency named by `choice` (short name, OrganId or id), or the only one there is. */
async function chooseAgency(tx: Executor, choice: string | undefined, agencyName: string) {
  const agencies = await tx.selectFrom('agencies').select(['id', 'name', 'short_name', 'organ_id']).orderBy('name').execute();
  if (!agencies.length) return createAgency(tx, agencyName);
  if (choice) {
    const wanted = choice.trim().toLowerCase();
    const found = agencies.find((a) => [a.id, a.short_name.toLowerCase(), a.organ_id?.toLowerCase()].includes(wanted));
    if (!found) throw new SetupError(`No agency "${choice}". Agencies: ${agencies.map((a) => `${a.short_name} (${a.name})`).join(', ')}`);
    return found;
  }
  if (agencies.length > 1) {
    throw new SetupError(`There are several agencies; choose one with --agency=<short name>: ${agencies.map((a) => `${a.short_name} (${a.name})`).join(', ')}`);
  }
  return agencies[0]!;
}

/**
 * `npm run create-admin`: for an operator who missed the first start's console. Creates the
 * administrator `username` (and the agency if there is none yet), or gives an existing
 * administrator a new one-time password and ends their sessions. Refuses any other account.
 */
export async function issueAdmin(db: Db, options: { username: string; agency?: string; agencyName: string }): Promise<IssuedAdmin> {
  const username = options.username.trim();
  if (!/^[a-zA-Z0-9._-]{3,50}$/.test(username)) throw new SetupError('The username needs 3 to 50 characters: letters, digits and . _ -');
  const password = oneTimePassword();
  return db.transaction().execute(async (tx) => {
    await lockSetup(tx);
    const existing = await tx.selectFrom('users').select(['id', 'agency_id', 'roles']).where(sql<boolean>`lower(username) = lower(${username})`).executeTakeFirst();
    if (!existing) {
      const agency = await chooseAgency(tx, options.agency, options.agencyName);
      await insertAdmin(tx, agency.id, username, password, 'create-admin');
      return { agency: agency.name, username, password, created: true };
    }
    if (!existing.roles.includes('admin')) throw new SetupError(`"${username}" exists and is not an administrator; choose another username.`);
    await tx.updateTable('users').set({ password_hash: await hashPassword(password), must_change_password: true, active: true, updated_at: new Date() }).where('id', '=', existing.id).execute();
    await tx.deleteFrom('sessions').where('user_id', '=', existing.id).execute();
    await appendEvent(tx, null, { agencyId: existing.agency_id, action: 'password_reset', payload: { userId: existing.id, by: 'create-admin' } });
    const agency = await tx.selectFrom('agencies').select('name').where('id', '=', existing.agency_id).executeTakeFirstOrThrow();
    return { agency: agency.name, username, password, created: false };
  });
}

/** The console lines that show a one-time password, in both languages. */
export function describeIssuedAdmin(admin: IssuedAdmin): string[] {
  return [
    `${admin.created ? 'Administrator created' : 'New one-time password'} for ${admin.agency}:`,
    `  username / tên đăng nhập:  ${admin.username}`,
    `  one-time password / mật khẩu dùng một lần:  ${admin.password}`,
    'Sign in and set a new password now: this one is shown only once and must be changed at the first sign-in.',
    'Đăng nhập và đổi mật khẩu ngay: mật khẩu này chỉ hiện một lần và phải đổi ở lần đăng nhập đầu tiên.',
  ];
}

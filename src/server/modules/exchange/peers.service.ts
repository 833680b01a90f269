import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db, Executor } from '../../db/database.js';
import { conflict, forbidden, notFound } from '../../http/errors.js';
import { hasRole, type ActionContext } from '../auth/current-user.js';
import type { KeyVault } from '../signatures/keys.js';

// Peer deployments: another VanPhong, a province's LGSP or the national axis, reached over HTTPS
// with edXML packages. Each request is signed with the secret both sides hold:
//   X-VanPhong-Peer: the caller's name at the receiver · X-VanPhong-Timestamp: Unix seconds ·
//   X-VanPhong-Signature: hex HMAC-SHA256(secret, "{timestamp}.{hex SHA-256 of the body}").
// A request older or newer than five minutes is refused, so a captured one cannot be replayed later.

export const PEER_HEADER = 'x-vanphong-peer';
export const TIMESTAMP_HEADER = 'x-vanphong-timestamp';
export const SIGNATURE_HEADER = 'x-vanphong-signature';
const ALLOWED_SKEW_SECONDS = 300;

// The shared secret at rest is sealed by the signing keys' vault (AES-256-GCM under the server
// secret, keys.ts): a copy of the database alone cannot sign as us to a peer, nor as a peer to us.
// The vault of each database's servers is found from any transaction, as the mail settings are.
const vaultByDatabase = new WeakMap<object, Promise<KeyVault>>();
const databaseKey = (db: Executor): object => db.getExecutor().adapter;

export function usePeerVault(db: Executor, vault: Promise<KeyVault>): void {
  vaultByDatabase.set(databaseKey(db), vault);
}

async function vaultOf(db: Executor): Promise<KeyVault> {
  const vault = vaultByDatabase.get(databaseKey(db));
  if (!vault) throw new Error('No key vault for the peer secrets of this database (usePeerVault was not called)');
  return vault;
}

export async function sealSecret(db: Executor, secret: string): Promise<Buffer> {
  return (await vaultOf(db)).seal(Buffer.from(secret, 'utf8'));
}

/** The secret of a peer row: opened from its sealed form (or, for a row not yet sealed, as stored). */
export async function peerSecret(db: Executor, row: { secret: string | null; secret_sealed: Buffer | Uint8Array | null }): Promise<string> {
  if (row.secret_sealed) return (await vaultOf(db)).open(row.secret_sealed).toString('utf8');
  if (row.secret !== null) return row.secret;
  throw new Error('peer without a secret');
}

/** At start: seals the secrets earlier versions stored in clear. Returns how many were sealed. */
export async function sealPlainPeerSecrets(db: Db): Promise<number> {
  const plain = await db.selectFrom('exchange_peers').select(['id', 'secret']).where('secret', 'is not', null).execute();
  for (const row of plain) {
    await db.updateTable('exchange_peers').set({ secret_sealed: await sealSecret(db, row.secret!), secret: null }).where('id', '=', row.id).execute();
  }
  return plain.length;
}

export function signBody(secret: string, timestamp: number, body: Buffer | string): string {
  const digest = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', secret).update(`${timestamp}.${digest}`).digest('hex');
}

export function peerHeaders(peer: { outbound_key: string; secret: string }, body: Buffer | string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [PEER_HEADER]: peer.outbound_key, [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signBody(peer.secret, timestamp, body), 'content-type': 'application/xml; charset=utf-8' };
}

/** The peer that signed this request, or a 401 that says nothing about which check failed. */
export async function authenticatePeer(db: Executor, headers: Record<string, string | string[] | undefined>, body: Buffer, now: Date) {
  const key = String(headers[PEER_HEADER] ?? '');
  const timestamp = Number(headers[TIMESTAMP_HEADER]);
  const signature = String(headers[SIGNATURE_HEADER] ?? '');
  const peer = key ? await db.selectFrom('exchange_peers').selectAll().where('inbound_key', '=', key).where('active', '=', true).executeTakeFirst() : undefined;
  const fresh = Number.isInteger(timestamp) && Math.abs(now.getTime() / 1000 - timestamp) <= ALLOWED_SKEW_SECONDS;
  const expected = peer ? Buffer.from(signBody(await peerSecret(db, peer), timestamp, body), 'hex') : Buffer.alloc(32);
  const given = /^[0-9a-f]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(32, 1);
  return peer && fresh && timingSafeEqual(expected, given) ? peer : null;
}

function requireAdmin(ctx: ActionContext) {
  if (!hasRole(ctx.user, 'admin')) throw forbidden('ADMIN_ONLY');
}

const presentPeer = (p: { id: string; name: string; base_url: string; inbound_key: string; outbound_key: string; active: boolean }, agencies: { id: string; organ_id: string | null; name: string }[]) => ({
  id: p.id, name: p.name, baseUrl: p.base_url, inboundKey: p.inbound_key, outboundKey: p.outbound_key, active: p.active,
  agencies: agencies.map((a) => ({ id: a.id, organId: a.organ_id!, name: a.name })),
});

export async function listPeers(db: Db, ctx: ActionContext) {
  requireAdmin(ctx);
  const peers = await db.selectFrom('exchange_peers').select(['id', 'name', 'base_url', 'inbound_key', 'outbound_key', 'active']).orderBy('name').execute();
  const agencies = peers.length ? await db.selectFrom('agencies').select(['id', 'organ_id', 'name', 'peer_id']).where('peer_id', 'in', peers.map((p) => p.id)).orderBy('name').execute() : [];
  return { items: peers.map((p) => presentPeer(p, agencies.filter((a) => a.peer_id === p.id))) };
}

export interface PeerInput {
  name: string;
  baseUrl: string;
  inboundKey: string;
  outboundKey: string;
  /** Omitted on an edit: the secret stays. On creation, omitted: one is made and shown once. */
  secret?: string | undefined;
  active?: boolean | undefined;
}

export async function createPeer(db: Db, ctx: ActionContext, input: PeerInput) {
  requireAdmin(ctx);
  const secret = input.secret ?? randomBytes(32).toString('base64url');
  const taken = await db.selectFrom('exchange_peers').select('id').where('inbound_key', '=', input.inboundKey).executeTakeFirst();
  if (taken) throw conflict('PEER_KEY_TAKEN');
  const row = await db.insertInto('exchange_peers')
    .values({ name: input.name, base_url: input.baseUrl.replace(/\/+$/, ''), inbound_key: input.inboundKey, outbound_key: input.outboundKey, secret: null, secret_sealed: await sealSecret(db, secret), active: input.active ?? true, updated_at: new Date() })
    .returning('id').executeTakeFirstOrThrow();
  return { id: row.id, secret };
}

/** An agency the peer speaks for: it can be named as a recipient here, and may send to our agencies. */
export async function addPeerAgency(db: Db, ctx: ActionContext, peerId: string, input: { organId: string; name: string; shortName?: string | undefined }) {
  requireAdmin(ctx);
  const peer = await db.selectFrom('exchange_peers').select('id').where('id', '=', peerId).executeTakeFirst();
  if (!peer) throw notFound();
  const existing = await db.selectFrom('agencies').select(['id', 'peer_id']).where('organ_id', '=', input.organId).executeTakeFirst();
  if (existing) throw conflict('ORGAN_ID_TAKEN');
  return db.transaction().execute(async (tx) => {
    const agency = await tx.insertInto('agencies')
      .values({ name: input.name, short_name: input.shortName ?? input.organId, organ_id: input.organId, peer_id: peerId })
      .returning('id').executeTakeFirstOrThrow();
    // Rows of another deployment's documents need an author here: an account that can never sign in.
    await tx.insertInto('users').values({
      agency_id: agency.id, unit_id: null, username: `peer:${input.organId}`, full_name: input.name, position: 'staff', roles: [],
      password_hash: '!', active: false, updated_at: new Date(),
    }).execute();
    return { id: agency.id };
  });
}

/** The account that stands for an agency of a peer (author of its documents and status packages here). */
export async function peerAgencyAccount(db: Executor, agencyId: string) {
  return db.selectFrom('users').select(['id', 'agency_id', 'unit_id', 'username', 'full_name', 'position']).where('agency_id', '=', agencyId).where('username', 'like', 'peer:%').executeTakeFirstOrThrow();
}

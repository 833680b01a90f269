import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { DomainError } from '../../http/errors.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import type { FileStore } from '../files/file-store.js';
import { addPeerAgency, authenticatePeer, createPeer, listPeers } from './peers.service.js';
import { receiveFromPeer } from './peers.transfer.js';

const key = z.string().trim().regex(/^[A-Za-z0-9._-]{3,64}$/);
const peerBody = z.object({
  name: z.string().trim().min(1).max(200),
  baseUrl: z.url({ protocol: /^https?$/ }).max(500),
  inboundKey: key,
  outboundKey: key,
  secret: z.string().min(32).max(200).optional(),
  active: z.boolean().optional(),
});
const peerAgencyBody = z.object({
  organId: z.string().trim().regex(/^[A-Za-z0-9.]{1,13}$/),
  name: z.string().trim().min(1).max(200),
  shortName: z.string().trim().min(1).max(50).optional(),
});
const peerParams = z.object({ id: z.uuid() });

export async function peerRoutes(app: FastifyInstance, deps: { db: Db; files: FileStore; clock: Clock; maxBytes: number }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['exchange'];

  api.get('/api/exchange/peers', { schema: { tags, summary: 'Peer deployments (another VanPhong, the LGSP, the national axis) and the agencies each speaks for (admin)' } }, async (req) =>
    listPeers(deps.db, actionContext(req)));

  api.post('/api/exchange/peers', { schema: { tags, summary: 'Add a peer deployment; the shared secret is made when not given and shown only in this answer (admin)', body: peerBody } }, async (req, reply) =>
    reply.status(201).send(await createPeer(deps.db, actionContext(req), req.body)));

  api.post('/api/exchange/peers/:id/agencies', { schema: { tags, summary: 'An agency the peer speaks for, by its OrganId: it can then be named as a recipient (admin)', params: peerParams, body: peerAgencyBody } }, async (req, reply) =>
    reply.status(201).send(await addPeerAgency(deps.db, actionContext(req), req.params.id, req.body)));

  // Server to server: signed by the peer's shared secret, not by a user's session.
  await app.register(async (scope) => {
    scope.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer', bodyLimit: deps.maxBytes }, (_req, body, done) => done(null, body));
    scope.post('/api/exchange/peer-inbox', {
      schema: { tags, summary: 'Where a peer deployment delivers edXML packages (documents, recalls, status packages), signed with HMAC-SHA256 (X-VanPhong-Peer, X-VanPhong-Timestamp, X-VanPhong-Signature)' },
    }, async (req) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const peer = await authenticatePeer(deps.db, req.headers, body, deps.clock.now());
      if (!peer) throw new DomainError('PEER_UNAUTHORIZED', 401);
      if (body.length === 0) throw new DomainError('EDXML_BODY_REQUIRED', 400);
      return receiveFromPeer(deps, peer.id, body);
    });
  });
}

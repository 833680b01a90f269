import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import { createBody, idParams, listQuery } from './delegation.schemas.js';
import { createDelegation, delegatedWork, listDelegationsOf, revokeDelegation } from './delegation.service.js';

export async function delegationRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['delegation'];

  api.post('/api/delegations', {
    schema: {
      tags, summary: 'Delegate part of my own work (incoming, approval, signing) to another official of the agency for a period',
      description: '`startsAt`/`endsAt`: ISO 8601 instants with offset; the period is [startsAt, endsAt). Scopes the caller holds only by delegation cannot be delegated (403 NO_REDELEGATION); an overlapping live delegation with a shared scope answers 409 DELEGATION_OVERLAP.',
      body: createBody,
    },
  }, async (req, reply) => reply.status(201).send(await createDelegation(deps, actionContext(req), req.body)));

  api.get('/api/delegations', { schema: { tags, summary: 'Delegations I gave (`given`), received (`received`), or all of the agency (`agency`: its head and the administrator)', querystring: listQuery } }, async (req) =>
    listDelegationsOf(deps, actionContext(req), req.query));

  api.post('/api/delegations/:id/revoke', { schema: { tags, summary: 'End a delegation now (the delegator, the head of the agency or the administrator)', params: idParams } }, async (req) =>
    revokeDelegation(deps, actionContext(req), req.params.id));

  api.get('/api/delegations/work', { schema: { tags, summary: 'The work of the officials who delegated to me, which I may do in their name now' } }, async (req) =>
    delegatedWork(deps, actionContext(req)));
}

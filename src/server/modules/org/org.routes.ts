import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { actionContext } from '../auth/current-user.js';
import { createOrgService } from './org.service.js';
import { agencyPatchBody, deactivateBody, idParams, resetPasswordBody, roleChangesQuery, unitBody, unitPatchBody, userBody, userPatchBody, usersQuery } from './org.schemas.js';

export async function orgRoutes(app: FastifyInstance, { db }: { db: Db }) {
  const org = createOrgService(db);
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organization'];

  api.get('/api/org/agency', { schema: { tags, summary: 'My agency' } }, async (req) => org.agency(actionContext(req)));
  api.patch('/api/org/agency', { schema: { tags, summary: 'Rename my agency, set its short name and OrganId (admin)', body: agencyPatchBody } }, async (req) =>
    org.updateAgency(actionContext(req), req.body));
  api.get('/api/org/role-changes', { schema: { tags, summary: 'Role grants in my agency, newest first (leaders and admins)', querystring: roleChangesQuery } }, async (req) =>
    org.roleChanges(actionContext(req), req.query.page, req.query.pageSize));
  api.get('/api/org/units', { schema: { tags, summary: 'Units of my agency' } }, async (req) => ({ items: await org.units(actionContext(req)) }));
  api.post('/api/org/units', { schema: { tags, summary: 'Create a unit (admin)', body: unitBody } }, async (req, reply) =>
    reply.status(201).send(await org.createUnit(actionContext(req), req.body)));
  api.patch('/api/org/units/:id', { schema: { tags, summary: 'Edit a unit (admin)', params: idParams, body: unitPatchBody } }, async (req) =>
    org.updateUnit(actionContext(req), req.params.id, req.body));

  api.get('/api/org/users', { schema: { tags, summary: 'Officials of my agency', querystring: usersQuery } }, async (req) =>
    ({ items: await org.users(actionContext(req), req.query.includeInactive === 'true') }));
  api.post('/api/org/users', { schema: { tags, summary: 'Create an official (admin)', body: userBody } }, async (req, reply) =>
    reply.status(201).send(await org.createUser(actionContext(req), req.body)));
  api.patch('/api/org/users/:id', { schema: { tags, summary: 'Edit an official (admin)', params: idParams, body: userPatchBody } }, async (req) =>
    org.updateUser(actionContext(req), req.params.id, req.body));
  api.post('/api/org/users/:id/reset-password', { schema: { tags, summary: 'Set a new password (admin)', params: idParams, body: resetPasswordBody } }, async (req) => {
    await org.resetPassword(actionContext(req), req.params.id, req.body.newPassword);
    return { ok: true };
  });
  api.get('/api/org/users/:id/work', { schema: { tags, summary: 'What an official holds: assignments, submissions and confirmations waiting for them (admin)', params: idParams } }, async (req) =>
    org.heldWork(actionContext(req), req.params.id));
  api.post('/api/org/users/:id/deactivate', {
    schema: {
      tags,
      summary: 'Deactivate an official (admin)',
      description: 'An official who holds work needs `successorId`: their work moves to the successor in the same transaction (409 USER_HOLDS_WORK lists it otherwise).',
      params: idParams,
      body: deactivateBody,
    },
  }, async (req) => org.deactivateUser(actionContext(req), req.params.id, req.body?.successorId));
  api.post('/api/org/users/:id/activate', { schema: { tags, summary: 'Reactivate an official (admin)', params: idParams } }, async (req) =>
    org.activateUser(actionContext(req), req.params.id));
  api.get('/api/org/agencies', { schema: { tags, summary: 'The other agencies of this deployment, to address documents to' } }, async (req) =>
    ({ items: await org.otherAgencies(actionContext(req)) }));
}

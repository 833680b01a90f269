import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { actionContext } from '../auth/current-user.js';
import { directoryQuery, entryBody, entryPatchBody, idParams, importBody } from './directory.schemas.js';
import * as directory from './directory.service.js';

export async function directoryRoutes(app: FastifyInstance, { db }: { db: Db }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['directory'];
  api.get('/api/directory', { schema: { tags, summary: 'The agency directory, searched without diacritics', querystring: directoryQuery } }, async (req) => {
    actionContext(req);
    return directory.search(db, req.query);
  });
  api.post('/api/directory', { schema: { tags, summary: 'Add an agency (clerk or admin)', body: entryBody } }, async (req, reply) =>
    reply.status(201).send(await directory.create(db, actionContext(req), req.body)));
  api.patch('/api/directory/:id', { schema: { tags, summary: 'Edit or retire an agency (admin)', params: idParams, body: entryPatchBody } }, async (req) =>
    directory.update(db, actionContext(req), req.params.id, req.body));
  api.post('/api/directory/import', { schema: { tags, summary: 'Import agencies from CSV text: name, short name, code (admin)', body: importBody } }, async (req) =>
    directory.importCsv(db, actionContext(req), req.body.csv));
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actionContext } from '../auth/current-user.js';
import { type QuarantineDeps, quarantineOverview, rescanNow } from './quarantine.js';

export async function antivirusRoutes(app: FastifyInstance, deps: QuarantineDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['antivirus'];
  api.get('/api/admin/quarantine', { schema: { tags, summary: 'Files of the agency held back by the antivirus: quarantined (infected) and accepted unscanned, still waiting (admin)' } }, async (req) =>
    quarantineOverview(deps, actionContext(req)));
  api.post('/api/admin/quarantine/rescan', { schema: { tags, summary: 'Scan the files waiting for their scan now (admin; needs the scanner to answer)' } }, async (req, reply) =>
    reply.code(202).send(await rescanNow(deps, actionContext(req))));
}

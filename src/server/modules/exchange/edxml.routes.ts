import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import type { FileStore } from '../files/file-store.js';
import type { KeyVault } from '../signatures/keys.js';
import { exportOutgoingEdxml, exportSignedEdxml } from './edxml.export.js';
import { importEdxml } from './edxml.import.js';
import { inspectEdxml } from './edxml.inspect.js';

const documentParams = z.object({ id: z.uuid() });

const signedExportBody = z.object({ agencyPassphrase: z.string().min(1).max(200) });

export async function edxmlRoutes(app: FastifyInstance, deps: { db: Db; files: FileStore; clock: Clock; maxBytes: number; vault: Promise<KeyVault> }) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  const tags = ['exchange'];

  api.get('/api/outgoing-documents/:id/edxml', {
    schema: {
      tags, params: documentParams,
      summary: 'The edXML package (QCVN 102:2016) of an issued document, with its files as issued (clerks and leaders of the issuing agency; never a secret document)',
    },
  }, async (req, reply) => {
    const { xml, fileName } = await exportOutgoingEdxml(deps, actionContext(req), req.params.id);
    return reply
      .type('application/xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .send(xml);
  });

  api.post('/api/outgoing-documents/:id/edxml/signed', {
    schema: {
      tags, params: documentParams, body: signedExportBody,
      summary: 'The edXML package with its envelope signed (XMLDSig) by the agency\'s certificate, unlocked by its passphrase (clerks and leaders of the issuing agency)',
    },
  }, async (req, reply) => {
    const { xml, fileName } = await exportSignedEdxml(deps, actionContext(req), req.params.id, req.body.agencyPassphrase);
    return reply
      .type('application/xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .send(xml);
  });

  // Packages arrive as the XML itself, read only by this route (its own scope: elsewhere XML stays a 415).
  await app.register(async (scope) => {
    scope.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer', bodyLimit: deps.maxBytes }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post('/api/exchange/edxml/inspect', {
      schema: {
        tags,
        summary: 'Check an edXML package (document or status) without storing it: what it holds, every problem found (element and what is wrong) and its XML signature (clerks and leaders)',
        description: 'Body: the package itself, `Content-Type: application/xml`.',
      },
    }, async (req) => inspectEdxml(deps, actionContext(req), req.body));
    scope.withTypeProvider<ZodTypeProvider>().post('/api/exchange/edxml/import', {
      schema: {
        tags,
        summary: 'Import an edXML package by hand (received by e-mail or from the national axis): a document enters the clerk\'s electronic-incoming queue as if it had arrived; a status package updates the receivers of the agency\'s own document. Its envelope signature is checked and kept (clerk)',
        description: 'Body: the package itself, `Content-Type: application/xml`. Refused whole (nothing stored) when too large, malformed, from an unknown sender, not addressed to the agency, or already received.',
      },
    }, async (req, reply) => reply.status(201).send(await importEdxml(deps, actionContext(req), req.body)));
  });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { validationErrorFromZod } from '../../http/errors.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import type { FileStore } from '../files/file-store.js';
import { addRoot, listRoots, removeRoot } from './trust.service.js';
import { readSingleFile } from './verification.upload.js';
import { verifyAttachment, verifySignedOutgoing, verifyUpload, verifyVersion } from './verification.service.js';

const attachmentParams = z.object({ attachmentId: z.uuid() });
const versionParams = z.object({ documentId: z.uuid(), version: z.coerce.number().int().min(1).max(100_000) });
const rootParams = z.object({ id: z.uuid() });
const pemBody = z.object({ pem: z.string().min(1).max(64 * 1024) });
/** A root certificate is a few KB; anything much larger is not one. */
const MAX_CERTIFICATE_BYTES = 64 * 1024;

export async function verificationRoutes(app: FastifyInstance, deps: { db: Db; files: FileStore; clock: Clock; config: Config }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['signatures'];

  api.get('/api/signatures/verify/attachments/:attachmentId', {
    schema: { tags, summary: 'The digital signatures of a file attached to a document (same access as opening the file)', params: attachmentParams },
  }, async (req) => verifyAttachment(deps, actionContext(req), req.params.attachmentId));

  api.get('/api/signatures/verify/outgoing/:documentId/versions/:version', {
    schema: { tags, summary: "The digital signatures of an outgoing version's PDF", params: versionParams },
  }, async (req) => verifyVersion(deps, actionContext(req), req.params.documentId, req.params.version));

  api.get('/api/signatures/verify/outgoing/:documentId/signed', {
    schema: { tags, summary: "The digital signatures of an outgoing document's signed PDF (the signer's, and the agency's once issued)", params: z.object({ documentId: z.uuid() }) },
  }, async (req) => verifySignedOutgoing(deps, actionContext(req), req.params.documentId));

  api.post('/api/signatures/verify', {
    schema: { tags, summary: 'Check the signatures of a PDF before registering it (nothing is stored)', description: 'multipart/form-data with one `file`.', consumes: ['multipart/form-data'] },
  }, async (req) => {
    const ctx = actionContext(req);
    const { bytes } = await readSingleFile(req, deps.config.maxFileMb * 1024 * 1024, 'PDF_REQUIRED');
    return verifyUpload(deps, ctx, bytes);
  });

  api.get('/api/signatures/trusted-roots', { schema: { tags, summary: "The agency's trusted root certificates" } }, async (req) =>
    ({ items: await listRoots(deps.db, actionContext(req)) }));

  api.post('/api/signatures/trusted-roots', {
    schema: { tags, summary: 'Trust a root certificate (admin)', description: 'A CA certificate as multipart `file` (PEM or DER), or JSON `{ "pem": "-----BEGIN CERTIFICATE-----…" }`.', consumes: ['multipart/form-data', 'application/json'] },
  }, async (req, reply) => {
    const ctx = actionContext(req);
    let certificate: string | Uint8Array;
    if (req.isMultipart()) {
      certificate = (await readSingleFile(req, MAX_CERTIFICATE_BYTES, 'CERTIFICATE_UNREADABLE')).bytes;
      // A PEM file is text; DER is binary.
      if (Buffer.from(certificate).subarray(0, 200).toString('latin1').includes('-----BEGIN')) certificate = Buffer.from(certificate).toString('latin1');
    } else {
      const parsed = pemBody.safeParse(req.body);
      if (!parsed.success) throw validationErrorFromZod(parsed.error);
      certificate = parsed.data.pem;
    }
    return reply.status(201).send(await addRoot(deps.db, ctx, certificate));
  });

  api.delete('/api/signatures/trusted-roots/:id', { schema: { tags, summary: 'Stop trusting a root certificate (admin)', params: rootParams } }, async (req) => {
    await removeRoot(deps.db, actionContext(req), req.params.id);
    return { ok: true };
  });
}

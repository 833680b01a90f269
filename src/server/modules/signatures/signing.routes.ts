import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { badRequest, notFound, validationErrorFromZod } from '../../http/errors.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import type { FileStore } from '../files/file-store.js';
import { sendFile } from '../files/send-file.js';
import { signBody } from '../outgoing/outgoing.schemas.js';
import * as outgoing from '../outgoing/outgoing.service.js';
import { addCertificate, listCertificates } from './certificates.service.js';
import type { KeyVault } from './keys.js';
import { MAX_IMAGE_BYTES, currentImage, imageOwnerToView, saveImage } from './signing.images.js';
import { openSignedPdf, signDocument } from './signing.service.js';

const idParams = z.object({ id: z.uuid() });
const certificateFields = z.object({ purpose: z.enum(['personal', 'agency']).default('personal'), userId: z.uuid().optional(), passphrase: z.string().min(1).max(200) });
const imageQuery = z.object({ kind: z.enum(['signature', 'seal']), userId: z.uuid().optional() });
const certificateQuery = z.object({ purpose: z.enum(['personal', 'agency']).optional(), userId: z.uuid().optional() });

function parseFields<T>(schema: z.ZodType<T>, fields: Record<string, string>): T {
  const parsed = schema.safeParse(fields);
  if (!parsed.success) throw validationErrorFromZod(parsed.error);
  return parsed.data;
}

/** One small file (a PKCS#12 or a PNG) and the form's text fields, kept in memory (at most 1 MB). */
async function smallUpload(request: FastifyRequest): Promise<{ fields: Record<string, string>; file: Buffer }> {
  if (!request.isMultipart()) throw badRequest('NOT_MULTIPART');
  const fields: Record<string, string> = {};
  let file: Buffer | undefined;
  for await (const part of request.parts({ limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 10 } })) {
    if (part.type === 'field') {
      fields[part.fieldname] = String(part.value);
      continue;
    }
    file = await part.toBuffer();
    if (part.file.truncated) throw badRequest('FILE_TOO_LARGE', { name: part.filename, maxMb: 1 });
  }
  if (!file) throw badRequest('FILE_REQUIRED');
  return { fields, file };
}

export async function signingRoutes(app: FastifyInstance, deps: { db: Db; files: FileStore; clock: Clock; vault: Promise<KeyVault> }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['signatures'];

  api.get('/api/signing/certificates', { schema: { tags, summary: "My certificates (the admin: an official's, or the agency's with purpose=agency; the clerk: the agency's)", querystring: certificateQuery } }, async (req) =>
    ({ items: await listCertificates(deps.db, actionContext(req).user, req.query, deps.clock.now()) }));

  api.post('/api/signing/certificates', {
    schema: { tags, summary: 'Add a PKCS#12 key file: mine, or (admin) an official\'s or the agency\'s', description: 'multipart/form-data: `files` (the .p12/.pfx), `passphrase` (checked, never stored), `purpose` (personal|agency), `userId` (admin only).', consumes: ['multipart/form-data'] },
  }, async (req, reply) => {
    const { fields, file } = await smallUpload(req);
    const input = parseFields(certificateFields, fields);
    return reply.status(201).send(await addCertificate(deps.db, await deps.vault, actionContext(req).user, input, file, deps.clock.now()));
  });

  api.post('/api/signing/images', {
    schema: { tags, summary: 'Upload my signature image (the admin: anyone\'s, or the agency seal with kind=seal): transparent PNG, at most 1 MB', consumes: ['multipart/form-data'] },
  }, async (req, reply) => {
    const { fields, file } = await smallUpload(req);
    const query = parseFields(imageQuery, fields);
    return reply.status(201).send(await saveImage(deps.db, actionContext(req).user, query.kind, query.userId, file, deps.clock.now()));
  });

  api.get('/api/signing/images', { schema: { tags, summary: 'The current signature image (mine by default; the admin: anyone\'s) or the agency seal, as PNG, for a preview', querystring: imageQuery } }, async (req, reply) => {
    const user = actionContext(req).user;
    const png = await currentImage(deps.db, user.agencyId, req.query.kind, imageOwnerToView(user, req.query.kind, req.query.userId));
    if (!png) throw notFound();
    return reply.type('image/png').header('Cache-Control', 'private, no-cache').send(png);
  });

  api.post('/api/outgoing-documents/:id/sign', { schema: { tags: ['outgoing', ...tags], summary: 'Sign the approved version digitally (the named signer, with their own certificate and its passphrase)', params: idParams, body: signBody } }, async (req) => {
    const ctx = actionContext(req);
    await signDocument(deps, ctx, req.params.id, req.body);
    return outgoing.detail(deps, ctx, req.params.id);
  });

  api.get('/api/outgoing-documents/:id/signed-pdf', { schema: { tags: ['outgoing', ...tags], summary: 'The digitally signed PDF (after issuance: with the number and the agency signature)', params: idParams } }, async (req, reply) => {
    const file = await openSignedPdf(deps, actionContext(req), req.params.id);
    return sendFile(reply, { stream: file.stream, fileName: file.fileName, size: file.size, mimeType: 'application/pdf' });
  });
}

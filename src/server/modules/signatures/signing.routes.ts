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
import { completeExternalSigning, prepareExternalSigning } from './external-signing.service.js';
import { openSignedPdf, signDocument } from './signing.service.js';

const idParams = z.object({ id: z.uuid() });
const certificateFields = z.object({ purpose: z.enum(['personal', 'agency']).default('personal'), userId: z.uuid().optional(), passphrase: z.string().min(1).max(200) });
const imageQuery = z.object({ kind: z.enum(['signature', 'seal']), userId: z.uuid().optional() });
const certificateQuery = z.object({ purpose: z.enum(['personal', 'agency']).optional(), userId: z.uuid().optional() });
const sessionParams = z.object({ sessionId: z.uuid() });
/** A certificate as PEM or base64 DER (a few KB). */
const certificateText = z.string().min(1).max(20_000);
const externalPrepareBody = z.object({
  certificate: certificateText.optional().describe("The signer's certificate (PEM or base64 DER). Needed to return a raw signature; with it a returned CMS must be signed by this certificate."),
  chain: z.array(certificateText).max(5).optional().describe('Its issuing CA certificates, put into the CMS the server builds around a raw signature.'),
}).strict().refine((body) => !body.chain?.length || body.certificate, { path: ['chain'], params: { vi: 'chỉ gửi kèm khi có chứng thư số của người ký (certificate)', en: 'only together with the signer\'s certificate' } });
const externalCompleteBody = z.object({
  cms: z.string().min(1).max(60_000).optional().describe('(a) A detached CMS SignedData, base64 DER or PEM, whose messageDigest is the contentDigest handed out.'),
  signature: z.string().min(1).max(4_000).optional().describe('(b) The raw signature, base64, over the signedAttributes handed out (RSASSA-PKCS1-v1_5 or ECDSA with SHA-256).'),
}).strict().refine((body) => (body.cms === undefined) !== (body.signature === undefined), { path: ['cms'], params: { vi: 'gửi đúng một trong hai: cms hoặc signature', en: 'send exactly one of cms and signature' } });

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

export async function signingRoutes(app: FastifyInstance, deps: { db: Db; files: FileStore; clock: Clock; vault: Promise<KeyVault>; sessionMinutes: number }) {
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

  api.post('/api/outgoing-documents/:id/external-signing', {
    schema: {
      tags: ['outgoing', ...tags],
      summary: 'Prepare the signature of the approved version with a key held outside (USB token, remote-signing service): the named signer',
      description: 'The PDF is prepared with the signer\'s visible signature exactly as for a server-held key and kept for `EXTERNAL_SIGNING_MINUTES`. The answer gives `contentDigest` (SHA-256 of the byte ranges, for a tool that returns a CMS) and, when `certificate` was sent, `signedAttributes` and `signedAttributesDigest` (for a tool that signs a hash). Complete with POST /api/external-signing/{sessionId}/complete. A new request supersedes a pending one.',
      params: idParams,
      body: externalPrepareBody,
    },
  }, async (req, reply) => reply.status(201).send(await prepareExternalSigning(deps, actionContext(req), req.params.id, req.body)));

  api.post('/api/external-signing/:sessionId/complete', {
    schema: {
      tags: ['outgoing', ...tags],
      summary: 'Complete a signature made outside: a CMS over the digest, or the raw signature over the signed attributes',
      description: 'The signature is put into the prepared PDF and verified (digest, signature, certificate valid and for signatures) before anything is stored; the document is then `signed`. 400 when it does not verify, 409 when the session was used or superseded or the document changed, 410 when it expired.',
      params: sessionParams,
      body: externalCompleteBody,
    },
  }, async (req) => {
    const ctx = actionContext(req);
    const session = await completeExternalSigning(deps, ctx, req.params.sessionId, req.body);
    return outgoing.detail(deps, ctx, session.documentId);
  });

  api.get('/api/outgoing-documents/:id/signed-pdf', { schema: { tags: ['outgoing', ...tags], summary: 'The digitally signed PDF (after issuance: with the number and the agency signature)', params: idParams } }, async (req, reply) => {
    const file = await openSignedPdf(deps, actionContext(req), req.params.id);
    return sendFile(reply, { stream: file.stream, fileName: file.fileName, size: file.size, mimeType: 'application/pdf' });
  });
}

import type { Multipart } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, ValidationError } from './errors.js';
import { cleanInput, isCleanText } from './input-text.js';
import { markMalformedUpload } from './malformed-upload.js';

/**
 * Where client input enters: every route's body, query and path parameters, and every multipart
 * part, pass the text rule of input-text.ts before any schema or handler sees them.
 */
export function registerInputBoundary(app: FastifyInstance): void {
  // A text/plain body used to reach the JSON schemas as a bare string ("body is required").
  app.removeContentTypeParser('text/plain');

  app.addHook('preValidation', async (request) => {
    if (request.isMultipart()) {
      // Only the upload routes read multipart; elsewhere the form would be silently dropped.
      if (!request.is404 && !consumesMultipart(request)) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 415);
      guardParts(request);
    }
    if (request.body !== undefined) request.body = cleanInput(request.body);
    request.query = cleanInput(request.query, 'querystring');
    request.params = cleanInput(request.params, 'params');
  });
}

function consumesMultipart(request: FastifyRequest): boolean {
  const consumes = (request.routeOptions.schema as { consumes?: string[] } | undefined)?.consumes;
  return Boolean(consumes?.includes('multipart/form-data'));
}

const malformed = () => new DomainError('MALFORMED_MULTIPART', 400);

/**
 * Wraps `request.parts()` so each part passes the text rule (field values, file names) and a
 * malformed body becomes a 400: the parser reports a missing or different boundary and a cut
 * body as plain errors, which would otherwise read as a server fault.
 */
function guardParts(request: FastifyRequest): void {
  const { parts, files, file } = { parts: request.parts.bind(request), files: request.files.bind(request), file: request.file.bind(request) };
  request.parts = (options) => checkedParts(parts(options));
  request.files = (options) => checkedParts(files(options));
  request.file = async (options) => {
    const part = await file(options).catch((error: unknown) => { throw asUploadError(error); });
    return part && checkPart(part);
  };
}

/** The plugin's own limits (files, fields, size) carry FST_ codes and keep their meaning. */
function asUploadError(error: unknown): unknown {
  return String((error as { code?: unknown }).code ?? '').startsWith('FST_') ? error : malformed();
}

async function* checkedParts<T extends Multipart>(source: AsyncIterableIterator<T>): AsyncGenerator<T, void, undefined> {
  try {
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await source.next();
      } catch (error) {
        throw asUploadError(error);
      }
      if (next.done) return;
      yield checkPart(next.value);
    }
  } finally {
    await source.return?.();
  }
}

function checkPart<T extends Multipart>(part: T): T {
  if (part.type === 'field') {
    if (typeof part.value === 'string') part.value = cleanInput(part.value, part.fieldname);
    return part;
  }
  // A body cut short fails the file stream with the parser's "…unexpected end of multipart data"
  // (@fastify/multipart tells them apart by text too); a disk error while storing does not match.
  const mark = (error: Error | null) => { if (error && /end of multipart data/.test(String(error.message))) markMalformedUpload(error); };
  mark(part.file.errored); // the parser may have failed the stream before this part was handed over
  part.file.on('error', mark);
  if (!isCleanText(part.filename)) {
    part.file.resume();
    throw ValidationError.single('files', `tên tệp "${printable(part.filename)}" có ký tự không hợp lệ`, `the file name "${printable(part.filename)}" contains an invalid character`, 'invalid_character');
  }
  part.filename = part.filename.normalize('NFC');
  return part;
}

/** The file name as the clerk would recognize it, without the characters we refuse. */
function printable(name: string): string {
  return [...name].filter(isCleanText).join('').slice(0, 100);
}

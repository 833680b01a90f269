import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodError } from 'zod';
import { isMalformedUpload } from './malformed-upload.js';
import { FIELD_LABELS, FIELD_MESSAGES, formatMessage, type ErrorBody, type ErrorCode, type FieldError, type FieldMessage, type LocalizedText } from '../../shared/messages.js';

/** A failure the user can understand: a stable code, an HTTP status and bilingual text. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly params: Record<string, string | number> = {},
    readonly details?: unknown,
  ) {
    super(code);
  }
}

/** A 429 the client may retry after `retryAfterSeconds`: sent as Retry-After and in the details. */
export class RetryLaterError extends DomainError {
  constructor(code: ErrorCode, readonly retryAfterSeconds: number) {
    super(code, 429, { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) }, { retryAfterSeconds });
  }
}

export class ValidationError extends DomainError {
  constructor(readonly fields: FieldError[]) {
    super('VALIDATION', 400);
  }

  static single(field: string, vi: string, en: string, code = 'invalid'): ValidationError {
    return new ValidationError([{ field, code, message: labelled(field, { vi, en }) }]);
  }

  /** One field refused for a reason of the message catalog (src/shared/messages.ts). */
  static field(field: string, reason: FieldMessage, params: Record<string, string | number> = {}): ValidationError {
    const fill = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(params[key] ?? ''));
    const message = FIELD_MESSAGES[reason];
    return new ValidationError([{ field, code: reason, message: labelled(field, { vi: fill(message.vi), en: fill(message.en) }) }]);
  }
}

/** How long a client told "busy" (503 SERVER_BUSY) should wait before it tries again. */
export const BUSY_RETRY_AFTER_SECONDS = 5;

/** The server cannot take this request now (overloaded, no database connection in time): 503. */
export class ServerBusyError extends DomainError {
  constructor() {
    super('SERVER_BUSY', 503, { seconds: BUSY_RETRY_AFTER_SECONDS });
  }
}

export const notFound = (code: ErrorCode = 'NOT_FOUND') => new DomainError(code, 404);
export const forbidden = (code: ErrorCode = 'FORBIDDEN') => new DomainError(code, 403);
export const conflict = (code: ErrorCode, details?: unknown) => new DomainError(code, 409, {}, details);
export const badRequest = (code: ErrorCode, params: Record<string, string | number> = {}) => new DomainError(code, 400, params);

function labelled(field: string, message: LocalizedText): LocalizedText {
  const key = field.split('.').find((part) => FIELD_LABELS[part]) ?? field;
  const label = FIELD_LABELS[key];
  if (!label) return message;
  return { vi: `${label.vi}: ${message.vi}`, en: `${label.en}: ${message.en}` };
}

type Issue = ZodError['issues'][number];

/** Turns one schema issue into a sentence a clerk can act on, in both languages. */
function describeIssue(issue: Issue): LocalizedText {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return { vi: 'không được để trống', en: 'is required' };
      return { vi: 'sai kiểu dữ liệu', en: `must be a ${issue.expected}` };
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? { vi: 'không được để trống', en: 'is required' }
          : { vi: `cần ít nhất ${issue.minimum} ký tự`, en: `needs at least ${issue.minimum} characters` };
      }
      if (issue.origin === 'array') return { vi: `cần ít nhất ${issue.minimum} mục`, en: `needs at least ${issue.minimum} items` };
      return { vi: `phải lớn hơn hoặc bằng ${issue.minimum}`, en: `must be at least ${issue.minimum}` };
    case 'too_big':
      if (issue.origin === 'string') return { vi: `tối đa ${issue.maximum} ký tự`, en: `at most ${issue.maximum} characters` };
      if (issue.origin === 'array') return { vi: `tối đa ${issue.maximum} mục`, en: `at most ${issue.maximum} items` };
      return { vi: `phải nhỏ hơn hoặc bằng ${issue.maximum}`, en: `must be at most ${issue.maximum}` };
    case 'invalid_format':
      if (issue.format === 'date') return { vi: 'ngày không hợp lệ (định dạng YYYY-MM-DD)', en: 'is not a valid date (YYYY-MM-DD)' };
      if (issue.format === 'uuid') return { vi: 'mã không hợp lệ', en: 'is not a valid identifier' };
      if (issue.format === 'email') return { vi: 'địa chỉ thư điện tử không hợp lệ', en: 'is not a valid e-mail address' };
      return { vi: 'sai định dạng', en: 'has the wrong format' };
    case 'invalid_value':
      return { vi: 'giá trị không nằm trong danh sách cho phép', en: 'is not one of the allowed values' };
    case 'unrecognized_keys':
      return { vi: `trường không được hỗ trợ: ${issue.keys.join(', ')}`, en: `unknown fields: ${issue.keys.join(', ')}` };
    case 'custom': {
      const params = issue.params as Partial<LocalizedText> | undefined;
      if (params?.vi && params.en) return { vi: params.vi, en: params.en };
      return { vi: 'không hợp lệ', en: 'is invalid' };
    }
    default:
      return { vi: 'không hợp lệ', en: 'is invalid' };
  }
}

export function validationErrorFromZod(error: ZodError, prefix?: string): ValidationError {
  const fields = error.issues.map((issue): FieldError => {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || 'body';
    return { field, code: issue.code, message: labelled(field, describeIssue(issue)) };
  });
  return new ValidationError(fields);
}

export function errorBody(code: ErrorCode, params?: Record<string, string | number>, extra?: Partial<ErrorBody['error']>): ErrorBody {
  return { error: { code, message: formatMessage(code, params), ...extra } };
}

/** Fastify's and @fastify/multipart's own errors, by code: what the client did wrong. */
const FRAMEWORK_CODES: Record<string, [number, ErrorCode]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'INVALID_JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'INVALID_JSON'],
  FST_INVALID_JSON_FIELD_ERROR: [400, 'INVALID_JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'UPLOAD_TOO_LARGE'],
  FST_REQ_FILE_TOO_LARGE: [413, 'UPLOAD_TOO_LARGE'],
  FST_FIELDS_LIMIT: [400, 'TOO_MANY_FIELDS'],
  FST_PARTS_LIMIT: [400, 'TOO_MANY_FIELDS'],
  FST_MP_PREMATURE_CLOSE: [400, 'MALFORMED_MULTIPART'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'NOT_MULTIPART'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_BAD_URL: [400, 'INVALID_ADDRESS'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'ADDRESS_TOO_LONG'],
};

/** Any other 4xx the framework raises, by status; never its own text (it can echo the URL). */
function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 404: return 'NOT_FOUND';
    case 408: return 'REQUEST_TIMEOUT';
    case 413: return 'UPLOAD_TOO_LARGE';
    case 414: return 'ADDRESS_TOO_LONG';
    case 415: return 'UNSUPPORTED_MEDIA_TYPE';
    case 429: return 'TOO_MANY_ATTEMPTS';
    case 431: return 'HEADERS_TOO_LARGE';
    default: return 'BAD_REQUEST';
  }
}

function frameworkResponse(error: FastifyError): [number, ErrorCode] | undefined {
  const known = FRAMEWORK_CODES[error.code];
  if (known) return known;
  if (error instanceof SyntaxError && error.statusCode === 400) return [400, 'INVALID_JSON'];
  if (isMalformedUpload(error)) return [400, 'MALFORMED_MULTIPART'];
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return [error.statusCode, codeForStatus(error.statusCode)];
  return undefined;
}

/**
 * The one place where errors become HTTP responses; internals never reach the client.
 * `fallback` may answer unknown addresses first (the web client's own routes).
 */
export function registerErrorHandler(app: FastifyInstance, fallback?: (request: FastifyRequest, reply: FastifyReply) => unknown): void {
  app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
    if (error instanceof ValidationError) {
      return reply.status(400).send(errorBody('VALIDATION', {}, { fields: error.fields }));
    }
    if (error instanceof RetryLaterError) reply.header('Retry-After', String(error.retryAfterSeconds));
    if (error instanceof DomainError) {
      // A 503 says when to come back, so browsers and clients retry instead of hammering.
      if (error.status === 503) reply.header('Retry-After', String(error.params.seconds ?? 5));
      return reply.status(error.status).send(errorBody(error.code, error.params, error.details === undefined ? {} : { details: error.details }));
    }
    const known = frameworkResponse(error);
    // `minutes` fills TOO_MANY_ATTEMPTS (a 429 from the framework); other messages have no parameter.
    if (known) return reply.status(known[0]).send(errorBody(known[1], { minutes: 1 }));
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL'));
  });

  app.setNotFoundHandler((request, reply) => {
    const answered = fallback?.(request, reply);
    return answered ?? reply.status(404).send(errorBody('NOT_FOUND'));
  });
}

/**
 * Fastify's `frameworkErrors` option: errors raised while routing, before any handler (an address
 * that cannot be decoded, a path parameter over the length limit), in our shape.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = frameworkResponse(error);
  if (!known) request.log.error({ err: error }, 'routing error');
  const [status, code] = known ?? [500, 'INTERNAL'];
  void reply.status(status).send(errorBody(code));
}

/**
 * Fastify's `clientErrorHandler` (Node's `clientError`): requests Node's HTTP parser refuses
 * (headers over 16 KB, malformed request lines, slow clients) never become a request, so the
 * answer is written to the socket directly, still in our shape.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code]: [number, ErrorCode] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'HEADERS_TOO_LARGE']
    : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'REQUEST_TIMEOUT']
      : [400, 'BAD_REQUEST'];
  const json = JSON.stringify(errorBody(code));
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${json}`);
  }
  socket.destroy(error);
}

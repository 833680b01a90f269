import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodError } from 'zod';
import { FIELD_LABELS, formatMessage, type ErrorBody, type ErrorCode, type FieldError, type LocalizedText } from '../../shared/messages.js';

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

export class ValidationError extends DomainError {
  constructor(readonly fields: FieldError[]) {
    super('VALIDATION', 400);
  }

  static single(field: string, vi: string, en: string, code = 'invalid'): ValidationError {
    return new ValidationError([{ field, code, message: labelled(field, { vi, en }) }]);
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

function body(code: ErrorCode, params?: Record<string, string | number>, extra?: Partial<ErrorBody['error']>): ErrorBody {
  return { error: { code, message: formatMessage(code, params), ...extra } };
}

/**
 * The one place where errors become HTTP responses; internals never reach the client.
 * `fallback` may answer unknown addresses first (the web client's own routes).
 */
export function registerErrorHandler(app: FastifyInstance, fallback?: (request: FastifyRequest, reply: FastifyReply) => unknown): void {
  app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
    if (error instanceof ValidationError) {
      return reply.status(400).send(body('VALIDATION', {}, { fields: error.fields }));
    }
    if (error instanceof DomainError) {
      // A 503 says when to come back, so browsers and clients retry instead of hammering.
      if (error.status === 503) reply.header('Retry-After', String(error.params.seconds ?? 5));
      return reply.status(error.status).send(body(error.code, error.params, error.details === undefined ? {} : { details: error.details }));
    }
    const fastifyError = error as FastifyError;
    if (['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY'].includes(fastifyError.code) || (error instanceof SyntaxError && fastifyError.statusCode === 400)) {
      return reply.status(400).send(body('INVALID_JSON'));
    }
    if (['FST_REQ_FILE_TOO_LARGE', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT', 'FST_ERR_CTP_BODY_TOO_LARGE'].includes(fastifyError.code)) {
      return reply.status(413).send(body('UPLOAD_TOO_LARGE'));
    }
    if (fastifyError.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return reply.status(415).send(body('NOT_MULTIPART'));
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.status(415).send(body('UNSUPPORTED_MEDIA_TYPE'));
    if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      const status = fastifyError.statusCode;
      return reply.status(status).send(body(status === 404 ? 'NOT_FOUND' : status === 429 ? 'TOO_MANY_ATTEMPTS' : 'VALIDATION', { minutes: 1 }));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(body('INTERNAL'));
  });

  app.setNotFoundHandler((request, reply) => {
    const answered = fallback?.(request, reply);
    return answered ?? reply.status(404).send(body('NOT_FOUND'));
  });
}

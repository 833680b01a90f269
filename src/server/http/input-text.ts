import type { FieldError } from '../../shared/messages.js';
import { ValidationError } from './errors.js';

/**
 * The one rule for every string a client sends (JSON body, query, path parameters, multipart
 * fields, file names and the registration's `metadata` JSON):
 * - a NUL character is refused: PostgreSQL text cannot hold it, so the query would fail;
 * - a lone UTF-16 surrogate is refused: it is no character at all, and jsonb (the history)
 *   refuses it;
 * - everything else is normalized to Unicode NFC, because text pasted from Word or typed on a Mac
 *   arrives decomposed ("Hương" as u + combining horn + …) and must equal the composed form
 *   in searches, duplicate checks and the register.
 */

const FORBIDDEN = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper than any form we accept; stops a hostile body from exhausting the stack. */
const MAX_DEPTH = 32;

const INVALID_CHARACTER = {
  vi: 'có ký tự không hợp lệ (thường do sao chép từ tài liệu khác), vui lòng nhập lại',
  en: 'contains an invalid character (a NUL or a broken Unicode character); please type it again',
};
const TOO_DEEP = { vi: 'dữ liệu lồng nhau quá sâu', en: 'is nested too deeply' };

export function isCleanText(text: string): boolean {
  return !FORBIDDEN.test(text);
}

/**
 * Returns `value` with every string normalized to NFC, or throws a ValidationError naming each
 * field that holds a forbidden character. `prefix` names the request part, as the schema errors
 * do ("querystring.q", "params.id"; none for the body).
 */
export function cleanInput<T>(value: T, prefix?: string): T {
  const problems: FieldError[] = [];
  const cleaned = walk(value, prefix ? [prefix] : [], problems);
  if (problems.length) throw new ValidationError(problems);
  return cleaned as T;
}

function walk(value: unknown, path: string[], problems: FieldError[]): unknown {
  if (typeof value === 'string') {
    if (isCleanText(value)) return value.normalize('NFC');
    problems.push(problem(path, 'invalid_character', INVALID_CHARACTER));
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (path.length > MAX_DEPTH) {
    problems.push(problem(path, 'too_deep', TOO_DEEP));
    return value;
  }
  if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, String(index)], problems));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = walk(item, [...path, key], problems);
  return copy;
}

/**
 * Parsed JSON, parsed query strings and params (objects without a prototype, or whose prototype has
 * none, as the query parser makes them); never a stream, buffer or file part.
 */
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}

function problem(path: string[], code: string, text: { vi: string; en: string }): FieldError {
  const field = path.join('.') || 'body';
  return ValidationError.single(field, text.vi, text.en, code).fields[0]!;
}

/** JSON text sent inside a form field (the registration's `metadata`), parsed under the same rule. */
export function parseJsonInput(text: string): unknown {
  return cleanInput(JSON.parse(text) as unknown);
}

import { expect } from 'vitest';

/**
 * The answer's JSON once its status is the expected one (the body is shown when it is not), or
 * undefined for an empty body. `T` defaults to `any` on purpose: a test reads the few fields it
 * checks without declaring the whole answer's shape.
 */
export function ok<T = any>(response: { statusCode: number; body: string }, status = 200): T {
  expect(response.statusCode, response.body).toBe(status);
  return (response.body ? JSON.parse(response.body) : undefined) as T;
}

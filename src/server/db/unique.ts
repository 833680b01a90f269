import { conflict } from '../http/errors.js';
import type { ErrorCode } from '../../shared/messages.js';

/** PostgreSQL's unique_violation. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

/**
 * Runs a write that a unique index guards, turning a violation into a 409 with `code`: the index
 * decides, so two requests racing for the same name cannot both win.
 */
export async function uniqueOr<T>(code: ErrorCode, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(code);
    throw error;
  }
}

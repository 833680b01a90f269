/**
 * Errors the multipart parser raised because the body's framing was broken (a part cut short):
 * they reach the error handler as plain errors, so the upload guard marks them here and the
 * handler answers them as the client's fault (400), not ours.
 */
const marked = new WeakSet<object>();

export function markMalformedUpload(error: unknown): void {
  if (typeof error === 'object' && error !== null) marked.add(error);
}

export function isMalformedUpload(error: unknown): boolean {
  return typeof error === 'object' && error !== null && marked.has(error);
}

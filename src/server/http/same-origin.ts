import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from './errors.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** 'https://host:port' with the default port dropped, or null for anything that is not an http(s) origin. */
function normalizedOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** The origin the browser saw for this server: scheme and host as forwarded by a trusted proxy, else our own. */
function ownOrigin(request: FastifyRequest): string | null {
  return request.host ? normalizedOrigin(`${request.protocol}://${request.host}`) : null;
}

/**
 * Whether a browser sent this request from a page of another origin. `Sec-Fetch-Site` is the
 * browser's own verdict; `Origin` is compared with our scheme and host. A request with neither
 * header comes from a non-browser client (scripts, app.inject), which no foreign page can drive.
 */
export function isCrossOrigin(request: FastifyRequest): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  // 'same-site' is refused too: a sibling subdomain is the same site but not us.
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return true;
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  const expected = ownOrigin(request);
  return expected === null || normalizedOrigin(origin) !== expected;
}

/**
 * One check for every state-changing request of the whole app. The session cookie is
 * SameSite=Strict, but a sibling subdomain counts as the same site, and multipart or body-less
 * POSTs need no CORS preflight: without this check a foreign page could still post them.
 */
export function registerSameOriginCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (STATE_CHANGING.has(request.method) && isCrossOrigin(request)) {
      request.log.warn({ origin: request.headers.origin, fetchSite: request.headers['sec-fetch-site'], url: request.url }, 'cross-origin request refused');
      throw new DomainError('CROSS_ORIGIN_REQUEST', 403);
    }
  });
}

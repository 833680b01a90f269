import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import { createAuthService, sessionIdOf } from './auth.service.js';
import { publish } from '../notifications/notifications.bus.js';
import { changePasswordBody, loginBody } from './auth.schemas.js';
import { DomainError } from '../../http/errors.js';
import { requireUser } from './current-user.js';
import { DEVICE_COOKIE, DEVICE_DAYS, deviceCookieValue, deviceTokens } from './trusted-devices.js';
import type { Db } from '../../db/database.js';
import { type Clock, systemClock } from '../../time.js';
import { heldDelegations } from '../delegation/delegation.repository.js';

export const SESSION_COOKIE = 'vp_session';

export async function authRoutes(app: FastifyInstance, { db, config, clock = systemClock }: { db: Db; config: Config; clock?: Clock }) {
  const auth = createAuthService(db, { sessionHours: config.sessionHours });
  const api = app.withTypeProvider<ZodTypeProvider>();

  app.decorateRequest('currentUser', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    request.currentUser = token ? await auth.userForToken(token) : null;
    // What the official may do in someone else's name is decided now, by the server's clock: a
    // delegation that ended or was revoked gives nothing from the next request on.
    if (request.currentUser) request.currentUser.actsFor = await heldDelegations(db, request.currentUser.id, clock.now());
    // Until a one-time password is changed, only /api/auth/* (me, logout, change-password) is served.
    // The matched route, not the raw address, decides (no way round it through odd spellings).
    const route = request.routeOptions.url ?? request.url;
    if (request.currentUser?.mustChangePassword && route.startsWith('/api/') && !route.startsWith('/api/auth/')) {
      throw new DomainError('PASSWORD_CHANGE_REQUIRED', 403);
    }
  });

  api.post('/api/auth/login', { schema: { tags: ['auth'], summary: 'Sign in', body: loginBody } }, async (request, reply) => {
    const { username, password } = request.body;
    const tokens = deviceTokens(request.cookies[DEVICE_COOKIE]);
    const session = await auth.login({ username, password, ip: request.ip, userAgent: request.headers['user-agent'] ?? null, deviceTokens: tokens });
    reply.setCookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: config.secureCookies,
      path: '/',
      expires: session.expiresAt,
    });
    if (session.deviceToken) {
      // Sent back only to this address: the cookie is worth something at sign-in and nowhere else.
      reply.setCookie(DEVICE_COOKIE, deviceCookieValue(session.deviceToken, tokens), {
        httpOnly: true,
        sameSite: 'strict',
        secure: config.secureCookies,
        path: '/api/auth/login',
        maxAge: DEVICE_DAYS * 86_400,
      });
    }
    request.currentUser = { ...session.user, actsFor: await heldDelegations(db, session.user.id, clock.now()) };
    return { user: request.currentUser };
  });

  api.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out' } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      await auth.logout(token);
      // The session's live streams (notifications) close on every server.
      await publish(db, { t: 'end', session: sessionIdOf(token) });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  api.get('/api/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in official' } }, async (request) => {
    return { user: requireUser(request) };
  });

  api.post('/api/auth/change-password', { schema: { tags: ['auth'], summary: 'Change my password', body: changePasswordBody } }, async (request) => {
    const user = requireUser(request);
    await auth.changePassword(user.id, request.body.currentPassword, request.body.newPassword, request.cookies[SESSION_COOKIE] ?? '');
    return { ok: true };
  });
}

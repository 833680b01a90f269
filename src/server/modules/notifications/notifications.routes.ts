import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import { SESSION_COOKIE } from '../auth/auth.routes.js';
import { sessionIdOf } from '../auth/auth.service.js';
import { unreadCount } from './notifications.repository.js';
import { remindHolder } from './notifications.reminders.js';
import { assignmentParams, listQuery, preferencesBody, readBody, reminderBody } from './notifications.schemas.js';
import * as notifications from './notifications.service.js';
import type { StreamHub } from './notifications.stream.js';

export async function notificationRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock; hub: StreamHub }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];
  api.get('/api/notifications', { schema: { tags, summary: 'My notices, newest first (paged by `before`), with the unread count', querystring: listQuery } }, async (req) =>
    notifications.listNotifications(deps.db, actionContext(req), req.query));
  api.get('/api/notifications/unread-count', { schema: { tags, summary: 'How many of my notices are unread' } }, async (req) =>
    ({ unread: await unreadCount(deps.db, actionContext(req).user.id) }));
  api.post('/api/notifications/read', { schema: { tags, summary: 'Mark some of my notices read (ids of others are ignored)', body: readBody } }, async (req) =>
    notifications.markNotificationsRead(deps.db, deps.clock, actionContext(req), req.body.ids));
  api.post('/api/notifications/read-all', { schema: { tags, summary: 'Mark all my notices read' } }, async (req) =>
    notifications.markNotificationsRead(deps.db, deps.clock, actionContext(req), 'all'));
  api.get('/api/notifications/preferences', { schema: { tags, summary: 'Which kinds of notice reach me by which channel, the daily digest, and whether e-mail is available' } }, async (req) =>
    notifications.preferences(deps.db, actionContext(req)));
  api.put('/api/notifications/preferences', { schema: { tags, summary: 'Choose channels per kind of notice and the daily e-mail digest', body: preferencesBody } }, async (req) =>
    notifications.savePreferences(deps.db, actionContext(req), req.body));
  api.get('/api/notifications/stream', {
    schema: { tags, summary: 'Server-sent events: `counts` (menu counts and unread notices, soon after opening and when they may have changed), `notification` (a new notice), `unread` (the unread count after new notices), `resync` (refetch); heartbeats every 25 s' },
  }, async (req, reply) => {
    const ctx = actionContext(req);
    await deps.hub.open(req, reply, ctx.user, sessionIdOf(req.cookies[SESSION_COOKIE] ?? ''));
  });
  api.post('/api/assignments/:id/reminders', {
    schema: { tags, summary: "Remind (đôn đốc) the holder of an open assignment, with a note: the assigner, the agency's leaders or the head of the holder's unit", params: assignmentParams, body: reminderBody },
  }, async (req) => remindHolder(deps.db, actionContext(req), req.params.id, req.body.note));
}

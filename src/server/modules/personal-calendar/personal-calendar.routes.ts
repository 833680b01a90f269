import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import { eventBody, feedParams, idParams, rangeQuery } from './personal-calendar.schemas.js';
import * as calendar from './personal-calendar.service.js';

export async function personalCalendarRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['personal-calendar'];
  const appUrl = (req: { protocol: string; host: string }) => `${req.protocol}://${req.host}`;

  api.get('/api/personal-calendar/items', {
    schema: { tags, summary: "My calendar between two Vietnam dates (inclusive, at most 400 days): my events (repeating ones expanded) and what other modules put on it (documents' due dates, the work schedule…)", querystring: rangeQuery },
  }, async (req) => calendar.listItems(deps, actionContext(req), req.query));

  api.post('/api/personal-calendar/events', { schema: { tags, summary: 'Add an event to my calendar (timed: start/end with offset; all-day: startDate/endDate)', body: eventBody } }, async (req, reply) =>
    reply.status(201).send(await calendar.createEvent(deps, actionContext(req), req.body)));

  api.get('/api/personal-calendar/events/:id', { schema: { tags, summary: 'One of my events (another official\'s: 404)', params: idParams } }, async (req) =>
    calendar.getEvent(deps, actionContext(req), req.params.id));

  api.put('/api/personal-calendar/events/:id', { schema: { tags, summary: 'Change one of my events (the whole series if it repeats)', params: idParams, body: eventBody } }, async (req) =>
    calendar.updateEvent(deps, actionContext(req), req.params.id, req.body));

  api.delete('/api/personal-calendar/events/:id', { schema: { tags, summary: 'Delete one of my events (the whole series)', params: idParams } }, async (req) =>
    calendar.deleteEvent(deps, actionContext(req), req.params.id));

  api.get('/api/personal-calendar/export.ics', { schema: { tags, summary: `My calendar as iCalendar (${calendar.FEED_DAYS_BACK} days back, ${calendar.FEED_DAYS_AHEAD} ahead; Vietnam time)` } }, async (req, reply) => {
    const ics = await calendar.calendarIcs(deps, actionContext(req), appUrl(req));
    return reply.header('Content-Type', 'text/calendar; charset=utf-8').header('Content-Disposition', 'attachment; filename="lich-ca-nhan.ics"')
      .header('Cache-Control', 'private, no-store').send(ics);
  });

  api.get('/api/personal-calendar/feed', { schema: { tags, summary: 'Whether I have a private subscription address (its secret is shown only when made)' } }, async (req) =>
    calendar.feedInfo(deps, actionContext(req)));
  api.post('/api/personal-calendar/feed', { schema: { tags, summary: 'Make my private subscription address, or renew it (the old one stops working)' } }, async (req) =>
    calendar.renewFeed(deps, actionContext(req)));
  api.delete('/api/personal-calendar/feed', { schema: { tags, summary: 'Stop my subscription address' } }, async (req) =>
    calendar.revokeFeed(deps, actionContext(req)));

  // The subscription address: no session (a phone's calendar app fetches it); the secret in the path is the key.
  api.get('/ical/:file', { schema: { tags, summary: 'A private calendar subscription (`<secret>.ics`); an unknown or renewed secret: 404', params: feedParams } }, async (req, reply) => {
    const user = await calendar.feedOwner(deps, req.params.file);
    const ics = await calendar.calendarIcs(deps, { user, ip: req.ip, userAgent: req.headers['user-agent'] ?? null }, appUrl(req));
    return reply.header('Content-Type', 'text/calendar; charset=utf-8').header('Cache-Control', 'private, no-store').header('X-Robots-Tag', 'noindex').send(ics);
  });
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import compress from '@fastify/compress';
import type pg from 'pg';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { connectionWaitBudget, type Db } from './db/database.js';
import { BUSY_RETRY_AFTER_SECONDS, clientErrorHandler, DomainError, frameworkErrors, registerErrorHandler, ServerBusyError } from './http/errors.js';
import { registerInputBoundary } from './http/input-boundary.js';
import { openApiTransform } from './http/openapi.js';
import { registerSameOriginCheck } from './http/same-origin.js';
import { zodValidatorCompiler } from './http/validation.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import type { FileStore } from './modules/files/file-store.js';
import { directoryRoutes } from './modules/directory/directory.routes.js';
import { assignmentRoutes } from './modules/assignments/assignments.routes.js';
import { digitizationRoutes } from './modules/digitization/digitization.routes.js';
import { incomingRoutes } from './modules/incoming/incoming.routes.js';
import { outgoingRoutes } from './modules/outgoing/outgoing.routes.js';
import { vaultFor } from './modules/signatures/keys.js';
import { sealPlainPeerSecrets, usePeerVault } from './modules/exchange/peers.service.js';
import { signingRoutes } from './modules/signatures/signing.routes.js';
import { orgRoutes } from './modules/org/org.routes.js';
import { jobRoutes } from './modules/jobs/jobs.routes.js';
import { antivirusRoutes } from './modules/antivirus/antivirus.routes.js';
import { verificationRoutes } from './modules/signatures/verification.routes.js';
import { copiesRoutes } from './modules/copies/copies.routes.js';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.js';
import { reportsRoutes } from './modules/reports/reports.routes.js';
import { edxmlRoutes } from './modules/exchange/edxml.routes.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { peerRoutes } from './modules/exchange/peers.routes.js';
import { exchangeRoutes } from './modules/exchange/exchange.routes.js';
import { busFor, inProcessBus, type NotificationBus, registerBus } from './modules/notifications/notifications.bus.js';
import { useMail } from './modules/notifications/notifications.email.js';
import { notificationRoutes } from './modules/notifications/notifications.routes.js';
import { createStreamHub } from './modules/notifications/notifications.stream.js';
import { delegationRoutes } from './modules/delegation/delegation.routes.js';
import { supervisionRoutes } from './modules/supervision/supervision.routes.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { operationsRoutes } from './modules/operations/operations.routes.js';
import type { Metrics } from './modules/operations/metrics.js';
import { createScanner, type Scanner } from './modules/antivirus/antivirus.scanner.js';
import { scanningFileStore } from './modules/antivirus/scanning-file-store.js';
import { recordInfectedUpload } from './modules/antivirus/antivirus.service.js';
import { actionContext } from './modules/auth/current-user.js';
import { recordsRoutes } from './modules/records/records.routes.js';
import { personalCalendarRoutes } from './modules/personal-calendar/personal-calendar.routes.js';
import { workScheduleRoutes } from './modules/work-schedule/work-schedule.routes.js';
import { meetingsRoutes } from './modules/meetings/meetings.routes.js';
import { messagesRoutes } from './modules/messages/messages.routes.js';
import { surveysRoutes } from './modules/surveys/surveys.routes.js';
import { taskRoutes } from './modules/tasks/tasks.routes.js';
import { AGENCY_TIME_ZONE, type Clock, systemClock, vietnamDate } from './time.js';

export interface AppDeps {
  config: Config;
  db: Db;
  files: FileStore;
  clock?: Clock;
  /** How notices reach the other servers (notifications.bus.ts); in-process when not given. */
  bus?: NotificationBus;
  /** The antivirus (default: clamd as CLAMAV_* configures it, or none). */
  scanner?: Scanner | null;
  /** The database's connection pool, for its metrics. */
  pool?: pg.Pool;
  /** Built web client to serve (dist/web); omitted in API tests. */
  webRoot?: string | null;
  logger?: boolean | object;
}

/** Ant Design injects its styles at run time and pdf.js decodes some images with WebAssembly. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'self'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * How long a browser may keep a file of the web client. Files under /assets/ carry a hash of their
 * content in their name (Vite): a new release has new names, so they are kept a year without asking
 * again. index.html, the service worker and the manifest name the current files: always revalidated.
 */
export function webCacheControl(urlPath: string): string {
  if (urlPath.startsWith('/assets/')) return 'public, max-age=31536000, immutable';
  if (/\.(png|svg|ico)$/.test(urlPath)) return 'public, max-age=86400';
  return 'no-cache';
}

/** JSON answers smaller than this go as they are: compressing them saves less than it costs. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

export const defaultWebRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    // X-Forwarded-* only from the configured proxies: anyone else could choose the address that
    // per-address limits and the audit trail see, or the host the same-origin check compares to.
    trustProxy: deps.config.trustProxy.length ? deps.config.trustProxy : false,
    bodyLimit: 1024 * 1024,
    // Errors raised before a route runs (undecodable URL, over-long parameter, headers Node
    // refuses) answer in the same shape as every other error.
    frameworkErrors,
    clientErrorHandler,
  });
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const webRoot = deps.webRoot === undefined ? defaultWebRoot : deps.webRoot;
  const serveWeb = Boolean(webRoot && fs.existsSync(path.join(webRoot, 'index.html')));
  // The web client routes itself: a page address (no file extension, outside /api) gets its index.html.
  registerErrorHandler(app, (request, reply) =>
    serveWeb && request.method === 'GET' && !request.url.startsWith('/api/') && !path.extname(request.url.split('?')[0]!)
      ? reply.sendFile('index.html')
      : undefined);

  registerSameOriginCheck(app);
  // Shed load when the event loop lags, so a server that cannot keep up says so (503 with
  // Retry-After) rather than letting every request wait; a full connection pool does the same (database.ts).
  await app.register(underPressure, { maxEventLoopDelay: deps.config.maxEventLoopDelayMs, retryAfter: BUSY_RETRY_AFTER_SECONDS, customError: ServerBusyError });
  // A request waits for database connections DB_CONNECT_TIMEOUT_MS in all, however many queries it makes.
  app.addHook('onRequest', (_request, _reply, done) => connectionWaitBudget.run({ remainingMs: deps.config.dbConnectTimeoutMs }, done));
  // API answers (JSON) above 1 KB are compressed on the fly; the web client's files are compressed
  // once at build time (vite.config.ts) and sent as they are by @fastify/static below.
  const optimiseWeb = deps.config.webCompression;
  if (optimiseWeb) await app.register(compress, { threshold: COMPRESS_THRESHOLD_BYTES, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } } });
  await app.register(cookie);
  await app.register(multipart, { throwFileSizeLimit: false });
  registerInputBoundary(app);
  await app.register(swagger, {
    openapi: {
      info: { title: 'VanPhong API', description: 'Văn phòng điện tử — electronic office for Vietnamese state agencies', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'vp_session' } } },
      security: [{ session: [] }],
    },
    transform: openApiTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Frame-Options', 'SAMEORIGIN');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('X-Content-Type-Options', 'nosniff');
    // The API docs page brings its own inline scripts and policy; everything else gets ours.
    if (!request.url.startsWith('/api/docs')) reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  });

  const clock = deps.clock ?? systemClock;
  // With a scanner configured (CLAMAV_*), every upload of every route is scanned before it can be stored.
  const scanner = deps.scanner ?? (deps.config.clamav ? createScanner(deps.config.clamav) : null);
  const files = scanner ? scanningFileStore(deps.files, scanner, (outcome) => metrics?.uploadsScanned.inc({ result: outcome }), { db: deps.db, whenDown: deps.config.clamav?.whenDown }) : deps.files;
  // Every refused infected upload, from any route, is in the history and told to the agency's administrators.
  if (scanner) {
    app.addHook('onError', async (request, _reply, error) => {
      if (!(error instanceof DomainError) || error.code !== 'FILE_INFECTED' || !request.currentUser) return;
      await recordInfectedUpload(deps.db, actionContext(request), { name: String(error.params.name ?? ''), signature: String(error.params.signature ?? ''), url: request.url })
        .catch((failure: unknown) => request.log.error({ err: failure }, 'infected upload not recorded'));
    });
  }
  let metrics: Metrics | undefined;
  await app.register(async (scope) => {
    await authRoutes(scope, { db: deps.db, config: deps.config, clock });
    await orgRoutes(scope, { db: deps.db });
    await directoryRoutes(scope, { db: deps.db });
    await incomingRoutes(scope, { db: deps.db, files, clock, config: deps.config });
    await digitizationRoutes(scope, { db: deps.db, files, clock, config: deps.config });
    await assignmentRoutes(scope, { db: deps.db, clock });
    // The signing keys' vault (its secret is read, or made once, in the data directory).
    const vault = vaultFor(deps.config.dataDir);
    vault.catch(() => undefined); // a failure surfaces where a signature awaits it, not as an unhandled rejection
    await outgoingRoutes(scope, { db: deps.db, files, clock, config: deps.config, vault });
    await signingRoutes(scope, { db: deps.db, files, clock, vault, sessionMinutes: deps.config.externalSigningMinutes });
    await verificationRoutes(scope, { db: deps.db, files, clock, config: deps.config });
    await copiesRoutes(scope, { db: deps.db, files, clock, vault });
    await jobRoutes(scope, { db: deps.db });
    await antivirusRoutes(scope, { db: deps.db, scannerConfigured: scanner !== null });
    await dashboardRoutes(scope, { db: deps.db, clock });
    await reportsRoutes(scope, { db: deps.db, clock });
    await edxmlRoutes(scope, { db: deps.db, files, clock, maxBytes: deps.config.edxmlMaxMb * 1024 * 1024, vault });
    await calendarRoutes(scope, { db: deps.db, clock });
    // Peer secrets are sealed by the same vault; any left in clear by an earlier version are sealed now.
    usePeerVault(deps.db, vault);
    await sealPlainPeerSecrets(deps.db);
    await peerRoutes(scope, { db: deps.db, files, clock, maxBytes: deps.config.edxmlMaxMb * 1024 * 1024 });
    await exchangeRoutes(scope, { db: deps.db, files, clock });
    useMail(deps.db, deps.config.mail);
    const bus = deps.bus ?? busFor(deps.db) ?? registerBus(deps.db, inProcessBus());
    const hub = createStreamHub({ db: deps.db, clock, bus, log: (message, error) => scope.log.error({ err: error }, message) });
    // Before the server waits for its connections to end: the streams end here.
    scope.addHook('preClose', async () => hub.close());
    await notificationRoutes(scope, { db: deps.db, clock, hub });
    await delegationRoutes(scope, { db: deps.db, clock });
    await supervisionRoutes(scope, { db: deps.db });
    await searchRoutes(scope, { db: deps.db, clock });
    await recordsRoutes(scope, { db: deps.db, clock, files });
    await personalCalendarRoutes(scope, { db: deps.db, clock });
    await workScheduleRoutes(scope, { db: deps.db, clock });
    await meetingsRoutes(scope, { db: deps.db, clock, files, config: deps.config });
    await messagesRoutes(scope, { db: deps.db, clock, files, config: deps.config });
    await surveysRoutes(scope, { db: deps.db, clock });
    await taskRoutes(scope, { db: deps.db, clock, files, config: deps.config });
  });

  metrics = await operationsRoutes(app, { db: deps.db, files: deps.files, pool: deps.pool, scanner, metricsToken: deps.config.metricsToken });
  // The agency's calendar day comes from the server's clock, never from a user's PC.
  app.get('/api/time', { schema: { tags: ['system'], summary: "The server's time and today's date in Vietnam" } }, async () => {
    const now = clock.now();
    return { now: now.toISOString(), today: vietnamDate(now), timeZone: AGENCY_TIME_ZONE };
  });

  // Files are looked up on each request, so a rebuilt client is served without a restart.
  // preCompressed: the .br or .gz written beside each file at build time, as the browser accepts.
  if (serveWeb) {
    await app.register(fastifyStatic, optimiseWeb
      ? {
        root: webRoot!,
        wildcard: true,
        preCompressed: true,
        cacheControl: false,
        setHeaders: (reply, filePath) => {
          const urlPath = `/${path.relative(webRoot!, filePath).split(path.sep).join('/')}`.replace(/\.(br|gz)$/, '');
          reply.header('Cache-Control', webCacheControl(urlPath));
        },
      }
      // The baseline of bench/web.ts: @fastify/static's defaults (max-age=0, uncompressed).
      : { root: webRoot!, wildcard: true });
  }
  return app;
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import * as exports from './reports.exports.js';
import { formatIdParams, formatParams, periodQuery, trackingExportQuery, trackingQuery } from './reports.schemas.js';
import * as reports from './reports.service.js';
import { slipFile } from './reports.slip.js';

export async function reportsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  api.get('/api/tracking', { schema: { tags, summary: 'The tracking register: incoming documents with lead, coordinators, due date, progress and reply (filtered, paged)', querystring: trackingQuery } }, async (req) =>
    reports.tracking(deps, actionContext(req), req.query));

  api.get('/api/reports/handling', { schema: { tags, summary: 'Report on handling incoming documents received in a period: by unit and by person', querystring: periodQuery } }, async (req) =>
    reports.handlingReport(deps, actionContext(req), req.query));

  api.get('/api/reports/handling/:format', { schema: { tags, summary: 'The report on handling as XLSX or PDF (A4 landscape)', params: formatParams, querystring: periodQuery } }, async (req, reply) =>
    exports.sendExport(reply, await exports.handlingReportFile(deps, actionContext(req), req.query, req.params.format)));

  api.get('/api/reports/incoming-register/:format', { schema: { tags, summary: 'Sổ đăng ký văn bản đến of a period as XLSX or PDF (leaders and clerks)', params: formatParams, querystring: periodQuery } }, async (req, reply) =>
    exports.sendExport(reply, await exports.incomingRegister(deps, actionContext(req), req.query, req.params.format)));

  api.get('/api/reports/tracking-register/:format', { schema: { tags, summary: 'Sổ theo dõi giải quyết văn bản đến of a period as XLSX or PDF', params: formatParams, querystring: trackingExportQuery } }, async (req, reply) =>
    exports.sendExport(reply, await exports.trackingRegister(deps, actionContext(req), req.query, req.params.format)));

  api.get('/api/statistics', { schema: { tags, summary: 'Statistics of incoming documents received in a period: by month, type, issuer, unit, person, urgency and state', querystring: periodQuery } }, async (req) =>
    reports.statistics(deps, actionContext(req), req.query));
  api.get('/api/statistics/xlsx', { schema: { tags, summary: 'The statistics as XLSX', querystring: periodQuery } }, async (req, reply) =>
    exports.sendExport(reply, await exports.statisticsFile(deps, actionContext(req), req.query)));

  api.get('/api/reports/handling-slip/:id/:format', { schema: { tags, summary: 'Phiếu giải quyết văn bản đến of one document as PDF (A4) or XLSX', params: formatIdParams } }, async (req, reply) =>
    exports.sendExport(reply, await slipFile(deps, actionContext(req), req.params.id, req.params.format, reports.todayOf(deps))));
}

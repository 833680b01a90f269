import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { HandlingReport } from '../../../shared/reports.js';
import { DomainError, forbidden } from '../../http/errors.js';
import type { ActionContext } from '../auth/current-user.js';
import { registerColumns, visibleTo } from '../incoming/incoming.repository.js';
import { canExportAgencyRegister } from './reports.policies.js';
import { type FormDocument, handlingReportForm, incomingRegisterForm, statisticsForm, trackingRegisterForm } from './reports.forms.js';
import { formPdf } from './reports.pdf.js';
import { presentTracking } from './reports.presenters.js';
import { agencyHeader, listTracking } from './reports.repository.js';
import type { ExportFormat, TrackingFilter } from './reports.schemas.js';
import { type ReportsDeps, handlingReport, requireTracker, statistics, todayOf } from './reports.service.js';
import { formXlsx } from './reports.xlsx.js';

// The registers and the report taken out of the system, as XLSX and as a PDF to print and bind.

/**
 * At most this many documents in one export. pdfmake lays out about 200 rows a second on this
 * machine (2 cores) and holds the event loop meanwhile: a month or a quarter of an agency's
 * register fits; a larger period is refused with a 422 that says to choose a shorter one.
 */
export const EXPORT_ROW_LIMIT = 2000;

export const MIME: Record<ExportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export async function renderForm(doc: FormDocument, format: ExportFormat) {
  return { bytes: format === 'pdf' ? await formPdf(doc) : await formXlsx(doc), fileName: `${doc.fileName}.${format}`, mimeType: MIME[format] };
}

export function sendExport(reply: FastifyReply, file: { bytes: Buffer; fileName: string; mimeType: string }) {
  return reply
    .header('Content-Type', file.mimeType)
    .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('Cache-Control', 'private, no-store')
    .send(Readable.from([file.bytes]));
}

function tooLarge(count: number) {
  if (count > EXPORT_ROW_LIMIT) throw new DomainError('EXPORT_TOO_LARGE', 422, { limit: EXPORT_ROW_LIMIT });
}

export async function heading(deps: ReportsDeps, agencyId: string) {
  const a = await agencyHeader(deps.db, agencyId);
  return { parentName: a.parent_name, name: a.name, placeName: a.place_name };
}

/** Sổ đăng ký văn bản đến of a period: the agency's book, for its leaders and clerks. */
export async function incomingRegister(deps: ReportsDeps, ctx: ActionContext, period: { from: string; to: string }, format: ExportFormat) {
  if (!canExportAgencyRegister(ctx.user)) throw forbidden('AGENCY_REGISTER_ONLY');
  const rows = await deps.db.selectFrom('documents')
    .select(['documents.arrival_number', 'documents.received_on', 'documents.issuer', 'documents.number', 'documents.notation', 'documents.issued_on',
      'documents.document_type', 'documents.summary', 'documents.submitted_at'])
    .select(registerColumns)
    .where('documents.direction', '=', 'incoming').where(visibleTo(ctx.user))
    .where('documents.received_on', '>=', period.from).where('documents.received_on', '<=', period.to)
    .orderBy('documents.received_on').orderBy('documents.arrival_number')
    .limit(EXPORT_ROW_LIMIT + 1)
    .execute();
  tooLarge(rows.length);
  return renderForm(incomingRegisterForm(await heading(deps, ctx.user.agencyId), period.from, period.to, todayOf(deps), rows), format);
}

/** Sổ theo dõi giải quyết văn bản đến of a period (with the register screen's filters), in arrival order. */
export async function trackingRegister(deps: ReportsDeps, ctx: ActionContext, filter: TrackingFilter & { from: string; to: string }, format: ExportFormat) {
  requireTracker(ctx);
  const today = todayOf(deps);
  const rows = await listTracking(deps.db, ctx.user, today, filter).clearOrderBy()
    .orderBy('documents.received_on').orderBy('documents.arrival_number').limit(EXPORT_ROW_LIMIT + 1).execute();
  tooLarge(rows.length);
  return renderForm(trackingRegisterForm(await heading(deps, ctx.user.agencyId), filter.from, filter.to, today, rows.map(presentTracking)), format);
}

export async function handlingReportFile(deps: ReportsDeps, ctx: ActionContext, period: { from: string; to: string }, format: ExportFormat) {
  const report: HandlingReport = await handlingReport(deps, ctx, period);
  return renderForm(handlingReportForm(await heading(deps, ctx.user.agencyId), report), format);
}

export async function statisticsFile(deps: ReportsDeps, ctx: ActionContext, period: { from: string; to: string }) {
  const stats = await statistics(deps, ctx, period);
  return renderForm(statisticsForm(await heading(deps, ctx.user.agencyId), stats), 'xlsx');
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import type { FileStore } from '../files/file-store.js';
import { decideRetention, depositFiles, depositPdf, getDeposit, listArchive } from './records.archive.service.js';
import { exportCaseFile } from './records.export.js';
import { printMarked } from './records.print.js';
import { importPlanXlsx, planPdf, planXlsx } from './records.plan-io.js';
import { recordStatistics, recordStatisticsXlsx } from './records.statistics.js';
import { addFileToPlan, listUnplannedFiles, openUnplannedFile } from './records.unplanned.js';
import { actionContext } from '../auth/current-user.js';
import {
  addDocumentBody, archiveQuery, createPlanBody, depositBody, planExportQuery, planImportBody, printParams, retentionBody, documentParams, entryBody, entryPatch, headingBody, headingPatch, idParams, listQuery, metadataPatch, openBody, planFileBody, planQuery, settingsBody, shareBody, shareParams, statisticsQuery, unplannedBody, unplannedQuery, yearParams,
} from './records.schemas.js';
import {
  addDocument, addEntry, closeFile, addHeading, approvePlan, changeEntry, changeHeading, changeMetadata, createPlan, getCaseFile, getPlan, listCaseFiles, openCaseFile,
  removeDocument, removeEntry, setNumbering, shareFile, unshareFile,
} from './records.service.js';

export async function recordsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock; files: FileStore }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['records'];

  // The file plan (danh mục hồ sơ).
  api.get('/api/records/plans/:year', {
    schema: {
      tags, summary: "The agency's file plan of a year: headings, planned files (with the case file opened from each), revisions",
      description: 'With `lineLimit` (and `lineOffset`): only the planned files on that window of the printed lines (a heading, its own files, then each sub-heading and its files; every heading comes with its `entryCount`), for a screen that pages through a large plan.',
      params: yearParams, querystring: planQuery,
    },
  }, async (req) => getPlan(deps, actionContext(req), req.params.year, req.query.lineLimit ? { lineOffset: req.query.lineOffset ?? 0, lineLimit: req.query.lineLimit } : undefined));

  api.post('/api/records/plans', { schema: { tags, summary: 'Start the file plan of a year (the office; a draft)', body: createPlanBody } }, async (req, reply) =>
    reply.status(201).send(await createPlan(deps, actionContext(req), req.body.year)));

  api.put('/api/records/settings', { schema: { tags, summary: 'Number planned files from 01 across the plan (`plan`) or within each top-level heading (`heading`); draft plans are renumbered', body: settingsBody } }, async (req) =>
    setNumbering(deps, actionContext(req), req.body.numbering));

  api.post('/api/records/plans/:year/headings', { schema: { tags, summary: 'Add a heading (chapter) or a sub-heading (`parentId`) to the plan', params: yearParams, body: headingBody } }, async (req, reply) =>
    reply.status(201).send(await addHeading(deps, actionContext(req), req.params.year, req.body)));

  api.patch('/api/records/headings/:id', { schema: { tags, summary: "Change a heading's code or title (after approval: a new version of the plan)", params: idParams, body: headingPatch } }, async (req) =>
    changeHeading(deps, actionContext(req), req.params.id, req.body));

  api.post('/api/records/plans/:year/entries', {
    schema: {
      tags, summary: 'Add a planned case file under a heading',
      description: 'Its number is given by the server: from 01 in the plan\'s order while drafted; after approval the next one in its scope (numbers already given never change). Keeper: a unit, an official, or both.',
      params: yearParams, body: entryBody,
    },
  }, async (req, reply) => reply.status(201).send(await addEntry(deps, actionContext(req), req.params.year, req.body)));

  api.patch('/api/records/entries/:id', { schema: { tags, summary: 'Change a planned case file (after approval: a new version of the plan, the old values kept)', params: idParams, body: entryPatch } }, async (req) =>
    changeEntry(deps, actionContext(req), req.params.id, req.body));

  api.delete('/api/records/entries/:id', { schema: { tags, summary: 'Take a planned case file out of the plan (not once a case file was opened from it)', params: idParams } }, async (req) =>
    removeEntry(deps, actionContext(req), req.params.id));

  api.post('/api/records/plans/:year/approve', { schema: { tags, summary: 'Approve the file plan (the head of the agency)', params: yearParams } }, async (req) =>
    approvePlan(deps, actionContext(req), req.params.year));

  // Case files (hồ sơ).
  api.post('/api/case-files', { schema: { tags, summary: 'Open the case file of a planned entry of an approved plan (the keeper the plan names)', body: openBody } }, async (req, reply) =>
    reply.status(201).send(await openCaseFile(deps, actionContext(req), req.body.planEntryId)));

  api.post('/api/case-files/unplanned', {
    schema: {
      tags, summary: 'Open a case file the plan does not list (hồ sơ ngoài danh mục): the caller keeps it, with their unit',
      description: 'It is marked unplanned (`planEntryId` null) and coded `{agency}.{year}.NDM-xxxxxxxx` until the office adds it into the plan of its year.',
      body: unplannedBody,
    },
  }, async (req, reply) => reply.status(201).send(await openUnplannedFile(deps, actionContext(req), req.body)));

  api.get('/api/records/unplanned', {
    schema: { tags, summary: "The agency's case files opened outside the plan, open or closed, to add into the plan (the office)", querystring: unplannedQuery },
  }, async (req) => listUnplannedFiles(deps, actionContext(req), req.query.year));

  api.post('/api/case-files/:id/plan', {
    schema: {
      tags, summary: 'Add an unplanned case file under a heading of its year\'s plan (the office): it gets its number and notation, and its code',
      description: 'By the agency\'s numbering rule (across the plan or within each top-level heading). A draft plan is numbered again from 01; after approval the file gets the next number in its scope and the change is a new version of the plan. In the file\'s history (`case_file_planned`).',
      params: idParams, body: planFileBody,
    },
  }, async (req) => addFileToPlan(deps, actionContext(req), req.params.id, req.body));

  api.get('/api/records/statistics', {
    schema: { tags, summary: "Statistics of the agency's case files by keeper unit and year: files by state, unplanned ones, documents, pages, accesses; and accesses per file (the office, the head of the agency)", querystring: statisticsQuery },
  }, async (req) => recordStatistics(deps, actionContext(req), req.query));

  api.get('/api/records/statistics/xlsx', { schema: { tags, summary: 'The case file statistics as XLSX', querystring: statisticsQuery } }, async (req, reply) => {
    const { fileName, xlsx } = await recordStatisticsXlsx(deps, actionContext(req), req.query);
    return reply.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`).header('Cache-Control', 'private, no-store').send(xlsx);
  });

  api.get('/api/case-files', {
    schema: { tags, summary: 'Case files I keep (`mine`), shared with me (`shared`), of my unit (`unit`, unit heads); or those holding `documentId` that I may read', querystring: listQuery },
  }, async (req) => listCaseFiles(deps, actionContext(req), req.query));

  api.get('/api/case-files/:id', {
    schema: { tags, summary: 'A case file: metadata (computed where possible), its documents in order (details only of those the reader may open), shares; the read is recorded for the statistics of accesses', params: idParams },
  }, async (req) => getCaseFile(deps, actionContext(req), req.params.id));

  api.patch('/api/case-files/:id', { schema: { tags, summary: 'Correct the metadata of an open case file (keeper, unit head); null puts a computed field back to computed', params: idParams, body: metadataPatch } }, async (req) =>
    changeMetadata(deps, actionContext(req), req.params.id, req.body));

  api.post('/api/case-files/:id/documents', {
    schema: {
      tags, summary: 'Link a document into an open case file (a link, never a copy); its ordinal is the next one',
      description: 'The document must be one the caller may open: an incoming document, or an outgoing one once issued. Archive code: `{file code}.{7-digit ordinal}`.',
      params: idParams, body: addDocumentBody,
    },
  }, async (req, reply) => reply.status(201).send(await addDocument(deps, actionContext(req), req.params.id, req.body.documentId)));

  api.delete('/api/case-files/:id/documents/:documentId', { schema: { tags, summary: 'Take a document out of an open case file (the ordinals after it move up)', params: documentParams } }, async (req) =>
    removeDocument(deps, actionContext(req), req.params.id, req.params.documentId));

  api.post('/api/case-files/:id/shares', {
    schema: { tags, summary: "Let another official of the agency read the case file (the keeper); the documents inside keep their own rules; the administrators are notified", params: idParams, body: shareBody },
  }, async (req) => shareFile(deps, actionContext(req), req.params.id, req.body.userId));

  api.delete('/api/case-files/:id/shares/:userId', { schema: { tags, summary: 'End a share (the keeper); the administrators are notified', params: shareParams } }, async (req) =>
    unshareFile(deps, actionContext(req), req.params.id, req.params.userId));

  api.post('/api/case-files/:id/close', { schema: { tags, summary: 'Close the case file (the work is over): it is frozen, nothing added, removed or changed', params: idParams } }, async (req) =>
    closeFile(deps, actionContext(req), req.params.id));

  // The agency archive (lưu trữ cơ quan): deposit, retention, export (0033).
  api.get('/api/records/archive', {
    schema: { tags, summary: 'The archive: closed files waiting for deposit, deposited files, files whose retention ended (for the head\'s decision), destroyed files (the office, the head of the agency)', querystring: archiveQuery },
  }, async (req) => listArchive(deps, actionContext(req), req.query.view));

  api.post('/api/records/deposits', {
    schema: { tags, summary: 'Receive closed case files into the agency archive with one deposit record (the office); they become read-only, their retention runs from the deposit date', body: depositBody },
  }, async (req, reply) => reply.status(201).send(await depositFiles(deps, actionContext(req), req.body)));

  api.get('/api/records/deposits/:id', { schema: { tags, summary: 'A deposit record and the files it received', params: idParams } }, async (req) =>
    getDeposit(deps, actionContext(req), req.params.id));

  api.get('/api/records/deposits/:id/pdf', { schema: { tags, summary: 'The deposit record (biên bản giao nhận) as PDF, with its list of files', params: idParams } }, async (req, reply) => {
    const { fileName, pdf } = await depositPdf(deps, actionContext(req), req.params.id);
    return reply.header('Content-Type', 'application/pdf').header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .header('Cache-Control', 'private, no-store').send(pdf);
  });

  api.post('/api/case-files/:id/retention', {
    schema: {
      tags, summary: 'Decide on a deposited file whose retention ended (the head of the agency): keep it longer (`extend`, years) or destroy it (`destroy`, the decision\'s number)',
      description: 'Destruction marks the case file destroyed and keeps its list of documents; the documents stay in the system. Every decision is recorded with who, when and the decision number.',
      params: idParams, body: retentionBody,
    },
  }, async (req) => decideRetention(deps, actionContext(req), req.params.id, req.body));

  api.get('/api/case-files/:id/export', {
    schema: {
      tags, summary: 'The package of a closed or deposited case file for the archive (ZIP, streamed)',
      description: 'METS.xml (METS-style sections, PREMIS-style fixity: SHA-256 of every file; schema in schema/goi-ho-so-1.0.xsd), representations/ho-so.pdf (table of contents and every PDF merged in chronological order), documents/<ordinal>/ (each document\'s files in their original form, signed PDFs byte-identical).',
      params: idParams,
    },
  }, async (req, reply) => {
    const pkg = await exportCaseFile(deps, actionContext(req), req.params.id);
    return reply.header('Content-Type', 'application/zip').header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(pkg.fileName)}`)
      .header('Cache-Control', 'private, no-store').send(pkg.stream);
  });

  // Printouts (annex VI §III.6): every print is logged; the marked copy is a separate rendering.
  api.get('/api/documents/:id/files/:attachmentId/print', {
    schema: {
      tags, summary: 'A PDF file of a document to print: a separate copy with "In bởi <name> — <agency> — <time>" on every page; the print is logged. The stored (signed) PDF is never altered.',
      params: printParams,
    },
  }, async (req, reply) => {
    const { fileName, pdf } = await printMarked(deps, actionContext(req), req.params.id, req.params.attachmentId);
    return reply.header('Content-Type', 'application/pdf').header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .header('Cache-Control', 'private, no-store').header('X-Content-Type-Options', 'nosniff').send(pdf);
  });

  // The file plan as a spreadsheet and on paper (Decree 30 annex V layout).
  api.get('/api/records/plans/:year/export', {
    schema: { tags, summary: 'The file plan as XLSX or PDF in the legal layout (annex V): five columns, headings as rows, the count by retention', params: yearParams, querystring: planExportQuery },
  }, async (req, reply) => {
    const ctx = actionContext(req);
    const xlsx = req.query.format === 'xlsx';
    const body = xlsx ? await planXlsx(deps, ctx, req.params.year) : await planPdf(deps, ctx, req.params.year);
    return reply.header('Content-Type', xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/pdf')
      .header('Content-Disposition', `${xlsx ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(`danh-muc-ho-so-${req.params.year}.${req.query.format}`)}`)
      .header('Cache-Control', 'private, no-store').send(body);
  });

  api.post('/api/records/plans/:year/import', {
    schema: {
      tags, summary: 'Import headings and planned files into the plan from an XLSX in the export\'s layout (the office); every row is checked first, nothing is written on any error; into an approved plan the import is one new version, the files numbered after the last',
      description: '`xlsx`: the file, base64. Errors come back field by field as `row N`, in Vietnamese and English.', params: yearParams, body: planImportBody,
    },
  }, async (req) => importPlanXlsx(deps, actionContext(req), req.params.year, Buffer.from(req.body.xlsx, 'base64')));
}

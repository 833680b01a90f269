import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import {
  addDocumentBody, createPlanBody, documentParams, entryBody, entryPatch, headingBody, headingPatch, idParams, listQuery, metadataPatch, openBody, settingsBody, shareBody, shareParams, yearParams,
} from './records.schemas.js';
import {
  addDocument, addEntry, closeFile, addHeading, approvePlan, changeEntry, changeHeading, changeMetadata, createPlan, getCaseFile, getPlan, listCaseFiles, openCaseFile,
  removeDocument, removeEntry, setNumbering, shareFile, unshareFile,
} from './records.service.js';

export async function recordsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['records'];

  // The file plan (danh mục hồ sơ).
  api.get('/api/records/plans/:year', { schema: { tags, summary: "The agency's file plan of a year: headings, planned files (with the case file opened from each), revisions", params: yearParams } }, async (req) =>
    getPlan(deps, actionContext(req), req.params.year));

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

  api.get('/api/case-files', {
    schema: { tags, summary: 'Case files I keep (`mine`), shared with me (`shared`), of my unit (`unit`, unit heads); or those holding `documentId` that I may read', querystring: listQuery },
  }, async (req) => listCaseFiles(deps, actionContext(req), req.query));

  api.get('/api/case-files/:id', {
    schema: { tags, summary: 'A case file: metadata (computed where possible), its documents in order (details only of those the reader may open), shares', params: idParams },
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
}

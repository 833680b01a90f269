import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import { createPlanBody, entryBody, entryPatch, headingBody, headingPatch, idParams, settingsBody, yearParams } from './records.schemas.js';
import { addEntry, addHeading, approvePlan, changeEntry, changeHeading, createPlan, getPlan, removeEntry, setNumbering } from './records.service.js';

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
}

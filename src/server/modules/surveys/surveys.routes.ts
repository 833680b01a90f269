import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import { createBody, idParams, responseBody } from './surveys.schemas.js';
import * as surveys from './surveys.service.js';

export async function surveysRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['surveys'];

  api.get('/api/surveys', { schema: { tags, summary: 'Surveys sent to me, created by me, or (leaders) of the agency' } }, async (req) =>
    surveys.listSurveys(deps, actionContext(req)));

  api.post('/api/surveys', {
    schema: {
      tags, summary: 'Create and send a survey (leaders, the office): questions, people and/or units asked, closing time, named or anonymous',
      description: 'Question kinds: single, multiple (options: at least 2), scale (1–5), text. Those asked get a survey_sent notice.', body: createBody,
    },
  }, async (req, reply) => reply.status(201).send(await surveys.createSurvey(deps, actionContext(req), req.body)));

  api.get('/api/surveys/:id', { schema: { tags, summary: 'A survey with its questions and what I may do', params: idParams } }, async (req) =>
    surveys.getSurvey(deps, actionContext(req), req.params.id));

  api.post('/api/surveys/:id/responses', {
    schema: {
      tags, summary: 'Answer a survey once, before it closes',
      description: 'answers: by question id; an option index (single), indexes (multiple), 1–5 (scale), text. An anonymous survey keeps no link between the form and the person.',
      params: idParams, body: responseBody,
    },
  }, async (req, reply) => reply.status(201).send(await surveys.respond(deps, actionContext(req), req.params.id, req.body)));

  api.get('/api/surveys/:id/results', { schema: { tags, summary: 'Results per question and the response rate by unit (creator, leaders)', params: idParams } }, async (req) =>
    surveys.results(deps, actionContext(req), req.params.id));

  api.get('/api/surveys/:id/results.xlsx', { schema: { tags, summary: 'The results as an XLSX workbook', params: idParams } }, async (req, reply) => {
    const file = await surveys.resultsWorkbook(deps, actionContext(req), req.params.id);
    return reply
      .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('Cache-Control', 'private, no-store')
      .send(file.buffer);
  });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../time.js';
import { actionContext } from '../auth/current-user.js';
import { sendExport } from '../reports/reports.exports.js';
import { deleteSavedSearch, listSavedSearches, renameSavedSearch, runSavedSearch, saveSearch } from './saved-searches.service.js';
import { exportSearch } from './search.export.js';
import { exportParams, exportQuery, idParams, renameBody, runQuery, saveBody, searchQuery, suggestQuery } from './search.schemas.js';
import { search, suggest } from './search.service.js';

export async function searchRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['search'];

  api.get('/api/search', {
    schema: {
      tags, summary: 'Search the incoming and outgoing documents the user may open: metadata and the text of their files, with or without diacritics',
      description: '`q`: words (all required, diacritics optional; typed with diacritics, exact matches rank first), "phrases in quotes", or a reference number ("123/QĐ-UBND" = "123/QD-UBND"). Results, totals and facet counts hold only documents the user may open; a secret document\'s file text only counts for those who may open its files. Past 1,000 matches the total is capped (`totalCapped`: "more than 1,000"). Each facet counts with every filter but its own; past 1,000 matches of its query it counts the newest 1,000 only and is listed in `facetsSampled`.',
      querystring: searchQuery,
    },
  }, async (req) => search(deps, actionContext(req), req.query));

  api.get('/api/search/suggest', {
    schema: { tags, summary: 'Documents whose text begins with what is typed (the last word as a prefix), newest first; empty under 2 characters', querystring: suggestQuery },
  }, async (req) => suggest(deps, actionContext(req), req.query.q));

  api.get('/api/search/export/:format', {
    schema: {
      tags, summary: 'The result list of a search (same words, filters, sort and permissions as `/api/search`) as XLSX or CSV',
      description: 'At most 2,000 documents (`SEARCH_EXPORT_LIMIT`); more answers 422 SEARCH_EXPORT_TOO_LARGE. CSV is UTF-8 with a byte-order mark (Excel reads the Vietnamese letters), and a cell beginning with = + - @ (or a tab or carriage return) is prefixed with an apostrophe so no spreadsheet runs it as a formula.',
      params: exportParams, querystring: exportQuery,
    },
  }, async (req, reply) => sendExport(reply, await exportSearch(deps, actionContext(req), req.query, req.params.format)));

  api.get('/api/saved-searches', { schema: { tags, summary: 'My saved searches, by name (nobody else\'s)' } }, async (req) =>
    listSavedSearches(deps, actionContext(req)));

  api.post('/api/saved-searches', {
    schema: { tags, summary: 'Save the words, filters and sort of a search under a name', description: 'A name I already use answers 409 SAVED_SEARCH_NAME_TAKEN; at most 100 per official (409 SAVED_SEARCHES_FULL).', body: saveBody },
  }, async (req, reply) => reply.status(201).send(await saveSearch(deps, actionContext(req), req.body)));

  api.get('/api/saved-searches/:id/results', {
    schema: { tags, summary: 'Run one of my saved searches with the permissions I hold now (the answer of `/api/search`, with the saved search)', params: idParams, querystring: runQuery },
  }, async (req) => runSavedSearch(deps, actionContext(req), req.params.id, req.query));

  api.patch('/api/saved-searches/:id', { schema: { tags, summary: 'Rename one of my saved searches', params: idParams, body: renameBody } }, async (req) =>
    renameSavedSearch(deps, actionContext(req), req.params.id, req.body.name));

  api.delete('/api/saved-searches/:id', { schema: { tags, summary: 'Delete one of my saved searches', params: idParams } }, async (req, reply) => {
    await deleteSavedSearch(deps, actionContext(req), req.params.id);
    return reply.status(204).send();
  });
}

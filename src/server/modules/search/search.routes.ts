import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { actionContext } from '../auth/current-user.js';
import { searchQuery, suggestQuery } from './search.schemas.js';
import { search, suggest } from './search.service.js';

export async function searchRoutes(app: FastifyInstance, deps: { db: Db }) {
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
}

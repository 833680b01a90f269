import { type HandlingReport, STATISTICS_DIMENSIONS, type Statistics, type StatisticsDimension, type StatisticsRow, type TrackingItem } from '../../../shared/reports.js';
import { countUpTo, type CountedTotal } from '../../db/count.js';
import type { Executor } from '../../db/database.js';
import { forbidden } from '../../http/errors.js';
import { type Clock, vietnamDate } from '../../time.js';
import type { ActionContext } from '../auth/current-user.js';
import { canTrack } from './reports.policies.js';
import { addCounts, namedRows, presentTrackingFor, zeroCounts } from './reports.presenters.js';
import { factsShapeFor, listTrackingWithOpenWork, namesOf, stateCountsByMany, trackedDocuments } from './reports.repository.js';
import type { TrackingFilter } from './reports.schemas.js';

export interface ReportsDeps { db: Executor; clock: Clock }

export function requireTracker(ctx: ActionContext) {
  if (!canTrack(ctx.user)) throw forbidden('REPORTS_NOT_ALLOWED');
}

export const todayOf = (deps: ReportsDeps) => vietnamDate(deps.clock.now());

/** The tracking register (sổ theo dõi giải quyết văn bản đến): one page, newest first, with a capped total. */
export async function tracking(deps: ReportsDeps, ctx: ActionContext, query: TrackingFilter & { page: number; pageSize: number }): Promise<{ items: TrackingItem[]; page: number; pageSize: number } & CountedTotal> {
  requireTracker(ctx);
  const today = todayOf(deps);
  const [rows, total] = await Promise.all([
    listTrackingWithOpenWork(deps.db, ctx.user, today, query).limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
    countUpTo(deps.db, trackedDocuments(deps.db, ctx.user, today, query, factsShapeFor(ctx.user, today, query))),
  ]);
  return { items: rows.map((row) => presentTrackingFor(ctx.user, row)), page: query.page, pageSize: query.pageSize, ...total };
}

/** Báo cáo tình hình giải quyết văn bản đến: documents received in the period, their state today, by unit and by person. */
export async function handlingReport(deps: ReportsDeps, ctx: ActionContext, period: { from: string; to: string }): Promise<HandlingReport> {
  requireTracker(ctx);
  const today = todayOf(deps);
  const filter = { from: period.from, to: period.to };
  const [{ unit: byUnit, person: byPerson }, names] = await Promise.all([
    stateCountsByMany(deps.db, ctx.user, today, filter, ['unit', 'person'] as const),
    namesOf(deps.db, ctx.user.agencyId),
  ]);
  const totals = byUnit.reduce(addCounts, zeroCounts());
  return { from: period.from, to: period.to, asOf: today, totals, byUnit: namedRows(byUnit, names.unit), byPerson: namedRows(byPerson, names.user) };
}

/** Counts by period (month), type, issuer, unit, person, urgency and state, each with its states, for documents received in the period. */
export async function statistics(deps: ReportsDeps, ctx: ActionContext, period: { from: string; to: string }): Promise<Statistics> {
  requireTracker(ctx);
  const today = todayOf(deps);
  const filter = { from: period.from, to: period.to };
  const keyOf: Record<StatisticsDimension, 'month' | 'type' | 'issuer' | 'unit' | 'person' | 'urgency' | 'state'> = { month: 'month', type: 'type', issuer: 'issuer', unit: 'unit', person: 'person', urgency: 'urgency', state: 'state' };
  const [names, counts] = await Promise.all([
    namesOf(deps.db, ctx.user.agencyId),
    stateCountsByMany(deps.db, ctx.user, today, filter, STATISTICS_DIMENSIONS.map((d) => keyOf[d])),
  ]);
  const entries = STATISTICS_DIMENSIONS.map((dimension) => {
    const rows = counts[keyOf[dimension]];
    const nameOf = (key: string | null) => (key === null ? null : dimension === 'unit' ? names.unit.get(key) ?? null : dimension === 'person' ? names.user.get(key) ?? null : key);
    const list: StatisticsRow[] = rows.map(({ key, ...counts }) => ({ key, name: nameOf(key), ...counts }));
    // months in calendar order; everything else largest first
    if (dimension === 'month') list.sort((a, b) => String(a.key).localeCompare(String(b.key)));
    return [dimension, list] as const;
  });
  const rows = Object.fromEntries(entries) as Statistics['rows'];
  return { from: period.from, to: period.to, asOf: today, totals: rows.state.reduce(addCounts, zeroCounts()), rows };
}

import { URGENCIES, type Urgency } from '../../../shared/enums.js';
import type { DashboardCharts, DashboardSummary, NamedCount } from '../../../shared/reports.js';
import type { Executor } from '../../db/database.js';
import { forbidden } from '../../http/errors.js';
import { type Clock, vietnamDate } from '../../time.js';
import type { ActionContext } from '../auth/current-user.js';
import { namesOf, stateCountsBy } from '../reports/reports.repository.js';
import { canTrack } from '../reports/reports.policies.js';
import { createDashboardRepository } from './dashboard.repository.js';
import { addWorkingDays } from '../calendar/calendar.service.js';

export interface DashboardDeps { db: Executor; clock: Clock }

/** How many weeks the charts look back. */
export const CHART_WEEKS = 12;
/** "Due soon": not completed and due within this many working days. */
export const DUE_SOON_WORKING_DAYS = 3;

function requireTracker(ctx: ActionContext) {
  if (!canTrack(ctx.user)) throw forbidden('REPORTS_NOT_ALLOWED');
}

/** Today's figures for the leader: what arrived, what waits for them, what is late or due soon. */
export async function summary(deps: DashboardDeps, ctx: ActionContext): Promise<DashboardSummary> {
  requireTracker(ctx);
  const repo = createDashboardRepository(deps.db);
  const today = vietnamDate(deps.clock.now());
  const dueSoonUntil = await addWorkingDays(deps.db, ctx.user.agencyId, today, DUE_SOON_WORKING_DAYS);
  const [received, waitingDirection, waitingApproval, waitingSignature, overdue, dueSoon, names] = await Promise.all([
    repo.receivedOn(ctx.user, today),
    repo.waitingDirection(ctx.user),
    repo.waitingApproval(ctx.user),
    repo.waitingSignature(ctx.user),
    repo.overdue(ctx.user, today),
    repo.dueBetween(ctx.user, today, dueSoonUntil),
    namesOf(deps.db, ctx.user.agencyId),
  ]);
  const receivedToday = Object.fromEntries(URGENCIES.map((u) => [u, received.find((r) => r.urgency === u)?.n ?? 0])) as Record<Urgency, number>;
  const named = (rows: { key: string | null; n: number }[], map: Map<string, string>): NamedCount[] =>
    rows.map((r) => ({ id: r.key, name: r.key ? map.get(r.key) ?? null : null, count: r.n }));
  return {
    today,
    dueSoonUntil,
    receivedToday,
    waitingDirection,
    waitingApproval,
    waitingSignature,
    overdue: { total: overdue.total, byUnit: named(overdue.byUnit, names.unit), byPerson: named(overdue.byPerson, names.user) },
    dueSoon,
  };
}

/** Monday of the ISO week `weeksBack` weeks before the week of `day`. */
export function weekStart(day: string, weeksBack = 0): string {
  const d = new Date(`${day}T00:00:00Z`);
  const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000 - weeksBack * 7 * 86_400_000);
  return monday.toISOString().slice(0, 10);
}

/** The charts: documents in and out per week, on-time rate per unit (documents received in those weeks), backlog by age. */
export async function charts(deps: DashboardDeps, ctx: ActionContext): Promise<DashboardCharts> {
  requireTracker(ctx);
  const repo = createDashboardRepository(deps.db);
  const today = vietnamDate(deps.clock.now());
  const since = weekStart(today, CHART_WEEKS - 1);
  const [perWeek, byUnit, backlogByAge, names] = await Promise.all([
    repo.perWeek(ctx.user, since),
    stateCountsBy(deps.db, ctx.user, today, { from: since }, 'unit'),
    repo.backlogByAge(ctx.user, today),
    namesOf(deps.db, ctx.user.agencyId),
  ]);
  const weeks = Array.from({ length: CHART_WEEKS }, (_, i) => weekStart(today, CHART_WEEKS - 1 - i))
    .map((w) => ({ weekStart: w, incoming: perWeek.incoming.get(w) ?? 0, outgoing: perWeek.outgoing.get(w) ?? 0 }));
  const onTimeByUnit = byUnit.map((r) => ({ id: r.key, name: r.key ? names.unit.get(r.key) ?? null : null, onTime: r.onTime, late: r.late, overdue: r.overdue }));
  return { weeks, onTimeByUnit, backlogByAge };
}

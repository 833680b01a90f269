import { type SelectQueryBuilder, sql } from 'kysely';
import type { Executor } from './database.js';

/**
 * Past this many rows a list's total is shown as "more than …": counting a large scope exactly
 * scans every visible row (0.85 s on PostgreSQL, 2.8 s on PGlite for a unit head's 100,000
 * deliveries), while nobody pages that far — they narrow the filters instead.
 */
export const LIST_COUNT_CAP = 10_000;

export interface CountedTotal {
  total: number;
  /** The list holds more than `total` rows (`total` is then the cap). */
  totalCapped: boolean;
}

/** How many rows `base` selects, counted no further than `cap`; its WHERE (the visibility rule included) is kept as it is. */
export async function countUpTo<DB, TB extends keyof DB, O>(db: Executor, base: SelectQueryBuilder<DB, TB, O>, cap = LIST_COUNT_CAP): Promise<CountedTotal> {
  const rows = base.clearSelect().clearOrderBy().select(sql<number>`1`.as('one')).limit(cap + 1);
  const { rows: [row] } = await sql<{ n: string }>`SELECT count(*) AS n FROM (${rows}) AS capped`.execute(db);
  const n = Number(row?.n ?? 0);
  return n > cap ? { total: cap, totalCapped: true } : { total: n, totalCapped: false };
}

/**
 * The planner's estimate of how many rows `base` selects (EXPLAIN, nothing is read): a few
 * milliseconds where counting a broad match reads every matching row. Good where the statistics
 * are (the search index keeps 10,000 lexemes of them); a caller shows it as "about", never as a count.
 */
export async function estimateRows<DB, TB extends keyof DB, O>(db: Executor, base: SelectQueryBuilder<DB, TB, O>): Promise<number> {
  const query = base.clearOrderBy().clearLimit().clearOffset();
  const { rows: [row] } = await sql<{ 'QUERY PLAN': unknown }>`EXPLAIN (FORMAT JSON) ${query}`.execute(db);
  const raw = row?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: { 'Plan Rows': number } }];
  return Math.round(plan[0].Plan['Plan Rows']);
}

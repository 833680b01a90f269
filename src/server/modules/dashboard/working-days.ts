import type { Executor } from '../../db/database.js';

/**
 * The day `n` working days after `day`. Until the agency's working-day calendar (holidays, make-up
 * Saturdays: src/server/modules/calendar) is on main, Saturdays and Sundays are the only days off.
 */
export async function addWorkingDays(_db: Executor, _agencyId: string, day: string, n: number): Promise<string> {
  let d = new Date(`${day}T00:00:00Z`);
  for (let left = n; left > 0;) {
    d = new Date(d.getTime() + 86_400_000);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}

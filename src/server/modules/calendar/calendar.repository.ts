import type { Executor } from '../../db/database.js';
import type { Urgency } from '../../../shared/enums.js';

export interface AgencyDayEntry { day: string; working: boolean; note: string }

/** Every change the agency made to the computed calendar (a few dozen rows a year). */
export async function agencyDays(db: Executor, agencyId: string): Promise<AgencyDayEntry[]> {
  return db.selectFrom('calendar_days').select(['day', 'working', 'note']).where('agency_id', '=', agencyId).orderBy('day').execute();
}

export async function upsertAgencyDay(db: Executor, agencyId: string, entry: AgencyDayEntry, userId: string): Promise<void> {
  await db.insertInto('calendar_days')
    .values({ agency_id: agencyId, day: entry.day, working: entry.working, note: entry.note, created_by: userId })
    .onConflict((oc) => oc.columns(['agency_id', 'day']).doUpdateSet({ working: entry.working, note: entry.note, created_by: userId }))
    .execute();
}

export async function deleteAgencyDay(db: Executor, agencyId: string, day: string): Promise<boolean> {
  const result = await db.deleteFrom('calendar_days').where('agency_id', '=', agencyId).where('day', '=', day).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export interface DueDateRuleRow { urgency: Urgency; document_type: string; working_days: number }

export async function dueDateRules(db: Executor, agencyId: string): Promise<DueDateRuleRow[]> {
  return db.selectFrom('due_date_rules').select(['urgency', 'document_type', 'working_days']).where('agency_id', '=', agencyId)
    .orderBy('urgency').orderBy('document_type').execute();
}

export async function replaceDueDateRules(db: Executor, agencyId: string, rules: DueDateRuleRow[]): Promise<void> {
  await db.deleteFrom('due_date_rules').where('agency_id', '=', agencyId).execute();
  if (rules.length) await db.insertInto('due_date_rules').values(rules.map((r) => ({ agency_id: agencyId, ...r }))).execute();
}

export async function reminderLeadDays(db: Executor, agencyId: string): Promise<number> {
  const row = await db.selectFrom('agencies').select('reminder_lead_days').where('id', '=', agencyId).executeTakeFirst();
  return row?.reminder_lead_days ?? 1;
}

export async function setReminderLeadDays(db: Executor, agencyId: string, days: number): Promise<void> {
  await db.updateTable('agencies').set({ reminder_lead_days: days }).where('id', '=', agencyId).execute();
}

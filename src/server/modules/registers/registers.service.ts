import type { Executor } from '../../db/database.js';
import type { RegistersTable } from '../../db/schema.js';

const REGISTER_NAMES: Record<RegistersTable['kind'], string> = {
  incoming: 'Sổ đăng ký văn bản đến',
  outgoing: 'Sổ đăng ký văn bản đi',
  internal: 'Sổ văn bản nội bộ',
  secret: 'Sổ đăng ký văn bản mật',
  copy: 'Sổ văn bản sao',
};

/**
 * Takes the next number of an agency's register for a year, creating the register on the first
 * number of the year (so numbering restarts at 1 on 1 January). Must run inside the transaction
 * that writes the numbered document: the row lock taken by the upsert makes concurrent callers
 * wait, and a rollback returns the number, so numbers never repeat and never skip.
 */
export async function takeNextNumber(
  tx: Executor,
  agencyId: string,
  kind: RegistersTable['kind'],
  year: number,
): Promise<{ registerId: string; number: number }> {
  const row = await tx
    .insertInto('registers')
    .values({ agency_id: agencyId, kind, year, name: `${REGISTER_NAMES[kind]} năm ${year}`, next_number: 2 })
    .onConflict((oc) => oc.columns(['agency_id', 'kind', 'year']).doUpdateSet((eb) => ({ next_number: eb('registers.next_number', '+', 1) })))
    .returning(['id', 'next_number'])
    .executeTakeFirstOrThrow();
  return { registerId: row.id, number: row.next_number - 1 };
}

/** The number the next `takeNextNumber` would give now, without taking it (for the clerk to see). */
export async function peekNextNumber(db: Executor, agencyId: string, kind: RegistersTable['kind'], year: number): Promise<number> {
  const row = await db.selectFrom('registers').select('next_number').where('agency_id', '=', agencyId).where('kind', '=', kind).where('year', '=', year).executeTakeFirst();
  return row?.next_number ?? 1;
}

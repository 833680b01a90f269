import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

/**
 * Signing sessions a day past their expiry, whatever became of them, are forgotten (until then a
 * late completion is told the session expired or was used). Run at each prepare and by the file
 * collector; their prepared PDFs stopped counting as referenced at expiry already.
 */
export async function deleteEndedSigningSessions(db: Executor): Promise<number> {
  const result = await db.deleteFrom('external_signing_sessions').where('expires_at', '<', sql<Date>`now() - interval '1 day'`).executeTakeFirst();
  return Number(result.numDeletedRows);
}

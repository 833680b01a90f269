import { type SqlBool, sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { BACKLOG_BUCKETS, type BacklogBucket } from '../../../shared/reports.js';
import type { Urgency } from '../../../shared/enums.js';
import type { CurrentUser } from '../auth/current-user.js';
import { visibleTo } from '../incoming/incoming.repository.js';
import { outgoingVisibleTo } from '../outgoing/outgoing.repository.js';
import { stateCountsByMany } from '../reports/reports.repository.js';

// The leader's dashboard: small counts, each an indexed lookup scoped to what the user may see
// (the incoming and outgoing registers' own visibility rules, in the WHERE).

export function createDashboardRepository(db: Executor) {
  const incoming = (user: CurrentUser) => db.selectFrom('documents').where('documents.direction', '=', 'incoming').where(visibleTo(user));
  const count = sql<number>`count(*)::int`;

  return {
    async receivedOn(user: CurrentUser, day: string) {
      const rows = await incoming(user).select(['documents.urgency', count.as('n')]).where('documents.received_on', '=', day).groupBy('documents.urgency').execute();
      return rows as { urgency: Urgency; n: number }[];
    },

    async waitingDirection(user: CurrentUser) {
      const row = await incoming(user).select(count.as('n')).where('documents.status', '=', 'submitted').where('documents.submitted_to', '=', user.id).executeTakeFirstOrThrow();
      return row.n;
    },

    /** Drafts whose current review step the user holds (the outgoing "review" box). */
    async waitingApproval(user: CurrentUser) {
      const row = await db.selectFrom('approval_steps as s').innerJoin('documents', 'documents.id', 's.document_id')
        .select(count.as('n')).where('s.holder_id', '=', user.id).where('s.status', '=', 'current').where('documents.agency_id', '=', user.agencyId)
        .executeTakeFirstOrThrow();
      return row.n;
    },

    /** Approved drafts the user is named to sign (the outgoing "to_sign" box). */
    async waitingSignature(user: CurrentUser) {
      const row = await db.selectFrom('documents').select(count.as('n'))
        .where('documents.agency_id', '=', user.agencyId).where('documents.direction', '=', 'outgoing')
        .where('documents.status', '=', 'approved').where('documents.signer_id', '=', user.id)
        .executeTakeFirstOrThrow();
      return row.n;
    },

    /** Overdue documents grouped by lead unit and by handler, and their number. */
    async overdue(user: CurrentUser, today: string) {
      // One pass over the overdue documents, grouped by lead unit and by handler together.
      const { unit, person } = await stateCountsByMany(db, user, today, { state: 'overdue' }, ['unit', 'person'] as const);
      const byUnit = unit.map((r) => ({ key: r.key, n: r.received }));
      const byPerson = person.map((r) => ({ key: r.key, n: r.received }));
      return { byUnit, byPerson, total: byUnit.reduce((sum, r) => sum + r.n, 0) };
    },

    async dueBetween(user: CurrentUser, from: string, to: string) {
      const row = await incoming(user).select(count.as('n'))
        .where('documents.status', '<>', 'completed').where('documents.due_date', '>=', from).where('documents.due_date', '<=', to)
        .executeTakeFirstOrThrow();
      return row.n;
    },

    /** Incoming documents received and outgoing documents issued per ISO week since `since` (a Monday). */
    async perWeek(user: CurrentUser, since: string) {
      const week = (column: string) => sql<string>`to_char(date_trunc('week', ${sql.ref(column)})::date, 'YYYY-MM-DD')`;
      const [inRows, outRows] = await Promise.all([
        incoming(user).select([week('documents.received_on').as('week'), count.as('n')]).where('documents.received_on', '>=', since).groupBy(sql`1`).execute(),
        db.selectFrom('documents').where(outgoingVisibleTo(user)).where('documents.status', '=', 'issued').where('documents.issued_on', '>=', since)
          .select([week('documents.issued_on').as('week'), count.as('n')]).groupBy(sql`1`).execute(),
      ]);
      return { incoming: new Map(inRows.map((r) => [r.week, r.n])), outgoing: new Map(outRows.map((r) => [r.week, r.n])) };
    },

    /** Documents not completed, by days since they arrived. */
    async backlogByAge(user: CurrentUser, today: string) {
      const age = sql<number>`(${today}::date - documents.received_on)`;
      const bucket = sql<BacklogBucket>`CASE WHEN ${age} <= 7 THEN '0_7' WHEN ${age} <= 15 THEN '8_15' WHEN ${age} <= 30 THEN '16_30' WHEN ${age} <= 60 THEN '31_60' ELSE 'over_60' END`;
      const rows = await incoming(user).select([bucket.as('bucket'), count.as('n')])
        .where(sql<SqlBool>`documents.status <> 'completed'`).groupBy(sql`1`).execute();
      const found = new Map(rows.map((r) => [r.bucket, r.n]));
      return BACKLOG_BUCKETS.map((b) => ({ bucket: b, count: found.get(b) ?? 0 }));
    },
  };
}

import { type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { CurrentUser } from '../auth/current-user.js';
import { incomingIdSources, visibleTo as incomingVisibleTo } from '../incoming/incoming.repository.js';
import { outgoingIdSources, outgoingVisibleTo } from '../outgoing/outgoing.repository.js';

// One answer to "may this official see this document?", whatever its direction: what several
// capabilities share (assignments, views, later case files and search) asks here, and each
// direction keeps its own rule next to its lists.

type DocEb = ExpressionBuilder<Database, 'documents'>;

export function documentVisibleTo(user: CurrentUser) {
  return (eb: DocEb): Expression<SqlBool> =>
    eb.or([
      eb.and([eb('documents.direction', '=', 'incoming'), incomingVisibleTo(user)(eb)]),
      outgoingVisibleTo(user)(eb),
    ]);
}

/**
 * For an official who does not see the whole agency (not its clerk or a leader): the ids of every
 * document `documentVisibleTo` may let them see, as one UNION of small indexed lookups of their own
 * work. Said beside `documentVisibleTo`, it lets the planner start from those few documents: as a
 * condition on each row (EXISTS inside an OR) it read every document of the agency and the index
 * rows of all of them (1.1 s for a specialist's search at 1,000,000 documents, BENCHMARKS.md).
 */
export function documentIdsVisibleTo(user: CurrentUser): RawBuilder<SqlBool> {
  return sql<SqlBool>`documents.id IN (${sql.join([...incomingIdSources(user), ...outgoingIdSources(user)], sql` UNION `)})`;
}

/** The document if the user may see it; undefined for one of another agency, or not theirs to see. */
export function findVisibleDocument(db: Executor, user: CurrentUser, id: string) {
  return db.selectFrom('documents').selectAll().where('id', '=', id).where(documentVisibleTo(user)).executeTakeFirst();
}

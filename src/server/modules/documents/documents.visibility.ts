import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { CurrentUser } from '../auth/current-user.js';
import { visibleTo as incomingVisibleTo } from '../incoming/incoming.repository.js';
import { outgoingVisibleTo } from '../outgoing/outgoing.repository.js';

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

/** The document if the user may see it; undefined for one of another agency, or not theirs to see. */
export function findVisibleDocument(db: Executor, user: CurrentUser, id: string) {
  return db.selectFrom('documents').selectAll().where('id', '=', id).where(documentVisibleTo(user)).executeTakeFirst();
}

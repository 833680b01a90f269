import type { Db, Executor } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import type { Clock } from '../../time.js';
import type { ActionContext } from '../auth/current-user.js';
import { type DocumentRow, withVisibleDocument } from '../assignments/assignments.context.js';
import type { FileStore } from '../files/file-store.js';

// What the incoming use cases need beyond the shared document core: the file store, and acting on
// a document only when it is an incoming one (registering, submitting, directing).

export interface IncomingDeps {
  db: Db;
  files: FileStore;
  clock: Clock;
}

/** As `withVisibleDocument`, for an incoming document (any other is "not found" here). */
export function withDocument<T>(deps: IncomingDeps, ctx: ActionContext, documentId: string, action: (tx: Executor, doc: DocumentRow) => Promise<T>): Promise<T> {
  return withVisibleDocument(deps, ctx, documentId, (tx, doc) => {
    if (doc.direction !== 'incoming') throw notFound('DOCUMENT_NOT_FOUND');
    return action(tx, doc);
  });
}

import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { CopiesRegisterQuery } from './copies.schemas.js';

// Reads of the copies: those of one document (for its page) and the agency's register.

const COPY_COLUMNS = [
  'c.id', 'c.document_id', 'c.copy_number', 'c.number', 'c.notation', 'c.form', 'c.pages', 'c.page_count', 'c.source_kind', 'c.source_attachment_id',
  'c.made_at', 'c.made_by', 'c.size_bytes', 'c.file_hash', 'u.full_name as made_by_name', 'a.file_name as source_file_name',
] as const;

export function createCopiesRepository(db: Executor) {
  const base = () => db.selectFrom('document_copies as c').innerJoin('users as u', 'u.id', 'c.made_by').leftJoin('attachments as a', 'a.id', 'c.source_attachment_id');
  return {
    /** The copies made of a document, oldest first. */
    ofDocument: (documentId: string) => base().select(COPY_COLUMNS).where('c.document_id', '=', documentId).orderBy('c.made_at').orderBy('c.copy_number').execute(),

    /** One copy of the user's agency (who may open it is decided by its document). */
    find: (agencyId: string, copyId: string) => base().select(COPY_COLUMNS).where('c.id', '=', copyId).where('c.agency_id', '=', agencyId).executeTakeFirst(),

    /** The copies register of an agency for a year, in number order, with the source document's reference. */
    async register(agencyId: string, year: number, query: CopiesRegisterQuery) {
      const scoped = db.selectFrom('document_copies as c').innerJoin('registers as r', 'r.id', 'c.register_id')
        .where('c.agency_id', '=', agencyId).where('r.kind', '=', 'copy').where('r.year', '=', year);
      const [items, total] = await Promise.all([
        scoped.innerJoin('users as u', 'u.id', 'c.made_by').innerJoin('documents as d', 'd.id', 'c.document_id').leftJoin('attachments as a', 'a.id', 'c.source_attachment_id')
          .select([...COPY_COLUMNS, 'd.direction', 'd.issuer', 'd.number as doc_number', 'd.notation as doc_notation', 'd.issued_on', 'd.document_type', 'd.summary', 'd.arrival_number'])
          .orderBy('c.copy_number').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
        scoped.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: total.n };
    },
  };
}

export type CopyRow = Awaited<ReturnType<ReturnType<typeof createCopiesRepository>['ofDocument']>>[number];

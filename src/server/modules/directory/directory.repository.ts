import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { searchKey } from '../../../shared/text.js';
import type { DirectoryQuery } from './directory.schemas.js';

export type EntryRow = Awaited<ReturnType<ReturnType<typeof createDirectoryRepository>['find']>> & object;

export function createDirectoryRepository(db: Executor) {
  return {
    find: (id: string) => db.selectFrom('directory_entries').selectAll().where('id', '=', id).executeTakeFirst(),

    /** Entries whose name or short name contains every word typed, diacritics aside; exact code match first. */
    async search(query: DirectoryQuery) {
      let base = db.selectFrom('directory_entries');
      if (query.includeInactive !== 'true') base = base.where('active', '=', true);
      const words = query.q ? searchKey(query.q).split(' ').filter(Boolean) : [];
      for (const word of words) {
        const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        base = base.where((eb) => eb.or([eb('search_key', 'like', like), eb(sql`lower(coalesce(short_name, ''))`, 'like', like), eb(sql`lower(coalesce(organ_id, ''))`, 'like', like)]));
      }
      const [items, total] = await Promise.all([
        base.selectAll().orderBy('name').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },

    byNameOrCode: (name: string, organId: string | null) =>
      db.selectFrom('directory_entries').selectAll()
        .where((eb) => eb.or([eb(sql`lower(btrim(name))`, '=', name.trim().toLowerCase()), ...(organId ? [eb('organ_id', '=', organId)] : [])]))
        .execute(),
  };
}

export function presentEntry(row: { id: string; name: string; short_name: string | null; organ_id: string | null; active: boolean }) {
  return { id: row.id, name: row.name, shortName: row.short_name, organId: row.organ_id, active: row.active };
}

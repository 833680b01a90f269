import type { Executor } from '../../db/database.js';

// Saved searches (migration 0017, `saved_searches`): every read and write names the owner, so
// another official's saved search is never found (404), whoever asks.

const columns = ['id', 'name', 'query', 'created_at'] as const;

export const listOwn = (db: Executor, userId: string) =>
  db.selectFrom('saved_searches').select(columns).where('user_id', '=', userId).orderBy('name').orderBy('id').execute();

export const findOwn = (db: Executor, userId: string, id: string) =>
  db.selectFrom('saved_searches').select(columns).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();

export async function countOwn(db: Executor, userId: string): Promise<number> {
  const row = await db.selectFrom('saved_searches').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export const insertOwn = (db: Executor, userId: string, name: string, query: unknown) =>
  db.insertInto('saved_searches').values({ user_id: userId, name, query: JSON.stringify(query) }).returning(columns).executeTakeFirstOrThrow();

export const renameOwn = (db: Executor, userId: string, id: string, name: string) =>
  db.updateTable('saved_searches').set({ name }).where('user_id', '=', userId).where('id', '=', id).returning(columns).executeTakeFirst();

export async function deleteOwn(db: Executor, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('saved_searches').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

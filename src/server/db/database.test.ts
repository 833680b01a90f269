import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate, type OpenedDatabase } from './database.js';
import { openTestDatabase } from '../test-support/test-database.js';

let database: OpenedDatabase;
beforeAll(async () => { database = await openTestDatabase(); });
afterAll(async () => database?.close());

describe('migrations', () => {
  it('are all applied once, and running them again (even from two starts at once) changes nothing', async () => {
    const names = (await listMigrations()).map((m) => m.name);
    const applied = await database.db.selectFrom('schema_migrations').select('name').orderBy('name').execute();
    expect(applied.map((r) => r.name)).toEqual(names);
    const again = await Promise.all([migrate(database), migrate(database)]);
    expect(again).toEqual([[], []]);
  });

  it('calendar dates come back as YYYY-MM-DD strings and counts as numbers on both databases', async () => {
    const row = await sql<{ d: string; n: number }>`SELECT DATE '2026-01-01' AS d, count(*)::int8 AS n FROM generate_series(1, 3)`.execute(database.db);
    expect(row.rows[0]).toEqual({ d: '2026-01-01', n: 3 });
  });
});

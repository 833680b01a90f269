import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../test-support/test-app.js';
import { countUpTo } from './count.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('list totals counted up to a cap', () => {
  it('a scope smaller than the cap is counted exactly; a larger one stops at the cap and says so', async () => {
    const db = t.database.db;
    const scope = db.selectFrom('users').where('active', '=', true).selectAll().orderBy('username');
    const { n } = await db.selectFrom('users').where('active', '=', true).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const exact = Number(n);
    expect(exact).toBeGreaterThan(5);
    expect(await countUpTo(db, scope, 1_000)).toEqual({ total: exact, totalCapped: false });
    expect(await countUpTo(db, scope, exact)).toEqual({ total: exact, totalCapped: false });
    expect(await countUpTo(db, scope, 5)).toEqual({ total: 5, totalCapped: true });
    expect(await countUpTo(db, scope.where('username', '=', 'nobody'), 5)).toEqual({ total: 0, totalCapped: false });
  });

  it('the register answers its total with totalCapped false when it is exact', async () => {
    const clerk = await t.as('vanthu');
    const page = (await clerk.get('/api/incoming-documents?page=1&pageSize=20')).json();
    expect(page).toMatchObject({ total: expect.any(Number), totalCapped: false });
  });
});

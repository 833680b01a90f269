import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionWaitBudget, type OpenedDatabase } from '../db/database.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { openTestDatabase } from '../test-support/test-database.js';

/** A query that keeps the database's CPU busy for a second or so. */
const busyQuery = (t: TestApp) => sql`SELECT count(*) FROM generate_series(1, 1500000) AS g(n) WHERE n % 7 = 3`.execute(t.database.db);

describe('a busy database does not stop the server from answering', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => t?.close());

  it('the health check answers within 100 ms while a long query holds the database', async () => {
    await t.app.inject({ method: 'GET', url: '/api/health' }); // the first request of an app sets things up
    let busyDone = false;
    const busy = busyQuery(t).then(() => { busyDone = true; });
    await new Promise((r) => setTimeout(r, 50)); // the query is running now
    const start = performance.now();
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    const ms = performance.now() - start;
    expect(health.statusCode).toBe(200);
    expect(ms).toBeLessThan(100);
    expect(busyDone).toBe(false); // answered while the database was still working
    await busy;
  });

  it('the health check answers within 100 ms while a registration transaction holds the database', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const transaction = t.database.db.transaction().execute(async (tx) => {
      await sql`SELECT id FROM registers FOR UPDATE`.execute(tx);
      await held;
    });
    await new Promise((r) => setTimeout(r, 50));
    const start = performance.now();
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(performance.now() - start).toBeLessThan(100);
    release();
    await transaction;
  });
});

describe('an exhausted connection pool answers 503 instead of hanging', () => {
  let t: TestApp;
  // One connection and a request deadline of 300 ms, so the test can take the whole pool.
  beforeAll(async () => { t = await createTestApp({ pool: { max: 1 }, config: { dbConnectTimeoutMs: 300 } }); });
  afterAll(async () => t?.close());

  it('a request that cannot get a database connection in time gets 503 SERVER_BUSY with Retry-After, in the documented shape', async () => {
    const clerk = await t.as('vanthu');
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const holder = t.database.db.transaction().execute(async () => { await held; });
    await new Promise((r) => setTimeout(r, 50));

    const start = performance.now();
    const response = await clerk.get('/api/inbox/counts');
    const ms = performance.now() - start;
    release();
    await holder;

    expect(response.statusCode).toBe(503);
    expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(response.json()).toEqual({
      error: {
        code: 'SERVER_BUSY',
        message: { vi: expect.stringContaining('quá tải'), en: expect.stringContaining('too busy') },
      },
    });
    expect(ms).toBeLessThan(2000);
    // Once the connection is free again, the same request is served.
    expect((await clerk.get('/api/inbox/counts')).statusCode).toBe(200);
  });
});

describe('a request waits for database connections within one budget, however many queries it makes', () => {
  let database: OpenedDatabase;
  // The pool alone would wait 5 s for each connection.
  beforeAll(async () => { database = await openTestDatabase({ max: 1, connectTimeoutMs: 5000 }); });
  afterAll(async () => database?.close());

  it('a query waits only as long as the request has left, and once that is spent the next is refused at once', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const holder = database.db.transaction().execute(async () => { await held; });
    await new Promise((r) => setTimeout(r, 50));

    const start = performance.now();
    const request = { remainingMs: 300 };
    const attempt = () => connectionWaitBudget.run(request, () => sql`SELECT 1`.execute(database.db).then(() => null, (error: unknown) => error));
    expect(await attempt()).toMatchObject({ code: 'SERVER_BUSY', status: 503 });
    expect(performance.now() - start).toBeLessThan(1500);
    expect(request.remainingMs).toBeLessThanOrEqual(0);

    const again = performance.now();
    expect(await attempt()).toMatchObject({ code: 'SERVER_BUSY', status: 503 });
    expect(performance.now() - again).toBeLessThan(50);

    release();
    await holder;
    // The connection given up on went back to the pool: the next query runs.
    expect((await sql<{ n: number }>`SELECT 1 AS n`.execute(database.db)).rows[0]!.n).toBe(1);
  });
});

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../db/database.js';
import { openTestDatabase } from '../../test-support/test-database.js';
import { verifyDocumentChain } from '../events/events.repository.js';
import { createDiskFileStore } from '../files/file-store.js';
import { seedDemoIfEmpty } from './demo.seed.js';

let database: OpenedDatabase;
let root: string;
beforeAll(async () => {
  database = await openTestDatabase();
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-demo-'));
});
afterAll(async () => {
  await database?.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe('the demo agency', () => {
  it('fills an empty database with an agency, its people and documents in every state', async () => {
    const summary = await seedDemoIfEmpty(database.db, createDiskFileStore(root));
    expect(summary?.documents).toBe(36);
    const states = await database.db.selectFrom('documents').select(['status', sql<number>`count(*)::int`.as('n')]).groupBy('status').execute();
    const byState = Object.fromEntries(states.map((s) => [s.status, s.n]));
    for (const state of ['registered', 'submitted', 'in_progress', 'completed', 'returned']) expect(byState[state]).toBeGreaterThan(0);
    const numbers = await database.db.selectFrom('documents').select(['arrival_number', 'received_on']).orderBy('arrival_number').execute();
    // Arrival numbers follow the order of arrival: 1, 2, 3… with non-decreasing arrival dates.
    expect(numbers.map((n) => n.arrival_number)).toEqual(numbers.map((_, i) => i + 1));
    const dates = numbers.map((n) => n.received_on!);
    expect(dates).toEqual([...dates].sort());
    const overdue = await database.db.selectFrom('assignments').select('id').where('status', 'in', ['pending', 'in_progress']).where('due_date', '<', new Date().toISOString().slice(0, 10)).execute();
    expect(overdue.length).toBeGreaterThan(0);
    const docs = await database.db.selectFrom('documents').select('id').execute();
    for (const doc of docs) expect(await verifyDocumentChain(database.db, doc.id)).toBe(true);
  });

  it('never touches a database that already holds data', async () => {
    const before = await database.db.selectFrom('documents').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    await seedDemoIfEmpty(database.db, createDiskFileStore(root));
    const after = await database.db.selectFrom('documents').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const agencies = await database.db.selectFrom('agencies').select('id').execute();
    expect(agencies).toHaveLength(2);
  });
});

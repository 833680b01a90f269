import { sql } from 'kysely';
import { JOB_QUEUE_SCHEMA, type Db } from '../../db/database.js';
import type { JobCounts, JobState, JobView } from './jobs.schemas.js';

// Reads pg-boss's job table directly (its API has no listing across states): the columns read are
// part of its documented schema (https://pgboss.io). All queues share the table pgboss.job.

interface JobRow {
  id: string;
  name: string;
  state: JobState;
  retry_count: number;
  retry_limit: number;
  created_on: Date;
  start_after: Date;
  started_on: Date | null;
  completed_on: Date | null;
  output: unknown;
}

const jobTable = sql.table(`${JOB_QUEUE_SCHEMA}.job`);
const LIST_LIMIT = 100;

function errorOf(output: unknown): string | null {
  if (!output || typeof output !== 'object') return null;
  const message = (output as { message?: unknown }).message;
  return typeof message === 'string' ? message : JSON.stringify(output).slice(0, 2000);
}

function present(row: JobRow): JobView {
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    retryCount: row.retry_count,
    retryLimit: row.retry_limit,
    createdAt: row.created_on.toISOString(),
    startAfter: row.start_after.toISOString(),
    startedAt: row.started_on?.toISOString() ?? null,
    completedAt: row.completed_on?.toISOString() ?? null,
    error: row.state === 'completed' ? null : errorOf(row.output),
  };
}

const columns = sql`id::text AS id, name, state::text AS state, retry_count, retry_limit, created_on, start_after, started_on, completed_on, output`;

export function createJobsRepository(db: Db) {
  const list = async (where: ReturnType<typeof sql>, order: ReturnType<typeof sql>) =>
    (await sql<JobRow>`SELECT ${columns} FROM ${jobTable} WHERE ${where} ORDER BY ${order} LIMIT ${LIST_LIMIT}`.execute(db)).rows.map(present);
  return {
    async counts(): Promise<JobCounts[]> {
      const rows = await sql<{ name: string; waiting: number; running: number; failed: number; completed: number }>`
        SELECT name,
          count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS waiting,
          count(*) FILTER (WHERE state = 'active')::int AS running,
          count(*) FILTER (WHERE state = 'failed')::int AS failed,
          count(*) FILTER (WHERE state = 'completed' AND completed_on > now() - interval '24 hours')::int AS completed
        FROM ${jobTable} GROUP BY name ORDER BY name`.execute(db);
      return rows.rows;
    },
    waiting: () => list(sql`state IN ('created', 'retry')`, sql`start_after, created_on`),
    running: () => list(sql`state = 'active'`, sql`started_on`),
    failed: () => list(sql`state = 'failed'`, sql`completed_on DESC NULLS LAST`),
    completed: () => list(sql`state = 'completed' AND completed_on > now() - interval '24 hours'`, sql`completed_on DESC`),
    async find(id: string): Promise<JobView | undefined> {
      const row = (await sql<JobRow>`SELECT ${columns} FROM ${jobTable} WHERE id = ${id}::uuid`.execute(db)).rows[0];
      return row && present(row);
    },
  };
}

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate, openPGlite } from '../db/database.js';
import { createPostgresTemplate } from '../db/scratch-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    /** On PostgreSQL: a migrated database each test file's own database is copied from. */
    postgresTemplate: string;
  }
}

/**
 * Migrating a fresh PGlite takes seconds: do it once, dump the data directory, and let every test
 * file start its own database from that dump. On PostgreSQL likewise: one migrated template
 * database, which each file's own database is created from (a file copy, not 30 migrations).
 */
export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    const template = await createPostgresTemplate(process.env.DATABASE_URL, 'vp_tpl');
    project.provide('pgliteSnapshot', '');
    project.provide('postgresTemplate', template.name);
    return template.drop;
  }
  project.provide('postgresTemplate', '');
  const opened = await openPGlite(undefined);
  await migrate(opened);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-snapshot-'));
  const file = path.join(dir, 'migrated.tar');
  await opened.embedded!.dump(file);
  await opened.close();
  project.provide('pgliteSnapshot', file);
  return async () => { await fs.rm(dir, { recursive: true, force: true }); };
}

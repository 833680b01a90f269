import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate, openPGlite } from '../db/database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
  }
}

/**
 * Migrating a fresh PGlite takes seconds: do it once, dump the data directory, and let every test
 * file start its own database from that dump. On PostgreSQL each file creates its own database.
 */
export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide('pgliteSnapshot', '');
    return undefined;
  }
  const opened = await openPGlite(undefined);
  await migrate(opened);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-snapshot-'));
  const file = path.join(dir, 'migrated.tar');
  await opened.embedded!.dump(file);
  await opened.close();
  project.provide('pgliteSnapshot', file);
  return async () => { await fs.rm(dir, { recursive: true, force: true }); };
}

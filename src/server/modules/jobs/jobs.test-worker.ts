// A server that dies mid-job, for jobs.test.ts: opens the queue on the database named by its
// environment (VP_JOBS_DATABASE_URL, or the PGlite data directory VP_JOBS_PGLITE_DIR started from
// VP_JOBS_PGLITE_SNAPSHOT), works 'test.slow' and says "started <job id>" when it holds one, then
// never finishes it: the test kills this process with SIGKILL.
import os from 'node:os';
import path from 'node:path';
import { migrate, openPGlite, openPostgres } from '../../db/database.js';
import { createDiskFileStore } from '../files/file-store.js';
import { openJobQueue } from './jobs.js';
import { slowJob } from './jobs.test-jobs.js';

const url = process.env.VP_JOBS_DATABASE_URL;
const database = url ? openPostgres(url) : await openPGlite(process.env.VP_JOBS_PGLITE_DIR, { loadDataDir: process.env.VP_JOBS_PGLITE_SNAPSHOT || undefined });
if (!url) await migrate(database);
const jobs = await openJobQueue({ database, definitions: [slowJob(async (id) => {
  process.stdout.write(`started ${id}\n`);
  await new Promise(() => undefined); // held until killed
})], pollingSeconds: 0.5 });
if (process.env.VP_JOBS_ENQUEUE === 'true') {
  const { enqueue } = await import('./jobs.js');
  await database.db.transaction().execute((tx) => enqueue(tx, 'test.slow', { label: 'killed mid-run' }));
}
await jobs.startWorkers({ files: createDiskFileStore(path.join(os.tmpdir(), 'vanphong-test-worker-files')) });
process.stdout.write('ready\n');

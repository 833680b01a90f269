// The job queue (src/server/modules/jobs/jobs.ts) on both databases: what it adds to a start, how
// fast jobs are enqueued inside transactions, and how many no-op jobs a server works per second at
// the default concurrency (2) and at 4. `npm run bench:jobs [-- --db=pglite|postgres]`.
import { sql } from 'kysely';
import { JOB_QUEUE_SCHEMA, migrate } from '../src/server/db/database.js';
import { createDiskFileStore } from '../src/server/modules/files/file-store.js';
import { defineJob, enqueue, openJobQueue } from '../src/server/modules/jobs/jobs.js';
import { ALL_JOBS } from '../src/server/modules/jobs/jobs.catalog.js';
import '../src/server/modules/jobs/jobs.test-jobs.js';
import { fmt, freshDatabase, kinds, time } from './bench-support.js';

const N = 500;

for (const kind of kinds()) {
  const database = await freshDatabase(kind);
  // The schema install alone, measured on a database that has the app's migrations already.
  await sql.raw(`DROP SCHEMA ${JOB_QUEUE_SCHEMA} CASCADE`).execute(database.db);
  const install = await time(() => migrate(database));
  let done = 0;
  let finished: () => void = () => undefined;
  const record = defineJob('test.record', async () => { if (++done === N) finished(); }, { concurrency: 2 });
  const open = await time(() => openJobQueue({ database, definitions: [...ALL_JOBS, record] }));
  const queue = open.result;
  const stop = await time(() => queue.stop());
  const files = createDiskFileStore('/tmp/vp-jobs-bench-files');
  for (const concurrency of [2, 4]) {
    const q = await openJobQueue({ database, definitions: [...ALL_JOBS, defineJob('test.record', async () => { if (++done === N) finished(); }, { concurrency })], concurrency });
    done = 0;
    const enq = await time(() => database.db.transaction().execute(async (tx) => { for (let i = 0; i < N; i++) await enqueue(tx, 'test.record', { n: i }); }));
    const all = new Promise<void>((resolve) => { finished = resolve; });
    const work = await time(async () => { await q.startWorkers({ files }); await all; });
    await q.stop();
    console.log(`${kind}: concurrency ${concurrency}: enqueue ${N} in one transaction ${fmt(enq.ms)} (${(N / enq.ms * 1000).toFixed(0)}/s); worked ${N} no-op jobs in ${fmt(work.ms)} (${(N / work.ms * 1000).toFixed(0)} jobs/s)`);
  }
  console.log(`${kind}: schema install ${fmt(install.ms)}; queue start on an installed schema ${fmt(open.ms)}; stop ${fmt(stop.ms)}`);
  await database.close();
}
process.exit(0);

// A server that dies mid-OCR, for ocr.restart.test.ts: opens the queue on the database named by its
// environment (VP_OCR_DATABASE_URL, or the PGlite data directory VP_OCR_PGLITE_DIR started from
// VP_OCR_PGLITE_SNAPSHOT), stores the scan VP_OCR_SCAN in the file store VP_OCR_FILES, asks for its
// text (which enqueues the OCR job) and works the queue with the real OCR job, saying
// "started <hash>" when the OCR begins: the test kills this process with SIGKILL then.
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import { migrate, openPGlite, openPostgres } from '../../db/database.js';
import { createDiskFileStore } from '../files/file-store.js';
import { requestTextExtraction } from '../files/file-texts.js';
import type { JobDefinition } from '../jobs/jobs.js';
import { openJobQueue } from '../jobs/jobs.js';
import { ocrJob } from './ocr.job.js';

const url = process.env.VP_OCR_DATABASE_URL;
const database = url ? openPostgres(url) : await openPGlite(process.env.VP_OCR_PGLITE_DIR, { loadDataDir: process.env.VP_OCR_PGLITE_SNAPSHOT || undefined });
if (!url) await migrate(database);
const files = createDiskFileStore(process.env.VP_OCR_FILES!);
const announced: JobDefinition = {
  ...ocrJob,
  run: async (payload, ctx) => {
    const { hash } = payload as { hash: string };
    const work = ocrJob.run(payload, ctx);
    // Announced once the row says 'reading': the OCR itself (ocrmypdf) is under way.
    while ((await database.db.selectFrom('file_texts').select('status').where('file_hash', '=', hash).executeTakeFirst())?.status !== 'reading') {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    process.stdout.write(`started ${hash}\n`);
    return work;
  },
};
const jobs = await openJobQueue({ database, definitions: [announced], pollingSeconds: 0.5 });
const staged = await files.stage(Readable.from([await fs.readFile(process.env.VP_OCR_SCAN!)]), 50 * 1024 * 1024);
if (staged.truncated) throw new Error('scan too large');
await staged.commit();
await database.db.transaction().execute((tx) => requestTextExtraction(tx, [{ hash: staged.hash, mimeType: 'image/png' }]));
await jobs.startWorkers({ files });
process.stdout.write('ready\n');

import { ocrJob } from '../digitization/ocr.job.js';
import { extractTextJob } from '../files/file-texts.js';
import { convertDocxJob } from '../outgoing/outgoing.conversion.js';
import type { JobDefinition } from './jobs.js';

/** Every kind of background job of the program: a queue is made for each at start. */
export const ALL_JOBS: readonly JobDefinition[] = [convertDocxJob(), extractTextJob, ocrJob];

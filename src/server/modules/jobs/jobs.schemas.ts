import { z } from 'zod';

export type { JobCounts, JobState, JobsOverview, JobView } from '../../../shared/jobs.js';

/** pg-boss job ids are UUIDs. */
export const jobIdParams = z.object({ id: z.uuid() });

// The admin's view of the background-job queue (GET /api/admin/jobs), shared by server and web.

export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobView {
  id: string;
  /** The kind of job, e.g. 'outgoing.convert-docx', 'files.extract-text'. */
  name: string;
  state: JobState;
  /** Retries made so far (0 on the first try) and allowed. */
  retryCount: number;
  retryLimit: number;
  createdAt: string;
  /** When it may run (a retry waits out its backoff). */
  startAfter: string;
  startedAt: string | null;
  completedAt: string | null;
  /** Failed (or waiting for a retry after a failure): the error of the last try. */
  error: string | null;
}

export interface JobCounts { name: string; waiting: number; running: number; failed: number; completed: number }

export interface JobsOverview {
  counts: JobCounts[];
  waiting: JobView[];
  running: JobView[];
  failed: JobView[];
  /** Completed in the last 24 hours, newest first. */
  completed: JobView[];
}

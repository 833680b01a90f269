// The agency's weekly work schedule (lịch công tác tuần, issue 12), shared by server and web.

export const WORK_SCHEDULE_STATUSES = ['draft', 'approved', 'published'] as const;
export type WorkScheduleStatus = (typeof WORK_SCHEDULE_STATUSES)[number];

export const WORK_SESSIONS = ['morning', 'afternoon', 'evening'] as const;
export type WorkSession = (typeof WORK_SESSIONS)[number];

export interface Named { id: string; name: string }

export interface WorkScheduleEntry {
  id: string;
  /** 'YYYY-MM-DD', a day of the schedule's week. */
  day: string;
  session: WorkSession;
  /** 'HH:MM' or null (the session alone). */
  time: string | null;
  leaders: Named[];
  content: string;
  place: string | null;
  participants: string | null;
  participantUsers: Named[];
  participantUnits: Named[];
  preparingUnit: Named | null;
  cancelled: boolean;
  /** Changed (added, edited or cancelled) after publication, in this version; null: as first published. */
  changedInVersion: number | null;
}

export type WorkScheduleAction = 'edit' | 'approve' | 'publish';

export interface WorkScheduleSummary {
  id: string;
  weekStart: string;
  status: WorkScheduleStatus;
  version: number;
  entryCount: number;
  publishedAt: string | null;
}

export interface WorkSchedule extends WorkScheduleSummary {
  weekEnd: string;
  approvedBy: string | null;
  approvedAt: string | null;
  entries: WorkScheduleEntry[];
  versions: { version: number; summary: string; changedBy: string; changedAt: string }[];
  actions: WorkScheduleAction[];
}

export interface WorkScheduleEntryInput {
  day: string;
  session: WorkSession;
  time?: string | null;
  leaderIds: string[];
  content: string;
  place?: string | null;
  participants?: string | null;
  participantUserIds?: string[];
  participantUnitIds?: string[];
  preparingUnitId?: string | null;
}

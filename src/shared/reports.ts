// The leader's dashboard, the tracking register, the reports and the statistics: the shapes the
// server answers and the web client reads (one source for both).
import type { Urgency } from './enums.js';

/**
 * Where the handling of an incoming document stands (Decree 30, Điều 24: giải quyết, theo dõi, đôn đốc):
 * completed by its due date (or with none), completed after it, not completed and past it, not completed yet within it.
 */
export const TRACKING_STATES = ['on_time', 'late', 'overdue', 'in_progress'] as const;
export type TrackingState = (typeof TRACKING_STATES)[number];

export interface NamedCount { id: string | null; name: string | null; count: number }

export interface DashboardSummary {
  today: string;
  /** The last day counted as "due soon": three working days after today. */
  dueSoonUntil: string;
  receivedToday: Record<Urgency, number>;
  waitingDirection: number;
  waitingApproval: number;
  waitingSignature: number;
  overdue: { total: number; byUnit: NamedCount[]; byPerson: NamedCount[] };
  dueSoon: number;
}

export interface DashboardCharts {
  /** Monday of each ISO week, oldest first. */
  weeks: { weekStart: string; incoming: number; outgoing: number }[];
  onTimeByUnit: { id: string | null; name: string | null; onTime: number; late: number; overdue: number }[];
  backlogByAge: { bucket: BacklogBucket; count: number }[];
}
export const BACKLOG_BUCKETS = ['0_7', '8_15', '16_30', '31_60', 'over_60'] as const;
export type BacklogBucket = (typeof BACKLOG_BUCKETS)[number];

export interface TrackingItem {
  id: string;
  arrivalNumber: number | null;
  receivedOn: string | null;
  documentType: string;
  number: string | null;
  notation: string | null;
  issuedOn: string | null;
  issuer: string;
  summary: string;
  urgency: Urgency;
  dueDate: string | null;
  status: string;
  state: TrackingState;
  completedOn: string | null;
  lead: string | null;
  handler: string | null;
  coordinators: string | null;
  progress: string | null;
  replyReference: string | null;
  /** The top-level lead assignment, for the reminder (đôn đốc); null before the leader assigned it. */
  leadAssignmentId: string | null;
  /** The reminder (đôn đốc) the viewer may send from this row: the open work's assignment and its holder; null when they may not. */
  remind: { assignmentId: string; holder: string } | null;
}

export interface StateCounts { received: number; onTime: number; late: number; inProgress: number; overdue: number }

export interface HandlingReportRow extends StateCounts { id: string | null; name: string | null }

/** Báo cáo tình hình giải quyết văn bản đến: for a period, by unit and by person. */
export interface HandlingReport {
  from: string;
  to: string;
  asOf: string;
  totals: StateCounts;
  byUnit: HandlingReportRow[];
  byPerson: HandlingReportRow[];
}

export interface StatisticsRow extends StateCounts { key: string | null; name: string | null }

export const STATISTICS_DIMENSIONS = ['month', 'type', 'issuer', 'unit', 'person', 'urgency', 'state'] as const;
export type StatisticsDimension = (typeof STATISTICS_DIMENSIONS)[number];

export interface Statistics { from: string; to: string; asOf: string; totals: StateCounts; rows: Record<StatisticsDimension, StatisticsRow[]> }

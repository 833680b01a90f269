// Case files and the file plan (hồ sơ, danh mục hồ sơ; issue 13): vocabulary and API shapes shared
// by server and web. Codes follow the archive rule (DOMAIN.md 5): retention 01 permanent … 06 ten
// years, access regime 01 public / 02 conditional / 03 secret, reliability 01 born-digital /
// 02 digitized / 03 mixed.

/** Thời hạn bảo quản: permanent, or a number of years. */
export const RETENTIONS = ['permanent', '70', '50', '30', '20', '10', '5', 'until_replaced'] as const;
export type Retention = (typeof RETENTIONS)[number];

/** Chế độ sử dụng. */
export const ACCESS_REGIMES = ['public', 'conditional', 'secret'] as const;
export type AccessRegime = (typeof ACCESS_REGIMES)[number];

/** Mức độ tin cậy: born digital (issued here, or received electronically), digitized from paper, or both. */
export const RELIABILITIES = ['born_digital', 'digitized', 'mixed'] as const;
export type Reliability = (typeof RELIABILITIES)[number];

/** Numbers of planned files start at 01 across the whole plan or within each top-level heading. */
export const RECORD_NUMBERINGS = ['plan', 'heading'] as const;
export type RecordNumbering = (typeof RECORD_NUMBERINGS)[number];

export const PLAN_STATUSES = ['draft', 'approved'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Open, closed (frozen), deposited into the agency archive (read-only), destroyed by the head's decision (its list kept). */
export const CASE_FILE_STATUSES = ['open', 'closed', 'deposited', 'destroyed'] as const;
export type CaseFileStatus = (typeof CASE_FILE_STATUSES)[number];

/** Which case files a list shows: those I keep, those shared with me, my unit's (unit head). */
export const CASE_FILE_VIEWS = ['mine', 'shared', 'unit'] as const;
export type CaseFileView = (typeof CASE_FILE_VIEWS)[number];

export interface PersonRef { id: string; fullName: string }
export interface UnitRef { id: string; name: string }

/** A planned case file in the plan, with the case file opened from it (if any). */
export interface PlanEntry {
  id: string;
  headingId: string;
  number: number;
  notation: string | null;
  /** "01" or "01.VP" ("II.01" when numbered within each top-level heading): the file's number and notation as the plan prints them. */
  fileNotation: string;
  title: string;
  retention: Retention;
  accessRegime: AccessRegime;
  keeperUnit: UnitRef | null;
  keeperUser: PersonRef | null;
  /** A case file has been opened from this entry. */
  opened: boolean;
  /** The case file opened from this entry, when the signed-in official may read it. */
  caseFile: { id: string; code: string; status: CaseFileStatus; keeper: string } | null;
  /** The signed-in official may open the case file of this entry now. */
  canOpen: boolean;
}

export interface PlanHeading {
  id: string;
  parentId: string | null;
  code: string;
  title: string;
  position: number;
  /** Planned files directly under this heading (not under its sub-headings). */
  entryCount: number;
}

/** One line of the plan as printed: a heading, a sub-heading, or the plan's entry number `index` (0-based, in the plan's order). */
export type PlanLine = { kind: 'heading' | 'subheading'; heading: PlanHeading } | { kind: 'entry'; index: number };

/**
 * The plan's lines in its printed order — a chapter, its own files, then each sub-heading and its
 * files — from the headings and their counts alone, so a screen can show one page of them and ask the
 * server for just the files of that page (the entries come in the same order: records.repository.ts).
 */
export function planLines(headings: PlanHeading[]): PlanLine[] {
  const lines: PlanLine[] = [];
  let index = 0;
  const entries = (h: PlanHeading) => { for (let i = 0; i < h.entryCount; i++) lines.push({ kind: 'entry', index: index++ }); };
  for (const top of headings.filter((h) => !h.parentId)) {
    lines.push({ kind: 'heading', heading: top });
    entries(top);
    for (const sub of headings.filter((h) => h.parentId === top.id)) {
      lines.push({ kind: 'subheading', heading: sub });
      entries(sub);
    }
  }
  return lines;
}

export interface PlanRevision {
  version: number;
  action: string;
  before: unknown;
  after: unknown;
  changedBy: string;
  changedAt: string;
}

export interface RecordPlan {
  id: string;
  year: number;
  status: PlanStatus;
  version: number;
  numbering: RecordNumbering;
  approvedBy: string | null;
  approvedAt: string | null;
  headings: PlanHeading[];
  /** Every planned file; with `lines` asked, only those of that window of lines (from `entryOffset` in the plan's order). */
  entries: PlanEntry[];
  entryTotal: number;
  entryOffset: number;
  /** The window of printed lines asked for (`?lineOffset=&lineLimit=`), and how many lines the plan has. */
  lines: { offset: number; limit: number; total: number } | null;
  revisions: PlanRevision[];
  /** What the signed-in official may do on the plan. */
  actions: ('edit' | 'approve')[];
}

/** One document in a case file, as far as the reader may see it. */
export interface CaseFileDocument {
  ordinal: number;
  /** `{file code}.{7-digit ordinal}` (mã lưu trữ). */
  archiveCode: string;
  /** False: the reader may not open this document; nothing but its place in the file is shown. */
  visible: boolean;
  document: {
    id: string;
    direction: 'incoming' | 'outgoing' | 'internal';
    reference: string | null;
    documentType: string;
    summary: string;
    issuer: string;
    date: string | null;
    pageCount: number | null;
  } | null;
  addedAt: string;
  addedBy: string | null;
}

/** The metadata of a case file (TT 02/2019, TT 05/2025: DOMAIN.md 5), computed where possible. */
export interface CaseFileMetadata {
  code: string;
  title: string;
  retention: Retention;
  accessRegime: AccessRegime;
  language: string;
  keywords: string | null;
  description: string | null;
  startDate: string | null;
  endDate: string | null;
  docTotal: number;
  pageTotal: number;
  reliability: Reliability | null;
  /** Which of the fields above the keeper set by hand (the others are computed from the documents). */
  overridden: ('startDate' | 'endDate' | 'pageTotal' | 'reliability')[];
}

export interface CaseFileSummary {
  id: string;
  code: string;
  title: string;
  year: number;
  status: CaseFileStatus;
  keeper: PersonRef;
  docTotal: number;
  planned: boolean;
  createdAt: string;
}

export interface CaseFileDetail {
  id: string;
  year: number;
  status: CaseFileStatus;
  keeper: PersonRef;
  keeperUnit: UnitRef | null;
  planEntryId: string | null;
  metadata: CaseFileMetadata;
  documents: CaseFileDocument[];
  shares: (PersonRef & { grantedAt: string })[];
  closedAt: string | null;
  closedBy: string | null;
  /** In the agency archive: the deposit record, the deposit date and the last day of retention (null: permanent). */
  deposit: CaseFileDeposit | null;
  /** The head of the agency's decisions once retention ended (keep longer, destroy). */
  retentionDecisions: RetentionDecision[];
  destroyedAt: string | null;
  /** What the signed-in official may do on it. */
  actions: ('add' | 'remove' | 'edit' | 'share' | 'close' | 'export' | 'decide')[];
}

// ---------------------------------------------------------------- the agency archive (0033)

export interface CaseFileDeposit {
  depositId: string;
  /** "03/BB-2026": the deposit record's number in the year. */
  recordNumber: string;
  depositedOn: string;
  retainUntil: string | null;
}

export const RETENTION_DECISIONS = ['extend', 'destroy'] as const;
export type RetentionDecisionKind = (typeof RETENTION_DECISIONS)[number];

export interface RetentionDecision {
  decision: RetentionDecisionKind;
  decisionNumber: string | null;
  extendYears: number | null;
  retainUntilBefore: string | null;
  retainUntilAfter: string | null;
  note: string | null;
  decidedBy: string;
  decidedAt: string;
}

/** Which files the archive screen lists: closed and waiting for deposit, in the archive, retention ended, destroyed. */
export const ARCHIVE_VIEWS = ['closed', 'deposited', 'expired', 'destroyed'] as const;
export type ArchiveView = (typeof ARCHIVE_VIEWS)[number];

export interface ArchiveFile {
  id: string;
  code: string;
  title: string;
  year: number;
  status: CaseFileStatus;
  retention: Retention;
  accessRegime: AccessRegime;
  keeper: string;
  keeperUnit: string | null;
  docTotal: number;
  closedAt: string | null;
  deposit: CaseFileDeposit | null;
  destroyedAt: string | null;
}

export interface DepositRecord {
  id: string;
  recordNumber: string;
  depositedOn: string;
  receivedBy: string;
  note: string | null;
  files: ArchiveFile[];
}

export interface ArchiveList {
  items: ArchiveFile[];
  /** What the signed-in official may do here: receive files (the office), decide on expired ones (the head). */
  actions: ('deposit' | 'decide')[];
}

// ---------------------------------------------------------------- unplanned files, statistics (0036)

/** A case file opened outside the plan (hồ sơ ngoài danh mục), as the office lists them to add into the plan. */
export interface UnplannedFile {
  id: string;
  code: string;
  title: string;
  year: number;
  status: CaseFileStatus;
  retention: Retention;
  accessRegime: AccessRegime;
  keeper: PersonRef;
  keeperUnit: UnitRef | null;
  docTotal: number;
  createdAt: string;
}

/** Where an unplanned file went in the plan. */
export interface PlannedFileResult {
  caseFileId: string;
  planEntryId: string;
  /** The file's number and notation in the plan, and its new code. */
  fileNotation: string;
  code: string;
  previousCode: string;
  planVersion: number;
}

export interface RecordStatisticsCounts {
  files: number;
  open: number;
  closed: number;
  deposited: number;
  destroyed: number;
  /** Files still outside the plan. */
  unplanned: number;
  documents: number;
  pages: number;
  accesses: number;
}

/** One line of the statistics: a keeper unit's files of a year. */
export interface RecordStatisticsRow extends RecordStatisticsCounts {
  unit: UnitRef | null;
  year: number;
}

/** A case file with the number of times its page was read, and by how many officials. */
export interface FileAccessCount {
  id: string;
  code: string;
  title: string;
  year: number;
  status: CaseFileStatus;
  unit: string | null;
  accesses: number;
  readers: number;
  lastAccessAt: string | null;
}

export interface RecordStatistics {
  year: number | null;
  unitId: string | null;
  rows: RecordStatisticsRow[];
  totals: RecordStatisticsCounts;
  /** The most-read files first (at most 100). */
  accessesByFile: FileAccessCount[];
}

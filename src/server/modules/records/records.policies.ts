import type { CaseFileDetail } from '../../../shared/records.js';
import { type CurrentUser, hasRole } from '../auth/current-user.js';
import { isAgencyHead } from '../delegation/delegation.policies.js';

// Who may do what with the file plan and with case files. Who may READ a case file is also a SQL
// condition (records.repository.ts `caseFileReadableBy`), so a list never shows another's file;
// the documents inside a file keep their own rule (documents.visibility.ts) whoever reads the file.

/** The office drafts the plan and changes it (after approval, every change is kept as a revision). */
export const canEditPlan = (user: CurrentUser) => hasRole(user, 'clerk');

/** The head of the agency approves the plan. */
export const canApprovePlan = (user: CurrentUser) => isAgencyHead(user);

/**
 * The keeper the plan names opens the file: the official named, or anyone of the unit named when
 * the plan names only a unit.
 */
export function canOpenEntry(user: CurrentUser, entry: { keeper_user_id: string | null; keeper_unit_id: string | null }): boolean {
  if (entry.keeper_user_id) return entry.keeper_user_id === user.id;
  return Boolean(entry.keeper_unit_id && entry.keeper_unit_id === user.unitId);
}

export interface FileAccessRow { keeper_id: string; keeper_unit_id: string | null; status: string }

/** The head of the keeper's unit: supervises the unit's files, may add to them and close them. */
export const headsKeeperUnit = (user: CurrentUser, file: FileAccessRow) =>
  hasRole(user, 'unit_head') && Boolean(user.unitId) && file.keeper_unit_id === user.unitId;

/** The keeper and the head of the keeper's unit change a file (add, remove, edit metadata, close). */
export const canChangeFile = (user: CurrentUser, file: FileAccessRow) => file.keeper_id === user.id || headsKeeperUnit(user, file);

/** The office receives closed files into the agency archive and keeps them (lưu trữ cơ quan). */
export const runsArchive = (user: CurrentUser) => hasRole(user, 'clerk');

/** The head of the agency decides on files whose retention ended: keep longer, or destroy. */
export const decidesRetention = (user: CurrentUser) => isAgencyHead(user);

/** What the reader may do on a readable file; a closed file is frozen, a deposited one read-only. */
export function fileActions(user: CurrentUser, file: FileAccessRow, today?: string, retainUntil?: string | null): CaseFileDetail['actions'] {
  if (file.status !== 'open') {
    const actions: CaseFileDetail['actions'] = [];
    if (file.status !== 'destroyed' && (runsArchive(user) || canChangeFile(user, file))) actions.push('export');
    if (file.status === 'deposited' && decidesRetention(user) && retainUntil && today && retainUntil <= today) actions.push('decide');
    return actions;
  }
  if (!canChangeFile(user, file)) return [];
  const actions: CaseFileDetail['actions'] = ['add', 'remove', 'edit', 'close'];
  if (file.keeper_id === user.id) actions.push('share');
  return actions;
}

/** The office lists the agency's case files opened outside the plan, to add each into the plan. */
export const listsUnplannedFiles = (user: CurrentUser) => hasRole(user, 'clerk');

/**
 * The statistics of the agency's case files (annex VI §III.6: counts of files, documents, pages and
 * accesses): the office, which keeps the plan and the archive, and the head of the agency, who approves
 * the plan and decides on retention; the same two who read every file once it is no longer open.
 */
export const seesRecordStatistics = (user: CurrentUser) => hasRole(user, 'clerk') || isAgencyHead(user);

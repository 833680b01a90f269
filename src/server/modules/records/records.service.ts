import { sql } from 'kysely';
import type {
  AccessRegime, CaseFileDetail, CaseFileDocument, CaseFileMetadata, CaseFileSummary, PlanEntry, RecordNumbering, RecordPlan, Reliability, Retention,
} from '../../../shared/records.js';
import { planLines } from '../../../shared/records.js';
import type { Db, Executor } from '../../db/database.js';
import { uniqueOr } from '../../db/unique.js';
import { badRequest, conflict, DomainError, forbidden, notFound, ValidationError } from '../../http/errors.js';
import { type Clock, vietnamDate } from '../../time.js';
import { decisionsOf, depositOf } from './records.archive.repository.js';
import type { ActionContext, CurrentUser } from '../auth/current-user.js';
import { reference } from '../documents/documents.presenters.js';
import { documentVisibleTo, findVisibleDocument } from '../documents/documents.visibility.js';
import { appendEvent } from '../events/events.repository.js';
import { notify } from '../notifications/notifications.service.js';
import { canApprovePlan, canChangeFile, canEditPlan, canOpenEntry, fileActions } from './records.policies.js';
import {
  agencyNumbering, caseFileReadableBy, entriesOf, entryCounts, type EntryRow, type FileRow, findPlan, findReadableFile, headingsOf, type LinkRow, linksOf, listFiles,
  lockPlan, nextNumber, renumberPlan, revisionsOf, sharesOf,
} from './records.repository.js';
import type { EntryBody, EntryPatch, HeadingBody, HeadingPatch, ListQuery, MetadataPatch } from './records.schemas.js';

// Use cases of the file plan (danh mục hồ sơ) and of case files (hồ sơ). The office drafts the
// plan of a year, the head of the agency approves it, and every change after approval is kept as
// a revision. Officials open the files the plan gives them and link documents into them: a link,
// never a copy, with an ordinal that runs 1..n without gaps.

export interface RecordsDeps {
  db: Db;
  clock: Clock;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * "01" or "01.VP": a planned file's number and notation as the plan prints them; numbered within
 * each top-level heading, the heading's code goes first ("II.01"), so no two files share a code.
 */
export function fileNotation(number: number, notation: string | null, topHeadingCode: string | null = null) {
  const numbered = notation ? `${pad(number, 2)}.${notation}` : pad(number, 2);
  return topHeadingCode ? `${topHeadingCode}.${numbered}` : numbered;
}

/** Mã lưu trữ of a document in a file: `{file code}.{7-digit ordinal}`. */
export const archiveCode = (fileCode: string, ordinal: number) => `${fileCode}.${pad(ordinal, 7)}`;

// ---------------------------------------------------------------- the file plan

function presentEntry(row: EntryRow, user: CurrentUser, approved: boolean, readable: Set<string>, numbering: RecordNumbering): PlanEntry {
  const opened = Boolean(row.file_id);
  return {
    id: row.id, headingId: row.heading_id, number: row.number, notation: row.notation, fileNotation: fileNotation(row.number, row.notation, numbering === 'heading' ? row.top_code : null),
    title: row.title, retention: row.retention as Retention, accessRegime: row.access_regime as AccessRegime,
    keeperUnit: row.keeper_unit_id ? { id: row.keeper_unit_id, name: row.keeper_unit_name ?? '' } : null,
    keeperUser: row.keeper_user_id ? { id: row.keeper_user_id, fullName: row.keeper_user_name ?? '' } : null,
    opened,
    caseFile: row.file_id && readable.has(row.file_id) ? { id: row.file_id, code: row.file_code!, status: row.file_status!, keeper: row.file_keeper_name ?? '' } : null,
    canOpen: approved && !opened && canOpenEntry(user, row),
  };
}

async function presentPlan(db: Executor, user: CurrentUser, year: number, window?: PlanWindow): Promise<RecordPlan> {
  const plan = await findPlan(db, user.agencyId, year);
  if (!plan) throw notFound('PLAN_NOT_FOUND');
  const [headingRows, counts, revisions, numbering] = await Promise.all([headingsOf(db, plan.id), entryCounts(db, plan.id), revisionsOf(db, plan.id), agencyNumbering(db, user.agencyId)]);
  const headings = headingRows.map((h) => ({ id: h.id, parentId: h.parent_id, code: h.code, title: h.title, position: h.position, entryCount: counts.get(h.id) ?? 0 }));
  const entryTotal = [...counts.values()].reduce((a, b) => a + b, 0);
  // A window of the printed lines: only the entries on those lines are read and presented.
  let lines: RecordPlan['lines'] = null;
  let entryWindow: { offset: number; limit: number } | undefined;
  if (window) {
    const all = planLines(headings);
    const indexes = all.slice(window.lineOffset, window.lineOffset + window.lineLimit).flatMap((l) => (l.kind === 'entry' ? [l.index] : []));
    lines = { offset: window.lineOffset, limit: window.lineLimit, total: all.length };
    entryWindow = indexes.length ? { offset: indexes[0]!, limit: indexes.length } : { offset: 0, limit: 0 };
  }
  const entries = entryWindow?.limit === 0 ? [] : await entriesOf(db, plan.id, entryWindow);
  const fileIds = entries.map((e) => e.file_id).filter((id): id is string => Boolean(id));
  const readable = new Set(fileIds.length
    ? (await db.selectFrom('case_files').select('id').where('id', 'in', fileIds).where(caseFileReadableBy(user)).execute()).map((r) => r.id)
    : []);
  const approved = plan.status === 'approved';
  const actions: RecordPlan['actions'] = [];
  if (canEditPlan(user)) actions.push('edit');
  if (!approved && canApprovePlan(user)) actions.push('approve');
  return {
    id: plan.id, year: plan.year, status: plan.status, version: plan.version, numbering,
    approvedBy: plan.approved_by ? (await db.selectFrom('users').select('full_name').where('id', '=', plan.approved_by).executeTakeFirst())?.full_name ?? null : null,
    approvedAt: plan.approved_at?.toISOString() ?? null,
    headings,
    entries: entries.map((e) => presentEntry(e, user, approved, readable, numbering)),
    entryTotal, entryOffset: entryWindow?.offset ?? 0, lines,
    revisions: revisions.map((r) => ({ version: r.version, action: r.action, before: r.before, after: r.after, changedBy: r.full_name, changedAt: r.changed_at.toISOString() })),
    actions,
  };
}

/** A window of the plan's printed lines (headings and files), for a screen that shows one page of a large plan. */
export interface PlanWindow { lineOffset: number; lineLimit: number }

export const getPlan = (deps: RecordsDeps, ctx: ActionContext, year: number, window?: PlanWindow) => presentPlan(deps.db, ctx.user, year, window);

export type PlanRow = NonNullable<Awaited<ReturnType<typeof lockPlan>>>;

/** After approval every change is a new version of the plan, with what it was and what it became. */
export async function revise(tx: Executor, plan: PlanRow, ctx: ActionContext, action: string, subjectId: string | null, before: unknown, after: unknown) {
  if (plan.status !== 'approved') return;
  const version = plan.version + 1;
  await tx.updateTable('record_plans').set({ version }).where('id', '=', plan.id).execute();
  await tx.insertInto('record_plan_revisions').values({
    plan_id: plan.id, version, action, subject_id: subjectId, before: before === null ? null : JSON.stringify(before), after: after === null ? null : JSON.stringify(after), changed_by: ctx.user.id,
  }).execute();
  plan.version = version;
}

/**
 * Numbers a draft plan from 01 again, and gives the case files already linked to its entries (files
 * opened outside the plan that the office added to it: a draft plan opens none of its own) the code
 * of their new number. Codes change in two steps, so two files trading numbers never collide.
 */
export async function renumberDraft(tx: Executor, planId: string, numbering: RecordNumbering) {
  await renumberPlan(tx, planId, numbering);
  const linked = await tx.selectFrom('case_files as f').innerJoin('record_plan_entries as e', 'e.id', 'f.plan_entry_id')
    .innerJoin('record_plans as p', 'p.id', 'e.plan_id').innerJoin('record_headings as top', 'top.id', 'e.top_heading_id')
    .select(['f.id', 'f.code', 'f.agency_id', 'p.year', 'e.number', 'e.notation', 'top.code as top_code']).where('e.plan_id', '=', planId).execute();
  if (!linked.length) return;
  const prefix = await agencyCode(tx, linked[0]!.agency_id);
  const changed = linked.map((f) => ({ id: f.id, code: `${prefix}.${f.year}.${fileNotation(f.number, f.notation, numbering === 'heading' ? f.top_code : null)}`, old: f.code }))
    .filter((f) => f.code !== f.old);
  for (const f of changed) await tx.updateTable('case_files').set({ code: `${f.old}#${f.id}` }).where('id', '=', f.id).execute();
  for (const f of changed) await tx.updateTable('case_files').set({ code: f.code }).where('id', '=', f.id).execute();
}

/** The office starts the plan of a year (a draft). */
export async function createPlan(deps: RecordsDeps, ctx: ActionContext, year: number): Promise<RecordPlan> {
  if (!canEditPlan(ctx.user)) throw forbidden('PLAN_CLERK_ONLY');
  return deps.db.transaction().execute(async (tx) => {
    await uniqueOr('PLAN_EXISTS', () => tx.insertInto('record_plans').values({ agency_id: ctx.user.agencyId, year, created_by: ctx.user.id }).execute());
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, action: 'record_plan_created', payload: { year } });
    return presentPlan(tx, ctx.user, year);
  });
}

/** Numbers from 01 across the plan or within each top-level heading; draft plans are renumbered at once. */
export async function setNumbering(deps: RecordsDeps, ctx: ActionContext, numbering: 'plan' | 'heading') {
  if (!canEditPlan(ctx.user)) throw forbidden('PLAN_CLERK_ONLY');
  return deps.db.transaction().execute(async (tx) => {
    await tx.updateTable('agencies').set({ record_numbering: numbering }).where('id', '=', ctx.user.agencyId).execute();
    const drafts = await tx.selectFrom('record_plans').select('id').where('agency_id', '=', ctx.user.agencyId).where('status', '=', 'draft').forUpdate().execute();
    for (const plan of drafts) await renumberDraft(tx, plan.id, numbering);
    return { numbering };
  });
}

export async function editablePlan(tx: Executor, ctx: ActionContext, year: number): Promise<PlanRow> {
  if (!canEditPlan(ctx.user)) throw forbidden('PLAN_CLERK_ONLY');
  const plan = await lockPlan(tx, ctx.user.agencyId, year);
  if (!plan) throw notFound('PLAN_NOT_FOUND');
  return plan;
}

/** A chapter (no parent) or a sub-heading of a chapter; headings go two levels deep. */
export async function addHeading(deps: RecordsDeps, ctx: ActionContext, year: number, body: HeadingBody): Promise<RecordPlan> {
  return deps.db.transaction().execute(async (tx) => {
    const plan = await editablePlan(tx, ctx, year);
    if (body.parentId) {
      const parent = await tx.selectFrom('record_headings').select(['id', 'parent_id']).where('id', '=', body.parentId).where('plan_id', '=', plan.id).executeTakeFirst();
      if (!parent || parent.parent_id) throw ValidationError.field('parentId', 'HEADING_PARENT_NOT_FOUND');
    }
    let siblings = tx.selectFrom('record_headings').select((eb) => eb.fn.countAll<number>().as('n')).where('plan_id', '=', plan.id);
    siblings = body.parentId ? siblings.where('parent_id', '=', body.parentId) : siblings.where('parent_id', 'is', null);
    const position = Number((await siblings.executeTakeFirstOrThrow()).n) + 1;
    const code = body.code ?? (body.parentId ? String(position) : toRoman(position));
    const { id } = await tx.insertInto('record_headings').values({ plan_id: plan.id, parent_id: body.parentId ?? null, position, code, title: body.title }).returning('id').executeTakeFirstOrThrow();
    await revise(tx, plan, ctx, 'heading_added', id, null, { code, title: body.title, parentId: body.parentId ?? null });
    return presentPlan(tx, ctx.user, year);
  });
}

function toRoman(n: number): string {
  const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [value, letters] of table) while (n >= value) { out += letters; n -= value; }
  return out;
}

async function headingWithPlan(tx: Executor, ctx: ActionContext, id: string) {
  const heading = await tx.selectFrom('record_headings as h').innerJoin('record_plans as p', 'p.id', 'h.plan_id')
    .select(['h.id', 'h.code', 'h.title', 'h.parent_id', 'p.year']).where('h.id', '=', id).where('p.agency_id', '=', ctx.user.agencyId).executeTakeFirst();
  if (!heading) throw notFound('HEADING_NOT_FOUND');
  return heading;
}

export async function changeHeading(deps: RecordsDeps, ctx: ActionContext, id: string, patch: HeadingPatch): Promise<RecordPlan> {
  return deps.db.transaction().execute(async (tx) => {
    if (!canEditPlan(ctx.user)) throw forbidden('PLAN_CLERK_ONLY');
    const heading = await headingWithPlan(tx, ctx, id);
    const plan = await editablePlan(tx, ctx, heading.year);
    const after = { code: patch.code ?? heading.code, title: patch.title ?? heading.title };
    await tx.updateTable('record_headings').set(after).where('id', '=', id).execute();
    await revise(tx, plan, ctx, 'heading_changed', id, { code: heading.code, title: heading.title }, after);
    return presentPlan(tx, ctx.user, heading.year);
  });
}

async function checkKeeper(tx: Executor, agencyId: string, unitId: string | null | undefined, userId: string | null | undefined) {
  if (!unitId && !userId) throw ValidationError.field('keeperUnitId', 'KEEPER_REQUIRED');
  if (unitId) {
    const unit = await tx.selectFrom('units').select('id').where('id', '=', unitId).where('agency_id', '=', agencyId).where('active', '=', true).executeTakeFirst();
    if (!unit) throw ValidationError.field('keeperUnitId', 'KEEPER_NOT_MEMBER');
  }
  if (userId) {
    const user = await tx.selectFrom('users').select('id').where('id', '=', userId).where('agency_id', '=', agencyId).where('active', '=', true).executeTakeFirst();
    if (!user) throw ValidationError.field('keeperUserId', 'KEEPER_NOT_MEMBER');
  }
}

export const entrySnapshot = (e: { number: number; notation: string | null; title: string; retention: string; access_regime: string; keeper_unit_id: string | null; keeper_user_id: string | null; heading_id: string }) => ({
  number: e.number, notation: e.notation, title: e.title, retention: e.retention, accessRegime: e.access_regime, keeperUnitId: e.keeper_unit_id, keeperUserId: e.keeper_user_id, headingId: e.heading_id,
});

/** A planned case file under a heading. Draft plans are renumbered; an approved plan gives the next number in its scope. */
export async function addEntry(deps: RecordsDeps, ctx: ActionContext, year: number, body: EntryBody): Promise<RecordPlan> {
  return deps.db.transaction().execute(async (tx) => {
    const plan = await editablePlan(tx, ctx, year);
    const heading = await tx.selectFrom('record_headings').select(['id', 'parent_id']).where('id', '=', body.headingId).where('plan_id', '=', plan.id).executeTakeFirst();
    if (!heading) throw ValidationError.field('headingId', 'HEADING_PARENT_NOT_FOUND');
    await checkKeeper(tx, ctx.user.agencyId, body.keeperUnitId, body.keeperUserId);
    const numbering = await agencyNumbering(tx, ctx.user.agencyId);
    const topHeadingId = heading.parent_id ?? heading.id;
    const values = {
      plan_id: plan.id, heading_id: heading.id, top_heading_id: topHeadingId, number: await nextNumber(tx, plan.id, topHeadingId, numbering), notation: body.notation,
      title: body.title, retention: body.retention, access_regime: body.accessRegime, keeper_unit_id: body.keeperUnitId ?? null, keeper_user_id: body.keeperUserId ?? null,
    };
    const { id } = await tx.insertInto('record_plan_entries').values(values).returning('id').executeTakeFirstOrThrow();
    if (plan.status === 'draft') await renumberDraft(tx, plan.id, numbering);
    await revise(tx, plan, ctx, 'entry_added', id, null, entrySnapshot(values));
    return presentPlan(tx, ctx.user, year);
  });
}

async function entryWithPlan(tx: Executor, ctx: ActionContext, id: string) {
  const entry = await tx.selectFrom('record_plan_entries as e').innerJoin('record_plans as p', 'p.id', 'e.plan_id')
    .selectAll('e').select('p.year').where('e.id', '=', id).where('p.agency_id', '=', ctx.user.agencyId).executeTakeFirst();
  if (!entry) throw notFound('PLAN_ENTRY_NOT_FOUND');
  return entry;
}

/** Title, notation, retention, access regime and keeper of a planned file (its number stays). */
export async function changeEntry(deps: RecordsDeps, ctx: ActionContext, id: string, patch: EntryPatch): Promise<RecordPlan> {
  return deps.db.transaction().execute(async (tx) => {
    if (!canEditPlan(ctx.user)) throw forbidden('PLAN_CLERK_ONLY');
    const entry = await entryWithPlan(tx, ctx, id);
    const plan = await editablePlan(tx, ctx, entry.year);
    const keeperChanged = patch.keeperUnitId !== undefined || patch.keeperUserId !== undefined;
    const next = {
      notation: patch.notation !== undefined ? patch.notation : entry.notation,
      title: patch.title ?? entry.title,
      retention: patch.retention ?? entry.retention,
      access_regime: patch.accessRegime ?? entry.access_regime,
      keeper_unit_id: keeperChanged ? patch.keeperUnitId ?? null : entry.keeper_unit_id,
      keeper_user_id: keeperChanged ? patch.keeperUserId ?? null : entry.keeper_user_id,
    };
    if (keeperChanged) await checkKeeper(tx, ctx.user.agencyId, next.keeper_unit_id, next.keeper_user_id);
    await tx.updateTable('record_plan_entries').set({ ...next, updated_at: deps.clock.now() }).where('id', '=', id).execute();
    await revise(tx, plan, ctx, 'entry_changed', id, entrySnapshot(entry), entrySnapshot({ ...entry, ...next }));
    return presentPlan(tx, ctx.user, entry.year);
  });
}

/** Takes a planned file out of the plan, unless a case file was opened from it. */
export async function removeEntry(deps: RecordsDeps, ctx: ActionContext, id: string): Promise<RecordPlan> {
  return deps.db.transaction().execute(async (tx) => {
    if (!canEditPlan(ctx.user)) throw forbidden('PLAN_CLERK_ONLY');
    const entry = await entryWithPlan(tx, ctx, id);
    const plan = await editablePlan(tx, ctx, entry.year);
    const opened = await tx.selectFrom('case_files').select('id').where('plan_entry_id', '=', id).executeTakeFirst();
    if (opened) throw conflict('PLAN_ENTRY_OPENED');
    await tx.deleteFrom('record_plan_entries').where('id', '=', id).execute();
    if (plan.status === 'draft') await renumberDraft(tx, plan.id, await agencyNumbering(tx, ctx.user.agencyId));
    await revise(tx, plan, ctx, 'entry_removed', id, entrySnapshot(entry), null);
    return presentPlan(tx, ctx.user, entry.year);
  });
}

/** The head of the agency approves the plan: version 1; files can be opened from it. */
export async function approvePlan(deps: RecordsDeps, ctx: ActionContext, year: number): Promise<RecordPlan> {
  if (!canApprovePlan(ctx.user)) throw forbidden('PLAN_HEAD_APPROVES');
  return deps.db.transaction().execute(async (tx) => {
    const plan = await lockPlan(tx, ctx.user.agencyId, year);
    if (!plan) throw notFound('PLAN_NOT_FOUND');
    if (plan.status === 'approved') throw conflict('PLAN_ALREADY_APPROVED');
    const { n } = await tx.selectFrom('record_plan_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('plan_id', '=', plan.id).executeTakeFirstOrThrow();
    if (!Number(n)) throw new DomainError('PLAN_EMPTY', 400);
    const now = deps.clock.now();
    await tx.updateTable('record_plans').set({ status: 'approved', version: 1, approved_by: ctx.user.id, approved_at: now }).where('id', '=', plan.id).execute();
    await tx.insertInto('record_plan_revisions').values({ plan_id: plan.id, version: 1, action: 'approved', subject_id: null, before: null, after: JSON.stringify({ entries: Number(n) }), changed_by: ctx.user.id }).execute();
    await appendEvent(tx, { ...ctx, at: now }, { agencyId: ctx.user.agencyId, action: 'record_plan_approved', payload: { year, entries: Number(n) } });
    return presentPlan(tx, ctx.user, year);
  });
}

// ---------------------------------------------------------------- case files

/** The agency's code in file codes: its OrganId (mã định danh) where set, else its short name. */
export async function agencyCode(db: Executor, agencyId: string): Promise<string> {
  const agency = await db.selectFrom('agencies').select(['organ_id', 'short_name']).where('id', '=', agencyId).executeTakeFirstOrThrow();
  return agency.organ_id || agency.short_name;
}

/** Born digital: issued here, or received electronically (exchange, edXML); digitized: registered from paper. */
const documentReliability = (l: LinkRow): Exclude<Reliability, 'mixed'> =>
  l.direction !== 'incoming' || l.sent_document_id || l.edxml_document_id ? 'born_digital' : 'digitized';

const documentDate = (l: LinkRow) => l.issued_on ?? l.received_on;

/** The metadata of a file (DOMAIN.md 5): what the keeper set, else computed from its documents. */
export function computeMetadata(file: FileRow, links: LinkRow[]): CaseFileMetadata {
  const dates = links.map(documentDate).filter((d): d is string => Boolean(d)).sort();
  const kinds = new Set(links.map(documentReliability));
  const computedReliability: Reliability | null = kinds.size === 0 ? null : kinds.size > 1 ? 'mixed' : [...kinds][0]!;
  const overridden: CaseFileMetadata['overridden'] = [];
  if (file.start_date) overridden.push('startDate');
  if (file.end_date) overridden.push('endDate');
  if (file.page_total !== null) overridden.push('pageTotal');
  if (file.reliability) overridden.push('reliability');
  return {
    code: file.code, title: file.title, retention: file.retention as Retention, accessRegime: file.access_regime as AccessRegime,
    language: file.language, keywords: file.keywords, description: file.description,
    startDate: file.start_date ?? dates[0] ?? null,
    endDate: file.end_date ?? dates.at(-1) ?? null,
    docTotal: links.length,
    pageTotal: file.page_total ?? links.reduce((sum, l) => sum + (l.page_count ?? 0), 0),
    reliability: (file.reliability as Reliability | null) ?? computedReliability,
    overridden,
  };
}

/**
 * A file as its reader sees it: every document's place (ordinal, archive code), but the details
 * only of the documents the reader may open by the document's own rule: being in a file never
 * widens a document's permissions.
 */
export async function presentFile(db: Executor, user: CurrentUser, file: FileRow, today = vietnamDate(new Date())): Promise<CaseFileDetail> {
  const [links, shares, people] = await Promise.all([
    linksOf(db, file.id),
    sharesOf(db, file.id),
    db.selectFrom('users').select(['id', 'full_name']).where('id', 'in', [file.keeper_id, file.closed_by ?? file.keeper_id]).execute(),
  ]);
  const ids = links.map((l) => l.id);
  const visible = new Set(ids.length
    ? (await db.selectFrom('documents').select('id').where('id', 'in', ids).where(documentVisibleTo(user)).execute()).map((r) => r.id)
    : []);
  const nameOf = (id: string | null) => people.find((p) => p.id === id)?.full_name ?? null;
  const unit = file.keeper_unit_id ? await db.selectFrom('units').select(['id', 'name']).where('id', '=', file.keeper_unit_id).executeTakeFirst() : undefined;
  const [deposit, decisions] = file.deposit_id ? await Promise.all([depositOf(db, file), decisionsOf(db, file.id)]) : [null, []];
  const documents: CaseFileDocument[] = links.map((l) => {
    const shown = visible.has(l.id);
    return {
      ordinal: l.ordinal, archiveCode: archiveCode(file.code, l.ordinal), visible: shown,
      document: shown ? {
        id: l.id, direction: l.direction, reference: reference(l.number, l.notation) || null, documentType: l.document_type, summary: l.summary,
        issuer: l.issuer, date: documentDate(l), pageCount: l.page_count,
      } : null,
      addedAt: l.added_at.toISOString(), addedBy: shown ? l.added_by_name : null,
    };
  });
  return {
    id: file.id, year: file.year, status: file.status, keeper: { id: file.keeper_id, fullName: nameOf(file.keeper_id) ?? '' },
    keeperUnit: unit ? { id: unit.id, name: unit.name } : null, planEntryId: file.plan_entry_id,
    metadata: computeMetadata(file, links), documents,
    shares: shares.map((s) => ({ id: s.id, fullName: s.full_name, grantedAt: s.granted_at.toISOString() })),
    closedAt: file.closed_at?.toISOString() ?? null, closedBy: nameOf(file.closed_by),
    deposit, retentionDecisions: decisions, destroyedAt: file.destroyed_at?.toISOString() ?? null,
    actions: fileActions(user, file, today, file.retain_until),
  };
}

export async function readableFile(db: Executor, user: CurrentUser, id: string, lock = false): Promise<FileRow> {
  const file = await findReadableFile(db, user, id, lock);
  if (!file) throw notFound('CASE_FILE_NOT_FOUND');
  return file;
}

/** A file the user may change, locked for the rest of the transaction; a closed file is frozen. */
async function changeableFile(tx: Executor, user: CurrentUser, id: string): Promise<FileRow> {
  const file = await readableFile(tx, user, id, true);
  if (!canChangeFile(user, file)) throw forbidden('CASE_FILE_KEEPER_ONLY');
  if (file.status !== 'open') throw conflict('CASE_FILE_CLOSED');
  return file;
}

/** A file's page: every read of it is recorded (who, when) for the statistics of accesses; list reads are not. */
export async function getCaseFile(deps: RecordsDeps, ctx: ActionContext, id: string): Promise<CaseFileDetail> {
  const file = await readableFile(deps.db, ctx.user, id);
  const now = deps.clock.now();
  await deps.db.insertInto('case_file_accesses').values({ agency_id: file.agency_id, case_file_id: file.id, user_id: ctx.user.id, accessed_at: now }).execute();
  return presentFile(deps.db, ctx.user, file, vietnamDate(now));
}

export async function listCaseFiles(deps: RecordsDeps, ctx: ActionContext, query: ListQuery): Promise<{ items: CaseFileSummary[] }> {
  const rows = await listFiles(deps.db, ctx.user, query);
  return {
    items: rows.map((r) => ({
      id: r.id, code: r.code, title: r.title, year: r.year, status: r.status, keeper: { id: r.keeper_id, fullName: r.keeper_name },
      docTotal: Number(r.doc_total ?? 0), planned: Boolean(r.plan_entry_id), createdAt: r.created_at.toISOString(),
    })),
  };
}

/** The keeper the plan names opens the case file of a planned entry (once). */
export async function openCaseFile(deps: RecordsDeps, ctx: ActionContext, planEntryId: string): Promise<CaseFileDetail> {
  return deps.db.transaction().execute(async (tx) => {
    const entry = await tx.selectFrom('record_plan_entries as e').innerJoin('record_plans as p', 'p.id', 'e.plan_id')
      .innerJoin('record_headings as top', 'top.id', 'e.top_heading_id')
      .select(['e.id', 'e.number', 'e.notation', 'e.title', 'e.retention', 'e.access_regime', 'e.keeper_unit_id', 'e.keeper_user_id', 'p.year', 'p.status', 'top.code as top_code'])
      .where('e.id', '=', planEntryId).where('p.agency_id', '=', ctx.user.agencyId).forUpdate('e').executeTakeFirst();
    if (!entry) throw notFound('PLAN_ENTRY_NOT_FOUND');
    if (entry.status !== 'approved') throw conflict('PLAN_NOT_APPROVED');
    const opened = await tx.selectFrom('case_files as f').innerJoin('users as u', 'u.id', 'f.keeper_id').select('u.full_name').where('f.plan_entry_id', '=', entry.id).executeTakeFirst();
    if (opened) throw new DomainError('CASE_FILE_ALREADY_OPENED', 409, { name: opened.full_name });
    if (!canOpenEntry(ctx.user, entry)) throw forbidden('NOT_FILE_KEEPER');
    const numbering = await agencyNumbering(tx, ctx.user.agencyId);
    const code = `${await agencyCode(tx, ctx.user.agencyId)}.${entry.year}.${fileNotation(entry.number, entry.notation, numbering === 'heading' ? entry.top_code : null)}`;
    const now = deps.clock.now();
    const { id } = await uniqueOr('CASE_FILE_ALREADY_OPENED', () => tx.insertInto('case_files').values({
      agency_id: ctx.user.agencyId, plan_entry_id: entry.id, year: entry.year, code, title: entry.title, retention: entry.retention, access_regime: entry.access_regime,
      keeper_id: ctx.user.id, keeper_unit_id: ctx.user.unitId, created_at: now, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow());
    await appendEvent(tx, { ...ctx, at: now }, { agencyId: ctx.user.agencyId, action: 'case_file_opened', payload: { caseFileId: id, code, title: entry.title } });
    return presentFile(tx, ctx.user, await readableFile(tx, ctx.user, id));
  });
}

/** The keeper (or the unit head) corrects the metadata; a computed field set to null is computed again. */
export async function changeMetadata(deps: RecordsDeps, ctx: ActionContext, id: string, patch: MetadataPatch): Promise<CaseFileDetail> {
  return deps.db.transaction().execute(async (tx) => {
    const file = await changeableFile(tx, ctx.user, id);
    const start = patch.startDate !== undefined ? patch.startDate : file.start_date;
    const end = patch.endDate !== undefined ? patch.endDate : file.end_date;
    if (start && end && end < start) throw ValidationError.field('endDate', 'END_BEFORE_START');
    const set = {
      ...(patch.title !== undefined && { title: patch.title }),
      ...(patch.retention !== undefined && { retention: patch.retention }),
      ...(patch.accessRegime !== undefined && { access_regime: patch.accessRegime }),
      ...(patch.language !== undefined && { language: patch.language }),
      ...(patch.keywords !== undefined && { keywords: patch.keywords }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.startDate !== undefined && { start_date: patch.startDate }),
      ...(patch.endDate !== undefined && { end_date: patch.endDate }),
      ...(patch.pageTotal !== undefined && { page_total: patch.pageTotal }),
      ...(patch.reliability !== undefined && { reliability: patch.reliability }),
    };
    const now = deps.clock.now();
    await tx.updateTable('case_files').set({ ...set, updated_at: now }).where('id', '=', id).execute();
    await appendEvent(tx, { ...ctx, at: now }, { agencyId: ctx.user.agencyId, action: 'case_file_edited', payload: { caseFileId: id, code: file.code, fields: Object.keys(set) } });
    return presentFile(tx, ctx.user, await readableFile(tx, ctx.user, id));
  });
}

/**
 * Links a document the user may open into the file, with the next ordinal. The file's row is locked
 * first, so two officials adding at once take ordinals one after the other: unique and gap-free.
 */
export async function addDocument(deps: RecordsDeps, ctx: ActionContext, id: string, documentId: string): Promise<CaseFileDetail> {
  return deps.db.transaction().execute(async (tx) => {
    const file = await changeableFile(tx, ctx.user, id);
    const document = await findVisibleDocument(tx, ctx.user, documentId);
    if (!document) throw notFound('DOCUMENT_NOT_FOUND');
    if (!(document.direction === 'incoming' || (document.direction === 'outgoing' && document.status === 'issued'))) throw badRequest('DOCUMENT_NOT_FILEABLE');
    const present = await tx.selectFrom('case_file_documents').select('ordinal').where('case_file_id', '=', id).where('document_id', '=', documentId).executeTakeFirst();
    if (present) throw conflict('DOCUMENT_ALREADY_IN_FILE');
    const now = deps.clock.now();
    await tx.insertInto('case_file_documents').values({ case_file_id: id, document_id: documentId, ordinal: file.next_ordinal, added_by: ctx.user.id, added_at: now }).execute();
    await tx.updateTable('case_files').set({ next_ordinal: file.next_ordinal + 1, updated_at: now }).where('id', '=', id).execute();
    await appendEvent(tx, { ...ctx, at: now }, { agencyId: ctx.user.agencyId, action: 'case_file_document_added', payload: { caseFileId: id, code: file.code, documentId, ordinal: file.next_ordinal } });
    return presentFile(tx, ctx.user, await readableFile(tx, ctx.user, id));
  });
}

/** Takes a document out of an open file; the ordinals after it move up one, so none is missing. */
export async function removeDocument(deps: RecordsDeps, ctx: ActionContext, id: string, documentId: string): Promise<CaseFileDetail> {
  return deps.db.transaction().execute(async (tx) => {
    const file = await changeableFile(tx, ctx.user, id);
    const removed = await tx.deleteFrom('case_file_documents').where('case_file_id', '=', id).where('document_id', '=', documentId).returning('ordinal').executeTakeFirst();
    if (!removed) throw notFound('DOCUMENT_NOT_IN_FILE');
    await tx.updateTable('case_file_documents').set((eb) => ({ ordinal: eb('ordinal', '-', 1) })).where('case_file_id', '=', id).where('ordinal', '>', removed.ordinal).execute();
    const now = deps.clock.now();
    await tx.updateTable('case_files').set({ next_ordinal: file.next_ordinal - 1, updated_at: now }).where('id', '=', id).execute();
    await appendEvent(tx, { ...ctx, at: now }, { agencyId: ctx.user.agencyId, action: 'case_file_document_removed', payload: { caseFileId: id, code: file.code, documentId, ordinal: removed.ordinal } });
    return presentFile(tx, ctx.user, await readableFile(tx, ctx.user, id));
  });
}

/**
 * Who may read a file changed: the agency's administrators are told (annex VI §III.3: an alert on
 * access changes until it is acknowledged: the notice stays unread until they read it). `+` grants, `−` revokes.
 */
async function notifyAccessChange(tx: Executor, ctx: ActionContext, file: FileRow, change: '+' | '−', person: string) {
  const admins = await tx.selectFrom('users').select('id').where('agency_id', '=', ctx.user.agencyId).where('active', '=', true)
    .where(sql<boolean>`'admin' = ANY(roles)`).execute();
  await notify(tx, ctx, admins.map((a) => ({
    agencyId: ctx.user.agencyId, recipientId: a.id, kind: 'case_file_access_changed' as const,
    params: { actor: ctx.user.fullName, code: file.code, title: file.title, person: `${change} ${person}` },
  })));
}

/** The keeper lets another official of the agency read the file (the documents inside keep their own rules). */
export async function shareFile(deps: RecordsDeps, ctx: ActionContext, id: string, userId: string): Promise<CaseFileDetail> {
  return deps.db.transaction().execute(async (tx) => {
    const file = await changeableFile(tx, ctx.user, id);
    if (file.keeper_id !== ctx.user.id) throw forbidden('CASE_FILE_KEEPER_ONLY');
    const person = await tx.selectFrom('users').select(['id', 'full_name']).where('id', '=', userId).where('agency_id', '=', ctx.user.agencyId).where('active', '=', true).executeTakeFirst();
    if (!person || person.id === file.keeper_id) throw ValidationError.field('userId', 'SHARE_NOT_MEMBER');
    const now = deps.clock.now();
    const inserted = await tx.insertInto('case_file_shares').values({ case_file_id: id, user_id: person.id, granted_by: ctx.user.id, granted_at: now })
      .onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0)) {
      await appendEvent(tx, { ...ctx, at: now }, { agencyId: ctx.user.agencyId, action: 'case_file_shared', payload: { caseFileId: id, code: file.code, userId: person.id, name: person.full_name } });
      await notifyAccessChange(tx, ctx, file, '+', person.full_name);
    }
    return presentFile(tx, ctx.user, await readableFile(tx, ctx.user, id));
  });
}

export async function unshareFile(deps: RecordsDeps, ctx: ActionContext, id: string, userId: string): Promise<CaseFileDetail> {
  return deps.db.transaction().execute(async (tx) => {
    const file = await changeableFile(tx, ctx.user, id);
    if (file.keeper_id !== ctx.user.id) throw forbidden('CASE_FILE_KEEPER_ONLY');
    const removed = await tx.deleteFrom('case_file_shares').where('case_file_id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    if (Number(removed.numDeletedRows)) {
      const person = await tx.selectFrom('users').select('full_name').where('id', '=', userId).executeTakeFirstOrThrow();
      await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, action: 'case_file_unshared', payload: { caseFileId: id, code: file.code, userId, name: person.full_name } });
      await notifyAccessChange(tx, ctx, file, '−', person.full_name);
    }
    return presentFile(tx, ctx.user, await readableFile(tx, ctx.user, id));
  });
}

/** The work is over: the keeper (or the unit head) closes the file, which freezes it (no adds, removes or edits). */
export async function closeFile(deps: RecordsDeps, ctx: ActionContext, id: string): Promise<CaseFileDetail> {
  return deps.db.transaction().execute(async (tx) => {
    const file = await changeableFile(tx, ctx.user, id);
    const now = deps.clock.now();
    await tx.updateTable('case_files').set({ status: 'closed', closed_at: now, closed_by: ctx.user.id, updated_at: now }).where('id', '=', id).where('status', '=', 'open').execute();
    await appendEvent(tx, { ...ctx, at: now }, { agencyId: ctx.user.agencyId, action: 'case_file_closed', payload: { caseFileId: id, code: file.code } });
    return presentFile(tx, ctx.user, await readableFile(tx, ctx.user, id));
  });
}

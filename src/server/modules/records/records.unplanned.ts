import { randomUUID } from 'node:crypto';
import type { AccessRegime, CaseFileDetail, PlannedFileResult, Retention, UnplannedFile } from '../../../shared/records.js';
import { conflict, DomainError, forbidden, notFound, ValidationError } from '../../http/errors.js';
import { vietnamDate } from '../../time.js';
import type { ActionContext } from '../auth/current-user.js';
import { appendEvent } from '../events/events.repository.js';
import { canEditPlan, listsUnplannedFiles } from './records.policies.js';
import { agencyNumbering, nextNumber } from './records.repository.js';
import type { PlanFileBody, UnplannedBody } from './records.schemas.js';
import {
  agencyCode, editablePlan, entrySnapshot, fileNotation, presentFile, readableFile, type RecordsDeps, renumberDraft, revise,
} from './records.service.js';

// Case files the plan does not list (hồ sơ ngoài danh mục; Decree 30 Art. 28: work that arises during
// the year). Any official opens one and keeps it; it is marked unplanned (no plan entry) and coded
// `{agency}.{year}.NDM-xxxxxxxx` meanwhile. The office lists the agency's unplanned files and adds each
// under a heading of its year's plan: it then gets its number and notation as a planned file does (by
// the agency's numbering rule; after approval the next number in its scope, as a new version of the plan).

/** An official opens a case file outside the plan; they keep it, with their unit. */
export async function openUnplannedFile(deps: RecordsDeps, ctx: ActionContext, body: UnplannedBody): Promise<CaseFileDetail> {
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const year = body.year ?? Number(vietnamDate(now).slice(0, 4));
    const id = randomUUID();
    const code = `${await agencyCode(tx, ctx.user.agencyId)}.${year}.NDM-${id.slice(0, 8).toUpperCase()}`;
    await tx.insertInto('case_files').values({
      id, agency_id: ctx.user.agencyId, plan_entry_id: null, year, code, title: body.title, retention: body.retention, access_regime: body.accessRegime,
      keywords: body.keywords ?? null, description: body.description ?? null, keeper_id: ctx.user.id, keeper_unit_id: ctx.user.unitId, created_at: now, updated_at: now,
    }).execute();
    await appendEvent(tx, { ...ctx, at: now }, { agencyId: ctx.user.agencyId, action: 'case_file_opened', payload: { caseFileId: id, code, title: body.title, unplanned: true } });
    return presentFile(tx, ctx.user, await readableFile(tx, ctx.user, id), vietnamDate(now));
  });
}

/** The agency's files still outside the plan (the office), of a year or all, oldest first. */
export async function listUnplannedFiles(deps: RecordsDeps, ctx: ActionContext, year?: number): Promise<{ items: UnplannedFile[] }> {
  if (!listsUnplannedFiles(ctx.user)) throw forbidden('PLAN_CLERK_ONLY');
  let query = deps.db.selectFrom('case_files as f')
    .innerJoin('users as k', 'k.id', 'f.keeper_id')
    .leftJoin('units as u', 'u.id', 'f.keeper_unit_id')
    .select(['f.id', 'f.code', 'f.title', 'f.year', 'f.status', 'f.retention', 'f.access_regime', 'f.keeper_id', 'k.full_name as keeper_name', 'f.keeper_unit_id', 'u.name as unit_name', 'f.created_at'])
    .select((eb) => eb.selectFrom('case_file_documents as l').select((e) => e.fn.countAll<number>().as('n')).whereRef('l.case_file_id', '=', 'f.id').as('doc_total'))
    .where('f.agency_id', '=', ctx.user.agencyId)
    .where('f.plan_entry_id', 'is', null)
    .where('f.status', 'in', ['open', 'closed']);
  if (year) query = query.where('f.year', '=', year);
  const rows = await query.orderBy('f.created_at').orderBy('f.id').limit(500).execute();
  return {
    items: rows.map((r) => ({
      id: r.id, code: r.code, title: r.title, year: r.year, status: r.status, retention: r.retention as Retention, accessRegime: r.access_regime as AccessRegime,
      keeper: { id: r.keeper_id, fullName: r.keeper_name }, keeperUnit: r.keeper_unit_id ? { id: r.keeper_unit_id, name: r.unit_name ?? '' } : null,
      docTotal: Number(r.doc_total ?? 0), createdAt: r.created_at.toISOString(),
    })),
  };
}

/**
 * The office adds an unplanned file under a heading of its year's plan. The plan's row is locked
 * first (as every change of the plan), so two clerks adding at once take numbers one after the other:
 * unique, without gaps. A draft plan is numbered again from 01; an approved one gives the next number
 * in its scope and keeps the change as a new version. The file's code becomes that of its number.
 */
export async function addFileToPlan(deps: RecordsDeps, ctx: ActionContext, fileId: string, body: PlanFileBody): Promise<PlannedFileResult> {
  if (!canEditPlan(ctx.user)) throw forbidden('PLAN_CLERK_ONLY');
  return deps.db.transaction().execute(async (tx) => {
    const found = await tx.selectFrom('case_files').select(['id', 'year', 'code', 'status', 'plan_entry_id', 'title', 'retention', 'access_regime', 'keeper_id', 'keeper_unit_id'])
      .where('id', '=', fileId).where('agency_id', '=', ctx.user.agencyId).executeTakeFirst();
    if (!found) throw notFound('CASE_FILE_NOT_FOUND');
    // The plan first, then the file: the order every change of a plan takes its locks in.
    const plan = await editablePlan(tx, ctx, found.year);
    const file = (await tx.selectFrom('case_files').select(['id', 'year', 'code', 'status', 'plan_entry_id', 'title', 'retention', 'access_regime', 'keeper_id', 'keeper_unit_id'])
      .where('id', '=', fileId).forUpdate().executeTakeFirstOrThrow());
    if (file.plan_entry_id) {
      const entry = await tx.selectFrom('record_plan_entries').select(['number', 'notation']).where('id', '=', file.plan_entry_id).executeTakeFirstOrThrow();
      throw new DomainError('CASE_FILE_ALREADY_PLANNED', 409, { code: fileNotation(entry.number, entry.notation) });
    }
    if (file.status !== 'open' && file.status !== 'closed') throw conflict('UNPLANNED_FILE_ARCHIVED');
    const heading = await tx.selectFrom('record_headings').select(['id', 'parent_id', 'code']).where('id', '=', body.headingId).where('plan_id', '=', plan.id).executeTakeFirst();
    if (!heading) throw ValidationError.field('headingId', 'HEADING_PARENT_NOT_FOUND');
    const numbering = await agencyNumbering(tx, ctx.user.agencyId);
    const topHeadingId = heading.parent_id ?? heading.id;
    const values = {
      plan_id: plan.id, heading_id: heading.id, top_heading_id: topHeadingId, number: await nextNumber(tx, plan.id, topHeadingId, numbering), notation: body.notation,
      title: file.title, retention: file.retention, access_regime: file.access_regime, keeper_unit_id: file.keeper_unit_id, keeper_user_id: file.keeper_id,
    };
    const { id: entryId } = await tx.insertInto('record_plan_entries').values(values).returning('id').executeTakeFirstOrThrow();
    const now = deps.clock.now();
    await tx.updateTable('case_files').set({ plan_entry_id: entryId, planned_at: now, planned_by: ctx.user.id, updated_at: now }).where('id', '=', file.id).execute();
    if (plan.status === 'draft') await renumberDraft(tx, plan.id, numbering);
    const entry = await tx.selectFrom('record_plan_entries as e').innerJoin('record_headings as top', 'top.id', 'e.top_heading_id')
      .select(['e.number', 'e.notation', 'top.code as top_code']).where('e.id', '=', entryId).executeTakeFirstOrThrow();
    const notation = fileNotation(entry.number, entry.notation, numbering === 'heading' ? entry.top_code : null);
    const code = `${await agencyCode(tx, ctx.user.agencyId)}.${file.year}.${notation}`;
    if (plan.status !== 'draft') await tx.updateTable('case_files').set({ code }).where('id', '=', file.id).execute();
    await revise(tx, plan, ctx, 'unplanned_file_added', entryId, null, { ...entrySnapshot({ ...values, number: entry.number }), caseFileId: file.id, code, previousCode: file.code });
    await appendEvent(tx, { ...ctx, at: now }, {
      agencyId: ctx.user.agencyId, action: 'case_file_planned',
      payload: { caseFileId: file.id, code, previousCode: file.code, year: file.year, planEntryId: entryId, fileNotation: notation, headingId: heading.id, planVersion: plan.version },
    });
    return { caseFileId: file.id, planEntryId: entryId, fileNotation: notation, code, previousCode: file.code, planVersion: plan.version };
  });
}

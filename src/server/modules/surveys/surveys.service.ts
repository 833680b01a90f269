import { randomInt } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { QuestionResult, SurveyAnswer, SurveyDetail, SurveyQuestion, SurveyResults, SurveySummary } from '../../../shared/surveys.js';
import type { Db, Executor } from '../../db/database.js';
import { isUniqueViolation } from '../../db/unique.js';
import { conflict, DomainError, forbidden, notFound, ValidationError } from '../../http/errors.js';
import type { Clock } from '../../time.js';
import { vietnamDate } from '../../time.js';
import type { ActionContext, CurrentUser } from '../auth/current-user.js';
import { notify } from '../notifications/notifications.service.js';
import { canCreateSurvey, canSeeResults } from './surveys.policies.js';
import type { CreateBody, ResponseBody } from './surveys.schemas.js';

// Surveys (khảo sát, issue 12).
//
// HOW AN ANONYMOUS SURVEY FORGETS WHO ANSWERED WHAT
// - `survey_respondents` (survey, user) says only THAT someone answered: its primary key stops a
//   second answer (also when two answers race); it has no time and no link to any form.
// - `survey_responses` holds the forms. For an anonymous survey its row has a random uuid key
//   (gen_random_uuid, so no key order follows the order of answering), respondent_id NULL and
//   submitted_at NULL (not even the day): no column joins a form to a person or a moment.
// - The two rows are written in TWO transactions (respondent first, then the form; the respondent
//   row is removed again if the form cannot be written). In one transaction both rows would carry
//   the same transaction id (the system column xmin), which a database administrator could join on.
// - Results list free-text answers in a random order and the XLSX export orders forms by their
//   random key, never by the order of answering.
// What remains is outside the application: a database administrator reading the physical position
// of rows (ctid), adjacent transaction ids, the write-ahead log or statement logs could still guess
// at the order of answering when few people answer; the application itself never exposes any of that.
// A named survey links each form to its respondent and time, in one transaction.

export interface SurveysDeps { db: Db; clock: Clock }

interface SurveyRow {
  id: string;
  agency_id: string;
  title: string;
  description: string;
  anonymous: boolean;
  questions: unknown;
  closes_at: Date;
  created_by: string;
  created_at: Date;
  asked: boolean;
  answered: boolean;
  recipients: string;
  responses: string;
}

/** Surveys the reader may see: created by them, sent to them, or any of the agency for its leaders. */
async function surveyRows(db: Executor, user: CurrentUser, onlyId?: string): Promise<SurveyRow[]> {
  const { rows } = await sql<SurveyRow>`
    SELECT s.id, s.agency_id, s.title, s.description, s.anonymous, s.questions, s.closes_at, s.created_by, s.created_at,
      EXISTS (SELECT 1 FROM survey_recipients r WHERE r.survey_id = s.id AND r.user_id = ${user.id}) AS asked,
      EXISTS (SELECT 1 FROM survey_respondents p WHERE p.survey_id = s.id AND p.user_id = ${user.id}) AS answered,
      (SELECT count(*) FROM survey_recipients r WHERE r.survey_id = s.id) AS recipients,
      (SELECT count(*) FROM survey_respondents p WHERE p.survey_id = s.id) AS responses
    FROM surveys s
    WHERE s.agency_id = ${user.agencyId}
      ${onlyId ? sql`AND s.id = ${onlyId}` : sql``}
      AND (s.created_by = ${user.id} OR ${user.roles.includes('leader')}
        OR EXISTS (SELECT 1 FROM survey_recipients r WHERE r.survey_id = s.id AND r.user_id = ${user.id}))
    ORDER BY s.created_at DESC
    LIMIT 200`.execute(db);
  return rows;
}

function toSummary(row: SurveyRow, now: Date): SurveySummary {
  return {
    id: row.id, title: row.title, anonymous: row.anonymous, closesAt: new Date(row.closes_at).toISOString(), open: new Date(row.closes_at) > now,
    createdBy: row.created_by, createdAt: new Date(row.created_at).toISOString(), asked: row.asked, answered: row.answered,
    recipients: Number(row.recipients), responses: Number(row.responses),
  };
}

const questionsOf = (row: { questions: unknown }) => (typeof row.questions === 'string' ? JSON.parse(row.questions) : row.questions) as SurveyQuestion[];

async function findSurvey(deps: SurveysDeps, user: CurrentUser, id: string): Promise<SurveyRow> {
  const [row] = await surveyRows(deps.db, user, id);
  if (!row) throw notFound('SURVEY_NOT_FOUND');
  return row;
}

export async function listSurveys(deps: SurveysDeps, ctx: ActionContext): Promise<{ items: SurveySummary[]; canCreate: boolean }> {
  const now = deps.clock.now();
  return { items: (await surveyRows(deps.db, ctx.user)).map((r) => toSummary(r, now)), canCreate: canCreateSurvey(ctx.user) };
}

export async function getSurvey(deps: SurveysDeps, ctx: ActionContext, id: string): Promise<SurveyDetail> {
  const row = await findSurvey(deps, ctx.user, id);
  const summary = toSummary(row, deps.clock.now());
  const actions: SurveyDetail['actions'] = [];
  if (summary.open && row.asked && !row.answered) actions.push('answer');
  if (canSeeResults(ctx.user, row)) actions.push('results');
  return { ...summary, description: row.description, questions: questionsOf(row), actions };
}

export async function createSurvey(deps: SurveysDeps, ctx: ActionContext, body: CreateBody): Promise<SurveyDetail> {
  const user = ctx.user;
  if (!canCreateSurvey(user)) throw forbidden('SURVEY_CREATORS_ONLY');
  if (new Date(body.closesAt) <= deps.clock.now()) throw ValidationError.field('closesAt', 'CLOSES_IN_PAST');
  const { rows: people } = await sql<{ id: string; unit_id: string | null }>`
    SELECT u.id, u.unit_id FROM users u
    WHERE u.agency_id = ${user.agencyId} AND u.active
      AND (u.id = ANY(${body.userIds}::uuid[]) OR u.unit_id = ANY(${body.unitIds}::uuid[]))`.execute(deps.db);
  if (!people.length) throw ValidationError.field('userIds', 'NO_RECIPIENTS');
  const questions: SurveyQuestion[] = body.questions.map((q, i) => ({ id: `q${i + 1}`, kind: q.kind, text: q.text, required: q.required, options: q.options }));
  const id = await deps.db.transaction().execute(async (tx) => {
    const survey = await tx.insertInto('surveys').values({
      agency_id: user.agencyId, title: body.title, description: body.description, anonymous: body.anonymous,
      questions: JSON.stringify(questions), closes_at: body.closesAt, created_by: user.id,
    }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('survey_recipients').values(people.map((p) => ({ survey_id: survey.id, user_id: p.id, unit_id: p.unit_id }))).execute();
    await notify(tx, ctx, people.map((p) => ({
      agencyId: user.agencyId, recipientId: p.id, kind: 'survey_sent' as const, subject: { kind: 'survey' as const, id: survey.id },
      params: { title: body.title, actor: user.fullName, closesOn: vietnamDate(new Date(body.closesAt)) },
    })));
    return survey.id;
  });
  return getSurvey(deps, ctx, id);
}

/** The answers checked against the questions; what is stored, by question id. */
function checkAnswers(questions: SurveyQuestion[], answers: ResponseBody['answers']): Record<string, SurveyAnswer> {
  const fields: { field: string; reason: 'ANSWER_REQUIRED' | 'ANSWER_INVALID' }[] = [];
  const kept: Record<string, SurveyAnswer> = {};
  for (const key of Object.keys(answers)) if (!questions.some((q) => q.id === key)) fields.push({ field: `answers.${key}`, reason: 'ANSWER_INVALID' });
  for (const q of questions) {
    const value = answers[q.id];
    const empty = value === undefined || value === '' || (Array.isArray(value) && !value.length);
    if (empty) {
      if (q.required) fields.push({ field: `answers.${q.id}`, reason: 'ANSWER_REQUIRED' });
      continue;
    }
    const valid = q.kind === 'single' ? typeof value === 'number' && value < q.options.length
      : q.kind === 'multiple' ? Array.isArray(value) && value.every((v) => v < q.options.length) && new Set(value).size === value.length
        : q.kind === 'scale' ? typeof value === 'number' && value >= 1 && value <= 5
          : typeof value === 'string';
    if (!valid) fields.push({ field: `answers.${q.id}`, reason: 'ANSWER_INVALID' });
    else kept[q.id] = Array.isArray(value) ? [...value].sort((a, b) => a - b) : value;
  }
  if (fields.length) {
    const errors = fields.map((f) => ValidationError.field(f.field, f.reason).fields[0]!);
    throw new ValidationError(errors);
  }
  return kept;
}

export async function respond(deps: SurveysDeps, ctx: ActionContext, id: string, body: ResponseBody): Promise<SurveyDetail> {
  const row = await findSurvey(deps, ctx.user, id);
  if (!row.asked) throw forbidden('SURVEY_NOT_ASKED');
  if (new Date(row.closes_at) <= deps.clock.now()) throw new DomainError('SURVEY_CLOSED', 409);
  if (row.answered) throw conflict('SURVEY_ALREADY_ANSWERED');
  const answers = JSON.stringify(checkAnswers(questionsOf(row), body.answers));
  const claim = async (tx: Executor) => {
    try {
      await tx.insertInto('survey_respondents').values({ survey_id: id, user_id: ctx.user.id }).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('SURVEY_ALREADY_ANSWERED');
      throw error;
    }
  };
  if (!row.anonymous) {
    await deps.db.transaction().execute(async (tx) => {
      await claim(tx);
      await tx.insertInto('survey_responses').values({ survey_id: id, respondent_id: ctx.user.id, submitted_at: deps.clock.now(), answers }).execute();
    });
  } else {
    // Two transactions, on purpose (see the top of this file).
    await claim(deps.db);
    try {
      await deps.db.insertInto('survey_responses').values({ survey_id: id, respondent_id: null, submitted_at: null, answers }).execute();
    } catch (error) {
      await deps.db.deleteFrom('survey_respondents').where('survey_id', '=', id).where('user_id', '=', ctx.user.id).execute();
      throw error;
    }
  }
  return getSurvey(deps, ctx, id);
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

async function formsOf(db: Executor, surveyId: string) {
  const rows = await db.selectFrom('survey_responses').select(['answers', 'respondent_id', 'submitted_at']).where('survey_id', '=', surveyId).orderBy('id').execute();
  return rows.map((r) => ({ ...r, answers: (typeof r.answers === 'string' ? JSON.parse(r.answers) : r.answers) as Record<string, SurveyAnswer> }));
}

export async function results(deps: SurveysDeps, ctx: ActionContext, id: string): Promise<SurveyResults> {
  const row = await findSurvey(deps, ctx.user, id);
  if (!canSeeResults(ctx.user, row)) throw forbidden('SURVEY_RESULTS_CREATOR_ONLY');
  const forms = await formsOf(deps.db, id);
  const questions: QuestionResult[] = questionsOf(row).map((q) => {
    const values = forms.map((f) => f.answers[q.id]).filter((v) => v !== undefined);
    const labels = q.kind === 'scale' ? ['1', '2', '3', '4', '5'] : q.options;
    const counts = labels.map((label) => ({ label, count: 0 }));
    let sum = 0;
    for (const v of values) {
      if (q.kind === 'single' && typeof v === 'number') counts[v]!.count += 1;
      if (q.kind === 'multiple' && Array.isArray(v)) for (const i of v) counts[i]!.count += 1;
      if (q.kind === 'scale' && typeof v === 'number') { counts[v - 1]!.count += 1; sum += v; }
    }
    return {
      questionId: q.id, kind: q.kind, text: q.text, answered: values.length,
      counts: q.kind === 'text' ? [] : counts,
      average: q.kind === 'scale' && values.length ? Math.round((sum / values.length) * 100) / 100 : null,
      texts: q.kind === 'text' ? shuffle(values.filter((v): v is string => typeof v === 'string')) : [],
    };
  });
  const { rows: units } = await sql<{ unit_id: string | null; unit_name: string | null; asked: string; answered: string }>`
    SELECT r.unit_id, un.name AS unit_name, count(*) AS asked, count(p.user_id) AS answered
    FROM survey_recipients r
    LEFT JOIN units un ON un.id = r.unit_id
    LEFT JOIN survey_respondents p ON p.survey_id = r.survey_id AND p.user_id = r.user_id
    WHERE r.survey_id = ${id}
    GROUP BY r.unit_id, un.name, un.sort_order ORDER BY un.sort_order NULLS LAST, un.name`.execute(deps.db);
  return {
    survey: toSummary(row, deps.clock.now()),
    questions,
    byUnit: units.map((u) => ({ unitId: u.unit_id, unitName: u.unit_name ?? '—', asked: Number(u.asked), answered: Number(u.answered) })),
  };
}

/** The results as a workbook: a summary sheet (counts per question, rate by unit) and one row per form. */
export async function resultsWorkbook(deps: SurveysDeps, ctx: ActionContext, id: string): Promise<{ buffer: Buffer; fileName: string }> {
  const summary = await results(deps, ctx, id);
  const row = await findSurvey(deps, ctx.user, id);
  const questions = questionsOf(row);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Tổng hợp');
  sheet.addRow([summary.survey.title]).font = { bold: true, size: 14 };
  sheet.addRow([`Số phiếu: ${summary.survey.responses}/${summary.survey.recipients}`, summary.survey.anonymous ? 'Khảo sát ẩn danh' : 'Khảo sát ghi danh']);
  sheet.addRow([]);
  for (const q of summary.questions) {
    sheet.addRow([q.text, `Số người trả lời: ${q.answered}`, q.average === null ? '' : `Điểm trung bình: ${q.average}`]).font = { bold: true };
    for (const c of q.counts) sheet.addRow(['', c.label, c.count]);
    for (const text of q.texts) sheet.addRow(['', text]);
    sheet.addRow([]);
  }
  sheet.addRow(['Đơn vị', 'Số người được hỏi', 'Số người đã trả lời', 'Tỷ lệ']).font = { bold: true };
  for (const u of summary.byUnit) sheet.addRow([u.unitName, u.asked, u.answered, u.asked ? Math.round((u.answered / u.asked) * 1000) / 10 + '%' : '']);
  sheet.getColumn(1).width = 50;
  sheet.getColumn(2).width = 30;

  const forms = book.addWorksheet('Phiếu trả lời');
  const people = row.anonymous ? new Map<string, string>() : new Map((await deps.db.selectFrom('users').select(['id', 'full_name']).where('agency_id', '=', row.agency_id).execute()).map((u) => [u.id, u.full_name]));
  forms.addRow([...(row.anonymous ? [] : ['Người trả lời', 'Thời điểm']), ...questions.map((q) => q.text)]).font = { bold: true };
  const shown = (q: SurveyQuestion, v: SurveyAnswer | undefined) =>
    v === undefined ? '' : q.kind === 'single' && typeof v === 'number' ? q.options[v] ?? '' : q.kind === 'multiple' && Array.isArray(v) ? v.map((i) => q.options[i]).join('; ') : String(v);
  // Ordered by the random key: never the order of answering.
  for (const form of await formsOf(deps.db, id)) {
    forms.addRow([
      ...(row.anonymous ? [] : [people.get(form.respondent_id ?? '') ?? '', form.submitted_at ? new Date(form.submitted_at).toISOString() : '']),
      ...questions.map((q) => shown(q, form.answers[q.id])),
    ]);
  }
  const buffer = Buffer.from(await book.xlsx.writeBuffer());
  return { buffer, fileName: `khao-sat-${vietnamDate(deps.clock.now())}.xlsx` };
}

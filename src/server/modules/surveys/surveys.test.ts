import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail, SurveyResults } from '../../../shared/surveys.js';
import { ok } from '../../test-support/responses.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
const id = (username: string) => t.people.get(username)!.id;
const unitOf = (username: string) => t.people.get(username)!.unitId!;

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-12-01T02:00:00Z'));
});
afterAll(async () => t?.close());

const questions = [
  { kind: 'single', text: 'Anh/chị làm việc với hệ thống văn phòng điện tử bao lâu?', required: true, options: ['Dưới 1 năm', '1–3 năm', 'Trên 3 năm'] },
  { kind: 'multiple', text: 'Chức năng nào anh/chị dùng nhiều nhất?', options: ['Văn bản đến', 'Văn bản đi', 'Tin nhắn', 'Lịch'] },
  { kind: 'scale', text: 'Mức độ hài lòng (1–5)', required: true },
  { kind: 'text', text: 'Góp ý khác' },
];

async function createSurvey(anonymous: boolean, extra: Record<string, unknown> = {}): Promise<SurveyDetail> {
  return ok(await (await t.as('chanhvanphong')).post('/api/surveys', {
    title: anonymous ? 'Khảo sát mức độ hài lòng (ẩn danh)' : 'Khảo sát nhu cầu đào tạo', anonymous, closesAt: '2026-12-10T10:00:00+07:00', questions,
    unitIds: [unitOf('cv.cntt')], userIds: [id('cv.khtc')], ...extra,
  }), 201);
}
const answer = async (username: string, surveyId: string, answers: Record<string, unknown>) => (await t.as(username)).post(`/api/surveys/${surveyId}/responses`, { answers });

describe('surveys', () => {
  it('the office sends a survey to a unit and a person; they are notified; others in the agency do not see it, another agency neither', async () => {
    expect((await (await t.as('cv.cntt')).post('/api/surveys', { title: 'x', anonymous: false, closesAt: '2026-12-10T10:00:00+07:00', questions, userIds: [id('cv.khtc')] })).json().error.code).toBe('SURVEY_CREATORS_ONLY');
    const survey = await createSurvey(false);
    expect(survey).toMatchObject({ recipients: 5, responses: 0, open: true, actions: ['results'] });
    expect(survey.questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3', 'q4']);
    const notices = await t.database.db.selectFrom('notifications').select(['recipient_id', 'subject_kind', 'subject_id']).where('kind', '=', 'survey_sent').where('subject_id', '=', survey.id).execute();
    expect(notices.map((n) => n.recipient_id).sort()).toEqual(['tp.cntt', 'pp.cntt', 'cv.cntt', 'cv.cntt2', 'cv.khtc'].map(id).sort());
    expect(notices[0]!.subject_kind).toBe('survey');
    expect(ok(await (await t.as('cv.cntt')).get(`/api/surveys/${survey.id}`))).toMatchObject({ asked: true, answered: false, actions: ['answer'] });
    expect((await (await t.as('cv.bcvt')).get(`/api/surveys/${survey.id}`)).statusCode).toBe(404);
    expect((await (await t.as('giamdoc.snv')).get(`/api/surveys/${survey.id}`)).statusCode).toBe(404);
    expect(ok(await (await t.as('giamdoc.snv')).get('/api/surveys')).items).toEqual([]);
    // The leaders see every survey of the agency and its results; a respondent does not see the results.
    expect(ok(await (await t.as('giamdoc')).get(`/api/surveys/${survey.id}`)).actions).toEqual(['results']);
    expect((await (await t.as('cv.cntt')).get(`/api/surveys/${survey.id}/results`)).statusCode).toBe(403);
  });

  it('an anonymous survey stores answers with no link to the person, counts who answered, and refuses a second answer', async () => {
    const survey = await createSurvey(true);
    ok(await answer('cv.cntt', survey.id, { q1: 0, q2: [0, 2], q3: 4, q4: 'Cần thêm ứng dụng trên điện thoại' }), 201);
    ok(await answer('cv.khtc', survey.id, { q1: 2, q3: 5 }), 201);
    const again = await answer('cv.cntt', survey.id, { q1: 1, q3: 1 });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'SURVEY_ALREADY_ANSWERED']);

    const rows = await t.database.db.selectFrom('survey_responses').selectAll().where('survey_id', '=', survey.id).execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) expect([row.respondent_id, row.submitted_at]).toEqual([null, null]);
    // Who answered is known (for "no second answer" and the rate), but nothing more.
    const respondents = await t.database.db.selectFrom('survey_respondents').selectAll().where('survey_id', '=', survey.id).execute();
    expect(respondents.map((r) => r.user_id).sort()).toEqual([id('cv.cntt'), id('cv.khtc')].sort());
    expect(Object.keys(respondents[0]!).sort()).toEqual(['survey_id', 'user_id']);
    expect(ok(await (await t.as('cv.cntt')).get(`/api/surveys/${survey.id}`))).toMatchObject({ answered: true, actions: [] });

    const results = ok(await (await t.as('chanhvanphong')).get(`/api/surveys/${survey.id}/results`)) as SurveyResults;
    expect(results.survey).toMatchObject({ responses: 2, recipients: 5 });
    expect(results.questions[0]!.counts.map((c) => c.count)).toEqual([1, 0, 1]);
    expect(results.questions[1]!.counts.map((c) => c.count)).toEqual([1, 0, 1, 0]);
    expect(results.questions[2]).toMatchObject({ answered: 2, average: 4.5 });
    expect(results.questions[2]!.counts.map((c) => c.count)).toEqual([0, 0, 0, 1, 1]);
    expect(results.questions[3]!.texts).toEqual(['Cần thêm ứng dụng trên điện thoại']);
    expect(results.byUnit.map((u) => `${u.unitName}: ${u.answered}/${u.asked}`).sort()).toEqual(['Phòng Công nghệ thông tin: 1/4', 'Phòng Kế hoạch - Tài chính: 1/1']);

    // The export opens and, for an anonymous survey, names nobody.
    const xlsx = await (await t.as('chanhvanphong')).get(`/api/surveys/${survey.id}/results.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toMatch(/^attachment;/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const forms = book.getWorksheet('Phiếu trả lời')!;
    expect(forms.rowCount).toBe(3);
    expect(forms.getRow(1).getCell(1).value).toBe(questions[0]!.text);
    const cells = JSON.stringify(forms.getSheetValues());
    expect(cells).not.toContain('Đặng Văn Long');
    expect(cells).toContain('Trên 3 năm');
  });

  it('a named survey links each form to its respondent; required questions, option ranges and the closing time are enforced', async () => {
    const survey = await createSurvey(false);
    const missing = await answer('cv.cntt2', survey.id, { q2: [1] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['answers.q1', 'answers.q3']);
    const wrong = await answer('cv.cntt2', survey.id, { q1: 7, q2: [1, 1], q3: 6, q9: 'x' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['answers.q1', 'answers.q2', 'answers.q3', 'answers.q9']);
    expect((await answer('cv.bcvt', survey.id, { q1: 0, q3: 3 })).statusCode).toBe(404);
    ok(await answer('cv.cntt2', survey.id, { q1: 1, q3: 3 }), 201);
    const row = await t.database.db.selectFrom('survey_responses').select(['respondent_id', 'submitted_at']).where('survey_id', '=', survey.id).executeTakeFirstOrThrow();
    expect(row.respondent_id).toBe(id('cv.cntt2'));
    expect(row.submitted_at).not.toBeNull();

    t.setNow(new Date('2026-12-10T03:00:01Z'));
    try {
      const late = await answer('tp.cntt', survey.id, { q1: 0, q3: 3 });
      expect([late.statusCode, late.json().error.code]).toEqual([409, 'SURVEY_CLOSED']);
      expect(ok(await (await t.as('tp.cntt')).get(`/api/surveys/${survey.id}`))).toMatchObject({ open: false, actions: [] });
    } finally {
      t.setNow(new Date('2026-12-01T02:00:00Z'));
    }
  });

  it('bad survey input is refused in the documented shape', async () => {
    const office = await t.as('chanhvanphong');
    const base = { title: 'Khảo sát', anonymous: false, closesAt: '2026-12-10T10:00:00+07:00', questions, userIds: [id('cv.khtc')] };
    const cases: [object, string][] = [
      [{ ...base, closesAt: '2026-11-01T10:00:00+07:00' }, 'closesAt'],
      [{ ...base, questions: [{ kind: 'single', text: 'Một phương án', options: ['Có'] }] }, 'questions.0.options'],
      [{ ...base, questions: [] }, 'questions'],
      [{ ...base, userIds: [id('giamdoc.snv')] }, 'userIds'],
      [{ ...base, title: 'x\u0000' }, 'title'],
      [{ ...base, questions: [{ kind: 'ranking', text: 'x' }] }, 'questions.0.kind'],
    ];
    for (const [body, field] of cases) {
      const response = await office.post('/api/surveys', body);
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const survey = await createSurvey(false);
    expect((await answer('cv.cntt', survey.id, 'not an object' as never)).statusCode).toBe(400);
    expect((await office.get('/api/surveys/123')).statusCode).toBe(400);
  });
});

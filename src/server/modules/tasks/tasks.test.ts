import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskDetail, TaskSummary } from '../../../shared/tasks.js';
import { ok } from '../../test-support/responses.js';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';
import { scanReminders, scanRemindersJob } from '../notifications/notifications.reminders.js';
import { taskCalendarItems } from './tasks.calendar.js';

let t: TestApp;
const id = (username: string) => t.people.get(username)!.id;
const unitOf = (username: string) => t.people.get(username)!.unitId!;

beforeAll(async () => {
  t = await createTestApp();
  // Tuesday 1 December 2026, 09:00 in Vietnam.
  t.setNow(new Date('2026-12-01T02:00:00Z'));
});
afterAll(async () => t?.close());

const code = (response: LightMyRequestResponse) => [response.statusCode, response.json().error?.code];
const list = async (username: string, query: string) => ok<{ items: TaskSummary[] }>(await (await t.as(username)).get(`/api/tasks?${query}`)).items;
const noticesOf = (username: string, taskId: string) =>
  t.database.db.selectFrom('notifications').select(['kind', 'params']).where('recipient_id', '=', id(username)).where('subject_kind', '=', 'task').where('subject_id', '=', taskId)
    .orderBy('created_at').execute();
const kindsOf = async (username: string, taskId: string) => (await noticesOf(username, taskId)).map((n) => n.kind).sort();

let personal: TaskDetail;
let unitTask: TaskDetail;

describe('giving tasks to officials and units', () => {
  it('a leader gives a task to an official with a unit coordinating; the unit head passes the unit part on to a member', async () => {
    const leader = await t.as('giamdoc');
    personal = ok<TaskDetail>(await leader.post('/api/tasks', {
      title: 'Xây dựng kế hoạch chuyển đổi số năm 2027', description: 'Dự thảo kế hoạch, lấy ý kiến các phòng.', priority: 'high', dueDate: '2026-12-03',
      lead: { userId: id('cv.cntt') }, coordinators: [{ unitId: unitOf('cv.khtc') }], checklist: ['Khảo sát hiện trạng', 'Dự thảo kế hoạch'],
    }), 201);
    expect(personal).toMatchObject({ status: 'in_progress', progress: 0, priority: 'high', lead: 'Đặng Văn Long', assigner: { id: id('giamdoc') }, overdue: false });
    expect(personal.checklist.map((c) => c.text)).toEqual(['Khảo sát hiện trạng', 'Dự thảo kế hoạch']);
    expect(personal.actions).toEqual(expect.arrayContaining(['edit', 'remind']));
    expect(await kindsOf('cv.cntt', personal.id)).toEqual(['task_assigned']);
    // The coordinating unit's part goes to its head.
    expect(await kindsOf('tp.khtc', personal.id)).toEqual(['task_assigned']);

    unitTask = ok<TaskDetail>(await leader.post('/api/tasks', { title: 'Rà soát hạ tầng mạng', dueDate: '2026-12-10', lead: { unitId: unitOf('cv.cntt') } }), 201);
    expect(unitTask.lead).toBe('Phòng Công nghệ thông tin');
    const head = await t.as('tp.cntt');
    const asHead = ok<TaskDetail>(await head.get(`/api/tasks/${unitTask.id}`));
    expect(asHead.actions).toEqual(expect.arrayContaining(['pass_on', 'progress', 'complete']));
    // Only to a member of the unit.
    expect(code(await head.post(`/api/tasks/${unitTask.id}/pass-on`, { assigneeId: asHead.assignees[0]!.id, userId: id('cv.khtc') }))).toEqual([400, 'VALIDATION']);
    // A member cannot even open the unit's task before it is passed to them; the deputy head (who holds it too) may not pass it to themselves.
    expect(code(await (await t.as('cv.cntt2')).post(`/api/tasks/${unitTask.id}/pass-on`, { assigneeId: asHead.assignees[0]!.id, userId: id('cv.cntt2') }))).toEqual([404, 'TASK_NOT_FOUND']);
    expect((await (await t.as('pp.cntt')).post(`/api/tasks/${unitTask.id}/pass-on`, { assigneeId: asHead.assignees[0]!.id, userId: id('pp.cntt') })).json().error.fields[0].code).toBe('TASK_ASSIGNEE_SELF');
    const passed = ok<TaskDetail>(await head.post(`/api/tasks/${unitTask.id}/pass-on`, { assigneeId: asHead.assignees[0]!.id, userId: id('cv.cntt2') }));
    expect(passed.assignees.map((a) => [a.status, a.user?.fullName ?? a.unit?.name])).toEqual([['passed_on', 'Phòng Công nghệ thông tin'], ['active', 'Bùi Thị Ngọc']]);
    expect(passed.lead).toBe('Bùi Thị Ngọc');
    // The head no longer holds it but still follows it, and may remind.
    expect(passed.actions).toEqual(['remind']);
    expect(await kindsOf('cv.cntt2', unitTask.id)).toEqual(['task_assigned']);
  });

  it('the lists are scoped: tasks I gave, I have, my unit\'s (unit heads), the whole agency (leaders)', async () => {
    expect((await list('giamdoc', 'view=given')).map((x) => x.id).sort()).toEqual([personal.id, unitTask.id].sort());
    expect((await list('cv.cntt', 'view=mine')).map((x) => x.id)).toEqual([personal.id]);
    expect((await list('cv.cntt2', 'view=mine')).map((x) => x.id)).toEqual([unitTask.id]);
    expect((await list('tp.khtc', 'view=mine')).map((x) => x.id)).toEqual([personal.id]);
    expect((await list('tp.cntt', 'view=mine')).map((x) => x.id)).toEqual([]);
    expect((await list('tp.cntt', 'view=unit')).map((x) => x.id).sort()).toEqual([personal.id, unitTask.id].sort());
    expect(code(await (await t.as('cv.cntt')).get('/api/tasks?view=unit'))).toEqual([403, 'TASK_UNIT_HEADS_ONLY']);
    expect(code(await (await t.as('tp.cntt')).get('/api/tasks?view=all'))).toEqual([403, 'TASK_LEADERS_ONLY']);
    expect((await list('phogiamdoc', 'view=all')).length).toBe(2);
    expect((await list('phogiamdoc', `view=all&unitId=${unitOf('cv.khtc')}`)).map((x) => x.id)).toEqual([personal.id]);
    expect(await list('cv.bcvt', 'view=mine')).toEqual([]);
    // An official with no part in it cannot open it; another agency does not even see it exists.
    expect(code(await (await t.as('cv.bcvt')).get(`/api/tasks/${personal.id}`))).toEqual([404, 'TASK_NOT_FOUND']);
    expect(code(await (await t.as('giamdoc.snv')).get(`/api/tasks/${personal.id}`))).toEqual([404, 'TASK_NOT_FOUND']);
    expect(await list('giamdoc.snv', 'view=all')).toEqual([]);
    expect(code(await (await t.as('giamdoc.snv')).post(`/api/tasks/${personal.id}/remind`, { note: 'x' }))).toEqual([404, 'TASK_NOT_FOUND']);
  });

  it('refuses bad input with 400: NUL, huge text, a due date in the past, an unknown or foreign assignee, oneself', async () => {
    const leader = await t.as('giamdoc');
    const base = { title: 'Việc thử', lead: { userId: id('cv.cntt') } };
    expect(code(await leader.post('/api/tasks', { ...base, title: 'a\u0000b' }))).toEqual([400, 'VALIDATION']);
    expect(code(await leader.post('/api/tasks', { ...base, title: 'x'.repeat(501) }))).toEqual([400, 'VALIDATION']);
    expect(code(await leader.post('/api/tasks', { ...base, description: 'x'.repeat(200_000) }))).toEqual([400, 'VALIDATION']);
    const past = await leader.post('/api/tasks', { ...base, dueDate: '2026-11-30' });
    expect([past.statusCode, past.json().error.fields[0].code]).toEqual([400, 'DUE_DATE_PAST']);
    const unknown = await leader.post('/api/tasks', { ...base, lead: { userId: '00000000-0000-4000-8000-000000000000' } });
    expect([unknown.statusCode, unknown.json().error.fields[0].code]).toEqual([400, 'TASK_ASSIGNEE_NOT_MEMBER']);
    const foreign = await leader.post('/api/tasks', { ...base, lead: { userId: id('vanthu.snv') } });
    expect(foreign.json().error.fields[0].code).toBe('TASK_ASSIGNEE_NOT_MEMBER');
    expect((await leader.post('/api/tasks', { ...base, lead: { userId: id('giamdoc') } })).json().error.fields[0].code).toBe('TASK_ASSIGNEE_SELF');
    expect(code(await leader.post('/api/tasks', { ...base, lead: {} }))).toEqual([400, 'VALIDATION']);
    expect(code(await leader.post('/api/tasks', { ...base, priority: 'extreme' }))).toEqual([400, 'VALIDATION']);
    expect(code(await leader.post(`/api/tasks/${personal.id}/progress`, { progress: 101 }))).toEqual([400, 'VALIDATION']);
    expect(code(await leader.post('/api/tasks', { ...base, source: { kind: 'meeting', id: 'not-a-uuid' } }))).toEqual([400, 'VALIDATION']);
  });
});

describe('doing the work', () => {
  it('assignees report progress and comment, the lead completes, the assigner returns it with a reason then accepts it; every change is in the history', async () => {
    const lead = await t.as('cv.cntt');
    const leader = await t.as('giamdoc');
    expect(code(await (await t.as('tp.khtc')).post(`/api/tasks/${personal.id}/complete`, {}))).toEqual([403, 'TASK_LEAD_ONLY']);
    expect(code(await leader.post(`/api/tasks/${personal.id}/progress`, { progress: 10 }))).toEqual([403, 'TASK_NOT_ASSIGNEE']);
    ok<TaskDetail>(await lead.post(`/api/tasks/${personal.id}/progress`, { progress: 40, note: 'Đã khảo sát xong' }));
    ok<TaskDetail>(await (await t.as('tp.khtc')).post(`/api/tasks/${personal.id}/comments`, { text: 'Phòng KHTC gửi số liệu ngân sách.' }));
    expect(code(await (await t.as('cv.cntt2')).post(`/api/tasks/${personal.id}/comments`, { text: 'x' }))).toEqual([404, 'TASK_NOT_FOUND']);
    // A leader follows every task but does not take part in it.
    expect(code(await (await t.as('phogiamdoc')).post(`/api/tasks/${personal.id}/comments`, { text: 'x' }))).toEqual([403, 'TASK_NOT_INVOLVED']);
    expect(await kindsOf('giamdoc', personal.id)).toEqual(['task_updated', 'task_updated']);
    expect(code(await leader.post(`/api/tasks/${personal.id}/accept`, {}))).toEqual([409, 'TASK_NOT_COMPLETED']);
    const done = ok<TaskDetail>(await lead.post(`/api/tasks/${personal.id}/complete`, { note: 'Đã trình dự thảo' }));
    expect(done).toMatchObject({ status: 'completed', progress: 100 });
    expect(done.actions).toEqual(['comment']);
    expect(ok<TaskDetail>(await leader.get(`/api/tasks/${personal.id}`)).actions).toEqual(expect.arrayContaining(['accept', 'return']));
    expect(code(await leader.post(`/api/tasks/${personal.id}/return`, { reason: '' }))).toEqual([400, 'VALIDATION']);
    const returned = ok<TaskDetail>(await leader.post(`/api/tasks/${personal.id}/return`, { reason: 'Bổ sung phần kinh phí' }));
    expect(returned).toMatchObject({ status: 'in_progress', returnReason: 'Bổ sung phần kinh phí' });
    expect(await kindsOf('cv.cntt', personal.id)).toEqual(['task_assigned', 'task_returned', 'task_updated']);
    ok<TaskDetail>(await lead.post(`/api/tasks/${personal.id}/complete`, {}));
    const accepted = ok<TaskDetail>(await leader.post(`/api/tasks/${personal.id}/accept`, { note: 'Tốt' }));
    expect(accepted).toMatchObject({ status: 'accepted', actions: [] });
    expect(code(await lead.post(`/api/tasks/${personal.id}/progress`, { progress: 50 }))).toEqual([409, 'TASK_CLOSED']);
    expect(await kindsOf('cv.cntt', personal.id)).toEqual(['task_accepted', 'task_assigned', 'task_returned', 'task_updated']);
    expect(await kindsOf('giamdoc', personal.id)).toEqual(['task_completed', 'task_completed', 'task_updated', 'task_updated']);
    expect(accepted.history.map((h) => h.action)).toEqual(['created', 'progress', 'comment', 'completed', 'returned', 'completed', 'accepted']);
    expect(accepted.history[2]).toMatchObject({ actor: 'Hoàng Văn Nam', payload: { text: 'Phòng KHTC gửi số liệu ngân sách.' } });
  });

  it('checklist items are added and checked; a sub-task is given from a task and listed on it', async () => {
    const worker = await t.as('cv.cntt2');
    const added = ok<TaskDetail>(await worker.post(`/api/tasks/${unitTask.id}/checklist`, { text: 'Kiểm tra tường lửa' }), 201);
    const item = added.checklist.at(-1)!;
    const checked = ok<TaskDetail>(await worker.patch(`/api/tasks/${unitTask.id}/checklist/${item.id}`, { done: true }));
    expect(checked.checklist.find((c) => c.id === item.id)).toMatchObject({ done: true, doneBy: 'Bùi Thị Ngọc' });
    const unchecked = ok<TaskDetail>(await worker.patch(`/api/tasks/${unitTask.id}/checklist/${item.id}`, { done: false }));
    expect(unchecked.checklist.find((c) => c.id === item.id)!.done).toBe(false);
    expect(code(await worker.patch(`/api/tasks/${unitTask.id}/checklist/${personal.id}`, { done: true }))).toEqual([404, 'CHECKLIST_ITEM_NOT_FOUND']);

    const sub = ok<TaskDetail>(await worker.post('/api/tasks', { title: 'Lập danh sách thiết bị', dueDate: '2026-12-08', lead: { userId: id('cv.cntt') }, source: { kind: 'task', id: unitTask.id } }), 201);
    expect(sub.source).toEqual({ kind: 'task', id: unitTask.id, title: 'Rà soát hạ tầng mạng' });
    expect(sub.parentTaskId).toBe(unitTask.id);
    const parent = ok<TaskDetail>(await (await t.as('giamdoc')).get(`/api/tasks/${unitTask.id}`));
    expect(parent.subtasks.map((s) => s.title)).toEqual(['Lập danh sách thiết bị']);
    expect(parent.history.map((h) => h.action)).toEqual(['created', 'passed_on', 'checklist_added', 'checklist_checked', 'checklist_unchecked', 'subtask_added']);
    // Someone with no part in the parent cannot hang a sub-task on it.
    expect(code(await (await t.as('cv.bcvt')).post('/api/tasks', { title: 'x', lead: { userId: id('cv.cntt') }, source: { kind: 'task', id: unitTask.id } }))).toEqual([404, 'TASK_NOT_FOUND']);
  });

  it('two progress updates at once from the same version: one is saved, the other is refused, nothing is lost', async () => {
    const worker = await t.as('cv.cntt2');
    const { version } = ok<TaskDetail>(await worker.get(`/api/tasks/${unitTask.id}`));
    const answers = await Promise.all([
      worker.post(`/api/tasks/${unitTask.id}/progress`, { progress: 30, version }),
      worker.post(`/api/tasks/${unitTask.id}/progress`, { progress: 60, version }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const saved = ok<TaskDetail>(await worker.get(`/api/tasks/${unitTask.id}`));
    const winner = answers.find((a) => a.statusCode === 200)!.json() as TaskDetail;
    expect(saved.progress).toBe(winner.progress);
    expect(saved.version).toBe(version + 1);
    // Without a version both are applied, one after the other, each in the history.
    await Promise.all([
      worker.post(`/api/tasks/${unitTask.id}/progress`, { progress: 70 }),
      worker.post(`/api/tasks/${unitTask.id}/progress`, { progress: 80 }),
    ]);
    const after = ok<TaskDetail>(await worker.get(`/api/tasks/${unitTask.id}`));
    const steps = after.history.filter((h) => h.action === 'progress').map((h) => h.payload);
    expect(steps).toHaveLength(3);
    expect(steps[2]!.from).toBe(steps[1]!.to);
    expect(after.version).toBe(version + 3);
  });

  it('files go through the file store and download as attachments, only for those who may read the task', async () => {
    const worker = await t.as('cv.cntt2');
    const pdf = Buffer.from(await samplePdfBytes());
    const uploaded = ok<TaskDetail>(await worker.upload(`/api/tasks/${unitTask.id}/files`, {}, [{ name: 'báo cáo.pdf', content: pdf, type: 'application/pdf' }]), 201);
    const file = uploaded.files[0]!;
    expect(file).toMatchObject({ fileName: 'báo cáo.pdf', mimeType: 'application/pdf', size: pdf.length });
    const down = await (await t.as('giamdoc')).get(`/api/tasks/${unitTask.id}/files/${file.id}`);
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-disposition']).toMatch(/^attachment;/);
    expect(down.rawPayload.equals(pdf)).toBe(true);
    expect(code(await (await t.as('cv.bcvt')).get(`/api/tasks/${unitTask.id}/files/${file.id}`))).toEqual([404, 'TASK_NOT_FOUND']);
    expect(code(await (await t.as('cv.bcvt')).upload(`/api/tasks/${unitTask.id}/files`, {}, [{ name: 'a.pdf', content: pdf }]))).toEqual([404, 'TASK_NOT_FOUND']);
    expect(code(await (await t.as('phogiamdoc')).upload(`/api/tasks/${unitTask.id}/files`, {}, [{ name: 'a.pdf', content: pdf }]))).toEqual([403, 'TASK_NOT_INVOLVED']);
    expect(code(await worker.upload(`/api/tasks/${unitTask.id}/files`, {}, [{ name: 'a.exe', content: Buffer.from('MZ\u0090\u0000binary') }]))).toEqual([400, 'FILE_TYPE_NOT_ALLOWED']);
    expect(code(await worker.upload(`/api/tasks/${unitTask.id}/files`, {}, [{ name: 'big.pdf', content: Buffer.concat([pdf, Buffer.alloc(3 * 1024 * 1024)]) }]))).toEqual([400, 'FILE_TOO_LARGE']);
    expect(ok<TaskDetail>(await worker.get(`/api/tasks/${unitTask.id}`)).history.at(-1)).toMatchObject({ action: 'files_added', payload: { files: ['báo cáo.pdf'] } });
  });
});

describe('a task from a document', () => {
  it('the assigner must see the document; an assignee who may not open it sees the task but not the document', async () => {
    const clerk = await t.as('vanthu');
    const metadata = { issuer: 'UBND tỉnh Điện Biên', number: '12', notation: 'UBND-KGVX', issuedOn: '2026-11-25', documentType: 'official_letter', summary: 'V/v triển khai chữ ký số', submitTo: id('giamdoc') };
    const doc = ok<{ id: string }>(await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'vb.pdf', content: Buffer.from(await samplePdfBytes()), type: 'application/pdf' }]), 201);
    // A specialist who cannot see the document cannot make it a task's source.
    expect(code(await (await t.as('cv.khtc')).post('/api/tasks', { title: 'x', lead: { userId: id('cv.cntt') }, source: { kind: 'document', id: doc.id } }))).toEqual([404, 'DOCUMENT_NOT_FOUND']);
    const task = ok<TaskDetail>(await (await t.as('giamdoc')).post('/api/tasks', { title: 'Triển khai chữ ký số', dueDate: '2026-12-15', lead: { userId: id('cv.khtc') }, source: { kind: 'document', id: doc.id } }), 201);
    expect(task.source).toMatchObject({ kind: 'document', id: doc.id, visible: true, reference: '12/UBND-KGVX', summary: 'V/v triển khai chữ ký số' });
    const asAssignee = ok<TaskDetail>(await (await t.as('cv.khtc')).get(`/api/tasks/${task.id}`));
    expect(asAssignee.source).toEqual({ kind: 'document', id: doc.id, visible: false });
    expect((await (await t.as('cv.khtc')).get(`/api/incoming-documents/${doc.id}`)).statusCode).toBe(404);
    // A meeting as the source: one the assigner may read (a conclusion made a task: meetings.test.ts).
    expect(code(await (await t.as('giamdoc')).post('/api/tasks', { title: 'Kết luận cuộc họp', lead: { userId: id('cv.khtc') }, source: { kind: 'meeting', id: '11111111-1111-4111-8111-111111111111' } }))).toEqual([404, 'MEETING_NOT_FOUND']);
  });
});

describe('due dates, reminders and escalation', () => {
  let dueTask: TaskDetail;
  const scanAt = (iso: string) => { t.setNow(new Date(iso)); return scanReminders({ db: t.database.db, clock: t.clock }); };
  const reminders = async (username: string) => (await kindsOf(username, dueTask.id)).filter((k) => k !== 'task_assigned');

  it('the due date is on the calendar of the assignee and the assigner; an overdue task is flagged in the lists', async () => {
    t.setNow(new Date('2026-12-01T02:00:00Z'));
    // Due Thursday 3 December; the agency reminds one working day before.
    dueTask = ok<TaskDetail>(await (await t.as('phogiamdoc')).post('/api/tasks', { title: 'Báo cáo tổng kết năm', dueDate: '2026-12-03', lead: { userId: id('cv.bcvt') } }), 201);
    const ctx = (username: string) => ({ user: { id: id(username), agencyId: t.people.get(username)!.agencyId, unitId: unitOf(username), username, fullName: '', position: '', roles: [] }, ip: '', userAgent: null });
    const range = { from: '2026-12-01', to: '2026-12-31' };
    const items = await taskCalendarItems(t.database.db, ctx('cv.bcvt'), range);
    expect(items.find((i) => i.link === `/tasks/${dueTask.id}`)).toMatchObject({ source: 'task_due', allDay: true, start: '2026-12-02T17:00:00.000Z', title: 'Báo cáo tổng kết năm' });
    expect((await taskCalendarItems(t.database.db, ctx('phogiamdoc'), range)).map((i) => i.link)).toContain(`/tasks/${dueTask.id}`);
    expect((await taskCalendarItems(t.database.db, ctx('cv.khtc'), range)).map((i) => i.link)).not.toContain(`/tasks/${dueTask.id}`);

    t.setNow(new Date('2026-12-04T02:00:00Z'));
    const overdue = await list('cv.bcvt', 'view=mine&overdue=true');
    expect(overdue.map((x) => [x.id, x.overdue])).toEqual([[dueTask.id, true]]);
    expect((await list('phogiamdoc', 'view=all&overdue=true')).map((x) => x.id)).toContain(dueTask.id);
    expect(ok<TaskDetail>(await (await t.as('cv.bcvt')).get(`/api/tasks/${dueTask.id}`)).overdue).toBe(true);
    t.setNow(new Date('2026-12-01T02:00:00Z'));
    expect((await list('cv.bcvt', 'view=mine'))[0]!.overdue).toBe(false);
  });

  it('the assignee is reminded before and on the day, then the unit head and the assigner hear it is overdue, each once (the scheduled job too)', async () => {
    await scanAt('2026-12-01T02:00:00Z');
    expect(await reminders('cv.bcvt')).toEqual([]);
    await scanAt('2026-12-02T02:00:00Z');
    await scanAt('2026-12-02T05:00:00Z');
    expect(await reminders('cv.bcvt')).toEqual(['due_soon']);
    await scanAt('2026-12-03T02:00:00Z');
    expect(await reminders('cv.bcvt')).toEqual(['due_soon', 'due_today']);
    await scanAt('2026-12-04T02:00:00Z');
    expect(await reminders('cv.bcvt')).toEqual(['due_soon', 'due_today', 'overdue']);
    expect(await reminders('tp.bcvt')).toEqual(['overdue_escalated']);
    expect(await reminders('phogiamdoc')).toEqual([]);
    // Monday 7 December, through the scheduled job.
    t.setNow(new Date('2026-12-07T02:00:00Z'));
    const queue = await t.openJobQueue({ definitions: [scanRemindersJob] });
    await queue.startWorkers({ files: t.files, clock: t.clock });
    const jobId = await queue.boss.send('notifications.scan-reminders', {});
    for (let i = 0; i < 100 && (await queue.boss.getJobById('notifications.scan-reminders', jobId!))?.state !== 'completed'; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await reminders('phogiamdoc')).toEqual(['overdue_escalated']);
    await scanAt('2026-12-07T03:00:00Z');
    expect(await reminders('phogiamdoc')).toEqual(['overdue_escalated']);
    expect(await reminders('cv.bcvt')).toEqual(['due_soon', 'due_today', 'overdue']);
    const notice = (await noticesOf('phogiamdoc', dueTask.id)).find((n) => n.kind === 'overdue_escalated')!;
    expect(notice.params).toMatchObject({ summary: 'Báo cáo tổng kết năm', dueDate: '2026-12-03', holder: 'Lường Thị Duyên' });
  });

  it('a leader reminds (đôn đốc) the assignee with a note, in the history; a specialist cannot', async () => {
    t.setNow(new Date('2026-12-07T04:00:00Z'));
    const sent = ok<{ notified: number }>(await (await t.as('giamdoc')).post(`/api/tasks/${dueTask.id}/remind`, { note: 'Đề nghị nộp trong ngày.' }));
    expect(sent.notified).toBe(1);
    expect(await reminders('cv.bcvt')).toContain('reminder');
    expect(code(await (await t.as('cv.bcvt')).post(`/api/tasks/${dueTask.id}/remind`, { note: 'x' }))).toEqual([403, 'TASK_NOT_ALLOWED_TO_REMIND']);
    expect(ok<TaskDetail>(await (await t.as('giamdoc')).get(`/api/tasks/${dueTask.id}`)).history.at(-1)).toMatchObject({ action: 'reminded', actor: 'Nguyễn Văn Hùng', payload: { note: 'Đề nghị nộp trong ngày.' } });
  });
});

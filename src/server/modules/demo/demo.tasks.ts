import type { Db } from '../../db/database.js';
import { type Clock, vietnamDate } from '../../time.js';
import type { ActionContext, CurrentUser } from '../auth/current-user.js';
import { shiftDay } from '../calendar/calendar.holidays.js';
import { findVisibleDocument } from '../documents/documents.visibility.js';
import { acceptTask, addChecklistItem, checkItem, comment, completeTask, createTask, passOn, updateProgress } from '../tasks/tasks.service.js';

// Demo tasks (giao việc) among the demo officials, replayed over the last days so the lists, the
// history and one overdue task are there on first start. Called at the end of the demo seeding.

const DAY = 24 * 60 * 60 * 1000;

export async function seedDemoTasks(db: Db, people: Map<string, CurrentUser>): Promise<number> {
  const real = Date.now();
  const today = vietnamDate(new Date(real));
  const at = (daysAgo: number) => new Date(real - daysAgo * DAY);
  const as = (username: string, daysAgo: number): ActionContext => ({ user: people.get(username)!, ip: '127.0.0.1', userAgent: 'demo-seed', at: at(daysAgo) });
  const clockAt = (daysAgo: number): Clock => ({ now: () => at(daysAgo) });
  const deps = (daysAgo: number) => ({ db, clock: clockAt(daysAgo) });
  const person = (username: string) => people.get(username)!;
  const give = (username: string, daysAgo: number, input: Parameters<typeof createTask>[3]) =>
    db.transaction().execute((tx) => createTask(tx, clockAt(daysAgo), as(username, daysAgo), input));

  // A document the director may see, as the source of one task.
  const candidates = await db.selectFrom('documents').select('id').where('agency_id', '=', person('giamdoc').agencyId).where('direction', '=', 'incoming').orderBy('created_at').limit(10).execute();
  let documentId: string | null = null;
  for (const c of candidates) if (await findVisibleDocument(db, person('giamdoc'), c.id)) { documentId = c.id; break; }

  const plan = await give('giamdoc', 6, {
    title: 'Xây dựng kế hoạch chuyển đổi số năm 2027', description: 'Dự thảo kế hoạch chuyển đổi số của Sở năm 2027, lấy ý kiến các phòng, trình Giám đốc trước ngày hạn.',
    priority: 'high', dueDate: shiftDay(today, 7), lead: { userId: person('cv.cntt').id }, coordinators: [{ unitId: person('tp.khtc').unitId! }],
    checklist: ['Khảo sát hiện trạng ứng dụng CNTT', 'Dự thảo kế hoạch', 'Lấy ý kiến các phòng'],
  });
  const planTask = await updateProgress(deps(4), as('cv.cntt', 4), plan.id, { progress: 40, note: 'Đã khảo sát xong 12/15 phần mềm đang dùng.' });
  await checkItem(deps(4), as('cv.cntt', 4), plan.id, planTask.checklist[0]!.id, true);
  await comment(deps(3), as('tp.khtc', 3), plan.id, 'Phòng KHTC sẽ gửi số liệu dự toán kinh phí trong tuần.');
  await give('cv.cntt', 3, { title: 'Khảo sát hiện trạng phần mềm dùng chung', dueDate: shiftDay(today, 3), lead: { userId: person('cv.cntt2').id }, source: { kind: 'task', id: plan.id } });

  const network = await give('phogiamdoc', 5, {
    title: 'Rà soát, nâng cấp hạ tầng mạng nội bộ', priority: 'normal', dueDate: shiftDay(today, 12), lead: { unitId: person('tp.cntt').unitId! },
    checklist: ['Kiểm tra thiết bị tường lửa', 'Lập danh mục thiết bị cần thay thế'],
  });
  const held = await db.selectFrom('task_assignees').select('id').where('task_id', '=', network.id).executeTakeFirstOrThrow();
  await passOn(deps(4), as('tp.cntt', 4), network.id, held.id, person('cv.cntt2').id);
  await updateProgress(deps(2), as('cv.cntt2', 2), network.id, { progress: 20, note: null });

  // Overdue: due three days ago, still in progress.
  const report = await give('giamdoc', 12, {
    title: 'Báo cáo tình hình thông tin cơ sở quý IV', priority: 'urgent', dueDate: shiftDay(today, -3), lead: { userId: person('cv.bcvt').id },
    description: 'Tổng hợp số liệu hoạt động thông tin cơ sở của các huyện, thị xã, thành phố.',
  });
  await updateProgress(deps(5), as('cv.bcvt', 5), report.id, { progress: 60, note: 'Còn thiếu số liệu của 3 huyện.' });

  const budget = await give('tp.khtc', 8, { title: 'Tổng hợp dự toán ngân sách năm 2027', dueDate: shiftDay(today, 2), lead: { userId: person('cv.khtc').id } });
  await addChecklistItem(deps(7), as('cv.khtc', 7), budget.id, 'Đối chiếu số liệu với Sở Tài chính');
  await completeTask(deps(1), as('cv.khtc', 1), budget.id, 'Đã hoàn thành bản tổng hợp, gửi kèm biểu mẫu.');

  const closed = await give('chanhvanphong', 10, { title: 'Cập nhật danh bạ điện thoại cơ quan', dueDate: shiftDay(today, -2), lead: { userId: person('vanthu').id } });
  await completeTask(deps(6), as('vanthu', 6), closed.id, null);
  await acceptTask(deps(5), as('chanhvanphong', 5), closed.id, 'Tốt.');

  let count = 6;
  if (documentId) {
    await give('giamdoc', 2, { title: 'Triển khai văn bản chỉ đạo của UBND tỉnh', dueDate: shiftDay(today, 9), lead: { userId: person('tp.cntt').id }, source: { kind: 'document', id: documentId } });
    count += 1;
  }
  return count;
}

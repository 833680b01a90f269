import type { Db } from '../../db/database.js';
import { systemClock, vietnamDate } from '../../time.js';
import type { CurrentUser } from '../auth/current-user.js';
import { shiftDay } from '../calendar/calendar.holidays.js';
import { vnMidnight } from '../personal-calendar/personal-calendar.time.js';
import { mondayOf, presentEntries } from '../work-schedule/work-schedule.service.js';

// Demo content of issue 12's calendars: the agency's published weekly work schedule for the current
// week (one entry changed after publication, so the marking shows) and a few events of the director's
// own calendar, one repeating weekly and one with a reminder. Called at the end of the demo seeding.

export async function seedDemoCalendar(db: Db, people: Map<string, CurrentUser>): Promise<void> {
  const person = (username: string) => people.get(username)!;
  const director = person('giamdoc');
  const agencyId = director.agencyId;
  const today = vietnamDate(systemClock.now());
  const monday = mondayOf(today);
  const day = (n: number) => shiftDay(monday, n);
  const units = new Map((await db.selectFrom('units').select(['id', 'short_name']).where('agency_id', '=', agencyId).execute()).map((u) => [u.short_name, u.id]));
  const at = (d: string, time: string) => new Date(`${d}T${time}:00+07:00`);

  await db.transaction().execute(async (tx) => {
    const schedule = await tx.insertInto('work_schedules').values({
      agency_id: agencyId, week_start: monday, status: 'published', version: 2, created_by: person('vanthu').id,
      approved_by: director.id, approved_at: at(day(-3), '16:00'), published_by: person('vanthu').id, published_at: at(day(-3), '16:30'),
    }).returning('id').executeTakeFirstOrThrow();
    const entries = [
      { day: day(0), session: 'morning' as const, start_time: '07:30', leader_ids: [director.id], content: 'Giao ban Ban Giám đốc Sở đầu tuần', place: 'Phòng họp tầng 2', participants_text: 'Ban Giám đốc, Chánh Văn phòng, Trưởng các phòng', preparing_unit_id: units.get('VP')! },
      { day: day(0), session: 'afternoon' as const, start_time: '14:00', leader_ids: [person('phogiamdoc').id], content: 'Kiểm tra tiến độ triển khai hệ thống văn phòng điện tử', place: 'Phòng CNTT', participants_text: null, participant_unit_ids: [units.get('CNTT')!], preparing_unit_id: units.get('CNTT')! },
      { day: day(1), session: 'morning' as const, start_time: '08:00', leader_ids: [director.id], content: 'Dự họp UBND tỉnh về chuyển đổi số năm 2027', place: 'Trụ sở UBND tỉnh', participants_text: null, participant_user_ids: [person('tp.cntt').id], preparing_unit_id: units.get('CNTT')!, changed_in_version: 2 },
      { day: day(2), session: 'morning' as const, start_time: null, leader_ids: [person('phogiamdoc2').id], content: 'Làm việc với Sở Tài chính về dự toán ngân sách năm 2027', place: 'Sở Tài chính', participants_text: null, participant_unit_ids: [units.get('KHTC')!], preparing_unit_id: units.get('KHTC')! },
      { day: day(2), session: 'afternoon' as const, start_time: '14:00', leader_ids: [director.id], content: 'Tiếp công dân định kỳ', place: 'Phòng tiếp công dân', participants_text: null, participant_user_ids: [person('chanhvanphong').id], preparing_unit_id: units.get('VP')! },
      { day: day(3), session: 'morning' as const, start_time: '08:00', leader_ids: [person('phogiamdoc').id], content: 'Kiểm tra công tác bưu chính tại huyện Tuần Giáo', place: 'Huyện Tuần Giáo', participants_text: null, participant_unit_ids: [units.get('BCVTBC')!], preparing_unit_id: units.get('BCVTBC')! },
      { day: day(4), session: 'afternoon' as const, start_time: '15:00', leader_ids: [director.id, person('phogiamdoc').id, person('phogiamdoc2').id], content: 'Họp giao ban cơ quan, đánh giá công tác tuần', place: 'Hội trường Sở', participants_text: 'Toàn thể công chức, viên chức', preparing_unit_id: units.get('VP')! },
    ];
    for (const e of entries) await tx.insertInto('work_schedule_entries').values({ schedule_id: schedule.id, ...e }).execute();
    const rows = await tx.selectFrom('work_schedule_entries').selectAll().where('schedule_id', '=', schedule.id).execute();
    const snapshot = JSON.stringify(await presentEntries(tx, rows));
    await tx.insertInto('work_schedule_versions').values([
      { schedule_id: schedule.id, version: 1, changed_by: person('vanthu').id, summary: 'Phát hành', entries: snapshot },
      { schedule_id: schedule.id, version: 2, changed_by: person('vanthu').id, summary: 'Thay đổi', entries: snapshot },
    ]).execute();

    const own = (title: string, start: Date, end: Date, extra: Record<string, unknown> = {}) => ({ agency_id: agencyId, owner_id: director.id, title, starts_at: start, ends_at: end, ...extra });
    await tx.insertInto('personal_events').values([
      own('Tập thể dục buổi sáng', at(day(0), '06:00'), at(day(0), '06:30'), { repeat_freq: 'weekly', repeat_until: shiftDay(monday, 90) }),
      own('Làm việc với đoàn kiểm tra của Bộ TT&TT', at(day(1), '14:00'), at(day(1), '16:30'), { place: 'Phòng họp tầng 2', note: 'Chuẩn bị báo cáo chuyển đổi số', reminder_minutes: 30 }),
      own('Khám sức khỏe định kỳ', at(day(3), '14:00'), at(day(3), '16:00'), { place: 'Bệnh viện đa khoa tỉnh', reminder_minutes: 60 }),
      own('Công tác huyện Mường Chà', vnMidnight(day(9)), vnMidnight(day(11)), { all_day: true, place: 'Huyện Mường Chà' }),
      own('Gặp mặt doanh nghiệp viễn thông cuối năm', at(day(15), '09:00'), at(day(15), '11:00'), { place: 'Khách sạn Mường Thanh' }),
    ]).execute();
  });
}

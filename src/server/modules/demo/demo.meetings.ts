import type { Db } from '../../db/database.js';
import { vietnamDate } from '../../time.js';
import type { CurrentUser } from '../auth/current-user.js';

// Demo meetings: two meeting rooms of the demo agency and one upcoming meeting (the director's
// briefing on the digital transformation, the IT unit invited as a whole), so the meetings screens
// and the calendars are not empty on first start. Called at the end of the demo seeding.

const DAY = 24 * 3600_000;

/** The next working day (Mon–Fri) at least two days after `now`, as a Vietnam date. */
function nextWorkingDay(now: Date): string {
  let day = new Date(now.getTime() + 2 * DAY);
  while ([0, 6].includes(new Date(`${vietnamDate(day)}T12:00:00+07:00`).getUTCDay())) day = new Date(day.getTime() + DAY);
  return vietnamDate(day);
}

export async function seedDemoMeetings(db: Db, people: Map<string, CurrentUser>, now = new Date()): Promise<void> {
  const person = (username: string) => people.get(username)!;
  const director = person('giamdoc');
  const itUnit = person('tp.cntt').unitId!;
  await db.transaction().execute(async (tx) => {
    const [hall] = await tx.insertInto('meeting_rooms').values([
      { agency_id: director.agencyId, name: 'Phòng họp tầng 3 (Hội trường lớn)', capacity: 60 },
      { agency_id: director.agencyId, name: 'Phòng họp trực tuyến tầng 2', capacity: 20 },
    ]).returning('id').execute();
    const day = nextWorkingDay(now);
    const meeting = await tx.insertInto('meetings').values({
      agency_id: director.agencyId, title: 'Họp giao ban triển khai Kế hoạch chuyển đổi số năm 2027',
      starts_at: new Date(`${day}T08:00:00+07:00`), ends_at: new Date(`${day}T10:00:00+07:00`), room_id: hall!.id, place: null,
      chair_id: director.id, organizer_id: director.id,
      agenda: ['Phòng CNTT báo cáo kết quả chuyển đổi số năm 2026', 'Thảo luận dự thảo Kế hoạch năm 2027', 'Kết luận của Giám đốc Sở'],
    }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('meeting_units').values({ meeting_id: meeting.id, unit_id: itUnit }).execute();
    const members = await tx.selectFrom('users').select(['id', 'unit_id']).where('unit_id', '=', itUnit).where('active', '=', true).execute();
    await tx.insertInto('meeting_participants').values([
      { meeting_id: meeting.id, user_id: director.id, via_unit_id: null, response: 'attend', responded_at: now },
      { meeting_id: meeting.id, user_id: person('phogiamdoc').id, via_unit_id: null },
      { meeting_id: meeting.id, user_id: person('tp.khtc').id, via_unit_id: null, response: 'attend', responded_at: now },
      ...members.map((m) => ({ meeting_id: meeting.id, user_id: m.id, via_unit_id: itUnit })),
    ]).execute();
    await tx.insertInto('meeting_events').values({ meeting_id: meeting.id, actor_id: director.id, action: 'convened', payload: JSON.stringify({ invited: members.length + 3, units: 1 }) }).execute();
  });
}

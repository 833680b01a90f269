import { type Expression, type ExpressionBuilder, sql, type SqlBool } from 'kysely';
import type { MeetingCounts, MeetingResponse } from '../../../shared/meetings.js';
import type { Executor } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { type CurrentUser, hasRole } from '../auth/current-user.js';

// The SQL of meetings: who may read one is a condition of every query, so a list never shows a
// meeting of another agency or one the reader is not concerned by.

type MeetingEb = ExpressionBuilder<Database, 'meetings'>;

/** The official is one of the meeting's participants (whatever their answer). */
export const participates = (user: CurrentUser) => (eb: MeetingEb) =>
  eb.exists(eb.selectFrom('meeting_participants as mp').select('mp.user_id').whereRef('mp.meeting_id', '=', 'meetings.id').where('mp.user_id', '=', user.id));

/** Mine: I take part, convened it or chair it. */
export const concerns = (user: CurrentUser) => (eb: MeetingEb): Expression<SqlBool> =>
  eb.or([eb('meetings.organizer_id', '=', user.id), eb('meetings.chair_id', '=', user.id), participates(user)(eb)]);

/** Readable: of the reader's agency, and theirs, or the reader is a leader of the agency. */
export const meetingReadableBy = (user: CurrentUser) => (eb: MeetingEb): Expression<SqlBool> =>
  eb.and([eb('meetings.agency_id', '=', user.agencyId), hasRole(user, 'leader') ? sql<SqlBool>`true` : concerns(user)(eb)]);

export function meetingsQuery(db: Executor, user: CurrentUser) {
  return db.selectFrom('meetings')
    .leftJoin('meeting_rooms as r', 'r.id', 'meetings.room_id')
    .innerJoin('users as chair', 'chair.id', 'meetings.chair_id')
    .innerJoin('users as org', 'org.id', 'meetings.organizer_id')
    .select([
      'meetings.id', 'meetings.agency_id', 'meetings.title', 'meetings.starts_at', 'meetings.ends_at', 'meetings.room_id', 'r.name as room_name', 'meetings.place',
      'meetings.chair_id', 'chair.full_name as chair_name', 'meetings.organizer_id', 'org.full_name as organizer_name', 'meetings.agenda', 'meetings.status', 'meetings.cancel_reason',
    ])
    .select((eb) => eb.selectFrom('meeting_participants as me').select('me.response').whereRef('me.meeting_id', '=', 'meetings.id').where('me.user_id', '=', user.id).as('my_response'))
    .where(meetingReadableBy(user));
}
export type MeetingRow = Awaited<ReturnType<ReturnType<typeof meetingsQuery>['executeTakeFirstOrThrow']>>;

export const findReadable = (db: Executor, user: CurrentUser, id: string) => meetingsQuery(db, user).where('meetings.id', '=', id).executeTakeFirst();

/** The answers' counts of each meeting. */
export async function countsOf(db: Executor, meetingIds: string[]): Promise<Map<string, MeetingCounts>> {
  const counts = new Map<string, MeetingCounts>(meetingIds.map((id) => [id, { invited: 0, attend: 0, absent: 0, substitute: 0, pending: 0 }]));
  if (!meetingIds.length) return counts;
  const rows = await db.selectFrom('meeting_participants').select(['meeting_id', 'response', (eb) => eb.fn.countAll<string>().as('n')])
    .where('meeting_id', 'in', meetingIds).groupBy(['meeting_id', 'response']).execute();
  for (const row of rows) {
    const c = counts.get(row.meeting_id)!;
    c[row.response as MeetingResponse] += Number(row.n);
    c.invited += Number(row.n);
  }
  return counts;
}

export function participantsOf(db: Executor, meetingId: string) {
  return db.selectFrom('meeting_participants as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .leftJoin('units as un', 'un.id', 'u.unit_id')
    .leftJoin('units as via', 'via.id', 'p.via_unit_id')
    .leftJoin('users as sf', 'sf.id', 'p.substitute_for')
    .leftJoin('users as sub', 'sub.id', 'p.substitute_id')
    .select([
      'p.user_id', 'u.full_name', 'un.name as unit_name', 'p.via_unit_id', 'via.name as via_unit_name', 'p.substitute_for', 'sf.full_name as substitute_for_name',
      'p.response', 'p.reason', 'p.substitute_id', 'sub.full_name as substitute_name', 'p.responded_at', 'p.reminded_at',
    ])
    .where('p.meeting_id', '=', meetingId)
    .orderBy('un.name').orderBy('u.full_name')
    .execute();
}

/** Locks the meeting row: changes, answers and bookings of one meeting happen one at a time. */
export const lockMeeting = (tx: Executor, agencyId: string, id: string) =>
  tx.selectFrom('meetings').selectAll().where('id', '=', id).where('agency_id', '=', agencyId).forUpdate().executeTakeFirst();

export async function appendMeetingEvent(tx: Executor, meetingId: string, actorId: string | null, action: string, payload: Record<string, unknown> = {}) {
  await tx.insertInto('meeting_events').values({ meeting_id: meetingId, actor_id: actorId, action, payload: JSON.stringify(payload) }).execute();
}

/** Active officials of the agency among `ids`. */
export async function activeUsers(db: Executor, agencyId: string, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('users').select(['id', 'full_name', 'roles']).where('id', 'in', ids).where('agency_id', '=', agencyId).where('active', '=', true).execute();
}

export async function activeUnits(db: Executor, agencyId: string, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).where('agency_id', '=', agencyId).where('active', '=', true).execute();
}

/** The active members of units, today: what a unit invitation expands to. */
export async function unitMembers(db: Executor, agencyId: string, unitIds: string[]) {
  if (!unitIds.length) return [];
  return db.selectFrom('users').select(['id', 'unit_id']).where('unit_id', 'in', unitIds).where('agency_id', '=', agencyId).where('active', '=', true).execute();
}

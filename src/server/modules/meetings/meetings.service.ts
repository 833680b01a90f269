import { createTask } from '../tasks/tasks.service.js';
import type {
  MeetingConclusion, MeetingCounts, MeetingDetail, MeetingFile, MeetingFileKind, MeetingLinkedDocument, MeetingRoom, MeetingSummary, MeetingResponse,
} from '../../../shared/meetings.js';
import type { NotificationKind } from '../../../shared/notifications.js';
import type { FieldError } from '../../../shared/messages.js';
import type { Db, Executor } from '../../db/database.js';
import { uniqueOr } from '../../db/unique.js';
import { badRequest, conflict, forbidden, notFound, ValidationError } from '../../http/errors.js';
import { AGENCY_TIME_ZONE, type Clock } from '../../time.js';
import type { ActionContext, CurrentUser } from '../auth/current-user.js';
import { reference } from '../documents/documents.presenters.js';
import { documentVisibleTo } from '../documents/documents.visibility.js';
import type { FileStore } from '../files/file-store.js';
import { openStoredFile } from '../files/file-store.js';
import type { ReceivedUpload } from '../files/uploads.js';
import { notify, type NewNotification } from '../notifications/notifications.service.js';
import { canConvene, canManageRooms, convenesForLeader, managesMeeting, meetingActions } from './meetings.policies.js';
import {
  activeUnits, activeUsers, appendMeetingEvent, concerns, countsOf, findReadable, lockMeeting, type MeetingRow, meetingsQuery, participantsOf, unitMembers,
} from './meetings.repository.js';
import type { AnswerBody, ConclusionTaskBody, ListQuery, MeetingBody, MeetingPatch, RoomBody, RoomPatch } from './meetings.schemas.js';

// Use cases of meetings (triệu tập cuộc họp): convene, change, cancel, answer, remind, minutes and
// conclusions; and the agency's meeting rooms. Every write, its history (meeting_events) and its
// notices happen in one transaction; a room's double booking is refused by the database.

export interface MeetingsDeps {
  db: Db;
  clock: Clock;
  files: FileStore;
}

const whenFormat = new Intl.DateTimeFormat('vi-VN', { timeZone: AGENCY_TIME_ZONE, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' });
/** "08:00 15/12/2026" in Vietnam time, for notices and e-mails. */
export const vietnamWhen = (instant: Date) => whenFormat.format(instant);

/** PostgreSQL's exclusion_violation: the room is booked at that time (meetings_no_double_booking). */
const isExclusionViolation = (error: unknown) => typeof error === 'object' && error !== null && (error as { code?: string }).code === '23P01';

async function bookingOr<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isExclusionViolation(error)) throw conflict('ROOM_BOOKED');
    throw error;
  }
}

// ---------------------------------------------------------------- presenting

function summary(row: MeetingRow, counts: MeetingCounts): MeetingSummary {
  return {
    id: row.id, title: row.title, startsAt: row.starts_at.toISOString(), endsAt: row.ends_at.toISOString(),
    room: row.room_id ? { id: row.room_id, name: row.room_name ?? '' } : null, place: row.place,
    chair: { id: row.chair_id, fullName: row.chair_name }, organizer: { id: row.organizer_id, fullName: row.organizer_name },
    status: row.status, myResponse: (row.my_response as MeetingResponse | null) ?? null, counts,
  };
}

async function present(db: Executor, user: CurrentUser, id: string, now: Date): Promise<MeetingDetail> {
  const row = await findReadable(db, user, id);
  if (!row) throw notFound('MEETING_NOT_FOUND');
  const [counts, participants, units, links, files, conclusions, history] = await Promise.all([
    countsOf(db, [id]),
    participantsOf(db, id),
    db.selectFrom('meeting_units as mu').innerJoin('units as u', 'u.id', 'mu.unit_id').select(['u.id', 'u.name']).where('mu.meeting_id', '=', id).orderBy('u.name').execute(),
    db.selectFrom('meeting_documents').select('document_id').where('meeting_id', '=', id).execute(),
    db.selectFrom('meeting_files as f').innerJoin('users as u', 'u.id', 'f.uploaded_by').select(['f.id', 'f.kind', 'f.file_name', 'f.mime_type', 'f.size_bytes', 'u.full_name', 'f.created_at'])
      .where('f.meeting_id', '=', id).orderBy('f.created_at').execute(),
    db.selectFrom('meeting_conclusions').select(['id', 'position', 'text', 'task_id']).where('meeting_id', '=', id).orderBy('position').execute(),
    db.selectFrom('meeting_events as e').leftJoin('users as u', 'u.id', 'e.actor_id').select(['e.id', 'e.action', 'e.payload', 'e.created_at', 'u.full_name'])
      .where('e.meeting_id', '=', id).orderBy('e.id').execute(),
  ]);
  // The linked documents show only to those the document's own rules let see it: never widened.
  const linkedIds = links.map((l) => l.document_id);
  const visible = linkedIds.length
    ? await db.selectFrom('documents').select(['id', 'direction', 'summary', 'number', 'notation']).where('id', 'in', linkedIds).where(documentVisibleTo(user)).execute()
    : [];
  const byId = new Map(visible.map((d) => [d.id, d]));
  const documents: MeetingLinkedDocument[] = linkedIds.map((docId) => {
    const d = byId.get(docId);
    return d
      ? { id: docId, visible: true, summary: d.summary, reference: reference(d.number, d.notation) || null, path: `/${d.direction === 'incoming' ? 'incoming' : 'outgoing'}/${docId}` }
      : { id: docId, visible: false, summary: null, reference: null, path: null };
  });
  const isParticipant = participants.some((p) => p.user_id === user.id);
  return {
    ...summary(row, counts.get(id)!),
    agenda: row.agenda, cancelReason: row.cancel_reason, units,
    participants: participants.map((p) => ({
      user: { id: p.user_id, fullName: p.full_name, unitName: p.unit_name },
      viaUnit: p.via_unit_id ? { id: p.via_unit_id, name: p.via_unit_name ?? '' } : null,
      substituteFor: p.substitute_for ? { id: p.substitute_for, fullName: p.substitute_for_name ?? '' } : null,
      response: p.response, reason: p.reason,
      substitute: p.substitute_id ? { id: p.substitute_id, fullName: p.substitute_name ?? '' } : null,
      respondedAt: p.responded_at?.toISOString() ?? null, remindedAt: p.reminded_at?.toISOString() ?? null,
    })),
    documents,
    files: files.map((f): MeetingFile => ({ id: f.id, kind: f.kind, fileName: f.file_name, mimeType: f.mime_type, size: Number(f.size_bytes), uploadedBy: f.full_name, uploadedAt: f.created_at.toISOString() })),
    conclusions: conclusions.map((c): MeetingConclusion => ({ id: c.id, position: c.position, text: c.text, taskId: c.task_id })),
    history: history.map((e) => ({ id: String(e.id), action: e.action, actor: e.full_name, payload: e.payload, at: e.created_at.toISOString() })),
    actions: meetingActions(user, row, isParticipant, now),
  };
}

export const getMeeting = (deps: MeetingsDeps, ctx: ActionContext, id: string) => present(deps.db, ctx.user, id, deps.clock.now());

export async function listMeetings(deps: MeetingsDeps, ctx: ActionContext, query: ListQuery): Promise<{ items: MeetingSummary[] }> {
  const now = deps.clock.now();
  const user = ctx.user;
  let q = meetingsQuery(deps.db, user);
  switch (query.view) {
    case 'upcoming': q = q.where(concerns(user)).where('meetings.ends_at', '>=', now).orderBy('meetings.starts_at', 'asc'); break;
    case 'past': q = q.where(concerns(user)).where('meetings.ends_at', '<', now).orderBy('meetings.starts_at', 'desc'); break;
    case 'organized': q = q.where((eb) => eb.or([eb('meetings.organizer_id', '=', user.id), eb('meetings.chair_id', '=', user.id)])).orderBy('meetings.starts_at', 'desc'); break;
    case 'agency': q = q.orderBy('meetings.starts_at', 'desc'); break;
  }
  const rows = await q.limit(200).execute();
  const counts = await countsOf(deps.db, rows.map((r) => r.id));
  return { items: rows.map((r) => summary(r, counts.get(r.id)!)) };
}

// ---------------------------------------------------------------- checking what is asked

interface Resolved {
  /** user id → invited through which unit (null: named, the chair, or a substitute) and whom they replace. */
  invitees: Map<string, { viaUnitId: string | null; substituteFor: string | null }>;
  unitIds: string[];
  roomName: string | null;
}

type ExistingParticipant = { user_id: string; via_unit_id: string | null; substitute_for: string | null };

/**
 * Checks the meeting's people, units, room and documents against the agency; expands new units to
 * their members of today (units already invited keep the members they had).
 */
async function resolve(
  tx: Executor, user: CurrentUser,
  m: { startsAt: Date; endsAt: Date; roomId: string | null; place: string | null; chairId: string; userIds: string[]; unitIds: string[]; documentIds: string[] },
  existing: ExistingParticipant[] = [], existingUnits: string[] = [],
): Promise<Resolved> {
  const errors: FieldError[] = [];
  const fail = (field: string, reason: Parameters<typeof ValidationError.field>[1]) => errors.push(...ValidationError.field(field, reason).fields);
  if (m.endsAt <= m.startsAt) fail('endsAt', 'ENDS_BEFORE_START');
  let roomName: string | null = null;
  if (m.roomId) {
    const room = await tx.selectFrom('meeting_rooms').select(['id', 'name']).where('id', '=', m.roomId).where('agency_id', '=', user.agencyId).where('active', '=', true).executeTakeFirst();
    if (!room) fail('roomId', 'MEETING_ROOM_UNKNOWN');
    roomName = room?.name ?? null;
  } else if (!m.place) fail('place', 'MEETING_PLACE_REQUIRED');
  const people = await activeUsers(tx, user.agencyId, [...new Set([m.chairId, ...m.userIds])]);
  const chair = people.find((p) => p.id === m.chairId);
  if (!chair) fail('chairId', 'MEETING_PERSON_UNKNOWN');
  else if (convenesForLeader(user) && !chair.roles.includes('leader')) fail('chairId', 'MEETING_CHAIR_LEADER');
  if (m.userIds.some((id) => !people.some((p) => p.id === id))) fail('userIds', 'MEETING_PERSON_UNKNOWN');
  const units = await activeUnits(tx, user.agencyId, m.unitIds);
  if (units.length !== m.unitIds.length) fail('unitIds', 'MEETING_UNIT_UNKNOWN');
  if (!m.userIds.length && !m.unitIds.length) fail('userIds', 'MEETING_NO_PARTICIPANTS');
  if (m.documentIds.length) {
    // Only documents the organizer may see can be linked (and each reader still needs its own right).
    const docs = await tx.selectFrom('documents').select('id').where('id', 'in', m.documentIds).where(documentVisibleTo(user)).execute();
    if (docs.length !== m.documentIds.length) fail('documentIds', 'MEETING_DOCUMENT_UNKNOWN');
  }
  if (errors.length) throw new ValidationError(errors);

  const invitees: Resolved['invitees'] = new Map();
  const newUnits = m.unitIds.filter((u) => !existingUnits.includes(u));
  for (const member of await unitMembers(tx, user.agencyId, newUnits)) invitees.set(member.id, { viaUnitId: member.unit_id, substituteFor: null });
  for (const p of existing) {
    if (p.via_unit_id && m.unitIds.includes(p.via_unit_id) && existingUnits.includes(p.via_unit_id)) invitees.set(p.user_id, { viaUnitId: p.via_unit_id, substituteFor: null });
  }
  for (const id of [m.chairId, ...m.userIds]) invitees.set(id, { viaUnitId: null, substituteFor: null });
  // A substitute stays as long as the one they replace does.
  for (const p of existing) {
    if (p.substitute_for && invitees.has(p.substitute_for) && !invitees.has(p.user_id)) invitees.set(p.user_id, { viaUnitId: null, substituteFor: p.substitute_for });
  }
  return { invitees, unitIds: m.unitIds, roomName };
}

function noticeParams(ctx: ActionContext, m: { title: string; starts_at: Date; place: string | null }, roomName: string | null, extra: Record<string, string> = {}) {
  return { title: m.title, when: vietnamWhen(m.starts_at), place: roomName ?? m.place ?? '', actor: ctx.user.fullName, ...extra };
}

const notices = (ctx: ActionContext, meetingId: string, kind: NotificationKind, recipients: Iterable<string>, params: Record<string, string>): NewNotification[] =>
  [...recipients].map((recipientId) => ({ agencyId: ctx.user.agencyId, recipientId, kind, subject: { kind: 'meeting', id: meetingId }, params }));

async function roomNameOf(tx: Executor, roomId: string | null) {
  if (!roomId) return null;
  return (await tx.selectFrom('meeting_rooms').select('name').where('id', '=', roomId).executeTakeFirst())?.name ?? null;
}

// ---------------------------------------------------------------- convene, change, cancel

export async function convene(deps: MeetingsDeps, ctx: ActionContext, body: MeetingBody): Promise<MeetingDetail> {
  if (!canConvene(ctx.user)) throw forbidden('MEETING_CONVENE_NOT_ALLOWED');
  const now = deps.clock.now();
  const startsAt = new Date(body.startsAt);
  const endsAt = new Date(body.endsAt);
  if (endsAt <= now && endsAt > startsAt) throw ValidationError.field('endsAt', 'ENDS_IN_PAST');
  return deps.db.transaction().execute(async (tx) => {
    const resolved = await resolve(tx, ctx.user, { ...body, startsAt, endsAt, roomId: body.roomId ?? null });
    const meeting = await bookingOr(() => tx.insertInto('meetings').values({
      agency_id: ctx.user.agencyId, title: body.title, starts_at: startsAt, ends_at: endsAt, room_id: body.roomId ?? null, place: body.place,
      chair_id: body.chairId, organizer_id: ctx.user.id, agenda: body.agenda,
    }).returningAll().executeTakeFirstOrThrow());
    if (resolved.unitIds.length) await tx.insertInto('meeting_units').values(resolved.unitIds.map((unit_id) => ({ meeting_id: meeting.id, unit_id }))).execute();
    await tx.insertInto('meeting_participants').values([...resolved.invitees].map(([user_id, p]) => ({ meeting_id: meeting.id, user_id, via_unit_id: p.viaUnitId, invited_at: now }))).execute();
    if (body.documentIds.length) await tx.insertInto('meeting_documents').values(body.documentIds.map((document_id) => ({ meeting_id: meeting.id, document_id }))).execute();
    await appendMeetingEvent(tx, meeting.id, ctx.user.id, 'convened', { title: body.title, startsAt: body.startsAt, endsAt: body.endsAt, room: resolved.roomName, place: body.place, invited: resolved.invitees.size, units: resolved.unitIds.length });
    await notify(tx, ctx, notices(ctx, meeting.id, 'meeting_invited', resolved.invitees.keys(), noticeParams(ctx, meeting, resolved.roomName)));
    return present(tx, ctx.user, meeting.id, now);
  });
}

type LockedMeeting = NonNullable<Awaited<ReturnType<typeof lockMeeting>>>;

/** Locks a meeting the caller manages and may still change (scheduled, not over). */
async function managed(tx: Executor, deps: MeetingsDeps, ctx: ActionContext, id: string, options: { whileOpen: boolean } = { whileOpen: true }): Promise<LockedMeeting> {
  if (!(await findReadable(tx, ctx.user, id))) throw notFound('MEETING_NOT_FOUND');
  const m = (await lockMeeting(tx, ctx.user.agencyId, id))!;
  if (!managesMeeting(ctx.user, m)) throw forbidden('MEETING_ORGANIZER_ONLY');
  if (m.status === 'cancelled') throw conflict('MEETING_CANCELLED');
  if (options.whileOpen && m.ends_at <= deps.clock.now()) throw conflict('MEETING_ENDED');
  return m;
}

export async function changeMeeting(deps: MeetingsDeps, ctx: ActionContext, id: string, patch: MeetingPatch): Promise<MeetingDetail> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const m = await managed(tx, deps, ctx, id);
    const [existing, existingUnits, links] = await Promise.all([
      tx.selectFrom('meeting_participants').select(['user_id', 'via_unit_id', 'substitute_for']).where('meeting_id', '=', id).execute(),
      tx.selectFrom('meeting_units').select('unit_id').where('meeting_id', '=', id).execute().then((r) => r.map((u) => u.unit_id)),
      tx.selectFrom('meeting_documents').select('document_id').where('meeting_id', '=', id).execute().then((r) => r.map((d) => d.document_id)),
    ]);
    const next = {
      title: patch.title ?? m.title,
      startsAt: patch.startsAt ? new Date(patch.startsAt) : m.starts_at,
      endsAt: patch.endsAt ? new Date(patch.endsAt) : m.ends_at,
      roomId: patch.roomId === undefined ? m.room_id : patch.roomId,
      place: patch.place === undefined ? m.place : patch.place,
      chairId: patch.chairId ?? m.chair_id,
      userIds: patch.userIds ?? existing.filter((p) => !p.via_unit_id && !p.substitute_for && p.user_id !== m.chair_id).map((p) => p.user_id),
      unitIds: patch.unitIds ?? existingUnits,
      agenda: patch.agenda ?? m.agenda,
      // Links the caller cannot see are kept as they are; only new ones are checked.
      documentIds: patch.documentIds ?? links,
    };
    if (next.endsAt <= now && next.endsAt > next.startsAt) throw ValidationError.field('endsAt', 'ENDS_IN_PAST');
    const resolved = await resolve(tx, ctx.user, { ...next, documentIds: next.documentIds.filter((d) => !links.includes(d)) }, existing, existingUnits);

    const changes: string[] = [];
    if (next.title !== m.title) changes.push('title');
    if (+next.startsAt !== +m.starts_at || +next.endsAt !== +m.ends_at) changes.push('time');
    if (next.roomId !== m.room_id || next.place !== m.place) changes.push('place');
    if (next.chairId !== m.chair_id) changes.push('chair');
    if (JSON.stringify(next.agenda) !== JSON.stringify(m.agenda)) changes.push('agenda');
    const added = [...resolved.invitees.keys()].filter((u) => !existing.some((p) => p.user_id === u));
    const removed = existing.filter((p) => !resolved.invitees.has(p.user_id)).map((p) => p.user_id);
    if (added.length || removed.length || JSON.stringify([...next.unitIds].sort()) !== JSON.stringify([...existingUnits].sort())) changes.push('participants');
    const docsChanged = JSON.stringify([...next.documentIds].sort()) !== JSON.stringify([...links].sort());
    if (docsChanged) changes.push('documents');
    if (!changes.length) return present(tx, ctx.user, id, now);

    const updated = await bookingOr(() => tx.updateTable('meetings').set({
      title: next.title, starts_at: next.startsAt, ends_at: next.endsAt, room_id: next.roomId, place: next.place, chair_id: next.chairId, agenda: next.agenda, updated_at: now,
    }).where('id', '=', id).returningAll().executeTakeFirstOrThrow());
    if (removed.length) await tx.deleteFrom('meeting_participants').where('meeting_id', '=', id).where('user_id', 'in', removed).execute();
    for (const p of existing) {
      const wanted = resolved.invitees.get(p.user_id);
      if (wanted && (wanted.viaUnitId !== p.via_unit_id || wanted.substituteFor !== p.substitute_for)) {
        await tx.updateTable('meeting_participants').set({ via_unit_id: wanted.viaUnitId, substitute_for: wanted.substituteFor }).where('meeting_id', '=', id).where('user_id', '=', p.user_id).execute();
      }
    }
    if (added.length) await tx.insertInto('meeting_participants').values(added.map((user_id) => ({ meeting_id: id, user_id, via_unit_id: resolved.invitees.get(user_id)!.viaUnitId, invited_at: now }))).execute();
    await tx.deleteFrom('meeting_units').where('meeting_id', '=', id).execute();
    if (next.unitIds.length) await tx.insertInto('meeting_units').values(next.unitIds.map((unit_id) => ({ meeting_id: id, unit_id }))).execute();
    if (docsChanged) {
      await tx.deleteFrom('meeting_documents').where('meeting_id', '=', id).execute();
      if (next.documentIds.length) await tx.insertInto('meeting_documents').values(next.documentIds.map((document_id) => ({ meeting_id: id, document_id }))).execute();
    }
    await appendMeetingEvent(tx, id, ctx.user.id, 'changed', { changes, startsAt: updated.starts_at.toISOString(), endsAt: updated.ends_at.toISOString(), room: resolved.roomName, place: updated.place, added: added.length, removed: removed.length });
    const params = noticeParams(ctx, updated, resolved.roomName);
    const stayed = [...resolved.invitees.keys()].filter((u) => !added.includes(u));
    await notify(tx, ctx, [
      ...notices(ctx, id, 'meeting_invited', added, params),
      ...notices(ctx, id, 'meeting_changed', stayed, params),
      ...notices(ctx, id, 'meeting_uninvited', removed, params),
    ]);
    return present(tx, ctx.user, id, now);
  });
}

export async function cancelMeeting(deps: MeetingsDeps, ctx: ActionContext, id: string, reason: string): Promise<MeetingDetail> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const m = await managed(tx, deps, ctx, id);
    await tx.updateTable('meetings').set({ status: 'cancelled', cancel_reason: reason, updated_at: now }).where('id', '=', id).execute();
    await appendMeetingEvent(tx, id, ctx.user.id, 'cancelled', { reason });
    const everyone = (await tx.selectFrom('meeting_participants').select('user_id').where('meeting_id', '=', id).execute()).map((p) => p.user_id);
    await notify(tx, ctx, notices(ctx, id, 'meeting_cancelled', [...everyone, m.organizer_id], noticeParams(ctx, m, await roomNameOf(tx, m.room_id), { reason })));
    return present(tx, ctx.user, id, now);
  });
}

// ---------------------------------------------------------------- answers and reminders

export async function answer(deps: MeetingsDeps, ctx: ActionContext, id: string, body: AnswerBody): Promise<MeetingDetail> {
  const now = deps.clock.now();
  if (body.answer === 'absent' && !body.reason) throw ValidationError.field('reason', 'MEETING_REASON_REQUIRED');
  if (body.answer === 'substitute' && !body.substituteId) throw ValidationError.field('substituteId', 'MEETING_SUBSTITUTE_INVALID');
  return deps.db.transaction().execute(async (tx) => {
    if (!(await findReadable(tx, ctx.user, id))) throw notFound('MEETING_NOT_FOUND');
    const m = (await lockMeeting(tx, ctx.user.agencyId, id))!;
    if (m.status === 'cancelled') throw conflict('MEETING_CANCELLED');
    if (m.ends_at <= now) throw conflict('MEETING_ENDED');
    const mine = await tx.selectFrom('meeting_participants').selectAll().where('meeting_id', '=', id).where('user_id', '=', ctx.user.id).executeTakeFirst();
    if (!mine) throw forbidden('MEETING_NOT_PARTICIPANT');
    const roomName = await roomNameOf(tx, m.room_id);
    const items: NewNotification[] = [];
    let substituteName: string | null = null;
    const newSubstitute = body.answer === 'substitute' ? body.substituteId! : null;
    if (newSubstitute) {
      const person = (await activeUsers(tx, ctx.user.agencyId, [newSubstitute]))[0];
      const taken = await tx.selectFrom('meeting_participants').select('user_id').where('meeting_id', '=', id).where('user_id', '=', newSubstitute).executeTakeFirst();
      if (!person || newSubstitute === ctx.user.id || (taken && mine.substitute_id !== newSubstitute)) throw ValidationError.field('substituteId', 'MEETING_SUBSTITUTE_INVALID');
      substituteName = person.full_name;
    }
    // A substitute sent earlier and no longer wanted is taken off and told.
    if (mine.substitute_id && mine.substitute_id !== newSubstitute) {
      await tx.deleteFrom('meeting_participants').where('meeting_id', '=', id).where('user_id', '=', mine.substitute_id).where('substitute_for', '=', ctx.user.id).execute();
      items.push(...notices(ctx, id, 'meeting_uninvited', [mine.substitute_id], noticeParams(ctx, m, roomName)));
    }
    if (newSubstitute && mine.substitute_id !== newSubstitute) {
      await tx.insertInto('meeting_participants').values({ meeting_id: id, user_id: newSubstitute, substitute_for: ctx.user.id, invited_at: now }).execute();
      items.push(...notices(ctx, id, 'meeting_invited', [newSubstitute], noticeParams(ctx, m, roomName)));
    }
    await tx.updateTable('meeting_participants').set({
      response: body.answer, reason: body.answer === 'absent' ? body.reason : null, substitute_id: newSubstitute, responded_at: now,
    }).where('meeting_id', '=', id).where('user_id', '=', ctx.user.id).execute();
    await appendMeetingEvent(tx, id, ctx.user.id, 'answered', { answer: body.answer, reason: body.answer === 'absent' ? body.reason : null, substitute: substituteName });
    await notify(tx, ctx, items);
    return present(tx, ctx.user, id, now);
  });
}

/** The organizer reminds those who have not answered yet. */
export async function remind(deps: MeetingsDeps, ctx: ActionContext, id: string): Promise<MeetingDetail & { reminded: number }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const m = await managed(tx, deps, ctx, id);
    const pending = (await tx.updateTable('meeting_participants').set({ reminded_at: now }).where('meeting_id', '=', id).where('response', '=', 'pending')
      .where('user_id', '!=', ctx.user.id).returning('user_id').execute()).map((p) => p.user_id);
    await appendMeetingEvent(tx, id, ctx.user.id, 'reminded', { count: pending.length });
    await notify(tx, ctx, notices(ctx, id, 'meeting_reminder', pending, noticeParams(ctx, m, await roomNameOf(tx, m.room_id))));
    return { ...(await present(tx, ctx.user, id, now)), reminded: pending.length };
  });
}

// ---------------------------------------------------------------- files, minutes, conclusions

export async function addFiles(deps: MeetingsDeps, ctx: ActionContext, id: string, kind: MeetingFileKind, upload: ReceivedUpload): Promise<MeetingDetail> {
  const now = deps.clock.now();
  if (!upload.files.length) throw badRequest('FILE_REQUIRED');
  return deps.db.transaction().execute(async (tx) => {
    const m = await managed(tx, deps, ctx, id, { whileOpen: kind === 'document' });
    if (kind === 'minutes' && m.starts_at > now) throw conflict('MEETING_NOT_ENDED');
    await upload.commit();
    await tx.insertInto('meeting_files').values(upload.files.map((f) => ({
      meeting_id: id, kind, file_hash: f.hash, file_name: f.fileName, mime_type: f.mimeType, size_bytes: f.size, uploaded_by: ctx.user.id,
    }))).execute();
    await appendMeetingEvent(tx, id, ctx.user.id, kind === 'minutes' ? 'minutes_added' : 'files_added', { files: upload.files.map((f) => f.fileName) });
    return present(tx, ctx.user, id, now);
  });
}

/** A file of the meeting, for its readers only (another agency, a non-participant: 404). */
export async function openFile(deps: MeetingsDeps, ctx: ActionContext, id: string, fileId: string) {
  if (!(await findReadable(deps.db, ctx.user, id))) throw notFound('MEETING_NOT_FOUND');
  const file = await deps.db.selectFrom('meeting_files').selectAll().where('id', '=', fileId).where('meeting_id', '=', id).executeTakeFirst();
  if (!file) throw notFound();
  const stream = await openStoredFile(deps.files, file.file_hash, file.file_name);
  return { stream, mimeType: file.mime_type, fileName: file.file_name, size: Number(file.size_bytes) };
}

export async function addConclusion(deps: MeetingsDeps, ctx: ActionContext, id: string, text: string): Promise<MeetingDetail> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const m = await managed(tx, deps, ctx, id, { whileOpen: false });
    if (m.starts_at > now) throw conflict('MEETING_NOT_ENDED');
    const { n } = await tx.selectFrom('meeting_conclusions').select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.val(0)).as('n')).where('meeting_id', '=', id).executeTakeFirstOrThrow();
    await tx.insertInto('meeting_conclusions').values({ meeting_id: id, position: Number(n) + 1, text, created_by: ctx.user.id }).execute();
    await appendMeetingEvent(tx, id, ctx.user.id, 'conclusion_added', { text });
    return present(tx, ctx.user, id, now);
  });
}

export async function removeConclusion(deps: MeetingsDeps, ctx: ActionContext, id: string, conclusionId: string): Promise<MeetingDetail> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    await managed(tx, deps, ctx, id, { whileOpen: false });
    const c = await tx.selectFrom('meeting_conclusions').selectAll().where('id', '=', conclusionId).where('meeting_id', '=', id).executeTakeFirst();
    if (!c) throw notFound();
    if (c.task_id) throw conflict('CONCLUSION_HAS_TASK');
    await tx.deleteFrom('meeting_conclusions').where('id', '=', conclusionId).execute();
    await appendMeetingEvent(tx, id, ctx.user.id, 'conclusion_removed', { text: c.text });
    return present(tx, ctx.user, id, now);
  });
}

/**
 * A conclusion becomes a task (giao việc), in one transaction: the task (its source the meeting), the
 * conclusion's link to it and the meeting's history. Only the organizer or chair; a conclusion once.
 */
export async function conclusionToTask(deps: MeetingsDeps, ctx: ActionContext, id: string, conclusionId: string, body: ConclusionTaskBody): Promise<{ taskId: string }> {
  return deps.db.transaction().execute(async (tx) => {
    await managed(tx, deps, ctx, id, { whileOpen: false });
    const c = await tx.selectFrom('meeting_conclusions').selectAll().where('id', '=', conclusionId).where('meeting_id', '=', id).forUpdate().executeTakeFirst();
    if (!c) throw notFound();
    if (c.task_id) throw conflict('CONCLUSION_HAS_TASK');
    const task = await createTask(tx, deps.clock, ctx, { ...body, title: body.title ?? c.text.slice(0, 500), description: body.description ?? c.text, source: { kind: 'meeting', id } });
    await tx.updateTable('meeting_conclusions').set({ task_id: task.id }).where('id', '=', conclusionId).execute();
    await appendMeetingEvent(tx, id, ctx.user.id, 'conclusion_to_task', { text: c.text, taskId: task.id });
    return { taskId: task.id };
  });
}

// ---------------------------------------------------------------- rooms

const presentRoom = (r: { id: string; name: string; capacity: number | null; active: boolean }): MeetingRoom => ({ id: r.id, name: r.name, capacity: r.capacity, active: r.active });

export async function listRooms(deps: MeetingsDeps, ctx: ActionContext): Promise<{ items: MeetingRoom[]; canManage: boolean }> {
  const rows = await deps.db.selectFrom('meeting_rooms').select(['id', 'name', 'capacity', 'active']).where('agency_id', '=', ctx.user.agencyId).orderBy('name').execute();
  return { items: rows.map(presentRoom), canManage: canManageRooms(ctx.user) };
}

export async function createRoom(deps: MeetingsDeps, ctx: ActionContext, body: RoomBody): Promise<MeetingRoom> {
  if (!canManageRooms(ctx.user)) throw forbidden('ROOMS_MANAGER_ONLY');
  const row = await uniqueOr('ROOM_NAME_TAKEN', () => deps.db.insertInto('meeting_rooms').values({ agency_id: ctx.user.agencyId, name: body.name, capacity: body.capacity ?? null })
    .returning(['id', 'name', 'capacity', 'active']).executeTakeFirstOrThrow());
  return presentRoom(row);
}

export async function changeRoom(deps: MeetingsDeps, ctx: ActionContext, id: string, patch: RoomPatch): Promise<MeetingRoom> {
  if (!canManageRooms(ctx.user)) throw forbidden('ROOMS_MANAGER_ONLY');
  const row = await uniqueOr('ROOM_NAME_TAKEN', () => deps.db.updateTable('meeting_rooms')
    .set({ ...(patch.name ? { name: patch.name } : {}), ...(patch.capacity !== undefined ? { capacity: patch.capacity } : {}), ...(patch.active !== undefined ? { active: patch.active } : {}), updated_at: deps.clock.now() })
    .where('id', '=', id).where('agency_id', '=', ctx.user.agencyId).returning(['id', 'name', 'capacity', 'active']).executeTakeFirst());
  if (!row) throw notFound();
  return presentRoom(row);
}


import { createTaskBody } from '../tasks/tasks.schemas.js';
import { z } from 'zod';
import { MEETING_ANSWERS, MEETING_VIEWS } from '../../../shared/meetings.js';

export const idParams = z.object({ id: z.uuid() });
export const fileParams = z.object({ id: z.uuid(), fileId: z.uuid() });
export const conclusionParams = z.object({ id: z.uuid(), conclusionId: z.uuid() });

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => v || null);
/** An instant with its offset, e.g. 2026-12-15T08:00:00+07:00 (Vietnam time) or …Z. */
const instant = z.iso.datetime({ offset: true });
const ids = (max: number) => z.array(z.uuid()).max(max).default([]).transform((v) => [...new Set(v)]);

export const listQuery = z.object({ view: z.enum(MEETING_VIEWS).default('upcoming') });
export type ListQuery = z.infer<typeof listQuery>;

const meetingFields = {
  title: text(500),
  startsAt: instant,
  endsAt: instant,
  /** A room of the agency, or a free-text place (one of the two; both may be given: the room is booked). */
  roomId: z.uuid().nullish(),
  place: optionalText(300),
  chairId: z.uuid(),
  userIds: ids(500),
  unitIds: ids(100),
  agenda: z.array(text(1000)).max(50).default([]),
  documentIds: ids(50),
};

export const meetingBody = z.strictObject(meetingFields);
export type MeetingBody = z.infer<typeof meetingBody>;

/** A change: what is given replaces what was; what is absent stays. */
export const meetingPatch = z.strictObject({
  title: meetingFields.title.optional(),
  startsAt: instant.optional(),
  endsAt: instant.optional(),
  roomId: z.uuid().nullish(),
  place: optionalText(300).optional(),
  chairId: z.uuid().optional(),
  userIds: z.array(z.uuid()).max(500).transform((v) => [...new Set(v)]).optional(),
  unitIds: z.array(z.uuid()).max(100).transform((v) => [...new Set(v)]).optional(),
  agenda: z.array(text(1000)).max(50).optional(),
  documentIds: z.array(z.uuid()).max(50).transform((v) => [...new Set(v)]).optional(),
});
export type MeetingPatch = z.infer<typeof meetingPatch>;

export const cancelBody = z.strictObject({ reason: text(1000) });

export const answerBody = z.strictObject({
  answer: z.enum(MEETING_ANSWERS),
  /** Required when absent. */
  reason: optionalText(1000),
  /** Required when sending a substitute: another official of the agency. */
  substituteId: z.uuid().nullish(),
});
export type AnswerBody = z.infer<typeof answerBody>;

export const conclusionBody = z.strictObject({ text: text(4000) });

export const roomBody = z.strictObject({
  name: text(200),
  capacity: z.number().int().min(1).max(10000).nullish(),
});
export const roomPatch = z.strictObject({
  name: text(200).optional(),
  capacity: z.number().int().min(1).max(10000).nullish(),
  active: z.boolean().optional(),
});
export type RoomBody = z.infer<typeof roomBody>;
export type RoomPatch = z.infer<typeof roomPatch>;

/** A conclusion made a task: the task's fields but its source (the meeting); title and description default to the conclusion. */
export const conclusionTaskBody = createTaskBody.omit({ source: true, title: true }).extend({ title: z.string().trim().min(1).max(500).optional() });
export type ConclusionTaskBody = z.input<typeof conclusionTaskBody>;

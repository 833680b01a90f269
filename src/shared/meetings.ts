// Meetings (triệu tập cuộc họp; issue 12), shared by server and web.

export const MEETING_RESPONSES = ['pending', 'attend', 'absent', 'substitute'] as const;
export type MeetingResponse = (typeof MEETING_RESPONSES)[number];

export const MEETING_ANSWERS = ['attend', 'absent', 'substitute'] as const;
export type MeetingAnswer = (typeof MEETING_ANSWERS)[number];

/** upcoming / past: my meetings (participant, organizer or chair); organized: I convened or chair it; agency: every meeting of the agency (leaders). */
export const MEETING_VIEWS = ['upcoming', 'past', 'organized', 'agency'] as const;
export type MeetingView = (typeof MEETING_VIEWS)[number];

export type MeetingStatus = 'scheduled' | 'cancelled';
export type MeetingFileKind = 'document' | 'minutes';

/** What the reader may do on a meeting. */
export type MeetingAction = 'edit' | 'cancel' | 'remind' | 'answer' | 'minutes';

export interface MeetingRoom {
  id: string;
  name: string;
  capacity: number | null;
  active: boolean;
}

export interface PersonRef { id: string; fullName: string }

export interface MeetingSummary {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  room: { id: string; name: string } | null;
  place: string | null;
  chair: PersonRef;
  organizer: PersonRef;
  status: MeetingStatus;
  /** My own answer, when I am a participant. */
  myResponse: MeetingResponse | null;
  counts: MeetingCounts;
}

export interface MeetingCounts { invited: number; attend: number; absent: number; substitute: number; pending: number }

export interface MeetingParticipant {
  user: PersonRef & { unitName: string | null };
  viaUnit: { id: string; name: string } | null;
  substituteFor: PersonRef | null;
  response: MeetingResponse;
  reason: string | null;
  substitute: PersonRef | null;
  respondedAt: string | null;
  remindedAt: string | null;
}

/** A document of the system linked to the meeting: its details only if the reader may open it. */
export interface MeetingLinkedDocument {
  id: string;
  visible: boolean;
  summary: string | null;
  reference: string | null;
  /** The app's path of the document (when visible). */
  path: string | null;
}

export interface MeetingFile { id: string; kind: MeetingFileKind; fileName: string; mimeType: string; size: number; uploadedBy: string; uploadedAt: string }

export interface MeetingConclusion { id: string; position: number; text: string; taskId: string | null }

export interface MeetingEvent { id: string; action: string; actor: string | null; payload: Record<string, unknown>; at: string }

export interface MeetingDetail extends MeetingSummary {
  agenda: string[];
  cancelReason: string | null;
  units: { id: string; name: string }[];
  participants: MeetingParticipant[];
  documents: MeetingLinkedDocument[];
  files: MeetingFile[];
  conclusions: MeetingConclusion[];
  history: MeetingEvent[];
  actions: MeetingAction[];
}

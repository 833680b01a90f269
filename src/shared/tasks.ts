// Tasks (giao việc, issue 12), shared by server and web.

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** in_progress: the assignees work; completed: waiting for the assigner to accept or return it; accepted: closed. */
export const TASK_STATUSES = ['in_progress', 'completed', 'accepted'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_ROLES = ['lead', 'coordinate'] as const;
export type TaskRole = (typeof TASK_ROLES)[number];

export const TASK_SOURCE_KINDS = ['document', 'meeting', 'task'] as const;
export type TaskSourceKind = (typeof TASK_SOURCE_KINDS)[number];

/** "tasks I gave", "tasks I have", "my unit's tasks" (unit heads), "all of the agency" (leaders). */
export const TASK_VIEWS = ['given', 'mine', 'unit', 'all'] as const;
export type TaskView = (typeof TASK_VIEWS)[number];

export type TaskAction = 'edit' | 'progress' | 'comment' | 'complete' | 'accept' | 'return' | 'pass_on' | 'checklist' | 'files' | 'subtask' | 'remind';

export interface TaskPerson { id: string; fullName: string }
export interface TaskUnit { id: string; name: string }

export interface TaskAssignee {
  id: string;
  role: TaskRole;
  user: TaskPerson | null;
  unit: TaskUnit | null;
  /** 'passed_on': a unit's row whose head passed it to a member (the member's row names it as parentId). */
  status: 'active' | 'passed_on';
  parentId: string | null;
}

export interface TaskSummary {
  id: string;
  title: string;
  priority: TaskPriority;
  status: TaskStatus;
  progress: number;
  dueDate: string | null;
  overdue: boolean;
  assigner: TaskPerson;
  /** The lead: an official's name or a unit's. */
  lead: string | null;
  parentTaskId: string | null;
  createdAt: string;
}

/** Where a task comes from; a document's details only for a reader who may open that document. */
export type TaskSource =
  | { kind: 'document'; id: string; visible: true; direction: string; reference: string | null; summary: string }
  | { kind: 'document'; id: string; visible: false }
  | { kind: 'meeting'; id: string }
  | { kind: 'task'; id: string; /** null: the reader may not open the parent task. */ title: string | null };

export interface TaskChecklistItem { id: string; text: string; done: boolean; doneBy: string | null; doneAt: string | null }
export interface TaskFile { id: string; fileName: string; mimeType: string; size: number; createdBy: string; createdAt: string }
export interface TaskEvent { id: string; action: string; actor: string | null; payload: Record<string, unknown>; createdAt: string }

export interface TaskDetail extends TaskSummary {
  description: string | null;
  version: number;
  returnReason: string | null;
  completedAt: string | null;
  acceptedAt: string | null;
  source: TaskSource | null;
  assignees: TaskAssignee[];
  checklist: TaskChecklistItem[];
  files: TaskFile[];
  subtasks: TaskSummary[];
  history: TaskEvent[];
  /** What the reader may do (the server refuses the rest). */
  actions: TaskAction[];
}

export interface TaskListQuery {
  view: TaskView;
  status?: TaskStatus | 'open';
  overdue?: boolean;
  unitId?: string;
}

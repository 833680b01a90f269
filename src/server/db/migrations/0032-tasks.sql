-- Tasks (giao việc; issue 12). Work given to officials or units, standalone or from a source (a
-- document, a meeting conclusion, another task: sub-tasks), with a lead and optional coordinators,
-- a checklist, files through the file store, progress, and a history written in the transaction of
-- each change. A unit's assignment is held by its heads, who may pass it on to a member (as a
-- document's assignment is).

CREATE TABLE tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  title text NOT NULL,
  description text,
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  due_date date,
  -- in_progress: the assignees work; completed: the lead says it is done, the assigner accepts or returns it; accepted: closed.
  status text NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'completed', 'accepted')),
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  assigned_by uuid NOT NULL REFERENCES users(id),
  -- Where the work comes from: nothing, a document, a meeting (its conclusion) or another task (a sub-task).
  source_kind text CHECK (source_kind IN ('document', 'meeting', 'task')),
  source_id uuid,
  parent_task_id uuid REFERENCES tasks(id),
  return_reason text,
  completed_at timestamptz,
  accepted_at timestamptz,
  -- One more with every change: a client sending the version it saw is refused if another change came first.
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((source_kind IS NULL) = (source_id IS NULL)),
  CHECK ((parent_task_id IS NOT NULL) = (source_kind IS NOT DISTINCT FROM 'task'))
);
CREATE INDEX tasks_agency_idx ON tasks (agency_id, status, due_date);
CREATE INDEX tasks_assigner_idx ON tasks (assigned_by, created_at);
CREATE INDEX tasks_parent_idx ON tasks (parent_task_id) WHERE parent_task_id IS NOT NULL;
CREATE INDEX tasks_source_idx ON tasks (source_kind, source_id) WHERE source_id IS NOT NULL;

-- Who holds the work: a person (user_id, with their unit at the time) or a unit (user_id null: its
-- heads hold it). A unit head passing it on adds a row for the member with parent_id = the unit's row,
-- which becomes 'passed_on'.
CREATE TABLE task_assignees (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  task_id uuid NOT NULL REFERENCES tasks(id),
  role text NOT NULL CHECK (role IN ('lead', 'coordinate')),
  user_id uuid REFERENCES users(id),
  unit_id uuid REFERENCES units(id),
  parent_id uuid REFERENCES task_assignees(id),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'passed_on')),
  assigned_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (user_id IS NOT NULL OR unit_id IS NOT NULL)
);
CREATE INDEX task_assignees_task_idx ON task_assignees (task_id);
CREATE INDEX task_assignees_user_idx ON task_assignees (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX task_assignees_unit_idx ON task_assignees (unit_id);

CREATE TABLE task_checklist_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  task_id uuid NOT NULL REFERENCES tasks(id),
  position integer NOT NULL,
  text text NOT NULL,
  done boolean NOT NULL DEFAULT false,
  done_by uuid REFERENCES users(id),
  done_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_checklist_task_idx ON task_checklist_items (task_id, position);

CREATE TABLE task_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  task_id uuid NOT NULL REFERENCES tasks(id),
  file_hash text NOT NULL,
  file_name text NOT NULL,
  mime_type text NOT NULL,
  size_bytes integer NOT NULL,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_files_task_idx ON task_files (task_id);
CREATE INDEX task_files_hash_idx ON task_files (file_hash);

-- The task's history (and its comments): one row per change, in the change's transaction.
CREATE TABLE task_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id uuid NOT NULL REFERENCES tasks(id),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  actor_id uuid REFERENCES users(id),
  action text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_events_task_idx ON task_events (task_id, id);

-- Reminders already sent (the scan writes each (task, rule, due date) once, as assignment_reminders).
CREATE TABLE task_reminders (
  task_id uuid NOT NULL REFERENCES tasks(id),
  rule text NOT NULL,
  day date NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (task_id, rule, day)
);

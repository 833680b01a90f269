-- Meetings (triệu tập cuộc họp; issue 12). A leader, a unit head or the office (for a leader)
-- convenes a meeting in a room of the agency or at a free-text place; participants are officials,
-- named or through their unit (expanded to the unit's active members at invitation time, the unit
-- remembered); each answers. Minutes (files) and conclusions come after the meeting.

-- The double booking of a room is refused by the database itself (exclusion constraint), so two
-- bookings racing cannot both win: btree_gist gives uuid equality inside a GiST index. PGlite loads
-- the same extension (src/server/db/pglite-server.mjs).
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE meeting_rooms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  name text NOT NULL,
  capacity integer CHECK (capacity IS NULL OR capacity > 0),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX meeting_rooms_name_idx ON meeting_rooms (agency_id, lower(name));

CREATE TABLE meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  title text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  room_id uuid REFERENCES meeting_rooms(id),
  place text,
  chair_id uuid NOT NULL REFERENCES users(id),
  -- Who convened it (a leader, a unit head, or the office for the chair): manages it with the chair.
  organizer_id uuid NOT NULL REFERENCES users(id),
  agenda text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
  cancel_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK (room_id IS NOT NULL OR place IS NOT NULL),
  CONSTRAINT meetings_no_double_booking EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (room_id IS NOT NULL AND status = 'scheduled')
);
CREATE INDEX meetings_agency_time_idx ON meetings (agency_id, starts_at);

-- Units invited as a whole: remembered, their members of that day are the participants via_unit_id.
CREATE TABLE meeting_units (
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units(id),
  PRIMARY KEY (meeting_id, unit_id)
);

CREATE TABLE meeting_participants (
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  -- null: named (or the chair); else invited through this unit.
  via_unit_id uuid REFERENCES units(id),
  -- Set for a substitute: whom they replace.
  substitute_for uuid REFERENCES users(id),
  response text NOT NULL DEFAULT 'pending' CHECK (response IN ('pending', 'attend', 'absent', 'substitute')),
  reason text,
  substitute_id uuid REFERENCES users(id),
  responded_at timestamptz,
  reminded_at timestamptz,
  invited_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (meeting_id, user_id),
  CHECK ((response = 'substitute') = (substitute_id IS NOT NULL))
);
CREATE INDEX meeting_participants_user_idx ON meeting_participants (user_id);

-- Linked documents of the system: each opens only under the document's own rules.
CREATE TABLE meeting_documents (
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  document_id uuid NOT NULL REFERENCES documents(id),
  PRIMARY KEY (meeting_id, document_id)
);

-- Files through the file store: the meeting's papers (`document`) and, after it, the minutes.
CREATE TABLE meeting_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('document', 'minutes')),
  file_hash char(64) NOT NULL,
  file_name text NOT NULL,
  mime_type text NOT NULL,
  size_bytes bigint NOT NULL,
  uploaded_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_files_meeting_idx ON meeting_files (meeting_id);
CREATE INDEX meeting_files_hash_idx ON meeting_files (file_hash);

-- Conclusions (kết luận): each may become a task; task_id has no foreign key on purpose (the tasks
-- module is built separately and wires it).
CREATE TABLE meeting_conclusions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  position integer NOT NULL,
  text text NOT NULL,
  task_id uuid,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_conclusions_meeting_idx ON meeting_conclusions (meeting_id, position);

-- The meeting's history, written in the transaction of each change.
CREATE TABLE meeting_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  actor_id uuid REFERENCES users(id),
  action text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_events_meeting_idx ON meeting_events (meeting_id, id);

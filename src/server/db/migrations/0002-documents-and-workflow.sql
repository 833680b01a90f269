-- Registers (sổ văn bản): one per agency, kind and year; next_number hands out arrival numbers.
CREATE TABLE registers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  kind text NOT NULL CHECK (kind IN ('incoming', 'outgoing', 'internal', 'secret', 'copy')),
  year integer NOT NULL,
  name text NOT NULL,
  next_number integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, kind, year)
);

CREATE TABLE documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  direction text NOT NULL CHECK (direction IN ('incoming', 'outgoing', 'internal')),
  register_id uuid REFERENCES registers(id),
  arrival_number integer,
  received_on date,
  issuer text NOT NULL,
  number text,
  notation text,
  issued_on date,
  document_type text NOT NULL,
  summary text NOT NULL,
  signer text,
  urgency text NOT NULL DEFAULT 'normal'
    CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'flash', 'flash_timed')),
  urgency_rank smallint GENERATED ALWAYS AS (
    CASE urgency WHEN 'flash_timed' THEN 4 WHEN 'flash' THEN 3 WHEN 'very_urgent' THEN 2
                 WHEN 'urgent' THEN 1 ELSE 0 END) STORED,
  secrecy text NOT NULL DEFAULT 'none' CHECK (secrecy IN ('none', 'confidential', 'secret', 'top_secret')),
  page_count integer,
  due_date date,
  status text NOT NULL CHECK (status IN ('registered', 'submitted', 'in_progress', 'completed', 'returned')),
  submitted_to uuid REFERENCES users(id),
  submitted_at timestamptz,
  return_reason text,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  UNIQUE (register_id, arrival_number),
  CHECK (due_date IS NULL OR received_on IS NULL OR due_date >= received_on)
);
CREATE INDEX documents_register_order_idx ON documents (agency_id, direction, received_on DESC, arrival_number DESC);
CREATE INDEX documents_status_idx ON documents (agency_id, status);
CREATE INDEX documents_submitted_to_idx ON documents (submitted_to) WHERE status = 'submitted';
CREATE INDEX documents_duplicate_idx ON documents (agency_id, lower(number), lower(notation));

CREATE TABLE attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id uuid NOT NULL REFERENCES documents(id),
  file_hash char(64) NOT NULL,
  file_name text NOT NULL,
  mime_type text NOT NULL,
  size_bytes bigint NOT NULL,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_document_idx ON attachments (document_id);
CREATE INDEX attachments_hash_idx ON attachments (file_hash);

-- Who was given what: the tree of assignments (parent = the assignment that was passed on).
CREATE TABLE assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq bigint GENERATED ALWAYS AS IDENTITY,  -- keeps the order in which work was handed out
  document_id uuid NOT NULL REFERENCES documents(id),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  parent_id uuid REFERENCES assignments(id),
  role text NOT NULL CHECK (role IN ('lead', 'coordinate', 'info')),
  assignee_user_id uuid REFERENCES users(id),
  assignee_unit_id uuid REFERENCES units(id),
  assigned_by uuid NOT NULL REFERENCES users(id),
  direction text,
  due_date date,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_progress', 'completed', 'returned')),
  result text,
  return_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  completed_by uuid REFERENCES users(id),
  CHECK ((assignee_user_id IS NULL) <> (assignee_unit_id IS NULL))
);
CREATE INDEX assignments_document_idx ON assignments (document_id);
CREATE INDEX assignments_user_idx ON assignments (assignee_user_id, status) WHERE assignee_user_id IS NOT NULL;
CREATE INDEX assignments_unit_idx ON assignments (assignee_unit_id, status) WHERE assignee_unit_id IS NOT NULL;
CREATE INDEX assignments_assigned_by_idx ON assignments (assigned_by);
CREATE INDEX assignments_parent_idx ON assignments (parent_id);

-- Append-only history: every action, written in the same transaction as the change it records.
-- Events of one document form a SHA-256 chain (hash covers the previous hash), so an edit shows.
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agencies(id),
  document_id uuid REFERENCES documents(id),
  assignment_id uuid REFERENCES assignments(id),
  actor_id uuid REFERENCES users(id),
  on_behalf_of_id uuid REFERENCES users(id),
  action text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL,
  prev_hash char(64),
  hash char(64) NOT NULL
);
CREATE INDEX events_document_idx ON events (document_id, id);
CREATE INDEX events_agency_idx ON events (agency_id, id);

CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only';
END;
$$;
CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();

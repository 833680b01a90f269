-- Case files and the file plan (hồ sơ, danh mục hồ sơ; issue 13; Decree 30 Art. 28, annex V and
-- annex VI §III.4). The plan is per agency and year: headings (a tree), and under them the planned
-- files with their number, notation, title, retention, access regime and keeper. The office
-- drafts it, the head of the agency approves it; every change after approval is kept as a revision.
-- Case files are opened from the plan; documents are linked (never copied) with a gap-free ordinal.

-- Numbers of planned files start at 01 across the whole plan ('plan') or within each top-level heading ('heading').
ALTER TABLE agencies ADD COLUMN record_numbering text NOT NULL DEFAULT 'plan' CHECK (record_numbering IN ('plan', 'heading'));

CREATE TABLE record_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
  -- 0 while drafted; 1 when approved, then one more for every change after approval.
  version integer NOT NULL DEFAULT 0,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  approved_by uuid REFERENCES users(id),
  approved_at timestamptz,
  UNIQUE (agency_id, year),
  CHECK ((status = 'approved') = (approved_at IS NOT NULL))
);

CREATE TABLE record_headings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES record_plans(id),
  parent_id uuid REFERENCES record_headings(id),
  position integer NOT NULL,
  code text NOT NULL,
  title text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX record_headings_plan_idx ON record_headings (plan_id, position);

CREATE TABLE record_plan_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES record_plans(id),
  heading_id uuid NOT NULL REFERENCES record_headings(id),
  -- The top-level heading above heading_id: the numbering scope when the agency numbers per heading.
  top_heading_id uuid NOT NULL REFERENCES record_headings(id),
  number integer NOT NULL CHECK (number > 0),
  notation text,
  title text NOT NULL,
  retention text NOT NULL CHECK (retention IN ('permanent', '70', '50', '30', '20', '10', '5', 'until_replaced')),
  access_regime text NOT NULL CHECK (access_regime IN ('public', 'conditional', 'secret')),
  keeper_unit_id uuid REFERENCES units(id),
  keeper_user_id uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (keeper_unit_id IS NOT NULL OR keeper_user_id IS NOT NULL)
);
CREATE INDEX record_plan_entries_plan_idx ON record_plan_entries (plan_id, number);

-- Every change to an approved plan: what it was and what it became (nothing is overwritten silently).
CREATE TABLE record_plan_revisions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id uuid NOT NULL REFERENCES record_plans(id),
  version integer NOT NULL,
  action text NOT NULL,
  subject_id uuid,
  before jsonb,
  after jsonb,
  changed_by uuid NOT NULL REFERENCES users(id),
  changed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (plan_id, version)
);

CREATE TABLE case_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  -- One case file for a planned entry; NULL while the file is not (yet) in the plan.
  plan_entry_id uuid UNIQUE REFERENCES record_plan_entries(id),
  year integer NOT NULL,
  code text NOT NULL,
  title text NOT NULL,
  retention text NOT NULL,
  access_regime text NOT NULL CHECK (access_regime IN ('public', 'conditional', 'secret')),
  language text NOT NULL DEFAULT 'vi',
  keywords text,
  description text,
  -- Set by the keeper; NULL: computed from the documents.
  start_date date,
  end_date date,
  page_total integer CHECK (page_total >= 0),
  reliability text CHECK (reliability IN ('born_digital', 'digitized', 'mixed')),
  keeper_id uuid NOT NULL REFERENCES users(id),
  keeper_unit_id uuid REFERENCES units(id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_at timestamptz,
  closed_by uuid REFERENCES users(id),
  next_ordinal integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, code),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX case_files_keeper_idx ON case_files (keeper_id);
CREATE INDEX case_files_unit_idx ON case_files (keeper_unit_id);

-- A document in a case file: a link (the document stays one), with its ordinal in the file.
-- Ordinals run 1..n without gaps: removing one renumbers those after it in the same transaction.
CREATE TABLE case_file_documents (
  case_file_id uuid NOT NULL REFERENCES case_files(id),
  document_id uuid NOT NULL REFERENCES documents(id),
  ordinal integer NOT NULL CHECK (ordinal > 0),
  added_by uuid NOT NULL REFERENCES users(id),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_file_id, document_id),
  CONSTRAINT case_file_documents_ordinal_key UNIQUE (case_file_id, ordinal) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX case_file_documents_document_idx ON case_file_documents (document_id);

-- People the keeper lets read the file (the documents inside keep their own rules).
CREATE TABLE case_file_shares (
  case_file_id uuid NOT NULL REFERENCES case_files(id),
  user_id uuid NOT NULL REFERENCES users(id),
  granted_by uuid NOT NULL REFERENCES users(id),
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_file_id, user_id)
);
CREATE INDEX case_file_shares_user_idx ON case_file_shares (user_id);

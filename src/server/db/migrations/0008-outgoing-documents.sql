-- Outgoing documents (văn bản đi) live in `documents` beside incoming ones, with their own states:
-- draft → in_review → (returned → in_review …) → approved → signed (digital signatures) → issued.
ALTER TABLE documents DROP CONSTRAINT documents_status_check;
ALTER TABLE documents ADD CONSTRAINT documents_status_check CHECK (
  (direction = 'incoming' AND status IN ('registered', 'submitted', 'in_progress', 'completed', 'returned'))
  OR (direction <> 'incoming' AND status IN ('draft', 'in_review', 'returned', 'approved', 'signed', 'issued')));
ALTER TABLE documents
  ADD COLUMN drafting_unit_id uuid REFERENCES units(id),
  ADD COLUMN signer_id uuid REFERENCES users(id),
  -- Hình thức ký of Decree 30 (Điều 13): none, KT. (deputy for the head), TL., TUQ., TM., Q.
  ADD COLUMN signing_form text CHECK (signing_form IN ('none', 'KT', 'TL', 'TUQ', 'TM', 'Q')),
  ADD COLUMN reply_to_id uuid REFERENCES documents(id),
  ADD COLUMN approved_by uuid REFERENCES users(id),
  ADD COLUMN approved_at timestamptz,
  ADD COLUMN approved_version integer,
  -- The running number of the outgoing (or secret) register: taken only at issuance.
  ADD COLUMN issue_number integer,
  ADD COLUMN issued_by uuid REFERENCES users(id),
  ADD COLUMN issued_at timestamptz,
  ADD COLUMN copies integer CHECK (copies IS NULL OR copies BETWEEN 1 AND 1000),
  ADD CONSTRAINT documents_register_issue_number_key UNIQUE (register_id, issue_number);
CREATE INDEX documents_outgoing_idx ON documents (agency_id, direction, status, updated_at DESC) WHERE direction = 'outgoing';
CREATE INDEX documents_drafter_idx ON documents (created_by) WHERE direction = 'outgoing';
CREATE INDEX documents_drafting_unit_idx ON documents (drafting_unit_id) WHERE direction = 'outgoing';
CREATE INDEX documents_reply_to_idx ON documents (reply_to_id) WHERE reply_to_id IS NOT NULL;
-- The outgoing register (sổ văn bản đi), newest first.
CREATE INDEX documents_outgoing_register_idx ON documents (agency_id, issued_on DESC, issue_number DESC) WHERE direction = 'outgoing' AND status = 'issued';

-- Every upload of a draft's main file is a new version; every version stays readable.
CREATE TABLE document_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id uuid NOT NULL REFERENCES documents(id),
  version integer NOT NULL,
  file_hash char(64) NOT NULL,
  file_name text NOT NULL,
  mime_type text NOT NULL,
  size_bytes bigint NOT NULL,
  note text,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- A DOCX version is read and signed as PDF: converted in the background by LibreOffice.
  pdf_status text NOT NULL DEFAULT 'none' CHECK (pdf_status IN ('none', 'pending', 'converting', 'done', 'failed', 'unavailable')),
  pdf_hash char(64),
  pdf_error text,
  pdf_attempted_at timestamptz,
  UNIQUE (document_id, version)
);
CREATE INDEX document_versions_hash_idx ON document_versions (file_hash);
CREATE INDEX document_versions_pdf_hash_idx ON document_versions (pdf_hash) WHERE pdf_hash IS NOT NULL;
CREATE INDEX document_versions_pending_idx ON document_versions (created_at) WHERE pdf_status IN ('pending', 'converting');

-- Nơi nhận: units or people of this agency (delivered at issuance), other agencies of the
-- deployment and outside addresses (recorded now, delivered by the exchange module).
CREATE TABLE document_recipients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id uuid NOT NULL REFERENCES documents(id),
  kind text NOT NULL CHECK (kind IN ('unit', 'user', 'agency', 'external')),
  unit_id uuid REFERENCES units(id),
  user_id uuid REFERENCES users(id),
  agency_id uuid REFERENCES agencies(id),
  name text,
  purpose text NOT NULL DEFAULT 'info' CHECK (purpose IN ('handle', 'info')),
  due_date date,
  delivered_at timestamptz,
  sort_order integer NOT NULL DEFAULT 0,
  CHECK ((kind = 'unit') = (unit_id IS NOT NULL)),
  CHECK ((kind = 'user') = (user_id IS NOT NULL)),
  CHECK ((kind = 'agency') = (agency_id IS NOT NULL)),
  CHECK (kind <> 'external' OR name IS NOT NULL)
);
CREATE INDEX document_recipients_document_idx ON document_recipients (document_id);
-- What reached a unit or an official: the recipients' side of visibility.
CREATE INDEX document_recipients_unit_idx ON document_recipients (unit_id, document_id) WHERE unit_id IS NOT NULL;
CREATE INDEX document_recipients_user_idx ON document_recipients (user_id, document_id) WHERE user_id IS NOT NULL;

-- Approval chains the admin configures per document type (NULL = the agency's default): ordered
-- steps, each a position relative to the drafter, resolved to people when the draft is submitted.
CREATE TABLE approval_chains (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  document_type text,
  steps jsonb NOT NULL,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX approval_chains_agency_type_key ON approval_chains (agency_id, COALESCE(document_type, ''));

-- Where the agency is, as its documents are dated ("Điện Biên, ngày … tháng … năm …").
ALTER TABLE agencies ADD COLUMN place_name text;

-- The leader in charge of a unit (lãnh đạo phụ trách), for "the deputy director in charge" steps.
ALTER TABLE units ADD COLUMN supervisor_id uuid REFERENCES users(id);

-- One row per step of each round of review: who holds it, what they decided, on which version.
CREATE TABLE approval_steps (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq bigint GENERATED ALWAYS AS IDENTITY,
  document_id uuid NOT NULL REFERENCES documents(id),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  round integer NOT NULL,
  position integer NOT NULL,
  kind text NOT NULL,
  holder_id uuid NOT NULL REFERENCES users(id),
  status text NOT NULL CHECK (status IN ('waiting', 'current', 'approved', 'returned', 'forwarded', 'cancelled')),
  comment text,
  version integer,
  forwarded_from uuid REFERENCES approval_steps(id),
  became_current_at timestamptz,
  acted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX approval_steps_document_idx ON approval_steps (document_id, seq);
CREATE INDEX approval_steps_holder_idx ON approval_steps (holder_id, status, document_id);
CREATE UNIQUE INDEX approval_steps_one_current ON approval_steps (document_id) WHERE status = 'current';

-- Lấy ý kiến: the drafter or a reviewer asks units or officials of the agency for comments by a date.
-- Each answers once (agree, agree with comments, disagree) with text and files. A consultation
-- blocks the chain only when its asker says so.
CREATE TABLE consultations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id uuid NOT NULL REFERENCES documents(id),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  asked_by uuid NOT NULL REFERENCES users(id),
  question text NOT NULL,
  due_date date NOT NULL,
  blocking boolean NOT NULL DEFAULT false,
  version integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultations_document_idx ON consultations (document_id);

CREATE TABLE consultation_answers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id uuid NOT NULL REFERENCES consultations(id),
  document_id uuid NOT NULL REFERENCES documents(id),
  unit_id uuid REFERENCES units(id),
  user_id uuid REFERENCES users(id),
  opinion text CHECK (opinion IN ('agree', 'agree_with_comments', 'disagree')),
  comment text,
  answered_by uuid REFERENCES users(id),
  answered_at timestamptz,
  CHECK ((unit_id IS NULL) <> (user_id IS NULL)),
  CHECK ((opinion IS NULL) = (answered_at IS NULL))
);
CREATE INDEX consultation_answers_document_idx ON consultation_answers (document_id);
CREATE INDEX consultation_answers_user_idx ON consultation_answers (user_id) WHERE answered_at IS NULL;
CREATE INDEX consultation_answers_unit_idx ON consultation_answers (unit_id) WHERE answered_at IS NULL;

CREATE TABLE consultation_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  answer_id uuid NOT NULL REFERENCES consultation_answers(id),
  file_hash char(64) NOT NULL,
  file_name text NOT NULL,
  mime_type text NOT NULL,
  size_bytes bigint NOT NULL
);
CREATE INDEX consultation_files_answer_idx ON consultation_files (answer_id);
CREATE INDEX consultation_files_hash_idx ON consultation_files (file_hash);

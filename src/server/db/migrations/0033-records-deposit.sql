-- Deposit of closed case files into the agency archive (nộp lưu vào lưu trữ cơ quan; issue 13,
-- Decree 30 Art. 29–30, annex VI §III.5): the office receives closed files with a deposit record
-- (biên bản giao nhận); a deposited file is read-only and keeps its access regime; its retention
-- runs from the deposit; when it ends the head of the agency decides to keep it longer or to
-- destroy it. Destruction marks only the case file (its list of documents stays, the documents stay).

-- A case file is open, closed (frozen), deposited (in the agency archive) or destroyed (by decision).
ALTER TABLE case_files DROP CONSTRAINT case_files_status_check;
ALTER TABLE case_files DROP CONSTRAINT case_files_check;
ALTER TABLE case_files ADD CONSTRAINT case_files_status_check CHECK (status IN ('open', 'closed', 'deposited', 'destroyed'));
ALTER TABLE case_files ADD CONSTRAINT case_files_closed_check CHECK ((status = 'open') = (closed_at IS NULL));

-- One deposit record: its number runs from 1 in each agency and year.
CREATE TABLE record_deposits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  year integer NOT NULL,
  number integer NOT NULL CHECK (number > 0),
  deposited_on date NOT NULL,
  received_by uuid NOT NULL REFERENCES users(id),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, year, number)
);

ALTER TABLE case_files ADD COLUMN deposit_id uuid REFERENCES record_deposits(id);
ALTER TABLE case_files ADD COLUMN deposited_on date;
-- The last day of retention (deposit date + the retention years, or later when the head extended it); NULL: kept permanently.
ALTER TABLE case_files ADD COLUMN retain_until date;
ALTER TABLE case_files ADD COLUMN destroyed_at timestamptz;
ALTER TABLE case_files ADD CONSTRAINT case_files_deposit_check CHECK ((status IN ('deposited', 'destroyed')) = (deposit_id IS NOT NULL AND deposited_on IS NOT NULL));
ALTER TABLE case_files ADD CONSTRAINT case_files_destroyed_check CHECK ((status = 'destroyed') = (destroyed_at IS NOT NULL));
CREATE INDEX case_files_deposit_idx ON case_files (deposit_id);
CREATE INDEX case_files_retention_idx ON case_files (agency_id, retain_until) WHERE status = 'deposited';

-- The head of the agency's decisions on files whose retention ended: keep longer, or destroy (with the decision's number).
CREATE TABLE record_retention_decisions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_file_id uuid NOT NULL REFERENCES case_files(id),
  decision text NOT NULL CHECK (decision IN ('extend', 'destroy')),
  decision_number text,
  extend_years integer CHECK (extend_years > 0),
  retain_until_before date,
  retain_until_after date,
  note text,
  decided_by uuid NOT NULL REFERENCES users(id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((decision = 'extend') = (extend_years IS NOT NULL)),
  CHECK (decision = 'extend' OR decision_number IS NOT NULL)
);
CREATE INDEX record_retention_decisions_file_idx ON record_retention_decisions (case_file_id, decided_at);

-- Every print or PDF download of a document (annex VI §III.6): who, when, which document and file, marked or not.
CREATE TABLE document_printouts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agencies(id),
  document_id uuid NOT NULL REFERENCES documents(id),
  attachment_id uuid REFERENCES attachments(id),
  user_id uuid NOT NULL REFERENCES users(id),
  printed_at timestamptz NOT NULL DEFAULT now(),
  marked boolean NOT NULL,
  ip text
);
CREATE INDEX document_printouts_document_idx ON document_printouts (document_id, printed_at);

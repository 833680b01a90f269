-- Issue 13, what was still missing: case files opened outside the file plan (hồ sơ ngoài danh mục),
-- which the office later adds into the plan, and the statistics of case files with their accesses
-- (annex VI §III.6: counts of files, documents and accesses).

-- A case file opened by an official outside the plan keeps plan_entry_id NULL until the office adds it
-- under a heading; these columns say who added it and when (the plan's revision keeps the rest).
ALTER TABLE case_files ADD COLUMN planned_at timestamptz;
ALTER TABLE case_files ADD COLUMN planned_by uuid REFERENCES users(id);
CREATE INDEX case_files_unplanned_idx ON case_files (agency_id, year) WHERE plan_entry_id IS NULL;
CREATE INDEX case_files_agency_year_idx ON case_files (agency_id, year, keeper_unit_id);

-- Every read of a case file's page (its detail), by whom and when; list reads are not recorded.
CREATE TABLE case_file_accesses (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agencies(id),
  case_file_id uuid NOT NULL REFERENCES case_files(id),
  user_id uuid NOT NULL REFERENCES users(id),
  accessed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_file_accesses_file_idx ON case_file_accesses (case_file_id, accessed_at);
CREATE INDEX case_file_accesses_agency_idx ON case_file_accesses (agency_id, accessed_at);

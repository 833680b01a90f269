-- Operations (issue 14): the history's chain checked every night, and antivirus scans owed.

-- Broken links of the history's hash chain already reported: the nightly check tells the agency's
-- head and administrators once per broken event, not every night.
CREATE TABLE history_chain_breaks (
  event_id bigint PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agencies(id),
  document_id uuid,
  reason text NOT NULL,
  detected_at timestamptz NOT NULL DEFAULT now()
);

-- Content accepted while the scanner was down (ANTIVIRUS_UNAVAILABLE=accept), and what its later
-- scan found: `infected` content is quarantined (its downloads are refused).
CREATE TABLE file_scans (
  file_hash text PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('unscanned', 'clean', 'infected')),
  signature text,
  agency_id uuid REFERENCES agencies(id),
  uploaded_by uuid REFERENCES users(id),
  file_name text,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  scanned_at timestamptz
);
CREATE INDEX file_scans_unscanned_idx ON file_scans (created_at) WHERE state = 'unscanned';

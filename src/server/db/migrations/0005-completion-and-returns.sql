-- Completion travels up: a lead's result waits for the one who passed the work down
-- (awaiting_confirmation) unless the unit or agency lets it go up on its own; when the document
-- completes, whatever is still open is closed (closed), its contributions kept.
ALTER TABLE assignments DROP CONSTRAINT assignments_status_check;
ALTER TABLE assignments ADD CONSTRAINT assignments_status_check
  CHECK (status IN ('pending', 'in_progress', 'awaiting_confirmation', 'completed', 'returned', 'closed'));
ALTER TABLE assignments
  ADD COLUMN confirmed_by uuid REFERENCES users(id),
  ADD COLUMN confirmed_at timestamptz,
  -- Work that came back to this holder: returned by the one it was passed to, or a result refused.
  ADD COLUMN sent_back_by uuid REFERENCES users(id),
  ADD COLUMN sent_back_at timestamptz,
  ADD COLUMN sent_back_reason text;
CREATE INDEX assignments_parent_status_idx ON assignments (parent_id, status);

-- A document back on a leader's desk (its lead returned) or on the clerk's (returned by the leader).
ALTER TABLE documents
  ADD COLUMN returned_by uuid REFERENCES users(id),
  ADD COLUMN returned_at timestamptz;

-- Who confirms results: 'required' (the one who passed the work down confirms) or 'automatic'.
-- The agency's setting covers its leaders; a unit may set its own for its heads.
ALTER TABLE agencies ADD COLUMN completion_confirmation text NOT NULL DEFAULT 'required'
  CHECK (completion_confirmation IN ('required', 'automatic'));
ALTER TABLE units ADD COLUMN completion_confirmation text
  CHECK (completion_confirmation IN ('required', 'automatic'));

-- Decree 30 names three urgencies (khẩn, thượng khẩn, hỏa tốc); "hỏa tốc hẹn giờ" exists only in edXML.
UPDATE documents SET urgency = 'flash' WHERE urgency = 'flash_timed';
ALTER TABLE documents DROP COLUMN urgency_rank;
ALTER TABLE documents DROP CONSTRAINT documents_urgency_check;
ALTER TABLE documents ADD CONSTRAINT documents_urgency_check CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'flash'));
ALTER TABLE documents ADD COLUMN urgency_rank smallint GENERATED ALWAYS AS (
  CASE urgency WHEN 'flash' THEN 3 WHEN 'very_urgent' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END) STORED;

-- No two units of one agency with the same name (compared without case and surrounding spaces).
CREATE UNIQUE INDEX units_agency_name_key ON units (agency_id, lower(btrim(name)));

-- Completing the work on an incoming document can name the issued reply that answered it: its
-- number and notation go into the tracking columns ("Số, ký hiệu VB trả lời", Decree 30 PL IV).
ALTER TABLE assignments ADD COLUMN reply_document_id uuid REFERENCES documents(id);
CREATE INDEX assignments_reply_idx ON assignments (reply_document_id) WHERE reply_document_id IS NOT NULL;

-- The drafter may take an attachment off a draft; the row stays (removed_at), so the access log
-- that names it and the history keep meaning what they said.
ALTER TABLE attachments ADD COLUMN removed_at timestamptz, ADD COLUMN removed_by uuid REFERENCES users(id);

-- Completing the work on an incoming document can name the issued reply that answered it: its
-- number and notation go into the tracking columns ("Số, ký hiệu VB trả lời", Decree 30 PL IV).
ALTER TABLE assignments ADD COLUMN reply_document_id uuid REFERENCES documents(id);
CREATE INDEX assignments_reply_idx ON assignments (reply_document_id) WHERE reply_document_id IS NOT NULL;

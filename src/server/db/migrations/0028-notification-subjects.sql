-- Issue 12: notices about what is not a document (a meeting, a task, a conversation, a survey, the
-- weekly work schedule, a case file...) name their subject; the web client and e-mails link to it.
ALTER TABLE notifications ADD COLUMN subject_kind text;
ALTER TABLE notifications ADD COLUMN subject_id uuid;

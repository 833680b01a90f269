-- Issue 13: thirty days before a closed case file is due for deposit (a year after closing), its keeper
-- and the office are told once; the time the notice went out keeps it from being sent twice.
ALTER TABLE case_files ADD COLUMN deposit_notice_sent_at timestamptz;

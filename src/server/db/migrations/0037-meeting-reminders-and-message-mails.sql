-- Issue 12, continued: a reminder before each meeting starts, and e-mails about unread messages.
--
-- Each reminder is claimed on the participant's row by a conditional UPDATE in the transaction of
-- its notice (meetings.reminders.ts): the value is what it was sent for, so a scan run twice (two
-- servers, a restart) sends nothing twice, and a meeting moved to another time (another day) no
-- longer matches and is reminded again for it.
ALTER TABLE meeting_participants ADD COLUMN start_reminded_for timestamptz;
ALTER TABLE meeting_participants ADD COLUMN morning_reminded_on date;
-- The scan looks at the scheduled meetings of the next day, across agencies.
CREATE INDEX meetings_upcoming_idx ON meetings (starts_at) WHERE status = 'scheduled';

-- The last message of the conversation this member was told of by e-mail (or not to be told of: the
-- history before they joined). A mail goes only for messages past both it and last_read_seq
-- (messages.unread-mails.ts). What was sent before this migration is not mailed.
ALTER TABLE conversation_members ADD COLUMN mailed_seq bigint NOT NULL DEFAULT 0;
UPDATE conversation_members m SET mailed_seq = coalesce((SELECT max(x.seq) FROM messages x WHERE x.conversation_id = m.conversation_id), 0);

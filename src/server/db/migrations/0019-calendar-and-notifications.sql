-- Issue 11: the working-day calendar, default due dates, notifications and reminders.

-- The national calendar (weekends, public holidays with their lunar dates, the days off in lieu)
-- is computed in code for any year (calendar.holidays.ts); an agency stores only what it changes:
-- a make-up working Saturday, a holiday the government moved, an extra day off.
CREATE TABLE calendar_days (
  agency_id uuid NOT NULL REFERENCES agencies(id),
  day date NOT NULL,
  -- true: a working day whatever the computed calendar says; false: a day off.
  working boolean NOT NULL,
  note text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agency_id, day)
);

-- Working days from registration (or assignment) to the due date, by urgency and document type;
-- document_type '' is the rule for every type. Without a row the program's defaults apply.
CREATE TABLE due_date_rules (
  agency_id uuid NOT NULL REFERENCES agencies(id),
  urgency text NOT NULL CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'flash')),
  document_type text NOT NULL DEFAULT '',
  working_days integer NOT NULL CHECK (working_days BETWEEN 0 AND 366),
  PRIMARY KEY (agency_id, urgency, document_type)
);

-- How many working days before a due date its holders are reminded.
ALTER TABLE agencies ADD COLUMN reminder_lead_days integer NOT NULL DEFAULT 1 CHECK (reminder_lead_days BETWEEN 0 AND 30);

-- One notice to one official. Its text is rendered from `kind` and `params` by the reader's
-- language (the i18n files), never stored as a sentence.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  recipient_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL,
  document_id uuid REFERENCES documents(id),
  assignment_id uuid REFERENCES assignments(id),
  actor_id uuid REFERENCES users(id),
  params jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  emailed_at timestamptz
);
CREATE INDEX notifications_recipient_idx ON notifications (recipient_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (recipient_id) WHERE read_at IS NULL;

-- Which kinds reach an official by which channel; without a row, the kind's default applies.
CREATE TABLE notification_preferences (
  user_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL,
  in_app boolean NOT NULL,
  email boolean NOT NULL,
  PRIMARY KEY (user_id, kind)
);

-- The daily e-mail digest: who wants it, and on which Vietnam day it last went (never twice a day).
CREATE TABLE notification_digests (
  user_id uuid PRIMARY KEY REFERENCES users(id),
  enabled boolean NOT NULL DEFAULT false,
  last_sent_on date
);

-- A reminder that went out: at most one per assignment, rule and day (the due date it was about),
-- so a scan run twice, on two servers or after a restart, never sends it again.
CREATE TABLE assignment_reminders (
  assignment_id uuid NOT NULL REFERENCES assignments(id),
  rule text NOT NULL CHECK (rule IN ('due_soon', 'due_today', 'overdue_unit_head', 'overdue_assigner')),
  day date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (assignment_id, rule, day)
);

-- Issue 12: each official's personal calendar (their own events, repeating or not, with reminders;
-- a private iCalendar subscription address) and the agency's weekly work schedule (lịch công tác
-- tuần): drafted by the office, approved by a leader, published to the agency; every change after
-- publication is a new version, its entries marked as changed.

CREATE TABLE personal_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  owner_id uuid NOT NULL REFERENCES users(id),
  title text NOT NULL,
  -- An all-day event runs from 00:00 Vietnam time of its first day to 00:00 of the day after its last.
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  all_day boolean NOT NULL DEFAULT false,
  place text,
  note text,
  -- Minutes before each occurrence's start at which the owner is notified (null: no reminder).
  reminder_minutes integer CHECK (reminder_minutes BETWEEN 0 AND 40320),
  repeat_freq text CHECK (repeat_freq IN ('daily', 'weekly', 'monthly')),
  -- The last Vietnam date on which an occurrence may start (inclusive).
  repeat_until date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at >= starts_at),
  CHECK ((repeat_freq IS NULL) = (repeat_until IS NULL))
);
CREATE INDEX personal_events_owner_idx ON personal_events (owner_id, starts_at);
-- The reminder scan looks only at events with a reminder.
CREATE INDEX personal_events_reminder_idx ON personal_events (starts_at) WHERE reminder_minutes IS NOT NULL;

-- One row per reminder sent (event, occurrence): a scan run twice sends nothing twice.
CREATE TABLE personal_event_reminders (
  event_id uuid NOT NULL REFERENCES personal_events(id) ON DELETE CASCADE,
  occurrence_start timestamptz NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, occurrence_start)
);

-- The private subscription address of an official's calendar: only the SHA-256 of the secret is
-- kept; renewing replaces it, so the old address stops working at once.
CREATE TABLE calendar_feed_tokens (
  user_id uuid PRIMARY KEY REFERENCES users(id),
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE work_schedules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  -- The Monday of the week.
  week_start date NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'published')),
  -- 0 until published; 1 at publication, then one more for each change after it.
  version integer NOT NULL DEFAULT 0,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  approved_by uuid REFERENCES users(id),
  approved_at timestamptz,
  published_by uuid REFERENCES users(id),
  published_at timestamptz,
  UNIQUE (agency_id, week_start),
  CHECK (extract(isodow FROM week_start) = 1)
);

CREATE TABLE work_schedule_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  schedule_id uuid NOT NULL REFERENCES work_schedules(id) ON DELETE CASCADE,
  day date NOT NULL,
  session text NOT NULL CHECK (session IN ('morning', 'afternoon', 'evening')),
  -- 'HH:MM' when the entry has a time; else the session alone.
  start_time text CHECK (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  leader_ids uuid[] NOT NULL DEFAULT '{}',
  content text NOT NULL,
  place text,
  participants_text text,
  participant_user_ids uuid[] NOT NULL DEFAULT '{}',
  participant_unit_ids uuid[] NOT NULL DEFAULT '{}',
  preparing_unit_id uuid REFERENCES units(id),
  -- Cancelled after publication: kept, shown struck out, with the version that cancelled it.
  cancelled boolean NOT NULL DEFAULT false,
  -- The version of the published schedule that added or changed it (null: as first published).
  changed_in_version integer,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_schedule_entries_schedule_idx ON work_schedule_entries (schedule_id, day);
CREATE INDEX work_schedule_entries_leaders_idx ON work_schedule_entries USING gin (leader_ids);
CREATE INDEX work_schedule_entries_participants_idx ON work_schedule_entries USING gin (participant_user_ids);

-- Each published version: who changed what, and the entries as they then were.
CREATE TABLE work_schedule_versions (
  schedule_id uuid NOT NULL REFERENCES work_schedules(id) ON DELETE CASCADE,
  version integer NOT NULL,
  changed_by uuid NOT NULL REFERENCES users(id),
  changed_at timestamptz NOT NULL DEFAULT now(),
  summary text NOT NULL,
  entries jsonb NOT NULL,
  PRIMARY KEY (schedule_id, version)
);

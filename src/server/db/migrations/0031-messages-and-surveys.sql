-- Messages (tin nhắn) and surveys (khảo sát), issue 12.
--
-- Conversations are direct (two officials, one per pair: direct_key) or groups (named, with a
-- creator who adds and removes members). Everything stays inside one agency: the agency is on the
-- conversation and every member must be an official of it (checked by the service, which also
-- scopes every list by membership in SQL).
CREATE TABLE conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  kind text NOT NULL CHECK (kind IN ('direct', 'group')),
  name text,
  created_by uuid NOT NULL REFERENCES users(id),
  -- The two officials' ids in order, "a:b": a pair has one direct conversation.
  direct_key text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_message_at timestamptz,
  CHECK ((kind = 'direct') = (direct_key IS NOT NULL)),
  CHECK (kind = 'direct' OR name IS NOT NULL)
);

-- A member reads the conversation while left_at is null. Leaving (or being removed) ends all access
-- (messages.service.ts says why); a member added again sees the conversation again.
CREATE TABLE conversation_members (
  conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  joined_at timestamptz NOT NULL DEFAULT now(),
  left_at timestamptz,
  -- The last message this member has seen (read receipts, unread counts): a message's seq.
  last_read_seq bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_user_idx ON conversation_members (user_id) WHERE left_at IS NULL;

CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  -- The order of messages (ids are random): read receipts and unread counts compare it.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  sender_id uuid NOT NULL REFERENCES users(id),
  body text NOT NULL DEFAULT '',
  -- A shared document or task, as a link: opening it checks the reader's own permission.
  link_kind text CHECK (link_kind IN ('document', 'task')),
  link_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- vn_search_vector() of the body (migration 0017): accented and unaccented words.
  search_vector tsvector NOT NULL,
  CHECK ((link_kind IS NULL) = (link_id IS NULL))
);
CREATE UNIQUE INDEX messages_seq_idx ON messages (seq);
CREATE INDEX messages_conversation_idx ON messages (conversation_id, seq DESC);
CREATE INDEX messages_search_idx ON messages USING gin (search_vector);

-- Files sent in a conversation: the same content-addressed store as documents' attachments.
CREATE TABLE message_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  message_id uuid NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  file_hash text NOT NULL,
  file_name text NOT NULL,
  mime_type text NOT NULL,
  size_bytes bigint NOT NULL
);
CREATE INDEX message_files_message_idx ON message_files (message_id);
CREATE INDEX message_files_hash_idx ON message_files (file_hash);

-- Surveys. Questions live in a JSON array ({id, kind, text, required, options}); the people asked
-- are expanded from the units chosen when the survey is sent (their unit kept for the response rate).
CREATE TABLE surveys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  anonymous boolean NOT NULL,
  questions jsonb NOT NULL,
  closes_at timestamptz NOT NULL,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX surveys_agency_idx ON surveys (agency_id, created_at DESC);

CREATE TABLE survey_recipients (
  survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  unit_id uuid REFERENCES units(id),
  PRIMARY KEY (survey_id, user_id)
);
CREATE INDEX survey_recipients_user_idx ON survey_recipients (user_id);

-- Who has answered (so nobody answers twice), and nothing else: no time, no link to the answers.
CREATE TABLE survey_respondents (
  survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  PRIMARY KEY (survey_id, user_id)
);

-- The answers of one form. Random key; for an anonymous survey respondent_id and submitted_at are
-- null (enforced by surveys.service.ts and tested), so nothing joins a form back to a person.
CREATE TABLE survey_responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  respondent_id uuid REFERENCES users(id),
  submitted_at timestamptz,
  answers jsonb NOT NULL,
  CHECK ((respondent_id IS NULL) = (submitted_at IS NULL))
);
CREATE INDEX survey_responses_survey_idx ON survey_responses (survey_id, id);

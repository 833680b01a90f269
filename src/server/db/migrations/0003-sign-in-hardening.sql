-- Sign-in hardening (issue 5).

-- An attempt is recorded as 'pending' before the password is checked, and counted while pending:
-- of many parallel attempts, only as many as the limit see room and get checked.
ALTER TABLE login_attempts ADD COLUMN outcome text NOT NULL DEFAULT 'pending'
  CHECK (outcome IN ('pending', 'failed', 'succeeded'));
UPDATE login_attempts SET outcome = CASE WHEN succeeded THEN 'succeeded' ELSE 'failed' END;
ALTER TABLE login_attempts DROP COLUMN succeeded;

-- Browsers where an official has signed in before ("device cookies"): the cookie carries a random
-- token, this table its SHA-256. A known browser has its own failure budget and is not slowed by
-- failures elsewhere, so nobody can lock an official out of their own computer.
CREATE TABLE trusted_devices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX trusted_devices_user_idx ON trusted_devices (user_id);

-- Attempts made from a known browser count against that browser only.
ALTER TABLE login_attempts ADD COLUMN device_id uuid REFERENCES trusted_devices(id) ON DELETE SET NULL;
CREATE INDEX login_attempts_device_idx ON login_attempts (device_id, created_at) WHERE device_id IS NOT NULL;

-- Set for an account whose password someone else knows (the first administrator's one-time
-- password): until it is changed, the API serves only me, logout and change-password.
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

-- The agency's record of role grants ("Nhật ký phân quyền") reads these two actions, newest first.
CREATE INDEX events_user_admin_idx ON events (agency_id, id) WHERE action IN ('user_created', 'user_updated');

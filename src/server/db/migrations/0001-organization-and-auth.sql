-- Agencies (cơ quan) of the deployment, their units (phòng, ban) and officials.
CREATE TABLE agencies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_id uuid REFERENCES agencies(id),
  organ_id varchar(13) UNIQUE,            -- mã định danh (QCVN 102 OrganId)
  name text NOT NULL,
  short_name text NOT NULL,               -- abbreviation used in notations, e.g. STTTT
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE units (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  parent_id uuid REFERENCES units(id),
  name text NOT NULL,
  short_name text,
  sort_order integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX units_agency_idx ON units (agency_id);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  unit_id uuid REFERENCES units(id),
  username text NOT NULL,
  full_name text NOT NULL,
  email text,
  phone text,
  position text NOT NULL,
  roles text[] NOT NULL DEFAULT '{}',
  password_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE INDEX users_agency_idx ON users (agency_id);
CREATE INDEX users_unit_idx ON users (unit_id);

-- Server-side sessions: the cookie carries a random token, the table its SHA-256.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE login_attempts (
  id bigserial PRIMARY KEY,
  username text NOT NULL,
  ip text NOT NULL,
  succeeded boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_username_idx ON login_attempts (lower(username), created_at);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, created_at);

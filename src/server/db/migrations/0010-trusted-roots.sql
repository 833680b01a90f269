-- The root certificates an agency trusts when it verifies a PDF's signatures: a real deployment
-- imports the government's and the licensed CAs' roots; a chain that reaches none of them is shown
-- as "signed by an unknown issuer". Each agency keeps its own list, never seen by another.
CREATE TABLE trusted_roots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  subject text NOT NULL,
  issuer text NOT NULL,
  fingerprint_sha256 char(64) NOT NULL,
  not_before timestamptz NOT NULL,
  not_after timestamptz NOT NULL,
  pem text NOT NULL,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, fingerprint_sha256)
);

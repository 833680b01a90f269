-- Digital signatures (issue 8), second slice: keys held outside the server (a USB token through a
-- desktop tool, a remote-signing service). The server prepares the PDF and hands out what is to be
-- signed; the signature comes back later and is checked before anything is stored.

-- A certificate whose key the server never holds: recorded when a signature made with it is
-- accepted, so document_signatures.certificate_id names a row for every signature. Such a row has
-- the certificate itself (DER) and no key file; it is never offered for signing by the server.
ALTER TABLE signing_certificates ADD COLUMN key_held text NOT NULL DEFAULT 'server' CHECK (key_held IN ('server', 'external'));
ALTER TABLE signing_certificates ADD COLUMN certificate_der bytea;
ALTER TABLE signing_certificates ALTER COLUMN encrypted_p12 DROP NOT NULL;
ALTER TABLE signing_certificates ADD CONSTRAINT signing_certificates_key_held_check2
  CHECK ((key_held = 'server' AND encrypted_p12 IS NOT NULL) OR (key_held = 'external' AND encrypted_p12 IS NULL AND certificate_der IS NOT NULL AND purpose = 'personal'));
-- One row per official and external certificate, however many documents it signs.
CREATE UNIQUE INDEX signing_certificates_external_idx ON signing_certificates (user_id, fingerprint) WHERE key_held = 'external';

-- A signature being made outside: the prepared PDF (placeholder in, /ByteRange filled, /Contents
-- empty) is stored content-addressed; the session says what was handed out and until when it may
-- come back. A later prepare for the same document supersedes a pending one. The prepared file is
-- kept from the collector only while the session is pending and not expired; rows long past their
-- expiry are deleted (at the next prepare).
CREATE TABLE external_signing_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  document_id uuid NOT NULL REFERENCES documents(id),
  version integer NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id),
  prepared_hash char(64) NOT NULL,
  prepared_size integer NOT NULL,
  -- The placeholder: [0, start of /Contents, end of /Contents, bytes after], and the SHA-256 of the two ranges.
  byte_range integer[] NOT NULL CHECK (cardinality(byte_range) = 4),
  content_digest bytea NOT NULL,
  -- The time written into the signature dictionary and into the signed attributes handed out.
  signing_time timestamptz NOT NULL,
  -- The signer's certificate and its issuers (DER), when given at prepare; then also the DER of the
  -- CMS signed attributes handed out for a raw signature.
  certificate_der bytea,
  chain_der bytea[] NOT NULL DEFAULT '{}',
  signed_attributes bytea,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed', 'superseded')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  completed_at timestamptz,
  CHECK ((certificate_der IS NULL) = (signed_attributes IS NULL))
);
CREATE INDEX external_signing_sessions_document_idx ON external_signing_sessions (document_id) WHERE status = 'pending';
CREATE INDEX external_signing_sessions_expiry_idx ON external_signing_sessions (expires_at);
CREATE INDEX external_signing_sessions_file_idx ON external_signing_sessions (prepared_hash);

-- Digital signatures (issue 8), first slice: keys held by the server.
-- A certificate belongs to an official (personal) or to the agency (its own signature, stamped by
-- the clerk at issuance). The PKCS#12 file is stored encrypted (AES-256-GCM under the server's
-- signing secret) and still protected by its passphrase, which is never stored.
CREATE TABLE signing_certificates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  user_id uuid REFERENCES users(id),
  purpose text NOT NULL CHECK (purpose IN ('personal', 'agency')),
  subject text NOT NULL,
  common_name text NOT NULL,
  issuer text NOT NULL,
  serial text NOT NULL,
  not_before timestamptz NOT NULL,
  not_after timestamptz NOT NULL,
  fingerprint char(64) NOT NULL,
  encrypted_p12 bytea NOT NULL,
  uploaded_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((purpose = 'personal') = (user_id IS NOT NULL))
);
CREATE INDEX signing_certificates_user_idx ON signing_certificates (user_id);
CREATE INDEX signing_certificates_agency_idx ON signing_certificates (agency_id, purpose);

-- The signer's handwritten signature and the agency's seal, as transparent PNGs (at most 1 MB).
CREATE TABLE signature_images (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  user_id uuid REFERENCES users(id),
  kind text NOT NULL CHECK (kind IN ('signature', 'seal')),
  png bytea NOT NULL,
  width integer NOT NULL,
  height integer NOT NULL,
  uploaded_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'signature') = (user_id IS NOT NULL))
);
CREATE INDEX signature_images_owner_idx ON signature_images (agency_id, kind, user_id, created_at DESC);

-- Each signature put on an outgoing document, and the PDF as it stood after it: the signer's,
-- then the agency's at issuance (an incremental update of the first, which stays its prefix).
CREATE TABLE document_signatures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id uuid NOT NULL REFERENCES documents(id),
  kind text NOT NULL CHECK (kind IN ('signer', 'agency')),
  certificate_id uuid NOT NULL REFERENCES signing_certificates(id),
  signed_by uuid NOT NULL REFERENCES users(id),
  signed_at timestamptz NOT NULL,
  version integer NOT NULL,
  file_hash char(64) NOT NULL,
  size_bytes integer NOT NULL,
  UNIQUE (document_id, kind)
);

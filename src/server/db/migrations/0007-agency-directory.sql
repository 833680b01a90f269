-- The agency directory (danh bạ cơ quan) of the deployment: who sends and receives documents, so
-- the issuer is picked, not retyped ten ways, and statistics by issuer are possible. The code is
-- the 13-character OrganId of QCVN 102 where known; the exchange issue addresses with it too.
CREATE TABLE directory_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  short_name text,
  organ_id varchar(13),
  -- name without diacritics, lower case: searching "ubnd dien bien" finds "UBND tỉnh Điện Biên"
  search_key text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX directory_entries_name_key ON directory_entries (lower(btrim(name)));
CREATE UNIQUE INDEX directory_entries_organ_id_key ON directory_entries (organ_id) WHERE organ_id IS NOT NULL;
CREATE INDEX directory_entries_search_idx ON directory_entries (search_key text_pattern_ops);

-- The issuer of an incoming document, when picked from the directory (the name stays as written).
ALTER TABLE documents ADD COLUMN issuer_id uuid REFERENCES directory_entries(id);
CREATE INDEX documents_issuer_idx ON documents (agency_id, issuer_id) WHERE issuer_id IS NOT NULL;

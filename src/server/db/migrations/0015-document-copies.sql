-- Electronic copies (issue 8; Decree 30 Art. 25–27, PL I Phần II): sao y, sao lục, trích sao.
-- The clerk copies a PDF of a document (an issued outgoing document's signed PDF, or a PDF
-- attachment) into a NEW file signed by the agency, with its own number from the agency's copies
-- register (registers.kind = 'copy', one sequence per year shared by the three forms).
CREATE TABLE document_copies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  register_id uuid NOT NULL REFERENCES registers(id),
  copy_number integer NOT NULL,
  number text NOT NULL,          -- "08"
  notation text NOT NULL,        -- "SY", "SL", "TrS"
  document_id uuid NOT NULL REFERENCES documents(id),
  source_kind text NOT NULL CHECK (source_kind IN ('signed_pdf', 'attachment')),
  source_attachment_id uuid REFERENCES attachments(id),
  source_file_hash char(64) NOT NULL,
  form text NOT NULL CHECK (form IN ('sao_y', 'sao_luc', 'trich_sao')),
  pages text,                    -- the pages copied by a trích sao, normalised ("1-2,5")
  page_count integer NOT NULL,   -- pages of the copy
  certificate_id uuid NOT NULL REFERENCES signing_certificates(id),
  made_by uuid NOT NULL REFERENCES users(id),
  made_at timestamptz NOT NULL,
  file_hash char(64) NOT NULL,
  size_bytes integer NOT NULL,
  UNIQUE (register_id, copy_number),
  CHECK ((source_kind = 'attachment') = (source_attachment_id IS NOT NULL)),
  CHECK ((form = 'trich_sao') = (pages IS NOT NULL))
);
CREATE INDEX document_copies_document_idx ON document_copies (document_id);
CREATE INDEX document_copies_agency_idx ON document_copies (agency_id, made_at DESC);
CREATE INDEX document_copies_hash_idx ON document_copies (file_hash);

-- Digital signatures (issue 8): the agency's signature on each separate attachment (phụ lục in a
-- file of its own) of an outgoing document, added at issuance (Decree 30, Annex I: top right of
-- page 1, no image, the reference and the ISO 8601 time). The attachment row keeps the original;
-- this row names the signed PDF, served in its place once the document is issued.
CREATE TABLE attachment_signatures (
  attachment_id uuid PRIMARY KEY REFERENCES attachments(id),
  document_id uuid NOT NULL REFERENCES documents(id),
  certificate_id uuid NOT NULL REFERENCES signing_certificates(id),
  signed_by uuid NOT NULL REFERENCES users(id),
  signed_at timestamptz NOT NULL,
  file_hash char(64) NOT NULL,
  size_bytes integer NOT NULL
);
CREATE INDEX attachment_signatures_document_idx ON attachment_signatures (document_id);

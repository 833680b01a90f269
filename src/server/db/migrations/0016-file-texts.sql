-- The text of every stored file (attachments and draft versions), read in the background by the
-- 'files.extract-text' job (src/server/modules/files/file-texts.ts). One row per content hash:
-- the same file attached twice is read once. OCR is not done here: image-only PDFs and images
-- wait in 'needs_ocr' for it.
CREATE TABLE file_texts (
  file_hash text PRIMARY KEY,
  mime_type text NOT NULL,
  status text NOT NULL DEFAULT 'waiting'
    CHECK (status IN ('waiting', 'reading', 'done', 'failed', 'needs_ocr', 'unsupported')),
  method text CHECK (method IN ('pdf_text', 'docx', 'xlsx')),
  page_count integer,
  text text,
  truncated boolean NOT NULL DEFAULT false,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  extracted_at timestamptz
);
CREATE INDEX file_texts_status_idx ON file_texts (status) WHERE status IN ('waiting', 'reading', 'failed', 'needs_ocr');

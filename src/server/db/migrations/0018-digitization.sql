-- Digitization (số hóa): OCR of scans into file_texts, the one place of a file's text
-- (src/server/modules/digitization). A person's correction replaces `text` (what search indexes);
-- what the machine read stays in `machine_text`. The searchable PDF/A copy made by ocrmypdf is a
-- separate stored file, named by its hash; the original is never rewritten.
ALTER TABLE file_texts DROP CONSTRAINT IF EXISTS file_texts_method_check;
ALTER TABLE file_texts ADD CONSTRAINT file_texts_method_check
  CHECK (method IN ('pdf_text', 'docx', 'xlsx', 'ocr'));
ALTER TABLE file_texts
  ADD COLUMN ocr_engine text CHECK (ocr_engine IN ('tesseract', 'tesseract.js')),
  ADD COLUMN searchable_pdf_hash text,
  ADD COLUMN scan_dpi integer,
  ADD COLUMN scan_colour boolean,
  ADD COLUMN machine_text text,
  ADD COLUMN corrected_at timestamptz,
  ADD COLUMN corrected_by uuid REFERENCES users(id);

-- A file the clerk dropped on the registration form before registering, so the form may ask for
-- its text (pre-fill) and nobody else may: one row per file and user.
CREATE TABLE prefill_uploads (
  file_hash text NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  mime_type text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (file_hash, user_id)
);

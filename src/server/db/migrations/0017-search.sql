-- Search (tra cứu, issue 10), as measured in DESIGN.md "Search at 1,000,000 documents": one stored
-- tsvector per document holding the lower-cased NFC accented form (old tone placement rewritten to
-- new: hòa → hoà) and the unaccented form (đ → d), plus syllable pairs ("quyet_dinh") so a phrase
-- becomes an AND of rare tokens before its positions are checked; a GIN index with full statistics;
-- newest first by a btree on (agency, date); references on their own normalized column.
--
-- The index lives in its own table, not in `documents`: every `selectAll()` of a document would
-- otherwise carry a page of tsvector. It is kept by triggers, so whoever writes a document, an
-- attachment, a draft version or a file's text (extraction, OCR, a clerk's correction) updates it
-- in the same transaction, without knowing about search.
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Lower case, NFC, and the old tone placement (òa, òe, ùy) rewritten to the new (oà, oè, uỳ), so
-- "hòa"/"hoà", "thủy"/"thuỷ", "khỏe"/"khoẻ" give one exact lexeme. Mirrored by foldText() in
-- src/server/modules/search/search.text.ts: both must change together.
CREATE FUNCTION vn_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
         replace(replace(replace(replace(replace(lower(normalize(t, NFC)),
         'òa', 'oà'), 'óa', 'oá'), 'ỏa', 'oả'), 'õa', 'oã'), 'ọa', 'oạ'),
         'òe', 'oè'), 'óe', 'oé'), 'ỏe', 'oẻ'), 'õe', 'oẽ'), 'ọe', 'oẹ'),
         'ùy', 'uỳ'), 'úy', 'uý'), 'ủy', 'uỷ'), 'ũy', 'uỹ'), 'ụy', 'uỵ')
$$;

-- The searchable form of a text: exact lexemes, unaccented lexemes (their positions serve phrase
-- checks), and unaccented syllable pairs without positions (the phrase accelerator). Pairs are
-- cut on anything but [a-z0-9], as phraseQuery() in search.text.ts cuts them. ASCII punctuation
-- becomes a space first: the parser would read "V/v" as a path and "UBND-VX" as one hyphenated
-- word, where a query (search.text.ts) sees the words "v", "ubnd" and "vx".
CREATE FUNCTION vn_search_vector(t text) RETURNS tsvector LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  folded text := regexp_replace(vn_fold(coalesce(t, '')), '[!-/:-@\[-`{-~]+', ' ', 'g');
  plain text := unaccent(folded);
  -- The words joined by single spaces; pairs in two linear passes, (1 2)(3 4)… then (2 3)(4 5)…
  -- (subscripting a plpgsql array in a loop was quadratic).
  words text := trim(array_to_string(regexp_split_to_array(plain, '[^a-z0-9]+'), ' '));
  pairs text[] := string_to_array(regexp_replace(words, '(\S+) (\S+)', '\1_\2', 'g'), ' ')
               || string_to_array(regexp_replace(regexp_replace(words, '^\S+ ?', ''), '(\S+) (\S+)', '\1_\2', 'g'), ' ');
BEGIN
  RETURN to_tsvector('simple', folded) || to_tsvector('simple', plain) || array_to_tsvector(array_remove(pairs, ''));
END
$$;

CREATE TABLE document_search (
  document_id uuid PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  agency_id uuid NOT NULL,
  -- Newest first: the arrival date of an incoming document, the issue date of an outgoing one, else its creation.
  search_date date NOT NULL,
  -- Metadata always; the files' text too unless the document is secret.
  vector tsvector NOT NULL,
  -- A secret document's file text: searched only by those who may open its files.
  secret_vector tsvector,
  -- upper(unaccent("123/QĐ-UBND")) = '123/QD-UBND': "QĐ" and "QD" find it alike.
  reference text
);
CREATE INDEX document_search_vector_idx ON document_search USING gin (vector);
CREATE INDEX document_search_secret_idx ON document_search USING gin (secret_vector) WHERE secret_vector IS NOT NULL;
CREATE INDEX document_search_date_idx ON document_search (agency_id, search_date DESC, document_id DESC);
CREATE INDEX document_search_reference_idx ON document_search (reference text_pattern_ops) WHERE reference IS NOT NULL;
-- With default statistics the planner took a 2-document word for a common one and walked the date
-- index for 43–54 s (DESIGN.md); 10,000 most-common lexemes make its estimates right.
ALTER TABLE document_search ALTER COLUMN vector SET STATISTICS 10000;

-- Only the first 200,000 characters of a document's files are indexed: a tsvector may not pass 1 MB.
CREATE FUNCTION document_search_refresh(doc uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  d documents%ROWTYPE;
  body text;
  meta text;
BEGIN
  SELECT * INTO d FROM documents WHERE id = doc;
  IF NOT FOUND THEN RETURN; END IF;
  SELECT left(string_agg(ft.text, E'\n' ORDER BY f.sort, f.hash), 200000) INTO body
    FROM (SELECT a.file_hash AS hash, a.created_at AS sort FROM attachments a WHERE a.document_id = doc AND a.removed_at IS NULL
          UNION
          SELECT v.file_hash, v.created_at FROM document_versions v WHERE v.document_id = doc
            AND v.version = (SELECT max(w.version) FROM document_versions w WHERE w.document_id = doc)) f
    JOIN file_texts ft ON ft.file_hash = f.hash::text
   WHERE ft.text IS NOT NULL;
  meta := concat_ws(' ', d.summary, d.issuer, d.signer, d.number, d.notation, d.arrival_number::text, d.issue_number::text);
  INSERT INTO document_search (document_id, agency_id, search_date, vector, secret_vector, reference)
  VALUES (
    d.id, d.agency_id,
    COALESCE(d.received_on, d.issued_on, (d.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date),
    vn_search_vector(meta) || CASE WHEN d.secrecy = 'none' THEN vn_search_vector(body) ELSE ''::tsvector END,
    CASE WHEN d.secrecy <> 'none' AND body IS NOT NULL THEN vn_search_vector(body) END,
    CASE WHEN d.number IS NOT NULL OR d.notation IS NOT NULL
         THEN upper(unaccent(normalize(concat_ws('/', d.number, d.notation), NFC))) END)
  ON CONFLICT (document_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, search_date = EXCLUDED.search_date,
    vector = EXCLUDED.vector, secret_vector = EXCLUDED.secret_vector, reference = EXCLUDED.reference;
END
$$;

CREATE FUNCTION documents_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM document_search_refresh(NEW.id);
  RETURN NULL;
END
$$;
CREATE TRIGGER documents_search AFTER INSERT OR UPDATE OF summary, issuer, signer, number, notation, arrival_number,
  issue_number, secrecy, received_on, issued_on ON documents FOR EACH ROW EXECUTE FUNCTION documents_search_trigger();

CREATE FUNCTION document_files_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM document_search_refresh(CASE WHEN TG_OP = 'DELETE' THEN OLD.document_id ELSE NEW.document_id END);
  RETURN NULL;
END
$$;
CREATE TRIGGER attachments_search AFTER INSERT OR DELETE OR UPDATE OF removed_at, file_hash ON attachments
  FOR EACH ROW EXECUTE FUNCTION document_files_search_trigger();
CREATE TRIGGER document_versions_search AFTER INSERT OR DELETE ON document_versions
  FOR EACH ROW EXECUTE FUNCTION document_files_search_trigger();

-- A file's text written or changed (extraction, OCR, a correction): every document holding the file.
CREATE FUNCTION file_texts_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.text IS NOT DISTINCT FROM OLD.text THEN RETURN NULL; END IF;
  PERFORM document_search_refresh(x.document_id)
     FROM (SELECT a.document_id FROM attachments a WHERE a.file_hash = NEW.file_hash::bpchar
           UNION SELECT v.document_id FROM document_versions v WHERE v.file_hash = NEW.file_hash::bpchar) x;
  RETURN NULL;
END
$$;
CREATE TRIGGER file_texts_search AFTER INSERT OR UPDATE OF text ON file_texts
  FOR EACH ROW EXECUTE FUNCTION file_texts_search_trigger();

-- Documents already there.
SELECT document_search_refresh(id) FROM documents;

-- Saved searches: each official's own, seen by nobody else.
CREATE TABLE saved_searches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  query jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, name)
);

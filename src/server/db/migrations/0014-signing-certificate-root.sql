-- Signing keys screens (issue 8): each certificate remembers the root its PKCS#12 file chained to
-- (the subject of the last self-signed certificate in the file, when there is one), so the screens
-- can say "Demo" for the demo CA and show where a certificate leads without opening the key file.
ALTER TABLE signing_certificates ADD COLUMN root_subject text;

-- Rows stored before this migration: only the demo seed stores certificates with no uploader, and
-- it always chains to the demo root.
UPDATE signing_certificates SET root_subject = 'CN=VanPhong DEMO Root CA — không dùng thật, O=VanPhong DEMO, C=VN' WHERE uploaded_by IS NULL;

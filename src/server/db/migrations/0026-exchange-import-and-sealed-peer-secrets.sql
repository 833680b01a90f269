-- Manual edXML import (issue 9): a package the receiving clerk uploads (received by e-mail or from
-- the national axis) becomes a delivery like one that arrived; who imported it and the check of
-- the envelope's XML signature (who signed, valid, trusted here) are kept with it.
ALTER TABLE exchange_deliveries
  ADD COLUMN imported_by uuid REFERENCES users(id),
  ADD COLUMN imported_at timestamptz,
  ADD COLUMN envelope_signature jsonb;

-- A peer's shared secret at rest: sealed with the key vault of the signing keys (AES-256-GCM under
-- the server secret), never in clear. The server seals what earlier versions stored in clear at start.
ALTER TABLE exchange_peers ADD COLUMN secret_sealed bytea;
ALTER TABLE exchange_peers ALTER COLUMN secret DROP NOT NULL;
ALTER TABLE exchange_peers ADD CONSTRAINT exchange_peers_secret_kept CHECK (secret IS NOT NULL OR secret_sealed IS NOT NULL);

-- Other deployments (another province's VanPhong, the province's LGSP, the national axis): a peer
-- is reached over HTTPS with edXML packages signed by a shared secret (HMAC-SHA256 of the body).
-- The agencies it speaks for are rows of `agencies` marked with its peer_id: they have no users or
-- units here, only their OrganId and name, so a document addressed to one travels through the same
-- delivery as to an agency of this deployment, and a document from one arrives as that agency's
-- issued document, delivered to the queue of each agency of ours it names.
CREATE TABLE exchange_peers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  -- The peer's base address; packages are POSTed to {base_url}/api/exchange/peer-inbox.
  base_url text NOT NULL,
  -- How the peer names itself when it calls us (X-VanPhong-Peer), and how we name ourselves to it.
  inbound_key text NOT NULL UNIQUE,
  outbound_key text NOT NULL,
  -- The shared secret both sides sign with; never shown back once saved.
  secret text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE agencies ADD COLUMN peer_id uuid REFERENCES exchange_peers(id);
CREATE INDEX agencies_peer_idx ON agencies (peer_id) WHERE peer_id IS NOT NULL;

-- QCVN 102 DocumentId of a document that crossed deployments ({OrganId},{yyyy/MM/dd},{số}/{ký hiệu}):
-- a package received twice is refused, and status packages find the document they answer.
ALTER TABLE documents ADD COLUMN edxml_document_id text;
CREATE UNIQUE INDEX documents_edxml_document_id_key ON documents (agency_id, edxml_document_id) WHERE edxml_document_id IS NOT NULL;

-- A receiver in another deployment registers the document there: no incoming document of ours.
DO $$
DECLARE c text;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'exchange_deliveries'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%incoming_document_id IS NULL%'
  LOOP EXECUTE format('ALTER TABLE exchange_deliveries DROP CONSTRAINT %I', c); END LOOP;
END $$;
ALTER TABLE exchange_deliveries ADD CONSTRAINT exchange_deliveries_incoming_when_registered
  CHECK (incoming_document_id IS NULL OR status NOT IN ('arrived', 'rejected'));

-- Each status package that must cross to a peer, and how its sending went (a background job sends it).
ALTER TABLE exchange_statuses
  ADD COLUMN peer_id uuid REFERENCES exchange_peers(id),
  ADD COLUMN transmitted_at timestamptz,
  ADD COLUMN transmit_attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN transmit_error text;
CREATE INDEX exchange_statuses_untransmitted_idx ON exchange_statuses (peer_id) WHERE peer_id IS NOT NULL AND transmitted_at IS NULL;

-- Which status packages cross to a peer is decided here, for every writer: one recorded by an agency
-- of ours about a delivery whose other side is an agency of a peer.
CREATE FUNCTION exchange_status_peer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT other.peer_id INTO NEW.peer_id
  FROM exchange_deliveries d
  JOIN agencies author ON author.id = NEW.from_agency_id AND author.peer_id IS NULL
  JOIN agencies other ON other.id = CASE WHEN NEW.from_agency_id = d.sender_agency_id THEN d.receiver_agency_id ELSE d.sender_agency_id END
  WHERE d.id = NEW.delivery_id;
  RETURN NEW;
END $$;
CREATE TRIGGER exchange_statuses_peer BEFORE INSERT ON exchange_statuses FOR EACH ROW EXECUTE FUNCTION exchange_status_peer();

-- Exchange between the agencies of one deployment (liên thông văn bản, Decree 30 Điều 18, 20–22;
-- QCVN 102:2016 status codes). One delivery per agency recipient of an issued document, made in the
-- transaction that issues it. Its state maps 1:1 onto the edXML status codes: arrived 01, rejected
-- 02, registered 03, assigned 04, in_progress 05, completed 06; and the recall: requested 13,
-- agreed 15, refused 16. Every status package (sent or received) is one row of exchange_statuses.

-- A recalled incoming document is withdrawn from its workflow and frozen, its history kept.
ALTER TABLE documents DROP CONSTRAINT documents_status_check;
ALTER TABLE documents ADD CONSTRAINT documents_status_check CHECK (
  (direction = 'incoming' AND status IN ('registered', 'submitted', 'in_progress', 'completed', 'returned', 'recalled'))
  OR (direction <> 'incoming' AND status IN ('draft', 'in_review', 'returned', 'approved', 'signed', 'issued')));

ALTER TABLE documents
  -- An outgoing document issued to replace an earlier one (BussinessDocType 3).
  ADD COLUMN replaces_id uuid REFERENCES documents(id),
  -- An incoming document received through the exchange: the sender's document it registers.
  ADD COLUMN sent_document_id uuid REFERENCES documents(id);
CREATE INDEX documents_replaces_idx ON documents (replaces_id) WHERE replaces_id IS NOT NULL;

CREATE TABLE exchange_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id uuid NOT NULL REFERENCES documents(id),
  sender_agency_id uuid NOT NULL REFERENCES agencies(id),
  -- One delivery per recipient row: a document never reaches an agency twice.
  recipient_id uuid NOT NULL UNIQUE REFERENCES document_recipients(id),
  receiver_agency_id uuid NOT NULL REFERENCES agencies(id),
  business text NOT NULL DEFAULT 'new' CHECK (business IN ('new', 'replacement')),
  status text NOT NULL DEFAULT 'arrived' CHECK (status IN ('arrived', 'rejected', 'registered', 'assigned', 'in_progress', 'completed')),
  sent_at timestamptz NOT NULL,
  incoming_document_id uuid UNIQUE REFERENCES documents(id),
  answered_by uuid REFERENCES users(id),
  answered_at timestamptz,
  reject_reason text CHECK (reject_reason IN ('misaddressed', 'invalid_signature', 'other')),
  reject_note text,
  recall_status text CHECK (recall_status IN ('requested', 'agreed', 'refused')),
  recall_reason text,
  recall_requested_by uuid REFERENCES users(id),
  recall_requested_at timestamptz,
  recall_note text,
  recall_answered_by uuid REFERENCES users(id),
  recall_answered_at timestamptz,
  updated_at timestamptz NOT NULL,
  CHECK (receiver_agency_id <> sender_agency_id),
  CHECK ((status = 'rejected') = (reject_reason IS NOT NULL)),
  CHECK ((incoming_document_id IS NULL) = (status IN ('arrived', 'rejected'))),
  CHECK ((recall_status IS NULL) = (recall_reason IS NULL))
);
CREATE INDEX exchange_deliveries_document_idx ON exchange_deliveries (document_id);
-- The receiving clerk's queue ("Văn bản điện tử đến"), newest first.
CREATE INDEX exchange_deliveries_queue_idx ON exchange_deliveries (receiver_agency_id, sent_at DESC) WHERE status = 'arrived';
CREATE INDEX exchange_deliveries_receiver_idx ON exchange_deliveries (receiver_agency_id, sent_at DESC);

CREATE TABLE exchange_statuses (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id uuid NOT NULL REFERENCES exchange_deliveries(id),
  code char(2) NOT NULL CHECK (code IN ('01', '02', '03', '04', '05', '06', '13', '15', '16')),
  -- The agency whose system sent this status package (the receiver, or the sender for 13).
  from_agency_id uuid NOT NULL REFERENCES agencies(id),
  actor_id uuid REFERENCES users(id),
  description text,
  created_at timestamptz NOT NULL
);
CREATE INDEX exchange_statuses_delivery_idx ON exchange_statuses (delivery_id, id);

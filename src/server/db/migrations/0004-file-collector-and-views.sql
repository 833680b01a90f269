-- Leases for maintenance work that one server at a time should do (the file collector), taken
-- with a plain UPDATE so no connection or transaction stays open while the work runs.
CREATE TABLE maintenance_leases (
  name text PRIMARY KEY,
  holder text,
  expires_at timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO maintenance_leases (name) VALUES ('file-collector');

-- Who opened which file of a document, when and from where (the access log of Decree 30 PL VI
-- §III.5). Kept apart from the hash-chained history so readers never wait for one another:
-- a view is one INSERT, without the document's row lock.
CREATE TABLE document_views (
  id bigserial PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agencies(id),
  document_id uuid NOT NULL REFERENCES documents(id),
  attachment_id uuid REFERENCES attachments(id),
  user_id uuid NOT NULL REFERENCES users(id),
  viewed_at timestamptz NOT NULL DEFAULT now(),
  ip text,
  user_agent text
);
CREATE INDEX document_views_document_idx ON document_views (document_id, id);
CREATE INDEX document_views_user_idx ON document_views (user_id, document_id);
CREATE TRIGGER document_views_no_update BEFORE UPDATE OR DELETE ON document_views
  FOR EACH ROW EXECUTE FUNCTION events_append_only();

-- Views recorded before as 'file_viewed' events move to the access log (the events stay: the history is append-only).
INSERT INTO document_views (agency_id, document_id, attachment_id, user_id, viewed_at, ip, user_agent)
SELECT e.agency_id, e.document_id, a.id, e.actor_id, e.created_at, e.ip, e.user_agent
FROM events e LEFT JOIN attachments a ON a.id::text = e.payload->>'attachmentId'
WHERE e.action = 'file_viewed' AND e.document_id IS NOT NULL AND e.actor_id IS NOT NULL
ORDER BY e.id;

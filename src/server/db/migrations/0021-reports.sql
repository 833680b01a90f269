-- The leader's dashboard, the tracking register and the reports read the agency's incoming
-- documents by due date and by completion, and each document's top-level lead (bench/dashboard-100k.ts).
-- Open incoming documents by due date: overdue and due-soon counts, backlog by age.
CREATE INDEX documents_incoming_open_due_idx ON documents (agency_id, due_date)
  WHERE direction = 'incoming' AND status <> 'completed';
-- Incoming documents completed in a period: on-time rates.
CREATE INDEX documents_incoming_completed_idx ON documents (agency_id, completed_at)
  WHERE direction = 'incoming' AND status = 'completed';
-- The leader's first assignment of a document (its lead unit or person), found per document.
CREATE INDEX assignments_top_lead_idx ON assignments (document_id, seq DESC)
  WHERE parent_id IS NULL AND role = 'lead';
-- The official who handles a document: its newest lead assignment held by a person.
CREATE INDEX assignments_lead_user_idx ON assignments (document_id, seq DESC)
  WHERE role = 'lead' AND assignee_user_id IS NOT NULL;

-- Delegation (ủy quyền, issue 11; Decree 30 Art. 13: TUQ. is written, time-limited and cannot be
-- passed on). A leader lets another official of the same agency act in their name for a period,
-- within a scope: directing and assigning incoming documents submitted to them, approving drafts
-- at their approval step, signing drafts they are to sign. What the delegate does is recorded in
-- events with actor = delegate and on_behalf_of_id = delegator (that column exists since 0002).
CREATE TABLE delegations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  delegator_id uuid NOT NULL REFERENCES users(id),
  delegate_id uuid NOT NULL REFERENCES users(id),
  scopes text[] NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['incoming', 'approval', 'signing']::text[]),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users(id),
  CHECK (ends_at > starts_at),
  CHECK (delegator_id <> delegate_id),
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
-- Every request of a delegate looks up what they hold now; the delegator's list and overlap check by delegator.
CREATE INDEX delegations_delegate_idx ON delegations (delegate_id, ends_at) WHERE revoked_at IS NULL;
CREATE INDEX delegations_delegator_idx ON delegations (delegator_id, ends_at);
CREATE INDEX delegations_agency_idx ON delegations (agency_id, created_at DESC);

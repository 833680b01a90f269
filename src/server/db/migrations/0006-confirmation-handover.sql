-- Who confirms a leader's own assignment when it is not the leader who made it any more (that
-- leader left and handed their work over): null means the one who assigned it.
ALTER TABLE assignments ADD COLUMN confirm_by uuid REFERENCES users(id);
CREATE INDEX assignments_confirm_idx ON assignments (COALESCE(confirm_by, assigned_by)) WHERE status = 'awaiting_confirmation' AND parent_id IS NULL;

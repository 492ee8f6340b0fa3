-- Executions in one status, newest first (GET /api/v1/executions?status=..., the dead letters) and
-- oldest first (the queued and running ones a restart picks up): read from the index in its
-- order, instead of sorting every execution in that status.
DROP INDEX executions_status;
CREATE INDEX executions_status ON executions (status, created_at);

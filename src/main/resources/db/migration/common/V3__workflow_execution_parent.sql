-- A sub-workflow's execution names the execution whose sub-workflow node ran it.
ALTER TABLE executions ADD COLUMN parent_execution_id VARCHAR(36);

CREATE INDEX executions_parent ON executions (parent_execution_id);

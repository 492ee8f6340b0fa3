-- No query looks executions up by parent_execution_id (a sub-workflow's execution is read by its
-- own id, the parent's from its row), and the index cost every execution written a fifth B-tree
-- insert and its commit: on H2, writing an execution's row is work per row and per index.
DROP INDEX executions_parent;

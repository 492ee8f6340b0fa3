-- The node runs of an execution that ran while its caller waited (a webhook answered with the
-- result), written at its end as one JSON array instead of one execution_nodes row per run: a
-- single row costs the database a fraction of six. A retry of such an execution moves them to
-- execution_nodes first, where the retried nodes are then written as they run.
ALTER TABLE executions ADD COLUMN node_runs TEXT;

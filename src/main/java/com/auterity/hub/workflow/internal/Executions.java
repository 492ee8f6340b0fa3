package com.auterity.hub.workflow.internal;

import com.auterity.hub.workflow.ExecutionFinished;
import com.auterity.hub.workflow.ExecutionStarted;
import com.auterity.hub.workflow.NodeFinished;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The executions and execution_nodes tables. Reads wait for the records still in the {@link
 * RecordJournal}.
 */
@Repository
class Executions {

    enum Status {
        queued,
        running,
        completed,
        failed,
        cancelled;

        boolean terminal() {
            return this == completed || this == failed || this == cancelled;
        }
    }

    record Execution(
            String id,
            String workflowId,
            int workflowVersion,
            Status status,
            String input,
            String output,
            String error,
            String createdBy,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            String parentExecutionId) {

        /** An execution that no other execution started. */
        Execution(
                String id,
                String workflowId,
                int workflowVersion,
                Status status,
                String input,
                String output,
                String error,
                String createdBy,
                Instant createdAt,
                Instant startedAt,
                Instant finishedAt) {
            this(
                    id,
                    workflowId,
                    workflowVersion,
                    status,
                    input,
                    output,
                    error,
                    createdBy,
                    createdAt,
                    startedAt,
                    finishedAt,
                    null);
        }
    }

    record NodeRun(
            String executionId,
            String nodeId,
            String nodeType,
            String status,
            int attempts,
            String port,
            String input,
            String output,
            String error,
            Instant startedAt,
            Instant finishedAt) {}

    private static final RowMapper<Execution> EXECUTION =
            (rs, i) ->
                    new Execution(
                            rs.getString("id"),
                            rs.getString("workflow_id"),
                            rs.getInt("workflow_version"),
                            Status.valueOf(rs.getString("status")),
                            rs.getString("input"),
                            rs.getString("output"),
                            rs.getString("error"),
                            rs.getString("created_by"),
                            instant(rs.getObject("created_at", OffsetDateTime.class)),
                            instant(rs.getObject("started_at", OffsetDateTime.class)),
                            instant(rs.getObject("finished_at", OffsetDateTime.class)),
                            rs.getString("parent_execution_id"));

    private static final RowMapper<NodeRun> NODE =
            (rs, i) ->
                    new NodeRun(
                            rs.getString("execution_id"),
                            rs.getString("node_id"),
                            rs.getString("node_type"),
                            rs.getString("status"),
                            rs.getInt("attempts"),
                            rs.getString("port"),
                            rs.getString("input"),
                            rs.getString("output"),
                            rs.getString("error"),
                            instant(rs.getObject("started_at", OffsetDateTime.class)),
                            instant(rs.getObject("finished_at", OffsetDateTime.class)));

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final RecordJournal journal;

    Executions(
            JdbcClient jdbc,
            JdbcTemplate template,
            PlatformTransactionManager transactions,
            ApplicationEventPublisher events,
            RecordJournal journal) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.events = events;
        this.template = template;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** A finished execution with its node runs, as one record. */
    record Finished(Execution execution, String nodeRuns) {

        /** The execution with its node runs written as JSON once, for the journal and the row. */
        static Finished of(Execution execution, List<NodeRun> nodes) {
            return of(execution, nodes, payload -> false);
        }

        /** The same, told which payloads are JSON for sure ({@link StoredRecords#nodeRuns}). */
        static Finished of(Execution execution, List<NodeRun> nodes, Predicate<String> json) {
            return new Finished(execution, StoredRecords.nodeRuns(nodes, json));
        }
    }

    /**
     * Writes finished executions in one transaction, each as one row with its node runs (as JSON in
     * {@code node_runs}).
     */
    void insertFinished(List<Finished> records) {
        transaction.executeWithoutResult(
                status -> {
                    template.batchUpdate(
                            "INSERT INTO executions (id, workflow_id, workflow_version, status, input, output, error,"
                                    + " created_by, created_at, started_at, finished_at, node_runs)"
                                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            new BatchPreparedStatementSetter() {
                                // the statement's own setters: thousands of values a second
                                public void setValues(PreparedStatement ps, int i)
                                        throws SQLException {
                                    var record = records.get(i);
                                    var e = record.execution();
                                    ps.setString(1, e.id());
                                    ps.setString(2, e.workflowId());
                                    ps.setInt(3, e.workflowVersion());
                                    ps.setString(4, e.status().name());
                                    ps.setString(5, e.input());
                                    ps.setString(6, e.output());
                                    ps.setString(7, e.error());
                                    ps.setString(8, e.createdBy());
                                    ps.setObject(9, utc(e.createdAt()));
                                    ps.setObject(10, utc(e.startedAt()));
                                    ps.setObject(11, utc(e.finishedAt()));
                                    ps.setString(12, record.nodeRuns());
                                }

                                public int getBatchSize() {
                                    return records.size();
                                }
                            });
                    records.forEach(r -> announce(r.execution()));
                });
    }

    /** The node runs stored with the execution, none if they are rows of execution_nodes. */
    private List<NodeRun> storedNodeRuns(String executionId) {
        String stored =
                jdbc.sql("SELECT node_runs FROM executions WHERE id = ?")
                        .param(executionId)
                        .query(String.class)
                        .optional()
                        .orElse(null);
        return stored == null ? List.of() : StoredRecords.nodeRuns(executionId, stored);
    }

    void insert(Execution e) {
        jdbc.sql(
                        "INSERT INTO executions (id, workflow_id, workflow_version, status, input, created_by, created_at,"
                                + " parent_execution_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        e.id(),
                        e.workflowId(),
                        e.workflowVersion(),
                        e.status().name(),
                        e.input(),
                        e.createdBy(),
                        utc(e.createdAt()),
                        e.parentExecutionId())
                .update();
    }

    /** The execution runs, on {@code version} of its workflow. */
    void started(String id, String workflowId, int version, Instant at) {
        int updated =
                jdbc.sql(
                                "UPDATE executions SET status = 'running', workflow_version = ?, started_at = ?"
                                        + " WHERE id = ? AND status = 'queued'")
                        .params(version, utc(at), id)
                        .update();
        if (updated == 1) {
            events.publishEvent(new ExecutionStarted(id, workflowId, version, at));
        }
    }

    /** Ends an execution, unless it was cancelled meanwhile (a cancellation is final). */
    void finished(String id, Status status, String output, String error, Instant at) {
        transaction.executeWithoutResult(
                tx -> {
                    int updated =
                            jdbc.sql(
                                            "UPDATE executions SET status = ?, output = ?, error = ?, finished_at = ?"
                                                    + " WHERE id = ? AND status <> 'cancelled'")
                                    .params(status.name(), output, error, utc(at), id)
                                    .update();
                    if (updated == 1) {
                        find(id).ifPresent(this::announce);
                    }
                });
    }

    /** Marks a queued or running execution cancelled; false when it had already ended. */
    boolean cancel(String id, Instant at) {
        return Boolean.TRUE.equals(
                transaction.execute(
                        tx -> {
                            int updated =
                                    jdbc.sql(
                                                    "UPDATE executions SET status = 'cancelled', error = 'cancelled', finished_at = ?"
                                                            + " WHERE id = ? AND status IN ('queued', 'running')")
                                            .params(utc(at), id)
                                            .update();
                            if (updated == 1) {
                                find(id).ifPresent(this::announce);
                            }
                            return updated == 1;
                        }));
    }

    /** Publishes {@link ExecutionFinished} within the transaction that ended the execution. */
    private void announce(Execution e) {
        events.publishEvent(
                new ExecutionFinished(
                        e.id(),
                        e.workflowId(),
                        e.workflowVersion(),
                        e.status().name(),
                        e.error(),
                        e.finishedAt()));
    }

    /** Removes an execution that was never acknowledged (its submission was refused). */
    void delete(String id) {
        jdbc.sql("DELETE FROM executions WHERE id = ?").param(id).update();
    }

    /** Ends the node runs that a stop of the hub left running. */
    void interruptNodes(String executionId, Instant at) {
        jdbc.sql(
                        "UPDATE execution_nodes SET status = 'failed', error = 'interrupted: the hub stopped', finished_at = ?"
                                + " WHERE execution_id = ? AND status = 'running'")
                .params(utc(at), executionId)
                .update();
    }

    /**
     * Puts a failed execution back to running for a retry; false when it is not failed. Node runs
     * stored with the execution become rows of execution_nodes, where the retry writes its own.
     */
    boolean reopen(String id) {
        journal.awaitWritten();
        return Boolean.TRUE.equals(
                transaction.execute(
                        status -> {
                            boolean reopened =
                                    jdbc.sql(
                                                            "UPDATE executions SET status = 'running', error = NULL,"
                                                                    + " finished_at = NULL WHERE id = ? AND status = 'failed'")
                                                    .params(id)
                                                    .update()
                                            == 1;
                            if (reopened) {
                                List<NodeRun> stored = storedNodeRuns(id);
                                template.batchUpdate(
                                        "INSERT INTO execution_nodes (execution_id, node_id, node_type, status, attempts, port,"
                                                + " input, output, error, started_at, finished_at)"
                                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                        stored.stream()
                                                .map(
                                                        n ->
                                                                new Object[] {
                                                                    n.executionId(),
                                                                    n.nodeId(),
                                                                    n.nodeType(),
                                                                    n.status(),
                                                                    n.attempts(),
                                                                    n.port(),
                                                                    n.input(),
                                                                    n.output(),
                                                                    n.error(),
                                                                    utc(n.startedAt()),
                                                                    utc(n.finishedAt())
                                                                })
                                                .toList());
                                jdbc.sql("UPDATE executions SET node_runs = NULL WHERE id = ?")
                                        .param(id)
                                        .update();
                            }
                            return reopened;
                        }));
    }

    Optional<Execution> find(String id) {
        journal.awaitWritten();
        return jdbc.sql("SELECT * FROM executions WHERE id = ?")
                .param(id)
                .query(EXECUTION)
                .optional();
    }

    Optional<Execution> latestOf(String workflowId) {
        journal.awaitWritten();
        return jdbc.sql(
                        "SELECT * FROM executions WHERE workflow_id = ?"
                                + " ORDER BY workflow_id DESC, created_at DESC LIMIT 1")
                .param(workflowId)
                .query(EXECUTION)
                .optional();
    }

    List<Execution> withStatus(Status status) {
        journal.awaitWritten();
        return jdbc.sql("SELECT * FROM executions WHERE status = ? ORDER BY status, created_at")
                .param(status.name())
                .query(EXECUTION)
                .list();
    }

    /** Newest first, optionally of one workflow and/or in one status and/or time range. */
    List<Execution> list(String workflowId, Status status, Instant from, Instant to, int limit) {
        journal.awaitWritten();
        ListQuery query = listQuery(workflowId, status, utc(from), utc(to), limit);
        return jdbc.sql(query.sql()).params(query.params()).query(EXECUTION).list();
    }

    /** A query and its parameters, in order. */
    record ListQuery(String sql, List<Object> params) {}

    /**
     * The query of {@link #list}, with only the filters given: a filter written as {@code (? IS
     * NULL OR ...)} makes the database scan and sort every execution. Ordered by the filtered
     * column first, then newest first, so that H2 reads the index on (workflow_id, created_at) or
     * (status, created_at) in its order and stops at the limit (a plain {@code ORDER BY created_at
     * DESC} makes it sort every match).
     */
    static ListQuery listQuery(
            String workflowId, Status status, OffsetDateTime from, OffsetDateTime to, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM executions WHERE TRUE");
        List<Object> params = new ArrayList<>();
        filter(sql, params, " AND workflow_id = ?", workflowId);
        filter(sql, params, " AND status = ?", status == null ? null : status.name());
        filter(sql, params, " AND created_at >= ?", from);
        filter(sql, params, " AND created_at < ?", to);
        sql.append(" ORDER BY ");
        if (workflowId != null) {
            sql.append("workflow_id DESC, ");
        } else if (status != null) {
            sql.append("status DESC, ");
        }
        sql.append("created_at DESC LIMIT ?");
        params.add(limit);
        return new ListQuery(sql.toString(), params);
    }

    private static void filter(
            StringBuilder sql, List<Object> params, String condition, Object value) {
        if (value != null) {
            sql.append(condition);
            params.add(value);
        }
    }

    void nodeStarted(String executionId, String nodeId, String nodeType, String input, Instant at) {
        try {
            jdbc.sql(
                            "INSERT INTO execution_nodes (execution_id, node_id, node_type, status, attempts, input, started_at)"
                                    + " VALUES (?, ?, ?, 'running', 1, ?, ?)")
                    .params(executionId, nodeId, nodeType, input, utc(at))
                    .update();
        } catch (DuplicateKeyException again) {
            // the node runs again (a retry from the API)
            jdbc.sql(
                            "UPDATE execution_nodes SET status = 'running', attempts = attempts + 1, input = ?, started_at = ?,"
                                    + " finished_at = NULL, error = NULL WHERE execution_id = ? AND node_id = ?")
                    .params(input, utc(at), executionId, nodeId)
                    .update();
        }
    }

    void nodeFinished(
            String executionId,
            String nodeId,
            String status,
            String port,
            String output,
            String error,
            Instant at) {
        jdbc.sql(
                        "UPDATE execution_nodes SET status = ?, port = ?, output = ?, error = ?, finished_at = ?"
                                + " WHERE execution_id = ? AND node_id = ?")
                .params(status, port, output, error, utc(at), executionId, nodeId)
                .update();
        events.publishEvent(new NodeFinished(executionId, nodeId, status, port, error, at));
    }

    /** Adds tries of a node: Camel redelivered a failed step. */
    void nodeRetried(String executionId, String nodeId, int redeliveries) {
        if (redeliveries > 0) {
            jdbc.sql(
                            "UPDATE execution_nodes SET attempts = attempts + ? WHERE execution_id = ? AND node_id = ?")
                    .params(redeliveries, executionId, nodeId)
                    .update();
        }
    }

    /** The execution's node runs, in the order they started. */
    List<NodeRun> nodes(String executionId) {
        journal.awaitWritten();
        List<NodeRun> rows =
                jdbc.sql(
                                "SELECT * FROM execution_nodes WHERE execution_id = ? ORDER BY started_at, node_id")
                        .param(executionId)
                        .query(NODE)
                        .list();
        // an execution has either rows or stored node runs: a retry moves the latter to rows
        return rows.isEmpty() ? storedNodeRuns(executionId) : rows;
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

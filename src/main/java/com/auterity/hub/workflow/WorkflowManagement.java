package com.auterity.hub.workflow;

import com.auterity.hub.shared.ServiceError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What other modules and the REST API ask of the workflow engine. Every method throws {@link
 * ServiceError} for a client's mistake: {@code WORKFLOW_INVALID} (400) with the list of problems,
 * {@code NOT_FOUND}, {@code WORKFLOW_EXISTS} (409), {@code RATE_LIMITED} (429) when the execution
 * queue is full.
 */
public interface WorkflowManagement {

    /** The answer to a create or an update. */
    record Deployed(String id, String name, int version, String status, List<String> routes) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record WorkflowView(
            String id,
            String name,
            String description,
            int version,
            String createdBy,
            Instant createdAt,
            Instant updatedAt,
            List<String> routes,
            Workflow definition) {}

    record Page<T>(List<T> items, int page, int size, long total) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record NodeRunView(
            String nodeId,
            String nodeType,
            String status,
            Instant startedAt,
            Instant finishedAt,
            Long durationMs,
            int attempts,
            String port,
            JsonNode input,
            JsonNode output,
            String error) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ExecutionView(
            String executionId,
            String workflowId,
            int workflowVersion,
            String status,
            int progress,
            JsonNode results,
            String error,
            String createdBy,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            List<NodeRunView> nodes,
            String parentExecutionId) {}

    record NodeTypeView(String type, Map<String, Object> schema, boolean branching) {}

    Deployed create(JsonNode definition, String caller);

    Deployed update(String id, JsonNode definition, String caller);

    /**
     * Deploys the current version of a workflow again, unchanged (same version, same compiled
     * text), once the executions running on it have ended, as an update does: what Camel resolves
     * when it creates the routes (the values of property placeholders and functions, such as a
     * connection's settings) is read anew. Throws {@code NOT_FOUND}, or {@code WORKFLOW_BUSY} (409)
     * when running executions do not end within the drain timeout (the old routes then stay).
     */
    Deployed redeploy(String id);

    WorkflowView get(String id);

    Page<WorkflowView> list(String name, int page, int size);

    String camelYaml(String id);

    /** The workflow in the API's own format, ready for {@code POST /api/v1/workflows/import}. */
    Map<String, Object> export(String id);

    /**
     * Creates the workflow, or, with {@code replace}, makes it the next version of the one with its
     * id.
     */
    Deployed importWorkflow(JsonNode definition, boolean replace, String caller);

    void delete(String id);

    /**
     * Records the execution (queued), then runs it; with {@code waitFor} > 0 waits that long for
     * the end.
     */
    ExecutionView execute(
            String workflowId, JsonNode parameters, String caller, java.time.Duration waitFor);

    /**
     * Like {@link #execute} with no wait, but at most once per {@code idempotencyKey}: when an
     * execution was already recorded for the key (a trigger's message delivered again), nothing is
     * recorded or run. Returns the execution's id, derived from the workflow id and the key.
     */
    String executeOnce(
            String workflowId, String idempotencyKey, JsonNode parameters, String caller);

    /** An execution by its id, or the latest execution of a workflow by the workflow's id. */
    ExecutionView status(String id);

    /**
     * Executions, newest first, optionally of one workflow, in one status, created in [from, to).
     */
    List<ExecutionView> executions(
            String workflowId, String status, Instant from, Instant to, int limit);

    List<NodeTypeView> nodeTypes();

    /** Executions that failed for good, newest first: the dead-letter store. */
    List<ExecutionView> deadLetters(int limit);

    /** Runs a failed execution again from its failed node, with the input that node had. */
    ExecutionView retry(String executionId, String caller, java.time.Duration waitFor);

    /** Stops a queued or running execution before its next node. */
    ExecutionView cancel(String executionId);
}

package com.auterity.hub.workflow.web;

import static com.auterity.hub.gateway.ApiRoutes.reply;
import static com.auterity.hub.gateway.ApiRoutes.secured;

import com.auterity.hub.gateway.ApiRoutes;
import com.auterity.hub.gateway.Query;
import com.auterity.hub.security.CurrentUser;
import com.auterity.hub.shared.ServiceError;
import com.auterity.hub.workflow.WorkflowManagement;
import com.auterity.hub.workflow.WorkflowManagement.Deployed;
import com.auterity.hub.workflow.WorkflowManagement.ExecutionView;
import com.auterity.hub.workflow.WorkflowManagement.NodeTypeView;
import com.auterity.hub.workflow.WorkflowManagement.WorkflowView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.springframework.stereotype.Component;

/**
 * {@code /api/v1/workflows} and {@code /api/v1/executions}: the seed's API and its REST resources.
 */
@Component
class WorkflowRoutes extends RouteBuilder {

    /** The seed's execute body. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ExecuteRequest(String workflowId, JsonNode parameters) {}

    /**
     * The body of {@code POST /workflows/{id}/execute}: the seed's parameters or the studio's
     * inputs.
     */
    record ExecuteBody(JsonNode parameters, JsonNode inputs) {}

    private final WorkflowManagement workflows;

    WorkflowRoutes(WorkflowManagement workflows) {
        this.workflows = workflows;
    }

    @Override
    public void configure() {
        secured(rest("/workflows"))
                .description("Workflows: JSON graphs compiled into Camel routes")
                .post("/create")
                .id("rest-workflow-create-seed")
                .description("Create and deploy a workflow (the seed's endpoint)")
                .type(JsonNode.class)
                .outType(Deployed.class)
                .to("direct:workflow-create-seed")
                .post()
                .id("rest-workflow-create")
                .description(
                        "Create and deploy a workflow (seed, studio or legacy template format)")
                .type(JsonNode.class)
                .outType(Deployed.class)
                .to("direct:workflow-create")
                .get()
                .id("rest-workflow-list")
                .description("List workflows; query: name (contains), page (from 0), size")
                .outType(WorkflowManagement.Page.class)
                .to("direct:workflow-list")
                .get("/node-types")
                .id("rest-workflow-node-types")
                .description("The node types and the JSON schema of their settings")
                .outType(NodeTypeView[].class)
                .to("direct:workflow-node-types")
                .post("/import")
                .id("rest-workflow-import")
                .description(
                        "Import a workflow in any accepted format; ?replace=true makes it the next version of an existing one")
                .type(JsonNode.class)
                .outType(Deployed.class)
                .to("direct:workflow-import")
                .post("/execute")
                .id("rest-workflow-execute-seed")
                .description(
                        "Execute a workflow: {workflow_id, parameters}; 202, or the final status with ?wait=true")
                .type(ExecuteRequest.class)
                .outType(ExecutionView.class)
                .to("direct:workflow-execute-seed")
                .get("/{id}")
                .id("rest-workflow-get")
                .description("One workflow")
                .outType(WorkflowView.class)
                .to("direct:workflow-get")
                .put("/{id}")
                .id("rest-workflow-update")
                .description("Replace a workflow with a new version and redeploy it")
                .type(JsonNode.class)
                .outType(Deployed.class)
                .to("direct:workflow-update")
                .delete("/{id}")
                .id("rest-workflow-delete")
                .description("Delete a workflow and undeploy its routes")
                .to("direct:workflow-delete")
                .get("/{id}/camel")
                .id("rest-workflow-camel")
                .description("The Camel YAML DSL the workflow compiles to")
                .bindingMode(RestBindingMode.off)
                .produces("application/yaml")
                .to("direct:workflow-camel")
                .post("/{id}/execute")
                .id("rest-workflow-execute")
                .description("Execute a workflow with {parameters} or the studio's {inputs}")
                .type(ExecuteBody.class)
                .outType(ExecutionView.class)
                .to("direct:workflow-execute")
                .get("/{id}/export")
                .id("rest-workflow-export")
                .description("The workflow in the API's own format, ready to import elsewhere")
                .to("direct:workflow-export")
                .get("/{id}/status")
                .id("rest-workflow-status")
                .description(
                        "Status of an execution (by execution id) or of a workflow's latest execution")
                .outType(ExecutionView.class)
                .to("direct:workflow-status");

        secured(rest("/executions"))
                .description("Workflow executions")
                .get()
                .id("rest-execution-list")
                .description(
                        "Executions, newest first; query: workflow_id, status, from and to (ISO-8601 instants), limit")
                .outType(ExecutionView[].class)
                .to("direct:execution-list")
                .get("/dead-letters")
                .id("rest-execution-dead-letters")
                .description(
                        "Executions that failed for good, with their input and error; query: limit")
                .outType(ExecutionView[].class)
                .to("direct:execution-dead-letters")
                .post("/{id}/retry")
                .id("rest-execution-retry")
                .description(
                        "Run a failed execution again from its failed node; ?wait=true answers with the outcome")
                .outType(ExecutionView.class)
                .to("direct:execution-retry")
                .post("/{id}/cancel")
                .id("rest-execution-cancel")
                .description("Cancel a queued or running execution")
                .outType(ExecutionView.class)
                .to("direct:execution-cancel")
                .get("/{id}")
                .id("rest-execution-get")
                .description("One execution with the record of every node")
                .outType(ExecutionView.class)
                .to("direct:execution-get");

        Processor create = e -> reply(e, 201, workflows.create(body(e, JsonNode.class), caller(e)));
        api("workflow-create", "Creates and deploys a workflow", create);
        api("workflow-create-seed", "Creates and deploys a workflow (the seed's path)", create);
        api(
                "workflow-list",
                "Lists workflows",
                e -> {
                    Query q = Query.of(e);
                    reply(
                            e,
                            200,
                            workflows.list(
                                    q.get("name"), number(q, "page", 0), number(q, "size", 20)));
                });
        api("workflow-export", "Exports a workflow", e -> reply(e, 200, workflows.export(id(e))));
        api(
                "workflow-import",
                "Imports a workflow",
                e -> {
                    Deployed deployed =
                            workflows.importWorkflow(
                                    body(e, JsonNode.class),
                                    "true".equals(Query.of(e).get("replace")),
                                    caller(e));
                    reply(e, deployed.version() == 1 ? 201 : 200, deployed);
                });
        api("workflow-node-types", "Lists node types", e -> reply(e, 200, workflows.nodeTypes()));
        api("workflow-get", "Reads a workflow", e -> reply(e, 200, workflows.get(id(e))));
        api(
                "workflow-update",
                "Updates a workflow",
                e -> reply(e, 200, workflows.update(id(e), body(e, JsonNode.class), caller(e))));
        api(
                "workflow-delete",
                "Deletes a workflow",
                e -> {
                    workflows.delete(id(e));
                    reply(e, 204, null);
                });
        api(
                "workflow-camel",
                "Returns a workflow's Camel YAML",
                e -> {
                    reply(e, 200, workflows.camelYaml(id(e)));
                    e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/yaml");
                });
        api(
                "workflow-execute-seed",
                "Executes a workflow (seed body)",
                e -> {
                    ExecuteRequest request = body(e, ExecuteRequest.class);
                    if (request.workflowId() == null) {
                        throw ServiceError.badRequest(
                                "VALIDATION_FAILED",
                                "The request is invalid",
                                Map.of("field", "workflow_id", "message", "must not be null"));
                    }
                    execute(e, request.workflowId(), request.parameters());
                });
        api(
                "workflow-execute",
                "Executes a workflow",
                e -> {
                    ExecuteBody request = e.getMessage().getBody(ExecuteBody.class);
                    execute(
                            e,
                            id(e),
                            request == null
                                    ? null
                                    : request.parameters() != null
                                            ? request.parameters()
                                            : request.inputs());
                });
        api(
                "workflow-status",
                "Reports an execution's status",
                e -> reply(e, 200, workflows.status(id(e))));
        api(
                "execution-list",
                "Lists executions",
                e -> {
                    Query q = Query.of(e);
                    reply(
                            e,
                            200,
                            workflows.executions(
                                    q.get("workflow_id"),
                                    q.get("status"),
                                    instant(q, "from"),
                                    instant(q, "to"),
                                    number(q, "limit", 100)));
                });
        api(
                "execution-dead-letters",
                "Lists dead-lettered executions",
                e -> reply(e, 200, workflows.deadLetters(number(Query.of(e), "limit", 100))));
        api(
                "execution-retry",
                "Retries a failed execution",
                e -> {
                    boolean wait = "true".equals(Query.of(e).get("wait"));
                    ExecutionView view =
                            workflows.retry(
                                    id(e),
                                    caller(e),
                                    wait ? Duration.ofSeconds(30) : Duration.ZERO);
                    reply(e, finished(view) ? 200 : 202, view);
                });
        api(
                "execution-cancel",
                "Cancels an execution",
                e -> reply(e, 200, workflows.cancel(id(e))));
        api("execution-get", "Reads an execution", e -> reply(e, 200, workflows.status(id(e))));
    }

    private void api(String id, String description, Processor processor) {
        from("direct:" + id)
                .routeId(id)
                .routeDescription(description)
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(processor);
    }

    private void execute(Exchange e, String workflowId, JsonNode parameters) {
        boolean wait = "true".equals(Query.of(e).get("wait"));
        ExecutionView view =
                workflows.execute(
                        workflowId,
                        parameters,
                        caller(e),
                        wait ? Duration.ofSeconds(30) : Duration.ZERO);
        reply(e, wait && finished(view) ? 200 : 202, view);
    }

    private static boolean finished(ExecutionView view) {
        return !"queued".equals(view.status()) && !"running".equals(view.status());
    }

    private static <T> T body(Exchange e, Class<T> type) {
        T body = e.getMessage().getBody(type);
        if (body == null) {
            throw ServiceError.badRequest("VALIDATION_FAILED", "A JSON body is required", null);
        }
        return body;
    }

    private static String id(Exchange e) {
        return e.getMessage().getHeader("id", String.class);
    }

    private static String caller(Exchange e) {
        return CurrentUser.nameOf(e);
    }

    private static Instant instant(Query q, String name) {
        String value = q.get(name);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ServiceError.badRequest(
                    "VALIDATION_FAILED",
                    "'" + name + "' must be an ISO-8601 instant such as 2026-11-28T10:00:00Z",
                    Map.of("field", name));
        }
    }

    private static int number(Query q, String name, int fallback) {
        String value = q.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ServiceError.badRequest(
                    "VALIDATION_FAILED",
                    "'" + name + "' must be a whole number",
                    Map.of("field", name));
        }
    }
}

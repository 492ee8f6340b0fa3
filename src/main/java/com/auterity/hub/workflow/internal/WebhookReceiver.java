package com.auterity.hub.workflow.internal;

import com.auterity.hub.security.CurrentUser;
import com.auterity.hub.shared.ServiceError;
import com.auterity.hub.workflow.WorkflowManagement.ExecutionView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The end of every webhook route: reads the JSON body, starts an execution of the workflow and
 * answers: with the result (and the webhook-response node's status) when the workflow has such a
 * node, otherwise 202 with the execution id. A failed execution answers 502 with its error.
 */
@Component("hubWebhookReceived")
class WebhookReceiver implements Processor {

    private final WorkflowEngine engine;
    private final ObjectMapper json;

    WebhookReceiver(WorkflowEngine engine, ObjectMapper json) {
        this.engine = engine;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        JsonNode input = input(exchange.getMessage());
        String workflow = exchange.getProperty("hubWorkflow", String.class);
        String status = exchange.getProperty("hubResponseStatus", String.class);
        String caller = CurrentUser.of(exchange).name();
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (status == null) {
            // no webhook-response node: acknowledge once the execution is recorded, run it later
            ExecutionView execution = engine.execute(workflow, input, caller, Duration.ZERO);
            message.setHeader("X-Execution-Id", execution.executionId());
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
            message.setBody(
                    json.writeValueAsString(
                            Map.of(
                                    "execution_id",
                                    execution.executionId(),
                                    "status",
                                    execution.status())));
            return;
        }
        WorkflowEngine.Outcome outcome = engine.runNow(workflow, input, caller);
        message.setHeader("X-Execution-Id", outcome.executionId());
        if (!"completed".equals(outcome.status())) {
            throw new ServiceError(
                    HttpStatus.BAD_GATEWAY,
                    "WORKFLOW_FAILED",
                    "The workflow did not complete",
                    Map.of(
                            "execution_id",
                            outcome.executionId(),
                            "error",
                            String.valueOf(outcome.error())));
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, Integer.parseInt(status));
        message.setBody(outcome.output() == null ? "null" : outcome.output());
    }

    /**
     * The request's JSON, parsed from its stream (not copied into a text first: that was the
     * largest allocation of a webhook call); an empty body is an empty object.
     */
    private JsonNode input(Message message) throws IOException {
        InputStream body = message.getBody(InputStream.class);
        JsonNode tree = body == null ? null : json.readTree(body);
        return tree == null || tree.isMissingNode() ? json.createObjectNode() : tree;
    }
}

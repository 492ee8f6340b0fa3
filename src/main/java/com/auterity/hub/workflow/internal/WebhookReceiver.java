package com.auterity.hub.workflow.internal;

import com.auterity.hub.security.CurrentUser;
import com.auterity.hub.shared.ServiceError;
import com.auterity.hub.workflow.WorkflowManagement.ExecutionView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
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
        String caller = CurrentUser.nameOf(exchange);
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
     * The request's JSON, parsed from the body as it comes (platform-http gives a reader), not
     * through Camel's type converters: they copy a reader into a text with an 8 KB buffer, the
     * largest allocation of a webhook call. An empty body is an empty object.
     */
    private JsonNode input(Message message) throws IOException {
        Object body = message.getBody();
        JsonNode tree;
        if (body == null) {
            tree = null;
        } else if (body instanceof Reader reader) {
            tree = json.readTree(reader);
        } else if (body instanceof String text) {
            tree = json.readTree(text);
        } else if (body instanceof byte[] bytes) {
            tree = json.readTree(bytes);
        } else {
            InputStream stream = message.getBody(InputStream.class);
            tree = stream == null ? null : json.readTree(stream);
        }
        return tree == null || tree.isMissingNode() ? json.createObjectNode() : tree;
    }
}

package com.auterity.hub.connector.internal;

import com.auterity.hub.shared.ServiceError;
import com.auterity.hub.workflow.WorkflowManagement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The step of a source connector's trigger route that starts an execution with the message (its
 * JSON, else its text). While the workflow engine's queue is full it waits, up to a minute, then
 * fails the message back to the source.
 */
@Component(ConnectorTriggered.NAME)
class ConnectorTriggered implements Processor {

    static final String NAME = "hubConnectorTriggered";
    static final String WORKFLOW = "hubTriggerWorkflow";
    static final String CONNECTOR = "hubTriggerConnector";

    private static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static final long PAUSE_MS = 200;

    private final WorkflowManagement workflows;
    private final ObjectMapper json;

    ConnectorTriggered(WorkflowManagement workflows, ObjectMapper json) {
        this.workflows = workflows;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        String workflow = exchange.getProperty(WORKFLOW, String.class);
        String caller = "connector:" + exchange.getProperty(CONNECTOR, String.class);
        String text = exchange.getMessage().getBody(String.class);
        JsonNode input;
        try {
            input = text == null || text.isBlank() ? json.nullNode() : json.readTree(text);
        } catch (Exception notJson) {
            input = json.getNodeFactory().textNode(text);
        }
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (true) {
            try {
                var execution = workflows.execute(workflow, input, caller, Duration.ZERO);
                exchange.getMessage().setBody(execution.executionId());
                return;
            } catch (ServiceError refused) {
                if (refused.status() != HttpStatus.TOO_MANY_REQUESTS
                        || System.nanoTime() > deadline
                        || exchange.getContext().isStopping()) {
                    throw refused;
                }
                Thread.sleep(PAUSE_MS);
            }
        }
    }
}

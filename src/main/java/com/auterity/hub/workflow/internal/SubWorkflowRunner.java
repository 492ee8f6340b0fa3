package com.auterity.hub.workflow.internal;

import com.auterity.hub.shared.TimeOrderedIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.springframework.stereotype.Component;

/**
 * Runs the child of a sub-workflow node, in the calling thread: a worker that runs a sub-workflow
 * never hands it to the queue and waits for another worker, so nested workflows cannot starve the
 * pool. The child is an execution of its own, recorded as it goes, created by {@code
 * execution:<parent id>} and naming its parent; its result becomes the message. How deep the
 * current execution is nested travels in an exchange property; a call beyond {@value #MAX_DEPTH}
 * levels fails.
 */
@Component("hubSubWorkflowRun")
class SubWorkflowRunner implements Processor {

    /** Most levels of sub-workflows below an execution started otherwise. */
    static final int MAX_DEPTH = 5;

    /** Exchange property: how many sub-workflow levels deep the exchange runs (0 at the top). */
    static final String DEPTH = "hubSubWorkflowDepth";

    /** Exchange property: the workflows from the top down to this one, for the error text. */
    static final String CHAIN = "hubSubWorkflowChain";

    /** Thrown into the calling node when the child cannot run or fails. */
    static final class SubWorkflowFailed extends RuntimeException {
        SubWorkflowFailed(String message) {
            super(message, null, false, false);
        }
    }

    private final WorkflowDeployer deployer;
    private final Executions executions;
    private final ExecutionRunner runner;
    private final ObjectMapper json;

    SubWorkflowRunner(
            WorkflowDeployer deployer,
            Executions executions,
            ExecutionRunner runner,
            ObjectMapper json) {
        this.deployer = deployer;
        this.executions = executions;
        this.runner = runner;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String child = exchange.getProperty("hubSubWorkflow", String.class);
        exchange.removeProperty("hubSubWorkflow");
        String parent = NodeRecorder.recorder(exchange).executionId();
        int depth = exchange.getProperty(DEPTH, 0, Integer.class);
        String chain = exchange.getProperty(CHAIN, String.class);
        if (chain == null) {
            chain = currentWorkflow(exchange);
        }
        chain = chain + " -> " + child;
        if (depth >= MAX_DEPTH) {
            throw new SubWorkflowFailed(
                    "sub-workflows nest at most "
                            + MAX_DEPTH
                            + " levels deep; this call would be level "
                            + (depth + 1)
                            + ": "
                            + chain);
        }
        Integer version = deployer.version(child);
        if (version == null) {
            throw new SubWorkflowFailed(
                    "sub-workflow '" + child + "' does not exist (any more) or is not deployed");
        }
        JsonNode input = payload(exchange.getMessage().getBody());
        String id = TimeOrderedIds.next().toString();
        executions.insert(
                new Executions.Execution(
                        id,
                        child,
                        version,
                        Executions.Status.queued,
                        json.writeValueAsString(input),
                        null,
                        null,
                        "execution:" + parent,
                        Instant.now(),
                        null,
                        null,
                        parent));
        runner.runHere(id, child, input, Map.of(DEPTH, depth + 1, CHAIN, chain));
        Executions.Execution done =
                executions
                        .find(id)
                        .orElseThrow(
                                () ->
                                        new SubWorkflowFailed(
                                                "sub-workflow '"
                                                        + child
                                                        + "' left no record (execution "
                                                        + id
                                                        + ")"));
        if (done.status() != Executions.Status.completed) {
            throw new SubWorkflowFailed(
                    "sub-workflow '"
                            + child
                            + "' "
                            + done.status()
                            + " (execution "
                            + id
                            + "): "
                            + done.error());
        }
        exchange.getMessage()
                .setBody(done.output() == null ? json.nullNode() : json.readTree(done.output()));
    }

    /** The workflow whose route the exchange started in: route group {@code wf-<id>}. */
    private static String currentWorkflow(Exchange exchange) {
        Route route = exchange.getContext().getRoute(exchange.getFromRouteId());
        String group = route == null ? null : route.getGroup();
        return group != null && group.startsWith("wf-") ? group.substring(3) : "?";
    }

    private JsonNode payload(Object body) {
        if (body instanceof JsonNode node) {
            return node;
        }
        if (body instanceof String text) {
            try {
                return json.readTree(text);
            } catch (Exception notJson) {
                return json.getNodeFactory().textNode(text);
            }
        }
        return body == null ? json.nullNode() : json.valueToTree(body);
    }
}

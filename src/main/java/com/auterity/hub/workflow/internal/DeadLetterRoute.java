package com.auterity.hub.workflow.internal;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The dead-letter channel of every compiled workflow: an execution that failed for good arrives
 * here as the failed node had it, and is recorded as failed, naming the node and the error (the
 * execution keeps its original input, the node record the node's input). The record is the
 * dead-letter store: {@code GET /api/v1/executions/dead-letters} lists it and {@code POST
 * /api/v1/executions/{id}/retry} runs it again from the failed node. A node failing inside a loop
 * iteration or a parallel branch is only recorded: the failure goes back to its loop or parallel
 * node ({@link FanOut#FAILURE}), which decides whether the execution fails.
 */
@Component
class DeadLetterRoute extends RouteBuilder {

    /** Exchange property set once an execution has been dead-lettered. */
    static final String DEAD_LETTERED = "hubDeadLettered";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRoute.class);

    @Override
    public void configure() {
        from(WorkflowCompiler.DEAD_LETTERS)
                .routeId("workflow-dead-letters")
                .routeDescription("Records a workflow execution that failed for good")
                .process(this::record);
    }

    private void record(Exchange exchange) {
        ExecutionRecorder recorder = NodeRecorder.recorder(exchange);
        String node = NodeRecorder.record(exchange);
        String error = NodeRecorder.failed(exchange);
        if (exchange.getProperty(FanOut.SCOPE) != null) {
            // inside an iteration or a branch: its loop or parallel node decides what follows
            log.info("Execution {}: node {} failed: {}", recorder.executionId(), node, error);
            exchange.setProperty(FanOut.FAILURE, "node '" + node + "': " + error);
            return;
        }
        log.warn("Execution {} failed at node {}: {}", recorder.executionId(), node, error);
        recorder.failed((node == null ? "" : "node '" + node + "': ") + error);
        exchange.setProperty(DEAD_LETTERED, true);
    }
}

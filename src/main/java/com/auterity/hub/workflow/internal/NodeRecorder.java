package com.auterity.hub.workflow.internal;

import com.auterity.hub.workflow.spi.NodeType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The processors every compiled node route calls, by name, around the node's own steps: they write
 * the node's start (with its input) and end (with its output, chosen port, or error) to the
 * execution record.
 */
@Configuration(proxyBeanMethods = false)
class NodeRecorder {

    static final String STARTED = "hubNodeStarted";
    static final String FINISHED = "hubNodeFinished";
    static final String FAILED = "hubNodeFailed";
    static final String RETRIED = "hubNodeRetried";

    /** Exchange property holding the execution id. */
    static final String EXECUTION = "hubExecution";

    /** Exchange property holding the type of the node being run. */
    static final String NODE_TYPE = "hubNodeType";

    @Bean(STARTED)
    Processor nodeStarted(Executions executions, Cancellations cancellations, ObjectMapper json) {
        return exchange -> {
            cancellations.checkNotCancelled(execution(exchange));
            exchange.removeProperty(NodeType.PORT);
            executions.nodeStarted(
                    execution(exchange),
                    node(exchange),
                    exchange.getProperty(NODE_TYPE, String.class),
                    text(exchange, json),
                    Instant.now());
        };
    }

    @Bean(FINISHED)
    Processor nodeFinished(Executions executions, ObjectMapper json) {
        return exchange -> {
            executions.nodeFinished(
                    execution(exchange),
                    node(exchange),
                    "completed",
                    exchange.getProperty(NodeType.PORT, String.class),
                    text(exchange, json),
                    null,
                    Instant.now());
        };
    }

    /**
     * A node whose failure is handled ({@code onError: continue} or {@code error}): recorded, then
     * the run goes on.
     */
    @Bean(FAILED)
    Processor nodeFailed(Executions executions) {
        return exchange -> failed(executions, exchange);
    }

    /** Called by Camel before each redelivery of a failed step: one more attempt of the node. */
    @Bean(RETRIED)
    Processor nodeRetried(Executions executions) {
        return exchange -> executions.nodeRetried(execution(exchange), node(exchange), 1);
    }

    /** Records the current node as failed, with the caught exception and the tries made. */
    static String failed(Executions executions, Exchange exchange) {
        String error = error(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        String node = node(exchange);
        if (node != null) {
            retried(executions, exchange);
            executions.nodeFinished(
                    execution(exchange), node, "failed", null, null, error, Instant.now());
        }
        return error;
    }

    /**
     * Camel counts its redeliveries of a failed step in a header: each is one more attempt of the
     * node.
     */
    private static void retried(Executions executions, Exchange exchange) {
        Integer redeliveries =
                exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        if (redeliveries != null) {
            executions.nodeRetried(execution(exchange), node(exchange), redeliveries);
        }
    }

    static String execution(Exchange exchange) {
        String id = exchange.getProperty(EXECUTION, String.class);
        if (id == null) {
            throw new IllegalStateException("A workflow route was called outside an execution");
        }
        return id;
    }

    static String node(Exchange exchange) {
        return exchange.getProperty(WorkflowCompiler.NODE, String.class);
    }

    static String error(Throwable failure) {
        if (failure == null) {
            return "unknown error";
        }
        return failure.getMessage() == null
                ? failure.getClass().getSimpleName()
                : failure.getMessage();
    }

    /** The message body as JSON text. */
    static String text(Exchange exchange, ObjectMapper json) throws JsonProcessingException {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            return null;
        }
        if (body instanceof JsonNode || !(body instanceof String)) {
            return json.writeValueAsString(body);
        }
        return (String) body;
    }
}

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
 * The two processors every compiled node route calls, by name, around the node's own steps: they
 * write the node's start (with its input) and end (with its output and chosen port) to the
 * execution record.
 */
@Configuration(proxyBeanMethods = false)
class NodeRecorder {

    static final String STARTED = "hubNodeStarted";
    static final String FINISHED = "hubNodeFinished";

    /** Exchange property holding the execution id. */
    static final String EXECUTION = "hubExecution";

    /** Exchange property holding the type of the node being run. */
    static final String NODE_TYPE = "hubNodeType";

    @Bean(STARTED)
    Processor nodeStarted(Executions executions, ObjectMapper json) {
        return exchange -> {
            exchange.removeProperty(NodeType.PORT);
            executions.nodeStarted(
                    execution(exchange),
                    exchange.getProperty(WorkflowCompiler.NODE, String.class),
                    exchange.getProperty(NODE_TYPE, String.class),
                    text(exchange, json),
                    Instant.now());
        };
    }

    @Bean(FINISHED)
    Processor nodeFinished(Executions executions, ObjectMapper json) {
        return exchange ->
                executions.nodeFinished(
                        execution(exchange),
                        exchange.getProperty(WorkflowCompiler.NODE, String.class),
                        "completed",
                        exchange.getProperty(NodeType.PORT, String.class),
                        text(exchange, json),
                        null,
                        Instant.now());
    }

    private static String execution(Exchange exchange) {
        String id = exchange.getProperty(EXECUTION, String.class);
        if (id == null) {
            throw new IllegalStateException("A workflow route was called outside an execution");
        }
        return id;
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

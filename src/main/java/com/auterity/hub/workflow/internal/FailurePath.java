package com.auterity.hub.workflow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two processors around a workflow's failure path (see {@code ErrorHandlerNode}): the first
 * keeps the failed execution as it was and gives the failure path a description of the failure as
 * its message; the second puts the execution back as it failed, for the dead-letter store.
 */
@Configuration(proxyBeanMethods = false)
class FailurePath {

    static final String OPENED = "hubFailurePathOpened";
    static final String CLOSED = "hubFailurePathClosed";

    private static final String FAILED_NODE = "hubFailedNode";
    private static final String FAILED_BODY = "hubFailedBody";
    private static final String FAILURE = "hubFailedException";

    @Bean(OPENED)
    Processor opened(ObjectMapper json) {
        return exchange -> {
            String node = NodeRecorder.node(exchange);
            Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            String input = NodeRecorder.text(exchange, json);
            exchange.setProperty(FAILED_NODE, node);
            exchange.setProperty(FAILED_BODY, exchange.getMessage().getBody());
            exchange.setProperty(FAILURE, failure);

            ObjectNode report = json.createObjectNode();
            report.put("execution_id", NodeRecorder.recorder(exchange).executionId());
            report.putObject("error").put("node", node).put("message", NodeRecorder.error(failure));
            report.set("input", input == null ? json.nullNode() : parse(json, input));
            exchange.getMessage().setBody(report);
        };
    }

    @Bean(CLOSED)
    Processor closed() {
        return exchange -> {
            exchange.setProperty(
                    WorkflowCompiler.NODE, exchange.getProperty(FAILED_NODE, String.class));
            exchange.getMessage().setBody(exchange.getProperty(FAILED_BODY));
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, exchange.getProperty(FAILURE));
            exchange.removeProperty(FAILED_NODE);
            exchange.removeProperty(FAILED_BODY);
            exchange.removeProperty(FAILURE);
        };
    }

    private static JsonNode parse(ObjectMapper json, String text) {
        try {
            return json.readTree(text);
        } catch (Exception notJson) {
            return json.getNodeFactory().textNode(text);
        }
    }
}

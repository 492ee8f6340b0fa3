package com.auterity.hub.ai.node;

import com.auterity.hub.shared.ServiceError;
import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * A node that puts the cognitive engine's result for one text of the message into the message: the
 * settings {@code field} (where the text is) and {@code output} (where the result goes, by default
 * the node's kind), compiled into a call of the node's {@link Step}.
 */
abstract class TextNode implements NodeType {

    private final String output;
    private final String step;
    private final List<String> types;

    /**
     * @param output the default {@code output} field
     * @param step the bean name of the node's {@link Step}
     * @param types the node's type names
     */
    TextNode(String output, String step, String... types) {
        this.output = output;
        this.step = step;
        this.types = List.of(types);
    }

    @Override
    public List<String> types() {
        return types;
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of("type", "object", "properties", CognitiveNodes.fieldSchemas(output));
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        return CognitiveNodes.validatePaths(node);
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        List<Map<String, Object>> steps =
                new ArrayList<>(CognitiveNodes.properties(node, output, null));
        steps.add(CognitiveNodes.process(step));
        return steps;
    }

    /** Reads the text at {@code field}, puts {@link #result} at {@code output}. */
    abstract static class Step implements Processor {

        private final ObjectMapper json;

        Step(ObjectMapper json) {
            this.json = json;
        }

        /** The engine's result for {@code text}; a {@link ServiceError} fails the node. */
        abstract Object result(String text);

        @Override
        public void process(Exchange exchange) {
            ObjectNode message = CognitiveNodes.message(exchange, json);
            String text = CognitiveNodes.text(exchange, message);
            try {
                CognitiveNodes.output(exchange, message, json.valueToTree(result(text)));
            } catch (ServiceError e) {
                throw CognitiveNodes.failure(e);
            }
        }
    }
}

package com.auterity.hub.ai.node;

import com.auterity.hub.shared.ServiceError;
import com.auterity.hub.workflow.Workflow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;

/**
 * What the cognitive node types share: the settings {@code field} (where the text is, a dot path,
 * default {@code text}) and {@code output} (the field that gets the result, default the node's
 * kind), compiled into exchange properties of constant value, and read back by the processor bean
 * that the node's steps call. A workflow chooses values, never the bean.
 */
final class CognitiveNodes {

    static final String FIELD = "hubCognitiveField";
    static final String OUTPUT = "hubCognitiveOutput";
    static final String SETTINGS = "hubCognitiveSettings";

    private static final Pattern PATH =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}(\\.[A-Za-z_][A-Za-z0-9_-]{0,63}){0,9}");

    private CognitiveNodes() {}

    static Map<String, Object> fieldSchemas(String output) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(
                "field",
                Map.of(
                        "type",
                        "string",
                        "description",
                        "dot path of the text in the message, e.g. ticket.body (default: text)"));
        properties.put(
                "output",
                Map.of(
                        "type",
                        "string",
                        "description",
                        "field of the message that gets the result (default: " + output + ")"));
        return properties;
    }

    static List<String> validatePaths(Workflow.Node node) {
        List<String> problems = new ArrayList<>();
        for (String key : List.of("field", "output")) {
            Object value = node.settings().get(key);
            if (value != null && !(value instanceof String s && PATH.matcher(s).matches())) {
                problems.add("'" + key + "' must be a dot path of field names, e.g. ticket.body");
            }
        }
        return problems;
    }

    static List<Map<String, Object>> properties(
            Workflow.Node node, String output, String settings) {
        List<Map<String, Object>> steps = new ArrayList<>();
        steps.add(property(FIELD, String.valueOf(node.settings().getOrDefault("field", "text"))));
        steps.add(property(OUTPUT, String.valueOf(node.settings().getOrDefault("output", output))));
        if (settings != null) {
            steps.add(property(SETTINGS, settings));
        }
        return steps;
    }

    private static Map<String, Object> property(String name, String value) {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("name", name);
        set.put("constant", value);
        return Map.of("setProperty", set);
    }

    static Map<String, Object> process(String bean) {
        return Map.of("process", Map.of("ref", bean));
    }

    /** The message as a JSON object. */
    static ObjectNode message(Exchange exchange, ObjectMapper json) {
        Object body = exchange.getMessage().getBody();
        JsonNode node;
        try {
            node =
                    body instanceof JsonNode j
                            ? j
                            : body instanceof String s ? json.readTree(s) : json.valueToTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("the message is not JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("the message must be a JSON object");
        }
        return object;
    }

    /** The text at the node's {@code field}; a missing or non-text field fails the node. */
    static String text(Exchange exchange, ObjectNode message) {
        String field = exchange.getProperty(FIELD, String.class);
        JsonNode value = message.at("/" + field.replace('.', '/'));
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(
                    "the message has no text at '" + field + "' (a non-empty string is needed)");
        }
        return value.asText();
    }

    /** Sets the result at the node's {@code output} path, creating objects on the way. */
    static void output(Exchange exchange, ObjectNode message, JsonNode result) {
        String[] path = exchange.getProperty(OUTPUT, String.class).split("\\.");
        ObjectNode parent = message;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = parent.get(path[i]);
            parent = child instanceof ObjectNode o ? o : parent.putObject(path[i]);
        }
        parent.set(path[path.length - 1], result);
        exchange.getMessage().setBody(message);
    }

    /**
     * A client error of the engine (too long a text...) as the node's failure, with its details.
     */
    static IllegalArgumentException failure(ServiceError e) {
        return new IllegalArgumentException(
                e.getMessage() + (e.details() == null ? "" : ": " + e.details()));
    }
}

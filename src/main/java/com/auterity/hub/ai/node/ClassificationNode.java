package com.auterity.hub.ai.node;

import com.auterity.hub.ai.CognitiveEngine;
import com.auterity.hub.ai.CognitiveEngine.Classification;
import com.auterity.hub.ai.CognitiveEngine.ClassifyRequest;
import com.auterity.hub.ai.CognitiveEngine.Label;
import com.auterity.hub.shared.ServiceError;
import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Zero-shot classification of a text of the message, routed by label: {@code {"labels": ["billing",
 * {"name": "shipping", "description": "...", "examples": ["..."]}], "field": "ticket.body",
 * "threshold": 0.5}}. The node has one port per label, plus {@code unclassified} for a text that
 * reaches no label's threshold; the result ({@code {label, confidence, scores}}) goes into the
 * message at {@code output} (default {@code classification}).
 */
@Component
class ClassificationNode implements NodeType {

    static final String UNCLASSIFIED = "unclassified";

    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    private final ObjectMapper json;

    ClassificationNode(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public List<String> types() {
        return List.of("classification", "classify", "intent-router");
    }

    @Override
    public Map<String, Object> schema() {
        Map<String, Object> label =
                Map.of(
                        "oneOf",
                        List.of(
                                Map.of("type", "string", "pattern", PORT_NAME.pattern()),
                                Map.of(
                                        "type",
                                        "object",
                                        "required",
                                        List.of("name"),
                                        "properties",
                                        Map.of(
                                                "name",
                                                Map.of(
                                                        "type",
                                                        "string",
                                                        "pattern",
                                                        PORT_NAME.pattern()),
                                                "description",
                                                Map.of("type", "string"),
                                                "examples",
                                                Map.of(
                                                        "type",
                                                        "array",
                                                        "items",
                                                        Map.of("type", "string"))))));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(
                "labels",
                Map.of(
                        "type",
                        "array",
                        "minItems",
                        2,
                        "items",
                        label,
                        "description",
                        "the classes; each is a port of the node"));
        properties.put(
                "threshold",
                Map.of(
                        "type",
                        "number",
                        "minimum",
                        0,
                        "maximum",
                        1,
                        "description",
                        "least confidence for a label; below it the message goes to port"
                                + " unclassified"));
        properties.putAll(CognitiveNodes.fieldSchemas("classification"));
        return Map.of("type", "object", "required", List.of("labels"), "properties", properties);
    }

    @Override
    public List<String> ports(Workflow.Node node) {
        List<String> ports = new ArrayList<>();
        for (Label label : labels(node)) {
            ports.add(label.name());
        }
        ports.add(UNCLASSIFIED);
        return ports;
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        List<String> problems = new ArrayList<>(CognitiveNodes.validatePaths(node));
        if (!(node.settings().get("labels") instanceof List<?> given) || given.size() < 2) {
            problems.add("'labels' must list at least 2 labels");
            return problems;
        }
        List<Label> labels = labels(node);
        if (labels.size() != given.size()) {
            problems.add(
                    "each of 'labels' must be a name or {name, description?, examples?} of"
                            + " strings");
            return problems;
        }
        Set<String> names = new HashSet<>();
        for (Label label : labels) {
            if (!PORT_NAME.matcher(label.name()).matches()
                    || label.name().equals(UNCLASSIFIED)
                    || label.name().equals("error")) {
                problems.add(
                        "label '"
                                + label.name()
                                + "' must be a port name: 1-32 lower-case letters, digits, '-'"
                                + " or '_' (not 'unclassified' or 'error')");
            } else if (!names.add(label.name())) {
                problems.add("label '" + label.name() + "' is given twice");
            }
            if (label.examples() != null && label.examples().size() > 20) {
                problems.add("label '" + label.name() + "' has more than 20 examples");
            }
        }
        Object threshold = node.settings().get("threshold");
        if (threshold != null
                && !(threshold instanceof Number t
                        && t.doubleValue() >= 0
                        && t.doubleValue() <= 1)) {
            problems.add("'threshold' must be a number from 0 to 1");
        }
        return problems;
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("labels", labels(node));
        settings.put("threshold", node.settings().get("threshold"));
        List<Map<String, Object>> steps =
                new ArrayList<>(CognitiveNodes.properties(node, "classification", write(settings)));
        steps.add(CognitiveNodes.process(Classifier.NAME));
        return steps;
    }

    /** The labels of the settings; those that are neither a name nor an object are left out. */
    private List<Label> labels(Workflow.Node node) {
        List<Label> labels = new ArrayList<>();
        if (node.settings().get("labels") instanceof List<?> given) {
            for (Object item : given) {
                if (item instanceof String name) {
                    labels.add(Label.named(name));
                } else if (item instanceof Map<?, ?> map && map.get("name") instanceof String) {
                    try {
                        labels.add(json.convertValue(map, Label.class));
                    } catch (IllegalArgumentException wrongShape) {
                        // reported by validate as a label of the wrong shape
                    }
                }
            }
        }
        return labels;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Classifies the message's text and chooses the port. */
    @Component(Classifier.NAME)
    static class Classifier implements Processor {

        static final String NAME = "hubCognitiveClassification";

        record Settings(List<Label> labels, Double threshold) {}

        private final CognitiveEngine engine;
        private final ObjectMapper json;
        private final Map<String, Settings> parsed = new ConcurrentHashMap<>();

        Classifier(CognitiveEngine engine, ObjectMapper json) {
            this.engine = engine;
            this.json = json;
        }

        @Override
        public void process(Exchange exchange) {
            ObjectNode message = CognitiveNodes.message(exchange, json);
            String text = CognitiveNodes.text(exchange, message);
            Settings settings =
                    parsed.computeIfAbsent(
                            exchange.getProperty(CognitiveNodes.SETTINGS, String.class),
                            this::read);
            Classification result;
            try {
                result =
                        engine.classify(
                                        new ClassifyRequest(
                                                text,
                                                null,
                                                settings.labels(),
                                                settings.threshold()))
                                .results()
                                .get(0);
            } catch (ServiceError e) {
                throw CognitiveNodes.failure(e);
            }
            CognitiveNodes.output(exchange, message, json.valueToTree(result));
            exchange.setProperty(
                    NodeType.PORT, result.label() == null ? UNCLASSIFIED : result.label());
        }

        private Settings read(String text) {
            try {
                return json.readValue(text, Settings.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Unreadable settings of a classification node", e);
            }
        }
    }
}

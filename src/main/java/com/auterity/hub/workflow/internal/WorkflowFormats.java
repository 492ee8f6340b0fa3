package com.auterity.hub.workflow.internal;

import com.auterity.hub.workflow.Workflow;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the three workflow formats into {@link Workflow}: the seed's ({@code name, description,
 * nodes, edges}), the Workflow Studio's canonical one ({@code version, id, metadata, nodes} with
 * {@code data} or {@code data.properties}, {@code edges} with {@code sourcePort}) and the legacy
 * Auterity templates ({@code steps, connections} with {@code config}, optionally wrapped in {@code
 * {"workflow": ...}}). Shape problems are collected, not thrown.
 */
final class WorkflowFormats {

    private static final TypeReference<Map<String, Object>> SETTINGS = new TypeReference<>() {};

    private WorkflowFormats() {}

    /** The workflow, or {@code null} with {@code problems} filled when the shape is wrong. */
    static Workflow read(JsonNode body, String id, ObjectMapper json, List<Problem> problems) {
        if (body == null || !body.isObject()) {
            problems.add(Problem.of("the workflow must be a JSON object"));
            return null;
        }
        JsonNode root =
                body.has("workflow") && body.get("workflow").isObject()
                        ? body.get("workflow")
                        : body;
        boolean legacy = root.has("steps");
        JsonNode nodes = legacy ? root.get("steps") : root.get("nodes");
        JsonNode edges = legacy ? root.get("connections") : root.get("edges");
        if (nodes == null || !nodes.isArray()) {
            problems.add(Problem.of("'nodes' (or the legacy 'steps') must be an array"));
            return null;
        }
        if (edges != null && !edges.isArray()) {
            problems.add(Problem.of("'edges' (or the legacy 'connections') must be an array"));
            return null;
        }
        String name =
                firstText(root.path("name"), body.path("name"), body.path("metadata").path("name"));
        String description =
                firstText(
                        root.path("description"),
                        body.path("description"),
                        body.path("metadata").path("description"));

        List<Workflow.Node> readNodes = new ArrayList<>();
        for (JsonNode node : nodes) {
            readNodes.add(
                    new Workflow.Node(
                            text(node.path("id")),
                            text(node.path("type")),
                            firstText(
                                    node.path("label"),
                                    node.path("name"),
                                    node.path("data").path("label")),
                            settings(node, json)));
        }
        List<Workflow.Edge> readEdges = new ArrayList<>();
        int index = 0;
        for (JsonNode edge : edges == null ? json.createArrayNode() : edges) {
            index++;
            String edgeId = text(edge.path("id"));
            readEdges.add(
                    new Workflow.Edge(
                            edgeId == null ? "edge-" + index : edgeId,
                            text(edge.path("source")),
                            text(edge.path("target")),
                            port(firstText(edge.path("sourcePort"), edge.path("sourceHandle"))),
                            text(edge.path("label"))));
        }
        return new Workflow(id, name == null ? id : name, description, readNodes, readEdges);
    }

    /**
     * Settings: the studio's data.properties, else data (less its label), else legacy config. Next
     * to data.properties, data's other fields (such as a connector node's {@code connector} and
     * {@code connection}) are settings too, unless a property of the same name is given.
     */
    private static Map<String, Object> settings(JsonNode node, ObjectMapper json) {
        JsonNode data = node.path("data");
        if (data.path("properties").isObject()) {
            Map<String, Object> settings = new LinkedHashMap<>(json.convertValue(data, SETTINGS));
            settings.remove("label");
            settings.remove("properties");
            settings.putAll(json.convertValue(data.get("properties"), SETTINGS));
            return settings;
        }
        JsonNode source = data.isObject() ? data : node.path("config");
        Map<String, Object> settings =
                source.isObject() ? json.convertValue(source, SETTINGS) : new LinkedHashMap<>();
        if (source == data) {
            settings.remove("label");
        }
        return settings;
    }

    /**
     * The studio names branch ports {@code output-true}, {@code output-high}...; the port is the
     * rest.
     */
    private static String port(String sourcePort) {
        if (sourcePort == null || sourcePort.isBlank()) {
            return null;
        }
        if (sourcePort.equals("output")) {
            return null; // the studio's one plain output
        }
        return sourcePort.startsWith("output-")
                ? sourcePort.substring("output-".length())
                : sourcePort;
    }

    private static String text(JsonNode value) {
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static String firstText(JsonNode... values) {
        for (JsonNode value : values) {
            String text = text(value);
            if (text != null && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }
}

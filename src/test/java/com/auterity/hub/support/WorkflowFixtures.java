package com.auterity.hub.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/** Workflows built in tests: nodes, edges, straight lines, and the node records of an execution. */
public final class WorkflowFixtures {

    private WorkflowFixtures() {}

    public static JsonNode nodeRun(JsonNode execution, String nodeId) {
        return StreamSupport.stream(execution.get("nodes").spliterator(), false)
                .filter(n -> nodeId.equals(n.get("node_id").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no record of node " + nodeId));
    }

    /** A seed-format workflow: start, the given nodes one after the other, end. */
    @SafeVarargs
    public static Map<String, Object> linear(Map<String, Object>... middle) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        nodes.add(node("begin", "start", Map.of()));
        nodes.addAll(List.of(middle));
        nodes.add(node("finish", "end", Map.of()));
        List<Map<String, Object>> edges = new ArrayList<>();
        for (int i = 1; i < nodes.size(); i++) {
            edges.add(
                    edge(
                            "e" + i,
                            (String) nodes.get(i - 1).get("id"),
                            (String) nodes.get(i).get("id"),
                            null));
        }
        return workflow(nodes, edges);
    }

    public static Map<String, Object> workflow(
            List<Map<String, Object>> nodes, List<Map<String, Object>> edges) {
        Map<String, Object> workflow = new LinkedHashMap<>();
        workflow.put("name", "generated");
        workflow.put("nodes", nodes);
        workflow.put("edges", edges);
        return workflow;
    }

    public static Map<String, Object> node(String id, String type, Map<String, Object> data) {
        return Map.of("id", id, "type", type, "data", data);
    }

    public static Map<String, Object> edge(String id, String source, String target, String port) {
        Map<String, Object> edge = new LinkedHashMap<>();
        edge.put("id", id);
        edge.put("source", source);
        edge.put("target", target);
        if (port != null) {
            edge.put("sourcePort", port);
        }
        return edge;
    }
}

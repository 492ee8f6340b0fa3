package com.auterity.hub.workflow.internal;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Compiles a valid workflow into Camel YAML DSL text, the dialect of {@code routes/}: route {@code
 * wf-<id>} is the entry, route {@code wf-<id>-<nodeId>} runs one node, all in route group {@code
 * wf-<id>}. Every node route records the node's start and end around the node type's own steps,
 * then sends the message on to the next nodes, by port for a branching node.
 */
@Component
class WorkflowCompiler {

    /** Exchange property holding the id of the node being run. */
    static final String NODE = "hubNode";

    private final NodeTypes types;

    WorkflowCompiler(NodeTypes types) {
        this.types = types;
    }

    static String group(String workflowId) {
        return "wf-" + workflowId;
    }

    static String nodeRoute(String workflowId, String nodeId) {
        return "wf-" + workflowId + "-" + nodeId;
    }

    /** The ids of the routes the workflow compiles to, entry first. */
    List<String> routeIds(Workflow workflow) {
        List<String> ids = new ArrayList<>(List.of(group(workflow.id())));
        workflow.nodes().forEach(n -> ids.add(nodeRoute(workflow.id(), n.id())));
        return ids;
    }

    String compile(Workflow workflow) {
        Map<String, List<Workflow.Edge>> outgoing = new LinkedHashMap<>();
        var incoming = new HashSet<String>();
        for (Workflow.Edge edge : workflow.edges()) {
            outgoing.computeIfAbsent(edge.source(), s -> new ArrayList<>()).add(edge);
            incoming.add(edge.target());
        }
        String start =
                WorkflowValidator.start(
                        workflow, WorkflowValidator.byId(workflow), incoming, new ArrayList<>());

        List<Object> routes = new ArrayList<>();
        routes.add(
                route(
                        group(workflow.id()),
                        workflow.id(),
                        "Workflow '" + workflow.name() + "': entry",
                        List.of(to(workflow.id(), start))));
        for (Workflow.Node node : workflow.nodes()) {
            NodeType type = WorkflowValidator.typeOf(types, node);
            List<Object> steps = new ArrayList<>();
            steps.add(Map.of("setProperty", ordered("name", NODE, "constant", node.id())));
            steps.add(
                    Map.of(
                            "setProperty",
                            ordered("name", NodeRecorder.NODE_TYPE, "constant", node.type())));
            steps.add(Map.of("process", Map.of("ref", NodeRecorder.STARTED)));
            steps.addAll(type.compile(node));
            steps.add(Map.of("process", Map.of("ref", NodeRecorder.FINISHED)));
            steps.addAll(
                    next(
                            workflow.id(),
                            outgoing.getOrDefault(node.id(), List.of()),
                            type.ports(node) != null));
            routes.add(
                    route(
                            nodeRoute(workflow.id(), node.id()),
                            workflow.id(),
                            node.type()
                                    + " node '"
                                    + (node.label() == null ? node.id() : node.label())
                                    + "'",
                            steps));
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setSplitLines(false);
        return "# Compiled from workflow '"
                + workflow.id()
                + "'. Generated: edit the workflow, not this text.\n"
                + new Yaml(options).dump(routes);
    }

    /**
     * Sends the message on: to every target of a plain node, to the chosen port's targets of a
     * branching one.
     */
    private static List<Object> next(
            String workflowId, List<Workflow.Edge> edges, boolean branching) {
        if (edges.isEmpty()) {
            return List.of();
        }
        if (!branching) {
            return edges.size() == 1
                    ? List.of(to(workflowId, edges.get(0).target()))
                    : List.of(
                            Map.of(
                                    "multicast",
                                    Map.of(
                                            "steps",
                                            edges.stream()
                                                    .map(e -> to(workflowId, e.target()))
                                                    .toList())));
        }
        Map<String, List<Object>> byPort = new TreeMap<>();
        edges.forEach(
                e ->
                        byPort.computeIfAbsent(e.sourcePort(), p -> new ArrayList<>())
                                .add(to(workflowId, e.target())));
        List<Object> when = new ArrayList<>();
        byPort.forEach(
                (port, targets) ->
                        when.add(
                                ordered(
                                        "simple",
                                        "${exchangeProperty."
                                                + NodeType.PORT
                                                + "} == '"
                                                + port
                                                + "'",
                                        "steps",
                                        targets)));
        return List.of(Map.of("choice", Map.of("when", when)));
    }

    private static Map<String, Object> to(String workflowId, String nodeId) {
        return Map.of("to", Map.of("uri", "direct:" + nodeRoute(workflowId, nodeId)));
    }

    private static Map<String, Object> route(
            String id, String workflowId, String description, List<?> steps) {
        return Map.of(
                "route",
                ordered(
                        "id",
                        id,
                        "group",
                        group(workflowId),
                        "description",
                        description,
                        "from",
                        ordered("uri", "direct:" + id, "steps", steps)));
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}

package com.auterity.hub.workflow.internal;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Lists every problem of a workflow at once: sizes, ids, unknown types, node settings, dangling
 * edges, branches that cannot be told apart, loop bodies and parallel branches ({@link
 * WorkflowGraph}), the start node, cycles (but the edge from a loop body back to its loop node) and
 * unreachable nodes.
 */
@Component
class WorkflowValidator {

    static final int MAX_NODES = 1000;
    static final int MAX_EDGES = 2000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final NodeTypes types;

    WorkflowValidator(NodeTypes types) {
        this.types = types;
    }

    List<Problem> validate(Workflow workflow) {
        List<Problem> problems = new ArrayList<>();
        if (workflow.nodes().size() > MAX_NODES) {
            problems.add(
                    Problem.of(
                            "a workflow has at most "
                                    + MAX_NODES
                                    + " nodes, this one "
                                    + workflow.nodes().size()));
        }
        if (workflow.edges().size() > MAX_EDGES) {
            problems.add(
                    Problem.of(
                            "a workflow has at most "
                                    + MAX_EDGES
                                    + " edges, this one "
                                    + workflow.edges().size()));
        }
        if (workflow.name() != null && workflow.name().length() > 200) {
            problems.add(Problem.of("the name is longer than 200 characters"));
        }
        if (placeholder(workflow.name()) || placeholder(workflow.description())) {
            problems.add(Problem.of("the name and description must not contain '{{' or '}}'"));
        }
        if (workflow.nodes().isEmpty()) {
            problems.add(Problem.of("the workflow has no nodes"));
            return problems;
        }
        Map<String, Workflow.Node> nodes = new HashMap<>();
        for (Workflow.Node node : workflow.nodes()) {
            if (node.id() == null || !ID.matcher(node.id()).matches()) {
                problems.add(
                        Problem.node(
                                node.id(), "a node id must be 1-64 letters, digits, '_' or '-'"));
                continue;
            }
            if (nodes.putIfAbsent(node.id(), node) != null) {
                problems.add(Problem.node(node.id(), "duplicate node id"));
                continue;
            }
            if (placeholder(node.label()) || placeholder(node.settings())) {
                // Camel would resolve {{...}} as a property placeholder: a way to read the hub's
                // configuration
                problems.add(
                        Problem.node(
                                node.id(), "settings and label must not contain '{{' or '}}'"));
            }
            var type = types.find(node.type());
            if (type.isEmpty()) {
                problems.add(
                        Problem.node(
                                node.id(),
                                node.type() == null
                                        ? "the node has no type"
                                        : "unknown node type '"
                                                + node.type()
                                                + "' (see GET /api/v1/workflows/node-types)"));
            } else {
                type.get()
                        .validate(workflow, node)
                        .forEach(p -> problems.add(Problem.node(node.id(), p)));
                FailurePolicy.problems(node.settings())
                        .forEach(p -> problems.add(Problem.node(node.id(), p)));
            }
        }

        Set<String> edgeIds = new HashSet<>();
        Map<String, List<Workflow.Edge>> outgoing = new HashMap<>();
        Set<String> hasIncoming = new HashSet<>();
        for (Workflow.Edge edge : workflow.edges()) {
            if (!edgeIds.add(edge.id())) {
                problems.add(Problem.edge(edge.id(), "duplicate edge id"));
            }
            boolean dangling = false;
            for (String end : new String[] {edge.source(), edge.target()}) {
                if (end == null || !nodes.containsKey(end)) {
                    problems.add(
                            Problem.edge(
                                    edge.id(), "dangling edge: there is no node '" + end + "'"));
                    dangling = true;
                }
            }
            if (!dangling) {
                outgoing.computeIfAbsent(edge.source(), s -> new ArrayList<>()).add(edge);
                hasIncoming.add(edge.target());
            }
        }

        for (var entry : outgoing.entrySet()) {
            Workflow.Node node = nodes.get(entry.getKey());
            var type = types.find(node.type());
            List<String> ports = type.map(t -> t.ports(node)).orElse(null);
            boolean errorPort = FailurePolicy.ERROR_PORT.equals(node.settings().get("onError"));
            for (Workflow.Edge edge : entry.getValue()) {
                String port = edge.sourcePort();
                if (FailurePolicy.ERROR_PORT.equals(port)) {
                    if (!errorPort) {
                        problems.add(
                                Problem.edge(
                                        edge.id(),
                                        "leaves port 'error' of node '"
                                                + node.id()
                                                + "', whose onError is not 'error'"));
                    }
                } else if (ports != null
                        && port == null
                        && type.map(t -> t.defaultPort(node)).orElse(null) != null) {
                    // an edge without a port leaves from the node's default port
                } else if (ports != null && (port == null || !ports.contains(port))) {
                    problems.add(
                            Problem.edge(
                                    edge.id(),
                                    "leaves the branching node '"
                                            + node.id()
                                            + "' "
                                            + (port == null
                                                    ? "without a port"
                                                    : "from unknown port '" + port + "'")
                                            + ": name one of "
                                            + ports
                                            + " as its sourcePort, so branches can be told apart"));
                }
            }
        }

        for (Workflow.Node node : nodes.values()) {
            boolean hasErrorEdge =
                    outgoing.getOrDefault(node.id(), List.of()).stream()
                            .anyMatch(e -> FailurePolicy.ERROR_PORT.equals(e.sourcePort()));
            if (FailurePolicy.ERROR_PORT.equals(node.settings().get("onError")) && !hasErrorEdge) {
                problems.add(
                        Problem.node(
                                node.id(),
                                "onError is 'error' but no edge leaves its 'error' port"));
            }
        }

        WorkflowGraph graph = WorkflowGraph.of(types, workflow);
        problems.addAll(graph.problems());
        String start = start(types, workflow, nodes, hasIncoming, problems);
        List<String> failureStarts = failureStarts(types, workflow);
        if (failureStarts.size() > 1) {
            problems.add(
                    Problem.of(
                            "a workflow has at most one error-handler node, found "
                                    + failureStarts));
        }
        for (String failureStart : failureStarts) {
            if (hasIncoming.contains(failureStart)) {
                problems.add(
                        Problem.node(
                                failureStart, "the error-handler node cannot have incoming edges"));
            }
        }
        if (start != null) {
            problems.addAll(graph.entryProblems(start));
            // an edge back to a loop node ends an iteration: the one cycle a workflow may have
            Map<String, List<Workflow.Edge>> forward = new HashMap<>();
            outgoing.forEach(
                    (source, edges) ->
                            forward.put(
                                    source,
                                    edges.stream().filter(e -> !graph.closesLoop(e)).toList()));
            cycle(start, forward, problems);
            Set<String> reached = reachable(start, outgoing);
            for (String failureStart : failureStarts) {
                cycle(failureStart, outgoing, problems);
                Set<String> failurePath = reachable(failureStart, outgoing);
                failurePath.stream()
                        .filter(reached::contains)
                        .sorted()
                        .forEach(
                                id ->
                                        problems.add(
                                                Problem.node(
                                                        id,
                                                        "the node is both on the main path and on the failure path of '"
                                                                + failureStart
                                                                + "'")));
                reached.addAll(failurePath);
            }
            for (String id : nodes.keySet()) {
                if (!reached.contains(id)) {
                    problems.add(
                            Problem.node(
                                    id,
                                    "the node cannot be reached from the start node '"
                                            + start
                                            + "'"));
                }
            }
        }
        return problems;
    }

    /** Whether any text in {@code value} (nested maps and lists included) holds a placeholder. */
    private static boolean placeholder(Object value) {
        if (value instanceof String text) {
            return text.contains("{{") || text.contains("}}");
        }
        if (value instanceof Map<?, ?> map) {
            return map.keySet().stream().anyMatch(WorkflowValidator::placeholder)
                    || map.values().stream().anyMatch(WorkflowValidator::placeholder);
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(WorkflowValidator::placeholder);
        }
        return false;
    }

    /** The start node: the one start-type node, or else the one node nothing leads to. */
    static String start(
            NodeTypes types,
            Workflow workflow,
            Map<String, Workflow.Node> nodes,
            Set<String> hasIncoming,
            List<Problem> problems) {
        List<String> starts =
                workflow.nodes().stream()
                        .filter(n -> types.find(n.type()).map(NodeType::trigger).orElse(false))
                        .map(Workflow.Node::id)
                        .distinct()
                        .toList();
        if (starts.isEmpty()) {
            List<String> failureStarts = failureStarts(types, workflow);
            starts =
                    nodes.keySet().stream()
                            .filter(id -> !hasIncoming.contains(id))
                            .filter(id -> !failureStarts.contains(id))
                            .sorted()
                            .toList();
        }
        if (starts.size() != 1) {
            problems.add(
                    Problem.of(
                            "the workflow needs exactly one start node, found "
                                    + (starts.isEmpty() ? "none" : starts)));
            return null;
        }
        if (hasIncoming.contains(starts.get(0))) {
            problems.add(Problem.node(starts.get(0), "the start node cannot have incoming edges"));
        }
        return starts.get(0);
    }

    private static void cycle(
            String start, Map<String, List<Workflow.Edge>> outgoing, List<Problem> problems) {
        Set<String> done = new HashSet<>();
        LinkedHashSet<String> path = new LinkedHashSet<>();
        visit(start, outgoing, done, path, problems);
    }

    private static boolean visit(
            String node,
            Map<String, List<Workflow.Edge>> outgoing,
            Set<String> done,
            LinkedHashSet<String> path,
            List<Problem> problems) {
        if (path.contains(node)) {
            List<String> loop = new ArrayList<>(path);
            loop = loop.subList(loop.indexOf(node), loop.size());
            problems.add(
                    Problem.node(
                            node,
                            "cycle "
                                    + String.join(" -> ", loop)
                                    + " -> "
                                    + node
                                    + " (a cycle may close only through an edge from a loop node's body"
                                    + " back to the loop node)"));
            return true;
        }
        if (!done.add(node)) {
            return false;
        }
        path.add(node);
        for (Workflow.Edge edge : outgoing.getOrDefault(node, List.of())) {
            if (visit(edge.target(), outgoing, done, path, problems)) {
                return true;
            }
        }
        path.remove(node);
        return false;
    }

    static Set<String> reachable(String start, Map<String, List<Workflow.Edge>> outgoing) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(start));
        while (!todo.isEmpty()) {
            String next = todo.remove(todo.size() - 1);
            if (seen.add(next)) {
                outgoing.getOrDefault(next, List.of()).forEach(e -> todo.add(e.target()));
            }
        }
        return seen;
    }

    /** The error-handler nodes of a workflow (a valid one has at most one). */
    static List<String> failureStarts(NodeTypes types, Workflow workflow) {
        return workflow.nodes().stream()
                .filter(n -> types.find(n.type()).map(NodeType::failurePath).orElse(false))
                .map(Workflow.Node::id)
                .distinct()
                .toList();
    }

    /** The node ids as a map, for a workflow already known to be valid. */
    static Map<String, Workflow.Node> byId(Workflow workflow) {
        Map<String, Workflow.Node> nodes = new HashMap<>();
        workflow.nodes().forEach(n -> nodes.put(n.id(), n));
        return nodes;
    }

    static NodeType typeOf(NodeTypes types, Workflow.Node node) {
        return types.find(node.type()).orElseThrow();
    }
}

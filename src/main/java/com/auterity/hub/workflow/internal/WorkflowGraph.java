package com.auterity.hub.workflow.internal;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import com.auterity.hub.workflow.spi.NodeType.Flow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of a workflow beyond its edges: the body of each loop node, the branches of each
 * parallel node with the merge node they end in, and so the edges that end an iteration (back to
 * the loop node) or a branch (into the merge node) rather than call the node they lead to. Built
 * from any workflow, valid or not: edges with a missing end are left out, and what is wrong with
 * the shape is collected as {@link #problems()}.
 */
final class WorkflowGraph {

    private final NodeTypes types;
    private final Map<String, Workflow.Node> nodes = new LinkedHashMap<>();
    private final Map<String, List<Workflow.Edge>> outgoing = new LinkedHashMap<>();
    private final Map<String, List<Workflow.Edge>> incoming = new LinkedHashMap<>();

    /** Loop node id to the nodes of its body. */
    private final Map<String, Set<String>> bodies = new LinkedHashMap<>();

    /** Parallel node id to the nodes on its branches (nested structures included). */
    private final Map<String, Set<String>> branches = new LinkedHashMap<>();

    /** Parallel node id to the merge node all its branches end in, when there is one. */
    private final Map<String, String> merges = new LinkedHashMap<>();

    /** Merge nodes that some parallel node's branches reach. */
    private final Set<String> reachedJoins = new HashSet<>();

    private final List<Problem> problems = new ArrayList<>();

    private WorkflowGraph(NodeTypes types, Workflow workflow) {
        this.types = types;
        workflow.nodes().stream()
                .filter(n -> n.id() != null)
                .forEach(n -> nodes.putIfAbsent(n.id(), n));
        for (Workflow.Edge edge : workflow.edges()) {
            if (nodes.containsKey(edge.source()) && nodes.containsKey(edge.target())) {
                outgoing.computeIfAbsent(edge.source(), s -> new ArrayList<>()).add(edge);
                incoming.computeIfAbsent(edge.target(), s -> new ArrayList<>()).add(edge);
            }
        }
        nodes.keySet().stream().filter(id -> flow(id) == Flow.LOOP).forEach(this::loop);
        nodes.keySet().stream()
                .filter(id -> flow(id) == Flow.FORK)
                .forEach(id -> fork(id, new HashSet<>()));
        nodes.keySet().stream().filter(id -> flow(id) == Flow.JOIN).forEach(this::join);
    }

    static WorkflowGraph of(NodeTypes types, Workflow workflow) {
        return new WorkflowGraph(types, workflow);
    }

    /** What is wrong with the loops and parallel branches of the workflow. */
    List<Problem> problems() {
        return problems;
    }

    /**
     * Whether the edge ends an iteration or a branch: an edge from a loop body back to its loop
     * node, or from a parallel node's branch into its merge node.
     */
    boolean endsScope(Workflow.Edge edge) {
        if (bodies.containsKey(edge.target())) {
            return closesLoop(edge);
        }
        if (flow(edge.target()) == Flow.JOIN) {
            return merges.entrySet().stream()
                    .anyMatch(
                            m ->
                                    m.getValue().equals(edge.target())
                                            && (m.getKey().equals(edge.source())
                                                    || branches.get(m.getKey())
                                                            .contains(edge.source())));
        }
        return false;
    }

    /** The merge node of a parallel node, or {@code null}. */
    String mergeOf(String fork) {
        return merges.get(fork);
    }

    /**
     * The node a retry of a failure at {@code nodeId} starts from: the outermost loop or parallel
     * node that runs it, or the node itself. An iteration or a branch cannot be resumed alone: its
     * result belongs to the loop or parallel node that collects it.
     */
    String outermostScope(String nodeId) {
        String scope = nodeId;
        for (int guard = 0; guard <= nodes.size(); guard++) {
            String enclosing = enclosing(scope);
            if (enclosing == null) {
                return scope;
            }
            scope = enclosing;
        }
        return scope;
    }

    /**
     * Checks that no loop body or parallel branch can be entered except through its loop or
     * parallel node: no node of it is reached from {@code start} without passing that node.
     */
    List<Problem> entryProblems(String start) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Set<String>> scopes = new LinkedHashMap<>(bodies);
        scopes.putAll(branches);
        scopes.forEach(
                (scope, members) -> {
                    Set<String> around = reachable(start, Set.of(scope));
                    for (String member : members) {
                        if (around.contains(member)) {
                            problems.add(
                                    Problem.node(
                                            member,
                                            "the node is "
                                                    + (bodies.containsKey(scope)
                                                            ? "in the body of loop '"
                                                            : "on a branch of parallel node '")
                                                    + scope
                                                    + "' but is also reached without passing"
                                                    + " through it; only the loop or parallel node"
                                                    + " may lead into its nodes (a cycle may close"
                                                    + " only through an edge from a loop body back"
                                                    + " to its loop node)"));
                        }
                    }
                });
        return problems;
    }

    /** Whether the edge leads from a loop node's body back to the loop node. */
    boolean closesLoop(Workflow.Edge edge) {
        Set<String> body = bodies.get(edge.target());
        return body != null && body.contains(edge.source());
    }

    private String enclosing(String nodeId) {
        for (var body : bodies.entrySet()) {
            if (body.getValue().contains(nodeId)) {
                return body.getKey();
            }
        }
        for (var branch : branches.entrySet()) {
            if (branch.getValue().contains(nodeId)) {
                return branch.getKey();
            }
        }
        return null;
    }

    private void loop(String id) {
        List<String> starts =
                outgoing.getOrDefault(id, List.of()).stream()
                        .filter(e -> NodeType.LOOP_PORT.equals(e.sourcePort()))
                        .map(Workflow.Edge::target)
                        .toList();
        Set<String> body = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(starts);
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (!next.equals(id) && body.add(next)) {
                outgoing.getOrDefault(next, List.of()).forEach(e -> todo.push(e.target()));
            }
        }
        bodies.put(id, body);
        if (starts.size() > 1) {
            problems.add(
                    Problem.node(
                            id,
                            "one edge may leave its '"
                                    + NodeType.LOOP_PORT
                                    + "' port, found "
                                    + starts.size()
                                    + ": start the body with a parallel node to fan out"));
        }
        if (starts.isEmpty()) {
            problems.add(
                    Problem.node(
                            id,
                            "no edge leaves its '"
                                    + NodeType.LOOP_PORT
                                    + "' port: connect the first node of the loop body to it"));
        } else if (incoming.getOrDefault(id, List.of()).stream()
                .noneMatch(e -> body.contains(e.source()))) {
            problems.add(
                    Problem.node(
                            id,
                            "no edge leads back to it from its body: connect the last node of the"
                                    + " loop body back to the loop node, that edge ends an"
                                    + " iteration"));
        }
    }

    /**
     * Finds where the branches of a parallel node end, once; {@code inProgress} guards against
     * parallel nodes nested in a cycle.
     */
    private String fork(String id, Set<String> inProgress) {
        if (branches.containsKey(id)) {
            return merges.get(id);
        }
        if (!inProgress.add(id)) {
            return null;
        }
        List<Workflow.Edge> edges =
                outgoing.getOrDefault(id, List.of()).stream()
                        .filter(e -> !FailurePolicy.ERROR_PORT.equals(e.sourcePort()))
                        .toList();
        Set<String> members = new LinkedHashSet<>();
        Set<String> reached = new LinkedHashSet<>();
        for (Workflow.Edge branch : edges) {
            Set<String> joins = new LinkedHashSet<>();
            Set<String> seen = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(branch.target()));
            while (!todo.isEmpty()) {
                String next = todo.pop();
                if (next.equals(id) || !seen.add(next)) {
                    continue;
                }
                if (flow(next) == Flow.JOIN) {
                    joins.add(next);
                    continue;
                }
                members.add(next);
                String from = next;
                if (flow(next) == Flow.FORK) {
                    // a nested parallel node: its branches belong to this branch, and the path
                    // goes on after its merge node
                    String inner = fork(next, inProgress);
                    if (inner != null) {
                        members.addAll(branches.getOrDefault(next, Set.of()));
                        members.add(inner);
                        seen.add(inner);
                        from = inner;
                    }
                }
                outgoing.getOrDefault(from, List.of()).forEach(e -> todo.push(e.target()));
            }
            if (joins.isEmpty()) {
                problems.add(
                        Problem.node(
                                id,
                                "its branch to '"
                                        + branch.target()
                                        + "' (edge '"
                                        + branch.id()
                                        + "') never reaches a merge node: every branch of a"
                                        + " parallel node must end in an edge into its merge"
                                        + " node"));
            }
            reached.addAll(joins);
        }
        reachedJoins.addAll(reached);
        inProgress.remove(id);
        branches.put(id, members);
        if (edges.isEmpty()) {
            problems.add(Problem.node(id, "a parallel node needs at least one outgoing branch"));
        } else if (reached.size() > 1) {
            problems.add(
                    Problem.node(
                            id,
                            "its branches must all end in the same merge node, they reach "
                                    + reached));
        } else if (reached.size() == 1) {
            merges.put(id, reached.iterator().next());
        }
        return merges.get(id);
    }

    private void join(String id) {
        List<String> forks =
                merges.entrySet().stream()
                        .filter(m -> m.getValue().equals(id))
                        .map(Map.Entry::getKey)
                        .toList();
        if (forks.isEmpty()) {
            // reached by branches that also reach another merge node: said at the parallel node
            if (!reachedJoins.contains(id)) {
                problems.add(
                        Problem.node(
                                id,
                                "a merge node ends the branches of a parallel node, but no"
                                        + " parallel node's branches end here"));
            }
            return;
        }
        if (forks.size() > 1) {
            problems.add(
                    Problem.node(
                            id,
                            "the merge node ends the branches of several parallel nodes "
                                    + forks
                                    + ": give each parallel node a merge node of its own"));
            return;
        }
        String fork = forks.get(0);
        for (Workflow.Edge edge : incoming.getOrDefault(id, List.of())) {
            if (!edge.source().equals(fork) && !branches.get(fork).contains(edge.source())) {
                problems.add(
                        Problem.edge(
                                edge.id(),
                                "leads from '"
                                        + edge.source()
                                        + "' into merge node '"
                                        + id
                                        + "', but '"
                                        + edge.source()
                                        + "' is not on a branch of parallel node '"
                                        + fork
                                        + "'"));
            }
        }
    }

    /** The nodes reached from {@code start} without going through any of {@code blocked}. */
    private Set<String> reachable(String start, Set<String> blocked) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (!blocked.contains(next) && seen.add(next)) {
                outgoing.getOrDefault(next, List.of()).forEach(e -> todo.push(e.target()));
            }
        }
        return seen;
    }

    private Flow flow(String id) {
        Workflow.Node node = nodes.get(id);
        return node == null
                ? Flow.STEP
                : types.find(node.type()).map(NodeType::flow).orElse(Flow.STEP);
    }
}

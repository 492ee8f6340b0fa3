package com.auterity.hub.workflow.internal;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.camel.Route;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Compiles a valid workflow into Camel YAML DSL text, the dialect of {@code routes/}: route {@code
 * wf-<id>} is the entry, route {@code wf-<id>-<nodeId>} runs one node, all in route group {@code
 * wf-<id>}. Every node route records the node's start and end around the node type's own steps,
 * then sends the message on to the next nodes, by port for a branching node. A node's {@link
 * FailurePolicy} becomes a route configuration of its own ({@code wf-<id>-<nodeId>-errors}) with
 * Camel's redelivery; a node with a timeout or an outbound node's circuit breaker runs its steps in
 * route {@code wf-<id>-<nodeId>-attempt}, inside a resilience4j circuit breaker, so that each retry
 * is limited in time and counted by the breaker. The entry route's dead letter channel hands an
 * execution that failed for good to the dead-letter store, with the node and the error.
 *
 * <p>A loop node's route runs its body once per item with Camel's {@code split}, and a parallel
 * node's route its branches with {@code multicast} on the shared pool {@value FanOut#THREADS}, each
 * iteration or branch on a copy of the message ({@code enrich}); aggregation strategies of {@link
 * FanOut} named here, never by the workflow, collect the results. The edges that end an iteration
 * (back to the loop node) or a branch (into the merge node) compile to nothing: the run ends there
 * and its message is its result. After its branches, a parallel node's route goes on to its merge
 * node.
 */
@Component
class WorkflowCompiler {

    /** Exchange property holding the id of the node being run. */
    static final String NODE = "hubNode";

    /** Where the entry route sends an execution that failed for good. */
    static final String DEAD_LETTERS = "direct:hub-workflow-dead-letters";

    private final NodeTypes types;

    WorkflowCompiler(NodeTypes types) {
        this.types = types;
    }

    static String group(String workflowId) {
        return "wf-" + workflowId;
    }

    private NodeType typeOf(Workflow.Node node) {
        return WorkflowValidator.typeOf(types, node);
    }

    /** Between the type and the label in a node route's description. */
    private static final String NODE_DESCRIPTION = " node '";

    /** The id and type of the node a node route runs. */
    record RouteNode(String id, String type) {}

    /**
     * The node that {@code route} runs, read back from what {@link #compile} gave the route: its id
     * {@code wf-<workflow>-<node>} in group {@code wf-<workflow>}, and its description {@code
     * <type> node '<label>'}.
     */
    static RouteNode nodeOf(Route route) {
        String description = route.getDescription();
        return new RouteNode(
                route.getRouteId().substring(route.getGroup().length() + 1),
                description.substring(0, description.indexOf(NODE_DESCRIPTION)));
    }

    static String nodeRoute(String workflowId, String nodeId) {
        return "wf-" + workflowId + "-" + nodeId;
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
                        types,
                        workflow,
                        WorkflowValidator.byId(workflow),
                        incoming,
                        new ArrayList<>());
        String id = workflow.id();
        String failureStart =
                WorkflowValidator.failureStarts(types, workflow).stream().findFirst().orElse(null);
        Set<String> failurePath =
                failureStart == null
                        ? Set.of()
                        : WorkflowValidator.reachable(failureStart, outgoing);
        String deadLetters = failureStart == null ? DEAD_LETTERS : "direct:" + failedRoute(id);
        WorkflowGraph graph = WorkflowGraph.of(types, workflow);

        List<Object> yaml = new ArrayList<>();
        Map<String, Object> entry =
                route(
                        group(id),
                        id,
                        "Workflow '" + literal(workflow.name()) + "': entry",
                        List.of(to(id, start)));
        ((Map<String, Object>) entry.get("route"))
                .put("errorHandler", deadLetterChannel(deadLetters, null));
        yaml.add(entry);
        if (failureStart != null) {
            yaml.add(failed(id, failureStart));
        }
        for (Workflow.Node node : workflow.nodes()) {
            NodeType type = WorkflowValidator.typeOf(types, node);
            FailurePolicy policy = FailurePolicy.of(node.settings());
            List<Workflow.Edge> edges = outgoing.getOrDefault(node.id(), List.of());
            List<Workflow.Edge> normal =
                    edges.stream()
                            .filter(e -> !FailurePolicy.ERROR_PORT.equals(e.sourcePort()))
                            .toList();
            // an edge back to a loop node ends an iteration, one into a merge node a branch:
            // neither calls the node it leads to
            List<Workflow.Edge> onward = normal.stream().filter(e -> !graph.endsScope(e)).toList();
            List<Workflow.Edge> onError =
                    edges.stream()
                            .filter(e -> FailurePolicy.ERROR_PORT.equals(e.sourcePort()))
                            .filter(e -> !graph.endsScope(e))
                            .toList();
            boolean branching = type.ports(node) != null;

            List<Object> work = new ArrayList<>(type.compile(node));
            List<Object> then;
            switch (type.flow()) {
                case LOOP -> {
                    work.addAll(loop(id, node, type.loop(node), normal));
                    then =
                            next(
                                    id,
                                    onward.stream()
                                            .filter(e -> NodeType.DONE_PORT.equals(e.sourcePort()))
                                            .toList(),
                                    null,
                                    false);
                }
                case FORK -> {
                    String merge = graph.mergeOf(node.id());
                    Workflow.Node join = WorkflowValidator.byId(workflow).get(merge);
                    work.addAll(fork(id, normal, merge, typeOf(join).join(join)));
                    then = List.of(to(id, merge));
                }
                default ->
                        then =
                                next(
                                        id,
                                        onward,
                                        branching ? type.defaultPort(node) : null,
                                        branching);
            }
            Map<String, Object> breaker = type.circuitBreaker(node);
            if (policy.timeout() != null || breaker != null) {
                // each attempt runs in a route of its own, without error handler, so that the
                // node route's redelivery repeats the whole attempt, breaker and time limit
                // included
                String attempt = nodeRoute(id, node.id()) + "-attempt";
                Map<String, Object> attemptRoute =
                        route(
                                attempt,
                                id,
                                "One attempt of node '"
                                        + literal(node.id())
                                        + "'"
                                        + (breaker == null ? "" : ", behind a circuit breaker")
                                        + (policy.timeout() == null ? "" : ", time-limited"),
                                List.of(circuitBreaker(breaker, policy.timeout(), work)));
                ((Map<String, Object>) attemptRoute.get("route"))
                        .put("errorHandler", Map.of("noErrorHandler", Map.of()));
                yaml.add(attemptRoute);
                work = List.of(Map.of("to", Map.of("uri", "direct:" + attempt)));
            }
            List<Object> steps = new ArrayList<>();
            // the node's id and type are read back from the route (nodeOf), not set by steps of
            // their own: two processors less on every node of every execution
            steps.add(Map.of("process", Map.of("ref", NodeRecorder.STARTED)));
            steps.addAll(work);
            steps.add(Map.of("process", Map.of("ref", NodeRecorder.FINISHED)));
            steps.addAll(then);

            Map<String, Object> route =
                    route(
                            nodeRoute(id, node.id()),
                            id,
                            node.type()
                                    + NODE_DESCRIPTION
                                    + literal(node.label() == null ? node.id() : node.label())
                                    + "'",
                            steps);
            // a node that fails for good dead-letters the execution right where it failed; a
            // failure on the failure path goes back to the failure route
            Map<String, Object> redelivery =
                    policy.maxAttempts() > 1 ? policy.redeliveryPolicy() : null;
            ((Map<String, Object>) route.get("route"))
                    .put(
                            "errorHandler",
                            failurePath.contains(node.id())
                                    ? Map.of(
                                            "defaultErrorHandler",
                                            retries(new LinkedHashMap<>(), redelivery))
                                    : deadLetterChannel(deadLetters, redelivery));
            if (policy.handlesFailure()) {
                String configuration = nodeRoute(id, node.id()) + "-errors";
                ((Map<String, Object>) route.get("route"))
                        .put("routeConfigurationId", configuration);
                yaml.add(errors(configuration, node, policy, id, then, onError));
            }
            yaml.add(route);
            for (Map<String, Object> trigger :
                    type.routes(workflow, node, nodeRoute(id, node.id()))) {
                ((Map<String, Object>) trigger.get("route")).put("group", group(id));
                yaml.add(trigger);
            }
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setSplitLines(false);
        return "# Compiled from workflow '"
                + id
                + "'. Generated: edit the workflow, not this text.\n"
                + new Yaml(options).dump(yaml);
    }

    /**
     * A resilience4j circuit breaker around a node's steps: the node type's breaker, or one that
     * never opens (a time limit only), and the node's timeout if it has one.
     */
    private static Map<String, Object> circuitBreaker(
            Map<String, Object> breaker, Long timeoutMs, List<Object> steps) {
        Map<String, Object> configuration = new LinkedHashMap<>();
        if (timeoutMs != null) {
            configuration.put("timeoutEnabled", "true");
            configuration.put("timeoutDuration", Long.toString(timeoutMs));
            configuration.put("timeoutExecutorService", TimedAttempts.THREADS);
        }
        if (breaker != null) {
            configuration.putAll(breaker);
        } else {
            configuration.put("slidingWindowType", "TIME_BASED");
            configuration.put("slidingWindowSize", "1");
            configuration.put("minimumNumberOfCalls", Integer.toString(Integer.MAX_VALUE));
        }
        // an open breaker fails the node; it never skips it silently
        configuration.put("throwExceptionWhenHalfOpenOrOpenState", "true");
        return Map.of(
                "circuitBreaker",
                ordered("resilience4jConfiguration", configuration, "steps", steps));
    }

    /** The dead-letter channel of a workflow's routes, with the node's retries. */
    private static Map<String, Object> deadLetterChannel(
            String uri, Map<String, Object> redeliveryPolicy) {
        return Map.of(
                "deadLetterChannel", retries(ordered("deadLetterUri", uri), redeliveryPolicy));
    }

    private static Map<String, Object> retries(
            Map<String, Object> errorHandler, Map<String, Object> redeliveryPolicy) {
        if (redeliveryPolicy != null) {
            errorHandler.put("redeliveryPolicy", redeliveryPolicy);
            errorHandler.put("onRedeliveryRef", NodeRecorder.RETRIED);
        }
        return errorHandler;
    }

    static String failedRoute(String workflowId) {
        return group(workflowId) + "-failed";
    }

    /**
     * The failure path's route: the failure, described as a message, goes through the nodes after
     * the error-handler node; then the execution, as it was when it failed, is dead-lettered.
     */
    private static Map<String, Object> failed(String workflowId, String failureStart) {
        return route(
                failedRoute(workflowId),
                workflowId,
                "Failure path from node '"
                        + literal(failureStart)
                        + "', then the dead-letter store",
                List.of(
                        Map.of(
                                "choice",
                                ordered(
                                        // a node failing inside an iteration or a branch fails
                                        // its loop or parallel node, not yet the execution
                                        "when",
                                        List.of(
                                                ordered(
                                                        "simple",
                                                        "${exchangeProperty."
                                                                + FanOut.SCOPE
                                                                + "} != null",
                                                        "steps",
                                                        List.of(
                                                                Map.of(
                                                                        "to",
                                                                        Map.of(
                                                                                "uri",
                                                                                DEAD_LETTERS))))),
                                        "otherwise",
                                        Map.of(
                                                "steps",
                                                List.of(
                                                        Map.of(
                                                                "process",
                                                                Map.of("ref", FailurePath.OPENED)),
                                                        Map.of(
                                                                "doTry",
                                                                ordered(
                                                                        "steps",
                                                                        List.of(
                                                                                to(
                                                                                        workflowId,
                                                                                        failureStart)),
                                                                        "doCatch",
                                                                        List.of(
                                                                                ordered(
                                                                                        "exception",
                                                                                        List.of(
                                                                                                "java.lang.Exception"),
                                                                                        "steps",
                                                                                        List.of(
                                                                                                Map
                                                                                                        .of(
                                                                                                                "process",
                                                                                                                Map
                                                                                                                        .of(
                                                                                                                                "ref",
                                                                                                                                NodeRecorder
                                                                                                                                        .FAILED))))))),
                                                        Map.of(
                                                                "process",
                                                                Map.of("ref", FailurePath.CLOSED)),
                                                        Map.of(
                                                                "to",
                                                                Map.of("uri", DEAD_LETTERS))))))));
    }

    /**
     * The route configuration of a node that handles its failure: retries, then continue or the
     * error port.
     */
    private static Map<String, Object> errors(
            String configurationId,
            Workflow.Node node,
            FailurePolicy policy,
            String workflowId,
            List<Object> then,
            List<Workflow.Edge> onError) {
        Map<String, Object> handler = new LinkedHashMap<>();
        handler.put("exception", List.of("java.lang.Exception"));
        // only this node's own failures: one that comes back from a later node belongs to that node
        handler.put(
                "onWhen",
                Map.of("simple", "${exchangeProperty." + NODE + "} == '" + node.id() + "'"));
        handler.put("redeliveryPolicy", policy.redeliveryPolicy());
        handler.put("onRedeliveryRef", NodeRecorder.RETRIED);
        {
            handler.put("handled", Map.of("constant", "true"));
            List<Object> steps = new ArrayList<>();
            if (FailurePolicy.ERROR_PORT.equals(policy.onError())) {
                steps.add(
                        Map.of(
                                "setProperty",
                                ordered(
                                        "name",
                                        NodeType.PORT,
                                        "constant",
                                        FailurePolicy.ERROR_PORT)));
                steps.add(Map.of("process", Map.of("ref", NodeRecorder.FAILED)));
                steps.addAll(next(workflowId, onError, null, false));
            } else {
                steps.add(Map.of("process", Map.of("ref", NodeRecorder.FAILED)));
                steps.addAll(then);
            }
            handler.put("steps", steps);
        }
        return Map.of(
                "routeConfiguration",
                ordered(
                        "id",
                        configurationId,
                        "onException",
                        List.of(Map.of("onException", handler))));
    }

    /**
     * Sends the message on: to every target of a plain node, to the chosen port's targets of a
     * branching one.
     */
    private static List<Object> next(
            String workflowId, List<Workflow.Edge> edges, String defaultPort, boolean branching) {
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
                        byPort.computeIfAbsent(
                                        e.sourcePort() == null ? defaultPort : e.sourcePort(),
                                        p -> new ArrayList<>())
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

    /**
     * The steps of a loop node after its own: check the items, then run the body once per item
     * (Camel's split), each iteration on a copy that comes back with its result or its failure, and
     * fail the node if an iteration failed. The first failed iteration stops the loop.
     */
    private static List<Object> loop(
            String workflowId, Workflow.Node node, NodeType.Loop loop, List<Workflow.Edge> edges) {
        String body =
                edges.stream()
                        .filter(e -> NodeType.LOOP_PORT.equals(e.sourcePort()))
                        .map(Workflow.Edge::target)
                        .findFirst()
                        .orElseThrow();
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("simple", "${body}");
        split.put("aggregationStrategy", FanOut.LOOP_RESULTS);
        split.put("stopOnException", "true");
        if (loop.concurrent()) {
            split.put("parallelProcessing", "true");
            split.put("executorService", FanOut.THREADS);
        }
        split.put(
                "steps",
                List.of(
                        Map.of("process", Map.of("ref", FanOut.ITERATION_STARTED)),
                        run(workflowId, body),
                        stopWhen("${exchangeProperty." + FanOut.FAILURE + "} != null")));
        return List.of(
                Map.of(
                        "setProperty",
                        ordered(
                                "name",
                                FanOut.MAX_ITERATIONS,
                                "constant",
                                Integer.toString(loop.maxIterations()))),
                Map.of("process", Map.of("ref", FanOut.LOOP_ITEMS)),
                Map.of("process", Map.of("ref", FanOut.FAN_OUT_STARTED)),
                Map.of("split", split),
                Map.of("process", Map.of("ref", FanOut.FAN_IN_ENDED)),
                Map.of(
                        "setProperty",
                        ordered("name", NodeType.PORT, "constant", NodeType.DONE_PORT)));
    }

    /**
     * The steps of a parallel node after its own: run every branch at once (Camel's multicast on
     * the shared pool), each on a copy that comes back with its result or its failure, combine them
     * as the merge node says, and fail the node if that combination failed. A branch that decides
     * the outcome (the first to end for {@code first}, the first success for {@code any}) stops the
     * others from being waited for.
     */
    private static List<Object> fork(
            String workflowId, List<Workflow.Edge> branches, String merge, NodeType.Join join) {
        List<Object> outputs = new ArrayList<>();
        for (Workflow.Edge branch : branches) {
            List<Object> steps = new ArrayList<>();
            steps.add(
                    Map.of(
                            "setProperty",
                            ordered("name", FanOut.BRANCH, "constant", branch.target())));
            steps.add(Map.of("process", Map.of("ref", FanOut.BRANCH_STARTED)));
            if (!branch.target().equals(merge)) {
                steps.add(run(workflowId, branch.target()));
            }
            switch (join) {
                case FIRST -> steps.add(Map.of("stop", Map.of()));
                case ANY ->
                        steps.add(stopWhen("${exchangeProperty." + FanOut.FAILURE + "} == null"));
                case ALL -> {}
            }
            outputs.add(Map.of("pipeline", Map.of("steps", steps)));
        }
        return List.of(
                Map.of("process", Map.of("ref", FanOut.FAN_OUT_STARTED)),
                Map.of(
                        "multicast",
                        ordered(
                                "parallelProcessing",
                                "true",
                                "executorService",
                                FanOut.THREADS,
                                "aggregationStrategy",
                                FanOut.mergeStrategy(join),
                                "stopOnException",
                                "true",
                                "steps",
                                outputs)),
                Map.of("process", Map.of("ref", FanOut.FAN_IN_ENDED)));
    }

    /** Runs the nodes from {@code nodeId} on a copy, taking back its result or its failure. */
    private static Map<String, Object> run(String workflowId, String nodeId) {
        return Map.of(
                "enrich",
                ordered(
                        "constant",
                        "direct:" + nodeRoute(workflowId, nodeId),
                        "aggregationStrategy",
                        FanOut.OUTCOME,
                        "aggregateOnException",
                        "true"));
    }

    /** Ends this iteration or branch and stops waiting for the others when {@code simple} holds. */
    private static Map<String, Object> stopWhen(String simple) {
        return Map.of(
                "filter", ordered("simple", simple, "steps", List.of(Map.of("stop", Map.of()))));
    }

    /** Free text as it may appear in a route: no property placeholder, no simple expression. */
    private static String literal(String text) {
        return text == null
                ? ""
                : text.replace("{{", "{ {").replace("}}", "} }").replace("${", "$ {");
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
                        // what a workflow's routes pass each other is a node's output, already
                        // read (the recorder writes it as JSON): nothing to cache as a stream
                        "streamCache",
                        false,
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

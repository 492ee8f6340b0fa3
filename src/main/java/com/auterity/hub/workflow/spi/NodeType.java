package com.auterity.hub.workflow.spi;

import com.auterity.hub.workflow.Workflow;
import java.util.List;
import java.util.Map;

/**
 * A kind of workflow node. Implementations are Spring beans; the engine collects them all, keyed by
 * {@link #types()}, so adding a node type is adding one class.
 *
 * <p>A node type never lets a workflow name a Camel URI, a bean or a class: what it compiles to is
 * fixed by the implementation, and settings only fill in values (escaped as literals) or jq
 * expressions.
 */
public interface NodeType {

    /** The type names this implementation handles, e.g. {@code condition}, {@code decision}. */
    List<String> types();

    /** A JSON schema of the node's settings, served by {@code GET /api/v1/workflows/node-types}. */
    Map<String, Object> schema();

    /**
     * The ports this node sends to; {@code null} when it has a single, unnamed output. Edges from a
     * node with named ports must name one of them.
     */
    default List<String> ports(Workflow.Node node) {
        return null;
    }

    /** Whether a workflow may start at this node (a trigger: start, webhook, schedule...). */
    default boolean trigger() {
        return false;
    }

    /**
     * Whether this node begins the workflow's failure path: when an execution fails for good, the
     * nodes from here on run with a description of the failure as the message, before the execution
     * is dead-lettered. A workflow has at most one such node, with no incoming edges.
     */
    default boolean failurePath() {
        return false;
    }

    /**
     * Routes of their own that a trigger node adds to {@code workflow}, such as the HTTP endpoint
     * of a webhook, as Camel YAML DSL {@code route} entries whose ids start with {@code
     * routeIdPrefix}. They start executions through the engine, never by calling node routes.
     */
    default List<Map<String, Object>> routes(
            Workflow workflow, Workflow.Node node, String routeIdPrefix) {
        return List.of();
    }

    /**
     * The port that edges naming no port leave from, for a node with {@link #ports}; {@code null}
     * when every edge must name its port.
     */
    default String defaultPort(Workflow.Node node) {
        return null;
    }

    /**
     * The resilience4j settings of the circuit breaker around an outbound node's steps (Camel's
     * {@code resilience4jConfiguration} keys), or {@code null} for a node that needs none. The
     * engine runs such a node's steps inside the breaker, one breaker per node.
     */
    default Map<String, Object> circuitBreaker(Workflow.Node node) {
        return null;
    }

    /** Problems with the node's settings, each a sentence; empty when the node is valid. */
    List<String> validate(Workflow.Node node);

    /**
     * Problems with the node's settings that depend on the workflow the node belongs to (its id,
     * say) or on the stored workflows; by default {@link #validate(Workflow.Node)}. The validator
     * calls this one.
     */
    default List<String> validate(Workflow workflow, Workflow.Node node) {
        return validate(node);
    }

    /**
     * The Camel YAML DSL steps that do this node's work on the message body (a JSON document). The
     * engine adds the recording of the node and the routing to the next nodes. For a node with
     * ports, the steps must end by setting the exchange property {@value #PORT} to the chosen port
     * (but for a {@link Flow#LOOP} node, whose steps only give the items: the engine adds the
     * iterations and the port).
     */
    List<Map<String, Object>> compile(Workflow.Node node);

    /** Exchange property naming the port a branching node chose. */
    String PORT = "hubPort";

    /**
     * How the node shapes the graph. Most nodes are a {@link Flow#STEP}; the compiler itself routes
     * the few that run other nodes: see {@link Flow}.
     */
    default Flow flow() {
        return Flow.STEP;
    }

    /** For a {@link Flow#LOOP} node: how it iterates; {@code null} for any other node. */
    default Loop loop(Workflow.Node node) {
        return null;
    }

    /** For a {@link Flow#JOIN} node: how the branches it joins combine; {@code null} otherwise. */
    default Join join(Workflow.Node node) {
        return null;
    }

    /** The part a node plays in the shape of a workflow. */
    enum Flow {
        /** Does its work on the message and passes it on along its edges (or ports). */
        STEP,
        /**
         * Runs the nodes on port {@value #LOOP_PORT} once for each element of the array its steps
         * leave as the message (at most {@link Loop#maxIterations()}); an edge from those nodes
         * back to the loop node ends an iteration, the one way a workflow may close a cycle. Then
         * the array of each iteration's final message, in item order, leaves on port {@value
         * #DONE_PORT}.
         */
        LOOP,
        /**
         * Sends the message down each of its edges at once; every such branch ends in edges into
         * one {@link #JOIN} node, which gets the branches' results combined as it says.
         */
        FORK,
        /** Where the branches of one {@link #FORK} node end; its message is their combination. */
        JOIN
    }

    /** Port of a loop node whose nodes run once per item. */
    String LOOP_PORT = "loop";

    /** Port of a loop node that gets the collected results. */
    String DONE_PORT = "done";

    /**
     * How a loop node iterates.
     *
     * @param maxIterations most items it takes; more fail the node
     * @param concurrent whether iterations may run at the same time
     */
    record Loop(int maxIterations, boolean concurrent) {}

    /** How a join node combines the branches of its fork node. */
    enum Join {
        /** Waits for every branch: the array of their results, in edge order; any failure fails. */
        ALL,
        /** The first branch to end wins, whether it succeeded or failed. */
        FIRST,
        /** The first branch to succeed wins; fails only when every branch failed. */
        ANY
    }
}

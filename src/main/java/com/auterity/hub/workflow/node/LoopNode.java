package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Runs the nodes on its port {@code loop} once for each element of the array that the jq {@code
 * items} gives (the message itself by default), at most {@code maxIterations} of them, one after
 * the other or, with {@code parallel}, at the same time. The body's last nodes connect back to the
 * loop node: that edge ends an iteration. Then port {@code done} gets the array of every
 * iteration's final message, in item order.
 */
@Component
class LoopNode implements NodeType {

    static final int DEFAULT_MAX = 1000;
    static final int HARD_MAX = 10_000;

    private final Jq jq;

    LoopNode(Jq jq) {
        this.jq = jq;
    }

    @Override
    public List<String> types() {
        return List.of("loop", "foreach");
    }

    @Override
    public Map<String, Object> schema() {
        return Steps.ordered(
                "type",
                "object",
                "properties",
                Steps.ordered(
                        "items",
                                Map.of(
                                        "type",
                                        "string",
                                        "default",
                                        ".",
                                        "description",
                                        "jq giving the array to loop over; '.' is the message"),
                        "maxIterations",
                                Steps.ordered(
                                        "type",
                                        "integer",
                                        "minimum",
                                        1,
                                        "maximum",
                                        HARD_MAX,
                                        "default",
                                        DEFAULT_MAX,
                                        "description",
                                        "most items; more fail the node"),
                        "parallel",
                                Map.of(
                                        "type",
                                        "boolean",
                                        "default",
                                        false,
                                        "description",
                                        "run the iterations at the same time")));
    }

    @Override
    public List<String> ports(Workflow.Node node) {
        return List.of(LOOP_PORT, DONE_PORT);
    }

    @Override
    public Flow flow() {
        return Flow.LOOP;
    }

    @Override
    public Loop loop(Workflow.Node node) {
        return new Loop(
                node.settings().get("maxIterations") instanceof Number n
                        ? n.intValue()
                        : DEFAULT_MAX,
                Boolean.TRUE.equals(node.settings().get("parallel")));
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        List<String> problems = new ArrayList<>();
        if (node.settings().containsKey("items")) {
            problems.addAll(jq.problems(node.settings(), "items"));
        }
        Object max = node.settings().get("maxIterations");
        if (max != null
                && !(max instanceof Number n
                        && n.doubleValue() == Math.rint(n.doubleValue())
                        && n.intValue() >= 1
                        && n.intValue() <= HARD_MAX)) {
            problems.add("'maxIterations' must be a whole number from 1 to " + HARD_MAX);
        }
        Object parallel = node.settings().get("parallel");
        if (parallel != null && !(parallel instanceof Boolean)) {
            problems.add("'parallel' must be true or false");
        }
        return problems;
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        Object items = node.settings().getOrDefault("items", ".");
        return ".".equals(items) ? List.of() : List.of(Map.of("transform", Map.of("jq", items)));
    }
}

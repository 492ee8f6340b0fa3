package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Where the branches of one {@code parallel} node end. {@code strategy}: {@code all} (the default:
 * waits for every branch, the message becomes the array of their results in edge order, and any
 * failed branch fails the parallel node), {@code first} (the first branch to end wins, failed or
 * not) or {@code any} (the first branch to succeed wins; fails only when every branch failed).
 */
@Component
class MergeNode implements NodeType {

    static final List<String> STRATEGIES = List.of("all", "first", "any");

    @Override
    public List<String> types() {
        return List.of("merge");
    }

    @Override
    public Map<String, Object> schema() {
        return Steps.ordered(
                "type",
                "object",
                "properties",
                Map.of(
                        "strategy",
                        Steps.ordered(
                                "type",
                                "string",
                                "enum",
                                STRATEGIES,
                                "default",
                                "all",
                                "description",
                                "all: array of every branch's result; first: the first"
                                        + " branch to end; any: the first branch to"
                                        + " succeed")));
    }

    @Override
    public Flow flow() {
        return Flow.JOIN;
    }

    @Override
    public Join join(Workflow.Node node) {
        return Join.valueOf(strategy(node).toUpperCase(Locale.ROOT));
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        return STRATEGIES.contains(strategy(node))
                ? List.of()
                : List.of("'strategy' must be one of " + STRATEGIES);
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        return List.of();
    }

    private static String strategy(Workflow.Node node) {
        return String.valueOf(node.settings().getOrDefault("strategy", "all"));
    }
}

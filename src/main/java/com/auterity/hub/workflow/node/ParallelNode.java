package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Sends the message down each of its edges at once; every branch ends in edges into one {@code
 * merge} node, which combines the branches' results. It has no settings: the merge node says how to
 * combine.
 */
@Component
class ParallelNode implements NodeType {

    @Override
    public List<String> types() {
        return List.of("parallel");
    }

    @Override
    public Map<String, Object> schema() {
        return Steps.ordered(
                "type",
                "object",
                "properties",
                Map.of(),
                "description",
                "each outgoing edge is a branch run at the same time; all branches end in"
                        + " one merge node");
    }

    @Override
    public Flow flow() {
        return Flow.FORK;
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        return List.of();
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        return List.of();
    }
}

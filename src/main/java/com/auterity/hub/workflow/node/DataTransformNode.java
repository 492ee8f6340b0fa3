package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Replaces the message with the result of a jq {@code expression} over it. */
@Component
class DataTransformNode implements NodeType {

    private final Jq jq;

    DataTransformNode(Jq jq) {
        this.jq = jq;
    }

    @Override
    public List<String> types() {
        return List.of("data-transform", "transform");
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of(
                "type", "object",
                "required", List.of("expression"),
                "properties",
                        Map.of(
                                "expression",
                                Map.of(
                                        "type",
                                        "string",
                                        "description",
                                        "jq expression; '.' is the message")));
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        return jq.problems(node.settings(), "expression");
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        return List.of(Map.of("transform", Map.of("jq", node.settings().get("expression"))));
    }
}

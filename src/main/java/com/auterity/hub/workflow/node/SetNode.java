package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Sets fields of the message to fixed values: {@code {"values": {"status": "new"}}}. */
@Component
class SetNode implements NodeType {

    @Override
    public List<String> types() {
        return List.of("set");
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of(
                "type", "object",
                "required", List.of("values"),
                "properties",
                        Map.of(
                                "values",
                                Map.of(
                                        "type",
                                        "object",
                                        "description",
                                        "fields and the values they get")));
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        return node.settings().get("values") instanceof Map<?, ?> values && !values.isEmpty()
                ? List.of()
                : List.of("'values' must be a non-empty object");
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        Map<?, ?> values = (Map<?, ?>) node.settings().get("values");
        String merge =
                values.entrySet().stream()
                        .map(
                                e ->
                                        Jq.literal(String.valueOf(e.getKey()))
                                                + ": "
                                                + Jq.literal(e.getValue()))
                        .collect(Collectors.joining(", ", ". + {", "}"));
        return List.of(Map.of("transform", Map.of("jq", merge)));
    }
}

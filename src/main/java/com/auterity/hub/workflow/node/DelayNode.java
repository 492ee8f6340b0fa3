package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Waits {@code milliseconds} (at most one hour) before the message goes on. */
@Component
class DelayNode implements NodeType {

    static final long MAX = 3_600_000;

    @Override
    public List<String> types() {
        return List.of("delay", "wait");
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of(
                "type", "object",
                "required", List.of("milliseconds"),
                "properties",
                        Map.of(
                                "milliseconds",
                                Map.of("type", "integer", "minimum", 0, "maximum", MAX)));
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        return node.settings().get("milliseconds") instanceof Number n
                        && n.longValue() >= 0
                        && n.longValue() <= MAX
                ? List.of()
                : List.of("'milliseconds' must be a whole number from 0 to " + MAX);
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        long ms = ((Number) node.settings().get("milliseconds")).longValue();
        return List.of(Map.of("delay", Map.of("constant", Long.toString(ms))));
    }
}

package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Writes the message to the hub's log under {@code workflow.<node id>}, at {@code level} (INFO by
 * default). The log line is fixed: a workflow cannot inject an expression into it.
 */
@Component
class LogNode implements NodeType {

    private static final List<String> LEVELS = List.of("DEBUG", "INFO", "WARN", "ERROR");

    @Override
    public List<String> types() {
        return List.of("log", "notification");
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of("type", "object", "properties", Map.of("level", Map.of("enum", LEVELS)));
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        return LEVELS.contains(node.settings().getOrDefault("level", "INFO"))
                ? List.of()
                : List.of("'level' must be one of " + LEVELS);
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        String level = String.valueOf(node.settings().getOrDefault("level", "INFO"));
        return List.of(
                Map.of(
                        "to",
                        Steps.ordered(
                                "uri",
                                "log:workflow." + node.id(),
                                "parameters",
                                Steps.ordered(
                                        "level",
                                        level,
                                        "showExchangePattern",
                                        false,
                                        "showBodyType",
                                        false))));
    }
}

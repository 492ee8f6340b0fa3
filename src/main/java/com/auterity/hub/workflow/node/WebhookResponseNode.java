package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Makes a webhook-started workflow answer its caller with the execution's result, with HTTP {@code
 * status} (200 by default). Put it where the workflow ends: the answer is the message the execution
 * finishes with.
 */
@Component
class WebhookResponseNode implements NodeType {

    static final List<String> TYPES = List.of("webhook-response", "respond");

    @Override
    public List<String> types() {
        return TYPES;
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of(
                "type",
                "object",
                "properties",
                Map.of("status", Map.of("type", "integer", "minimum", 200, "maximum", 299)));
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        Object status = node.settings().get("status");
        return status == null
                        || status instanceof Number n && n.intValue() >= 200 && n.intValue() <= 299
                ? List.of()
                : List.of("'status' must be a success status from 200 to 299");
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        return List.of();
    }

    static int status(Workflow.Node node) {
        return node.settings().get("status") instanceof Number n ? n.intValue() : 200;
    }
}

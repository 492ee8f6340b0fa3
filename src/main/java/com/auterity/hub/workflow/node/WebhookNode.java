package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Starts the workflow when a client POSTs JSON to {@code /api/v1/hooks/<path>} (authenticated like
 * the rest of the API, OPERATOR role). When the workflow has a webhook-response node, the request
 * waits for the execution and is answered with its result; otherwise it is answered 202 with the
 * execution id at once. The endpoint is a platform-http route of the workflow itself.
 */
@Component
class WebhookNode implements NodeType {

    /** The processor that turns a webhook request into an execution. */
    static final String RECEIVER = "hubWebhookReceived";

    static final String PATH_PREFIX = "/api/v1/hooks/";

    private static final Pattern PATH =
            Pattern.compile("[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*");

    @Override
    public List<String> types() {
        return List.of("webhook", "webhook-trigger");
    }

    @Override
    public boolean trigger() {
        return true;
    }

    @Override
    public Map<String, Object> schema() {
        return Steps.ordered(
                "type", "object",
                "required", List.of("path"),
                "properties",
                        Map.of(
                                "path",
                                Map.of(
                                        "type", "string",
                                        "pattern", PATH.pattern(),
                                        "description",
                                                "the webhook answers at /api/v1/hooks/<path>")));
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        return node.settings().get("path") instanceof String path
                        && path.length() <= 100
                        && PATH.matcher(path).matches()
                ? List.of()
                : List.of(
                        "'path' must be 1-100 lower-case letters, digits, '-', '_', in segments separated by '/'");
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        return List.of();
    }

    @Override
    public List<Map<String, Object>> routes(
            Workflow workflow, Workflow.Node node, String routeIdPrefix) {
        String path = PATH_PREFIX + node.settings().get("path");
        Integer status =
                workflow.nodes().stream()
                        .filter(n -> WebhookResponseNode.TYPES.contains(n.type()))
                        .findFirst()
                        .map(WebhookResponseNode::status)
                        .orElse(null);
        List<Object> steps = new ArrayList<>();
        steps.add(
                Map.of(
                        "setProperty",
                        Steps.ordered("name", "hubWorkflow", "constant", workflow.id())));
        steps.add(
                Map.of(
                        "setProperty",
                        Steps.ordered("name", "hubStartNode", "constant", node.id())));
        if (status != null) {
            steps.add(
                    Map.of(
                            "setProperty",
                            Steps.ordered(
                                    "name", "hubResponseStatus", "constant", status.toString())));
        }
        steps.add(Map.of("process", Map.of("ref", RECEIVER)));
        return List.of(
                Map.of(
                        "route",
                        Steps.ordered(
                                "id",
                                routeIdPrefix + "-hook",
                                "description",
                                "Webhook POST " + path,
                                "routeConfigurationId",
                                "api-errors",
                                "from",
                                Steps.ordered(
                                        "uri",
                                        "platform-http:" + path,
                                        "parameters",
                                        Map.of("httpMethodRestrict", "POST"),
                                        "steps",
                                        steps))));
    }
}

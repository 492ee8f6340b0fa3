package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Lets the message go on only when the jq {@code expression} is true; otherwise this path of the
 * execution ends here (recorded with port {@code filtered}). Its edges need no port.
 */
@Component
class FilterNode implements NodeType {

    static final String PASS = "pass";
    static final String FILTERED = "filtered";

    private final Jq jq;

    FilterNode(Jq jq) {
        this.jq = jq;
    }

    @Override
    public List<String> types() {
        return List.of("filter");
    }

    @Override
    public Map<String, Object> schema() {
        return Steps.ordered(
                "type", "object",
                "required", List.of("expression"),
                "properties",
                        Map.of(
                                "expression",
                                Map.of(
                                        "type",
                                        "string",
                                        "description",
                                        "jq; the message goes on when it is true")));
    }

    @Override
    public List<String> ports(Workflow.Node node) {
        return List.of(PASS);
    }

    @Override
    public String defaultPort(Workflow.Node node) {
        return PASS;
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        return jq.problems(node.settings(), "expression");
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        return List.of(
                Map.of(
                        "choice",
                        Steps.ordered(
                                "when",
                                List.of(
                                        Steps.ordered(
                                                "jq",
                                                "("
                                                        + node.settings().get("expression")
                                                        + ") == true",
                                                "steps",
                                                List.of(Steps.port(PASS)))),
                                "otherwise",
                                Map.of("steps", List.of(Steps.port(FILTERED))))));
    }
}

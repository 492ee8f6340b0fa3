package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Begins the workflow's failure path: when an execution fails for good (after its node's retries,
 * and unless the node handles its failure with {@code onError}), the nodes after this one run, with
 * the message {@code {"execution_id", "error": {"node", "message"}, "input"}} where {@code input}
 * is what the failed node received. The execution then ends failed and is dead-lettered as usual; a
 * failure on the failure path is recorded on its node and changes nothing else.
 */
@Component
class ErrorHandlerNode implements NodeType {

    @Override
    public List<String> types() {
        return List.of("error-handler", "error-trigger", "on-error");
    }

    @Override
    public boolean failurePath() {
        return true;
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of(
                "type",
                "object",
                "description",
                "Runs the nodes after it when an execution fails for good; no incoming edges");
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

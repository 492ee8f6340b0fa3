package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Where a path of the workflow ends; the message there is the execution's result. */
@Component
class EndNode implements NodeType {

    @Override
    public List<String> types() {
        return List.of("end");
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of(
                "type", "object", "description", "Ends the workflow; its message is the result");
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

package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Where a manually started workflow begins; the message is the execution's parameters. */
@Component
class StartNode implements NodeType {

    @Override
    public List<String> types() {
        return List.of("start", "manual-trigger", "trigger");
    }

    @Override
    public boolean trigger() {
        return true;
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of(
                "type", "object", "description", "Starts the workflow with its input parameters");
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

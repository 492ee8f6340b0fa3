package com.auterity.hub.workflow.node;

import com.auterity.hub.shared.ServiceError;
import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.WorkflowManagement;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs another workflow ({@code workflowId}) as a step: the message, or the result of the jq
 * expression {@code input} over it, is the child's input; the child runs in the calling thread as
 * an execution of its own (recorded node by node, naming this execution as its parent) and its
 * result becomes the message. A child that fails fails this node with the child's error and
 * execution id. Sub-workflows nest at most five levels deep.
 */
@Component
class SubWorkflowNode implements NodeType {

    /** The processor that runs the child ({@code internal.SubWorkflowRunner}). */
    static final String RUNNER = "hubSubWorkflowRun";

    /** Exchange property naming the child workflow for {@value #RUNNER}. */
    static final String CHILD = "hubSubWorkflow";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");

    private final Jq jq;

    /** Asked lazily: the engine itself is built from the node types. */
    private final ObjectProvider<WorkflowManagement> workflows;

    SubWorkflowNode(Jq jq, ObjectProvider<WorkflowManagement> workflows) {
        this.jq = jq;
        this.workflows = workflows;
    }

    @Override
    public List<String> types() {
        return List.of("sub-workflow", "subworkflow", "execute-workflow");
    }

    @Override
    public Map<String, Object> schema() {
        return Steps.ordered(
                "type", "object",
                "required", List.of("workflowId"),
                "properties",
                        Steps.ordered(
                                "workflowId",
                                        Map.of(
                                                "type",
                                                "string",
                                                "pattern",
                                                ID.pattern(),
                                                "description",
                                                "id of the workflow to run; it must exist"),
                                "input",
                                        Map.of(
                                                "type",
                                                "string",
                                                "description",
                                                "jq expression giving the child's input; the"
                                                        + " whole message when omitted")));
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        List<String> problems = new ArrayList<>();
        Object child = node.settings().get("workflowId");
        if (!(child instanceof String id) || !ID.matcher(id).matches()) {
            problems.add("'workflowId' must be the id of an existing workflow");
        }
        if (node.settings().get("input") != null) {
            problems.addAll(jq.problems(node.settings(), "input"));
        }
        return problems;
    }

    @Override
    public List<String> validate(Workflow workflow, Workflow.Node node) {
        List<String> problems = validate(node);
        if (!problems.isEmpty() || !(node.settings().get("workflowId") instanceof String child)) {
            return problems;
        }
        if (child.equals(workflow.id())) {
            problems.add(
                    "a workflow cannot run itself as a sub-workflow ('workflowId' is its own id)");
            return problems;
        }
        try {
            workflows.getObject().get(child);
        } catch (ServiceError notFound) {
            problems.add("'workflowId' names no existing workflow: '" + child + "'");
        }
        return problems;
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        List<Map<String, Object>> steps = new ArrayList<>();
        if (node.settings().get("input") instanceof String input) {
            steps.add(Map.of("transform", Map.of("jq", input)));
        }
        steps.add(
                Map.of(
                        "setProperty",
                        Steps.ordered(
                                "name", CHILD, "constant", node.settings().get("workflowId"))));
        steps.add(Map.of("process", Map.of("ref", RUNNER)));
        return steps;
    }
}

package com.auterity.hub.workflow;

import static com.auterity.hub.support.WorkflowFixtures.edge;
import static com.auterity.hub.support.WorkflowFixtures.linear;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static com.auterity.hub.support.WorkflowFixtures.nodeRun;
import static com.auterity.hub.support.WorkflowFixtures.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * sub-workflow nodes over real HTTP: the child runs as an execution of its own, recorded and naming
 * its parent, and its result becomes the message; a failing child fails the node with its error and
 * execution id; recursion is bounded; children run in their parent's thread, so busy workers never
 * wait on each other; and a definition naming no workflow, or itself, is refused.
 */
class SubWorkflowNodeIntegrationTest extends HubIntegrationTest {

    @Test
    void theChildRunsAsItsOwnExecutionAndItsResultBecomesTheMessage() throws Exception {
        String child = unique("child");
        createWorkflow(
                child,
                linear(
                        node("mark", "set", Map.of("values", Map.of("child", true))),
                        node(
                                "double",
                                "data-transform",
                                Map.of("expression", ". + {doubled: (.n * 2)}"))));
        String parent = unique("parent");
        createWorkflow(
                parent,
                linear(
                        node(
                                "call",
                                "sub-workflow",
                                Map.of("workflowId", child, "input", "{n: .value}")),
                        node("after", "set", Map.of("values", Map.of("after", true)))));

        JsonNode execution = executeWorkflow(parent, Map.of("value", 21));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        JsonNode childResult = json.readTree("{\"n\":21,\"child\":true,\"doubled\":42}");
        assertThat(execution.get("results"))
                .isEqualTo(
                        json.readTree("{\"n\":21,\"child\":true,\"doubled\":42,\"after\":true}"));
        assertThat(nodeRun(execution, "call").get("output")).isEqualTo(childResult);

        List<JsonNode> children = executions(child);
        assertThat(children).hasSize(1);
        JsonNode run = execution(children.get(0).get("execution_id").asText());
        String parentId = execution.get("execution_id").asText();
        assertThat(run.get("execution_id").asText()).isNotEqualTo(parentId);
        assertThat(run.get("status").asText()).isEqualTo("completed");
        assertThat(run.get("parent_execution_id").asText()).isEqualTo(parentId);
        assertThat(run.get("created_by").asText()).isEqualTo("execution:" + parentId);
        assertThat(run.get("results")).isEqualTo(childResult);
        assertThat(run.get("nodes"))
                .extracting(n -> n.get("node_id").asText())
                .containsExactly("begin", "mark", "double", "finish");
        assertThat(nodeRun(run, "begin").get("input")).isEqualTo(json.readTree("{\"n\":21}"));
        assertThat(execution.get("parent_execution_id").isNull()).isTrue();
    }

    @Test
    void aFailingChildFailsTheNodeWithItsErrorAndExecutionId() {
        String child = unique("failing-child");
        createWorkflow(
                child, linear(node("compute", "data-transform", Map.of("expression", ".a / .b"))));
        String parent = unique("failing-parent");
        createWorkflow(
                parent,
                linear(
                        node("call", "execute-workflow", Map.of("workflowId", child)),
                        node("after", "set", Map.of("values", Map.of("after", true)))));

        JsonNode execution = executeWorkflow(parent, Map.of("a", "x", "b", Map.of()));

        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("failed");
        JsonNode childRun = executions(child).get(0);
        String childId = childRun.get("execution_id").asText();
        assertThat(childRun.get("status").asText()).isEqualTo("failed");
        assertThat(execution.get("error").asText())
                .startsWith(
                        "node 'call': sub-workflow '"
                                + child
                                + "' failed (execution "
                                + childId
                                + "): node 'compute': ")
                .endsWith(childRun.get("error").asText());
        assertThat(nodeRun(execution, "call").get("status").asText()).isEqualTo("failed");
        assertThat(execution.get("nodes"))
                .extracting(n -> n.get("node_id").asText())
                .containsExactly("begin", "call");
    }

    @Test
    void onErrorErrorBranchesOnAFailedChild() {
        String child = unique("rejecting-child");
        createWorkflow(
                child,
                linear(
                        node(
                                "check",
                                "data-validation",
                                Map.of("schema", Map.of("required", List.of("id"))))));
        String parent = unique("branching-parent");
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("workflowId", child);
        call.put("onError", "error");
        createWorkflow(
                parent,
                workflow(
                        List.of(
                                node("begin", "start", Map.of()),
                                node("call", "subworkflow", call),
                                node("ok", "set", Map.of("values", Map.of("ok", true))),
                                node("rescue", "set", Map.of("values", Map.of("ok", false))),
                                node("finish", "end", Map.of())),
                        List.of(
                                edge("e1", "begin", "call", null),
                                edge("e2", "call", "ok", null),
                                edge("e3", "call", "rescue", "error"),
                                edge("e4", "ok", "finish", null),
                                edge("e5", "rescue", "finish", null))));

        JsonNode passed = executeWorkflow(parent, Map.of("id", 1));
        JsonNode rescued = executeWorkflow(parent, Map.of("name", "no id"));

        assertThat(passed.get("results").get("ok").asBoolean()).isTrue();
        assertThat(rescued.get("status").asText()).isEqualTo("completed");
        assertThat(rescued.get("results").get("ok").asBoolean()).isFalse();
        assertThat(nodeRun(rescued, "call").get("error").asText())
                .contains("sub-workflow '" + child + "' failed")
                .contains("required property 'id' not found");
    }

    /** a calls b calls a...: the sixth level is refused, naming the chain. */
    @Test
    void mutualRecursionStopsAtTheDepthLimit() {
        String a = unique("ping");
        String b = unique("pong");
        createWorkflow(a, linear(node("noop", "set", Map.of("values", Map.of("seen", true)))));
        createWorkflow(b, linear(node("call", "sub-workflow", Map.of("workflowId", a))));
        var updated =
                asAdmin(
                        "PUT",
                        "/api/v1/workflows/" + a,
                        linear(node("call", "sub-workflow", Map.of("workflowId", b))));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);

        JsonNode execution = executeWorkflow(a, Map.of());

        assertThat(execution.get("status").asText()).isEqualTo("failed");
        String chain = String.join(" -> ", a, b, a, b, a, b, a);
        assertThat(execution.get("error").asText())
                .contains(
                        "sub-workflows nest at most 5 levels deep; this call would be level 6: "
                                + chain);
        // levels 1 to 5 ran as executions of their own, and each failed
        assertThat(executions(a).size() + executions(b).size()).isEqualTo(1 + 5);
    }

    @Test
    void aChildThatWasDeletedFailsTheNodeClearly() {
        String child = unique("gone");
        createWorkflow(child, linear(node("noop", "set", Map.of("values", Map.of("seen", true)))));
        String parent = unique("orphan");
        createWorkflow(parent, linear(node("call", "sub-workflow", Map.of("workflowId", child))));
        assertThat(asAdmin("DELETE", "/api/v1/workflows/" + child, null).statusCode())
                .isEqualTo(204);

        JsonNode execution = executeWorkflow(parent, Map.of());

        assertThat(execution.get("status").asText()).isEqualTo("failed");
        assertThat(execution.get("error").asText())
                .isEqualTo(
                        "node 'call': sub-workflow '"
                                + child
                                + "' does not exist (any more) or is not deployed");
    }

    /**
     * Far more parents than workers, each waiting on a child: a child that went through the bounded
     * queue would wait for a worker its parent holds. Run in the parent's thread, they all finish.
     */
    @Test
    void manyParentsAtOnceDoNotStarveTheWorkers() {
        String child = unique("slow-child");
        createWorkflow(child, linear(node("pause", "delay", Map.of("milliseconds", 100))));
        String parent = unique("busy-parent");
        createWorkflow(parent, linear(node("call", "sub-workflow", Map.of("workflowId", child))));
        int parents = 12; // three times the default 4 workers

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < parents; i++) {
            var accepted =
                    asAdmin(
                            "POST",
                            "/api/v1/workflows/" + parent + "/execute",
                            Map.of("parameters", Map.of("i", i)));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            ids.add(body(accepted).get("execution_id").asText());
        }

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () ->
                                assertThat(ids)
                                        .allSatisfy(
                                                id ->
                                                        assertThat(
                                                                        execution(id)
                                                                                .get("status")
                                                                                .asText())
                                                                .isEqualTo("completed")));
        assertThat(executions(child)).hasSize(parents);
    }

    /** The README's example of the three node types deploys and runs as it says. */
    @Test
    void theReadmeExampleDeploysAndRuns() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        // the README's lead-scoring under an id of its own: other tests share "lead-scoring"
        String scoring = unique("lead-scoring");
        createWorkflow(scoring, json.readTree(heredoc(readme, "lead.json")));
        String nightly = heredoc(readme, "nightly.json");
        assertThat(nightly).contains("\"workflowId\": \"lead-scoring\"");
        String id = unique("nightly-import");
        createWorkflow(
                id,
                json.readTree(
                        nightly.replace(
                                "\"workflowId\": \"lead-scoring\"",
                                "\"workflowId\": \"" + scoring + "\"")));
        try {
            JsonNode valid = executeWorkflow(id, Map.of("batch", "nightly"));
            JsonNode invalid = executeWorkflow(id, Map.of("batch", ""));

            assertThat(valid.get("status").asText()).as(valid.toString()).isEqualTo("completed");
            assertThat(valid.get("results").get("tier").asText()).isEqualTo("hot");
            assertThat(invalid.get("status").asText()).isEqualTo("completed");
            assertThat(nodeRun(invalid, "check").get("port").asText()).isEqualTo("error");
            assertThat(invalid.get("nodes"))
                    .extracting(n -> n.get("node_id").asText())
                    .containsExactly("tick", "check", "rejected", "end");
        } finally {
            asAdmin("DELETE", "/api/v1/workflows/" + id, null);
        }
    }

    private static String heredoc(String text, String file) {
        String start = "cat > " + file + " <<'JSON'\n";
        int from = text.indexOf(start);
        assertThat(from).as("README has %s", file).isNotNegative();
        from += start.length();
        return text.substring(from, text.indexOf("\nJSON\n", from));
    }

    // --- refused definitions --------------------------------------------------------------

    static Stream<Arguments> invalidCalls() {
        return Stream.of(
                Arguments.of(Map.of(), "'workflowId' must be the id of an existing workflow"),
                Arguments.of(
                        Map.of("workflowId", "Not An Id"),
                        "'workflowId' must be the id of an existing workflow"),
                Arguments.of(
                        Map.of("workflowId", "ghost-workflow-that-is-not-there"),
                        "'workflowId' names no existing workflow: 'ghost-workflow-that-is-not-there'"),
                Arguments.of(
                        Map.of("workflowId", "SELF"),
                        "a workflow cannot run itself as a sub-workflow"),
                Arguments.of(
                        Map.of("workflowId", "EXISTING", "input", "{n: .value"),
                        "'input' is not a valid jq expression"),
                Arguments.of(
                        Map.of("workflowId", "EXISTING", "input", "env.HOME"),
                        "'input' must not read the hub's environment"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCalls")
    void anInvalidCallIsRefusedNamingTheNode(Map<String, Object> settings, String fragment) {
        String id = unique("bad-call");
        String existing = unique("callee");
        createWorkflow(
                existing, linear(node("noop", "set", Map.of("values", Map.of("seen", true)))));
        Map<String, Object> resolved = new HashMap<>(settings);
        resolved.replaceAll((k, v) -> "SELF".equals(v) ? id : "EXISTING".equals(v) ? existing : v);

        JsonNode error =
                assertError(
                        asAdmin(
                                "POST",
                                "/api/v1/workflows",
                                withId(linear(node("call", "sub-workflow", resolved)), id)),
                        400,
                        "WORKFLOW_INVALID");

        assertThat(error.get("details")).as(error.toString()).hasSize(1);
        JsonNode problem = error.get("details").get(0);
        assertThat(problem.path("node").asText()).isEqualTo("call");
        assertThat(problem.path("message").asText()).contains(fragment);
    }

    @Test
    void theNodeTypesListSubWorkflowWithItsAliases() {
        Map<String, JsonNode> types = new HashMap<>();
        body(asAdmin("GET", "/api/v1/workflows/node-types", null))
                .forEach(t -> types.put(t.get("type").asText(), t));

        assertThat(types).containsKeys("sub-workflow", "subworkflow", "execute-workflow");
        JsonNode schema = types.get("sub-workflow").get("schema");
        assertThat(schema.get("required"))
                .extracting(JsonNode::asText)
                .containsExactly("workflowId");
        assertThat(schema.at("/properties/input/type").asText()).isEqualTo("string");
    }

    private List<JsonNode> executions(String workflowId) {
        var response =
                asAdmin("GET", "/api/v1/executions?limit=500&workflow_id=" + workflowId, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> list = new ArrayList<>();
        body(response).forEach(list::add);
        return list;
    }

    private JsonNode execution(String id) {
        var response = asAdmin("GET", "/api/v1/executions/" + id, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }
}

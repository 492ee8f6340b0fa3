package com.auterity.hub.workflow;

import static com.auterity.hub.support.WorkflowFixtures.edge;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static com.auterity.hub.support.WorkflowFixtures.nodeRun;
import static com.auterity.hub.support.WorkflowFixtures.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The loop ({@code foreach}) node and the parallel and merge nodes over real HTTP: iterations and
 * branches run, their results are collected, their failures are handled where the user said, each
 * run of a node in a loop has a record of its own, a retry starts again at the loop, and graphs
 * that cannot run are refused naming the nodes.
 */
class LoopAndParallelNodesIntegrationTest extends HubIntegrationTest {

    private static final Path FIXTURES = Path.of("src/test/resources/workflows");

    /** Valid jq that fails at run time on an item whose {@code b} is an object. */
    private static final String DIVIDE = "{quotient: (.a / .b)}";

    // --- loop -----------------------------------------------------------------------------

    /** start -> loop over .orders -> body -> back to the loop; done -> end. */
    private static Map<String, Object> foreach(
            Map<String, Object> loopSettings, List<Map<String, Object>> body) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        nodes.add(node("begin", "start", Map.of()));
        nodes.add(node("each", "foreach", loopSettings));
        nodes.addAll(body);
        nodes.add(node("finish", "end", Map.of()));
        List<Map<String, Object>> edges = new ArrayList<>();
        edges.add(edge("e0", "begin", "each", null));
        edges.add(edge("e1", "each", (String) body.get(0).get("id"), "loop"));
        for (int i = 1; i < body.size(); i++) {
            edges.add(
                    edge(
                            "b" + i,
                            (String) body.get(i - 1).get("id"),
                            (String) body.get(i).get("id"),
                            null));
        }
        edges.add(edge("back", (String) body.get(body.size() - 1).get("id"), "each", null));
        edges.add(edge("e2", "each", "finish", "done"));
        return workflow(nodes, edges);
    }

    @Test
    void aForeachRunsItsBodyOnEveryItemAndCollectsTheResultsInItemOrder() {
        String id = unique("foreach");
        createWorkflow(
                id,
                foreach(
                        Map.of("items", ".orders"),
                        List.of(
                                node(
                                        "price",
                                        "data-transform",
                                        Map.of("expression", "{sku, total: (.qty * .price)}")))));

        JsonNode execution =
                executeWorkflow(
                        id,
                        Map.of(
                                "orders",
                                List.of(
                                        Map.of("sku", "a", "qty", 2, "price", 5),
                                        Map.of("sku", "b", "qty", 1, "price", 7),
                                        Map.of("sku", "c", "qty", 3, "price", 1))));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.get("results"))
                .isEqualTo(
                        json.valueToTree(
                                List.of(
                                        Map.of("sku", "a", "total", 10),
                                        Map.of("sku", "b", "total", 7),
                                        Map.of("sku", "c", "total", 3))));
        assertThat(nodeIds(execution))
                .containsExactlyInAnyOrder(
                        "begin", "each", "price[0]", "price[1]", "price[2]", "finish");
        JsonNode second = nodeRun(execution, "price[1]");
        assertThat(second.get("status").asText()).isEqualTo("completed");
        assertThat(second.get("node_type").asText()).isEqualTo("data-transform");
        assertThat(second.get("input"))
                .isEqualTo(json.valueToTree(Map.of("sku", "b", "qty", 1, "price", 7)));
        assertThat(second.get("output"))
                .isEqualTo(json.valueToTree(Map.of("sku", "b", "total", 7)));
        assertThat(nodeRun(execution, "each").get("port").asText()).isEqualTo("done");
    }

    @Test
    void moreItemsThanMaxIterationsFailTheLoopNodeWithAClearError() {
        String id = unique("foreach-max");
        createWorkflow(
                id,
                foreach(
                        Map.of("items", ".orders", "maxIterations", 2),
                        List.of(node("mark", "set", Map.of("values", Map.of("seen", true))))));

        JsonNode execution = executeWorkflow(id, Map.of("orders", List.of(1, 2, 3)));

        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("failed");
        assertThat(execution.get("error").asText())
                .contains("node 'each'")
                .contains("3 items, more than maxIterations (2)");
        assertThat(nodeRun(execution, "each").get("status").asText()).isEqualTo("failed");
        assertThat(nodeIds(execution)).containsExactlyInAnyOrder("begin", "each");
    }

    @Test
    void loopSettingsAreValidated() {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows",
                        foreach(
                                Map.of(
                                        "items",
                                        "env.SECRET",
                                        "maxIterations",
                                        10_001,
                                        "parallel",
                                        "yes"),
                                List.of(node("mark", "set", Map.of("values", Map.of("x", 1))))));

        JsonNode details = assertError(response, 400, "WORKFLOW_INVALID").get("details");
        assertThat(details).hasSize(3);
        assertThat(details).allSatisfy(p -> assertThat(p.get("node").asText()).isEqualTo("each"));
        assertThat(details.toString())
                .contains("'items' must not read the hub's environment")
                .contains("'maxIterations' must be a whole number from 1 to 10000")
                .contains("'parallel' must be true or false");
    }

    @Test
    void aLoopBodyStartsWithOneNode() {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows",
                        workflow(
                                List.of(
                                        node("begin", "start", Map.of()),
                                        node("each", "loop", Map.of()),
                                        node("a", "set", Map.of("values", Map.of("a", 1))),
                                        node("b", "set", Map.of("values", Map.of("b", 1)))),
                                List.of(
                                        edge("e0", "begin", "each", null),
                                        edge("e1", "each", "a", "loop"),
                                        edge("e2", "each", "b", "loop"),
                                        edge("e3", "a", "each", null),
                                        edge("e4", "b", "each", null))));

        JsonNode details = assertError(response, 400, "WORKFLOW_INVALID").get("details");
        assertThat(details).as(details.toString()).hasSize(1);
        assertThat(details.get(0).get("node").asText()).isEqualTo("each");
        assertThat(details.get(0).get("message").asText())
                .contains("one edge may leave its 'loop' port, found 2");
    }

    @Test
    void aBodyNodeThatHandlesItsFailureLetsTheLoopGoOn() {
        String id = unique("foreach-rescue");
        Map<String, Object> definition =
                workflow(
                        List.of(
                                node("begin", "start", Map.of()),
                                node("each", "loop", Map.of()),
                                node(
                                        "compute",
                                        "data-transform",
                                        Map.of("expression", DIVIDE, "onError", "error")),
                                node("rescue", "set", Map.of("values", Map.of("rescued", true))),
                                node("finish", "end", Map.of())),
                        List.of(
                                edge("e0", "begin", "each", null),
                                edge("e1", "each", "compute", "loop"),
                                edge("e2", "compute", "each", null),
                                edge("e3", "compute", "rescue", "error"),
                                edge("e4", "rescue", "each", null),
                                edge("e5", "each", "finish", "done")));
        createWorkflow(id, definition);

        JsonNode execution =
                executeWorkflow(
                        id,
                        List.of(
                                Map.of("a", 6, "b", 3),
                                Map.of("a", "x", "b", Map.of()),
                                Map.of("a", 8, "b", 2)));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.get("results"))
                .isEqualTo(
                        json.valueToTree(
                                List.of(
                                        Map.of("quotient", 2),
                                        Map.of("a", "x", "b", Map.of(), "rescued", true),
                                        Map.of("quotient", 4))));
        assertThat(nodeRun(execution, "compute[1]").get("status").asText()).isEqualTo("failed");
        assertThat(nodeRun(execution, "compute[1]").get("error").asText()).isNotBlank();
        assertThat(nodeRun(execution, "rescue[1]").get("status").asText()).isEqualTo("completed");
        assertThat(nodeIds(execution)).doesNotContain("rescue[0]", "rescue[2]");
        assertThat(nodeRun(execution, "each").get("status").asText()).isEqualTo("completed");
    }

    @Test
    void aBodyNodeFailingForGoodFailsTheLoopAndARetryRunsTheWholeLoopAgain() {
        String id = unique("foreach-retry");
        List<Map<String, Object>> broken =
                List.of(node("compute", "data-transform", Map.of("expression", DIVIDE)));
        createWorkflow(id, foreach(Map.of("items", ".pairs"), broken));
        Map<String, Object> input =
                Map.of(
                        "pairs",
                        List.of(
                                Map.of("a", 6, "b", 3),
                                Map.of("a", "x", "b", Map.of()),
                                Map.of("a", 8, "b", 2)));

        JsonNode failed = executeWorkflow(id, input);

        assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.get("error").asText())
                .contains("node 'each'")
                .contains("iteration 1 failed")
                .contains("node 'compute[1]'");
        assertThat(nodeRun(failed, "compute[0]").get("status").asText()).isEqualTo("completed");
        assertThat(nodeRun(failed, "compute[1]").get("status").asText()).isEqualTo("failed");
        assertThat(nodeRun(failed, "each").get("status").asText()).isEqualTo("failed");
        // the first failed iteration stops the loop
        assertThat(nodeIds(failed)).doesNotContain("compute[2]", "finish");

        var fixed =
                asAdmin(
                        "PUT",
                        "/api/v1/workflows/" + id,
                        foreach(
                                Map.of("items", ".pairs"),
                                List.of(
                                        node(
                                                "compute",
                                                "data-transform",
                                                Map.of("expression", "{a}")))));
        assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
        String execution = failed.get("execution_id").asText();
        var retried = asAdmin("POST", "/api/v1/executions/" + execution + "/retry?wait=true", null);

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        JsonNode done = body(retried);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.get("results"))
                .isEqualTo(
                        json.valueToTree(
                                List.of(Map.of("a", 6), Map.of("a", "x"), Map.of("a", 8))));
        // re-run from the loop node, on its input: every iteration again, nothing before it
        assertThat(nodeRun(done, "begin").get("attempts").asInt()).isEqualTo(1);
        assertThat(nodeRun(done, "each").get("attempts").asInt()).isEqualTo(2);
        assertThat(nodeRun(done, "each").get("input")).isEqualTo(json.valueToTree(input));
        assertThat(nodeRun(done, "compute[0]").get("attempts").asInt()).isEqualTo(2);
        assertThat(nodeRun(done, "compute[1]").get("attempts").asInt()).isEqualTo(2);
        assertThat(nodeRun(done, "compute[1]").get("status").asText()).isEqualTo("completed");
        assertThat(nodeRun(done, "compute[2]").get("attempts").asInt()).isEqualTo(1);
        assertThat(nodeRun(done, "finish").get("status").asText()).isEqualTo("completed");
    }

    @Test
    void nestedLoopsRecordEveryRunUnderTheIndexesOfBothLoops() {
        String id = unique("foreach-nested");
        createWorkflow(
                id,
                workflow(
                        List.of(
                                node("begin", "start", Map.of()),
                                node("rows", "loop", Map.of("items", ".rows")),
                                node("cells", "loop", Map.of()),
                                node("scale", "data-transform", Map.of("expression", ". * 10")),
                                node("finish", "end", Map.of())),
                        List.of(
                                edge("e0", "begin", "rows", null),
                                edge("e1", "rows", "cells", "loop"),
                                edge("e2", "cells", "scale", "loop"),
                                edge("e3", "scale", "cells", null),
                                edge("e4", "cells", "rows", "done"),
                                edge("e5", "rows", "finish", "done"))));

        JsonNode execution =
                executeWorkflow(id, Map.of("rows", List.of(List.of(1, 2), List.of(3))));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.get("results"))
                .isEqualTo(json.valueToTree(List.of(List.of(10, 20), List.of(30))));
        assertThat(nodeIds(execution))
                .containsExactlyInAnyOrder(
                        "begin",
                        "rows",
                        "cells[0]",
                        "cells[1]",
                        "scale[0][0]",
                        "scale[0][1]",
                        "scale[1][0]",
                        "finish");
        assertThat(nodeRun(execution, "scale[0][1]").get("output")).isEqualTo(json.valueToTree(20));
    }

    @Test
    void aParallelLoopRunsItsIterationsAtTheSameTime() {
        String id = unique("foreach-parallel");
        createWorkflow(
                id,
                foreach(
                        Map.of("parallel", true),
                        List.of(
                                node("pause", "delay", Map.of("milliseconds", 500)),
                                node("double", "data-transform", Map.of("expression", ". * 2")))));

        JsonNode execution = executeWorkflow(id, List.of(1, 2, 3, 4));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.get("results")).isEqualTo(json.valueToTree(List.of(2, 4, 6, 8)));
        // four half-second iterations one after the other would take 2 s
        assertThat(nodeRun(execution, "each").get("duration_ms").asLong()).isBetween(500L, 1800L);
    }

    // --- parallel and merge ---------------------------------------------------------------

    /** start -> fork -> (two branches) -> join -> end. */
    private static Map<String, Object> parallel(
            String strategy, Map<String, Object> left, Map<String, Object> right) {
        return workflow(
                List.of(
                        node("begin", "start", Map.of()),
                        node("fork", "parallel", Map.of()),
                        left,
                        right,
                        node("join", "merge", Map.of("strategy", strategy)),
                        node("finish", "end", Map.of())),
                List.of(
                        edge("e0", "begin", "fork", null),
                        edge("to-left", "fork", (String) left.get("id"), null),
                        edge("to-right", "fork", (String) right.get("id"), null),
                        edge("left-end", (String) left.get("id"), "join", null),
                        edge("right-end", (String) right.get("id"), "join", null),
                        edge("e5", "join", "finish", null)));
    }

    @Test
    void mergeAllWaitsForEveryBranchThatRanAtTheSameTime() {
        String id = unique("parallel-all");
        createWorkflow(id, branches("all", 500, 500));

        JsonNode execution = executeWorkflow(id, Map.of("n", 1));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.get("results"))
                .isEqualTo(
                        json.valueToTree(
                                List.of(
                                        Map.of("n", 1, "branch", "left"),
                                        Map.of("n", 1, "branch", "right"))));
        // two half-second branches one after the other would take a second
        assertThat(nodeRun(execution, "fork").get("duration_ms").asLong()).isBetween(500L, 990L);
        assertThat(nodeRun(execution, "join").get("input")).isEqualTo(execution.get("results"));
        assertThat(nodeIds(execution))
                .containsExactlyInAnyOrder(
                        "begin",
                        "fork",
                        "left-wait",
                        "left",
                        "right-wait",
                        "right",
                        "join",
                        "finish");
    }

    @Test
    void mergeAllFailsTheParallelNodeWhenABranchFails() {
        String id = unique("parallel-all-fails");
        createWorkflow(
                id,
                parallel(
                        "all",
                        node("good", "set", Map.of("values", Map.of("ok", true))),
                        node("bad", "data-transform", Map.of("expression", DIVIDE))));

        JsonNode execution = executeWorkflow(id, Map.of("a", "x", "b", Map.of()));

        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("failed");
        assertThat(execution.get("error").asText())
                .contains("node 'fork'")
                .contains("branch 'bad' failed")
                .contains("node 'bad'");
        assertThat(nodeRun(execution, "bad").get("status").asText()).isEqualTo("failed");
        assertThat(nodeRun(execution, "good").get("status").asText()).isEqualTo("completed");
        assertThat(nodeRun(execution, "fork").get("status").asText()).isEqualTo("failed");
        assertThat(nodeIds(execution)).doesNotContain("join", "finish");
    }

    @Test
    void mergeFirstTakesTheBranchThatEndsFirstWithoutWaitingForTheOthers() {
        String id = unique("parallel-first");
        createWorkflow(id, branches("first", 1500, 0));

        JsonNode execution = executeWorkflow(id, Map.of("n", 1));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.get("results"))
                .isEqualTo(json.valueToTree(Map.of("n", 1, "branch", "right")));
        assertThat(nodeRun(execution, "fork").get("duration_ms").asLong()).isLessThan(1200L);
        // the slow branch ends its delay (1.5 s), then stops before its next node
        String executionId = execution.get("execution_id").asText();
        await().during(Duration.ofMillis(2500))
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !nodeIds(status(executionId)).contains("left"));
        JsonNode later = status(executionId);
        assertThat(later.get("status").asText()).isEqualTo("completed");
        assertThat(later.get("results")).isEqualTo(execution.get("results"));
    }

    @Test
    void mergeFirstFailsWhenTheFirstBranchToEndFailed() {
        String id = unique("parallel-first-fails");
        createWorkflow(
                id,
                parallel(
                        "first",
                        node("bad", "data-transform", Map.of("expression", DIVIDE)),
                        node("slow", "delay", Map.of("milliseconds", 1000))));

        JsonNode execution = executeWorkflow(id, Map.of("a", "x", "b", Map.of()));

        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("failed");
        assertThat(execution.get("error").asText())
                .contains("node 'fork'")
                .contains("branch 'bad' ended first, and failed");
    }

    @Test
    void mergeAnyTakesTheFirstBranchThatSucceedsAndFailsOnlyWhenAllFail() {
        String id = unique("parallel-any");
        createWorkflow(
                id,
                parallel(
                        "any",
                        node("bad", "data-transform", Map.of("expression", DIVIDE)),
                        // slow enough for the bad branch to fail first
                        node("fine", "delay", Map.of("milliseconds", 300))));
        String allBad = unique("parallel-any-fails");
        createWorkflow(
                allBad,
                parallel(
                        "any",
                        node("bad", "data-transform", Map.of("expression", DIVIDE)),
                        node("worse", "data-transform", Map.of("expression", DIVIDE))));

        JsonNode execution = executeWorkflow(id, Map.of("a", "x", "b", Map.of()));
        JsonNode failed = executeWorkflow(allBad, Map.of("a", "x", "b", Map.of()));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.get("results"))
                .isEqualTo(json.valueToTree(Map.of("a", "x", "b", Map.of())));
        assertThat(nodeRun(execution, "bad").get("status").asText()).isEqualTo("failed");
        assertThat(nodeRun(execution, "fine").get("status").asText()).isEqualTo("completed");
        assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.get("error").asText())
                .contains("node 'fork'")
                .contains("every branch failed")
                .contains("branch 'bad'")
                .contains("branch 'worse'");
    }

    @Test
    void aRetryOfAFailedBranchRunsTheParallelNodeAgain() {
        String id = unique("parallel-retry");
        createWorkflow(
                id,
                parallel(
                        "all",
                        node("good", "set", Map.of("values", Map.of("ok", true))),
                        node("bad", "data-transform", Map.of("expression", DIVIDE))));
        String execution =
                executeWorkflow(id, Map.of("a", "x", "b", Map.of())).get("execution_id").asText();
        var fixed =
                asAdmin(
                        "PUT",
                        "/api/v1/workflows/" + id,
                        parallel(
                                "all",
                                node("good", "set", Map.of("values", Map.of("ok", true))),
                                node("bad", "data-transform", Map.of("expression", "{a}"))));
        assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);

        var retried = asAdmin("POST", "/api/v1/executions/" + execution + "/retry?wait=true", null);

        JsonNode done = body(retried);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.get("results"))
                .isEqualTo(
                        json.valueToTree(
                                List.of(
                                        Map.of("a", "x", "b", Map.of(), "ok", true),
                                        Map.of("a", "x"))));
        assertThat(nodeRun(done, "fork").get("attempts").asInt()).isEqualTo(2);
        assertThat(nodeRun(done, "good").get("attempts").asInt()).isEqualTo(2);
        assertThat(nodeRun(done, "begin").get("attempts").asInt()).isEqualTo(1);
    }

    // --- validation -----------------------------------------------------------------------

    @Test
    void aCycleThatDoesNotCloseThroughALoopBodyIsRefused() {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows",
                        workflow(
                                List.of(
                                        node("begin", "start", Map.of()),
                                        node("each", "loop", Map.of()),
                                        node("mark", "set", Map.of("values", Map.of("m", 1))),
                                        node("again", "set", Map.of("values", Map.of("a", 1)))),
                                List.of(
                                        edge("e0", "begin", "each", null),
                                        edge("e1", "each", "mark", "loop"),
                                        edge("e2", "mark", "each", null),
                                        edge("e3", "each", "again", "done"),
                                        edge("e4", "again", "each", null))));

        JsonNode details = assertError(response, 400, "WORKFLOW_INVALID").get("details");
        assertThat(details).as(details.toString()).hasSize(1);
        assertThat(details.get(0).get("node").asText()).isEqualTo("each");
        assertThat(details.get(0).get("message").asText()).contains("cycle each -> again -> each");
    }

    @Test
    void everyProblemOfLoopsAndParallelBranchesIsListedAtOnceNamingTheNodes() {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows",
                        workflow(
                                List.of(
                                        node("begin", "start", Map.of()),
                                        node("fork", "parallel", Map.of()),
                                        node("left", "set", Map.of("values", Map.of("l", 1))),
                                        node("right", "set", Map.of("values", Map.of("r", 1))),
                                        node("join", "merge", Map.of()),
                                        node("stray", "merge", Map.of("strategy", "some")),
                                        node("each", "loop", Map.of()),
                                        node("body", "set", Map.of("values", Map.of("b", 1))),
                                        node("finish", "end", Map.of())),
                                List.of(
                                        edge("e0", "begin", "fork", null),
                                        edge("e1", "fork", "left", null),
                                        edge("e2", "fork", "right", null),
                                        edge("e3", "left", "join", null),
                                        edge("e4", "right", "finish", null),
                                        edge("e5", "join", "stray", null),
                                        edge("e6", "stray", "each", null),
                                        edge("e7", "each", "body", "loop"),
                                        edge("e8", "each", "finish", "done"))));

        JsonNode error = assertError(response, 400, "WORKFLOW_INVALID");
        List<String> problems = new ArrayList<>();
        error.get("details")
                .forEach(p -> problems.add(p.path("node").asText() + ": " + p.get("message")));
        assertThat(problems)
                .as(error.toString())
                .hasSize(4)
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .startsWith("fork: ")
                                        .contains("branch to 'right'")
                                        .contains("never reaches a merge node"))
                .anySatisfy(p -> assertThat(p).startsWith("stray: ").contains("'strategy'"))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .startsWith("stray: ")
                                        .contains("no parallel node's branches end here"))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .startsWith("each: ")
                                        .contains("no edge leads back to it from its body"));
    }

    @Test
    void branchesOfOneParallelNodeMustEndInOneMergeNode() {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows",
                        workflow(
                                List.of(
                                        node("begin", "start", Map.of()),
                                        node("fork", "parallel", Map.of()),
                                        node("left", "set", Map.of("values", Map.of("l", 1))),
                                        node("right", "set", Map.of("values", Map.of("r", 1))),
                                        node("join-a", "merge", Map.of()),
                                        node("join-b", "merge", Map.of())),
                                List.of(
                                        edge("e0", "begin", "fork", null),
                                        edge("e1", "fork", "left", null),
                                        edge("e2", "fork", "right", null),
                                        edge("e3", "left", "join-a", null),
                                        edge("e4", "right", "join-b", null))));

        JsonNode details = assertError(response, 400, "WORKFLOW_INVALID").get("details");
        assertThat(details).as(details.toString()).hasSize(1);
        assertThat(details.get(0).get("node").asText()).isEqualTo("fork");
        assertThat(details.get(0).get("message").asText())
                .contains("must all end in the same merge node")
                .contains("join-a")
                .contains("join-b");
    }

    @Test
    void theNodeTypesListOffersLoopParallelAndMergeWithTheirSchemas() {
        var response = asAdmin("GET", "/api/v1/workflows/node-types", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, JsonNode> types = new LinkedHashMap<>();
        body(response).forEach(t -> types.put(t.get("type").asText(), t));
        assertThat(types).containsKeys("loop", "foreach", "parallel", "merge");
        JsonNode loop = types.get("loop");
        assertThat(loop.get("branching").asBoolean()).isTrue();
        assertThat(loop.at("/schema/properties/maxIterations/maximum").asInt()).isEqualTo(10_000);
        assertThat(loop.at("/schema/properties/maxIterations/default").asInt()).isEqualTo(1000);
        assertThat(loop.at("/schema/properties/items/default").asText()).isEqualTo(".");
        assertThat(types.get("merge").at("/schema/properties/strategy/enum").toString())
                .isEqualTo("[\"all\",\"first\",\"any\"]");
    }

    // --- compiled text --------------------------------------------------------------------

    @Test
    void theCompiledCamelYamlOfALoopAndAParallelNodeMatchesTheGoldenFile() throws IOException {
        ObjectNode definition =
                (ObjectNode) json.readTree(FIXTURES.resolve("valid/order-fan-out.json").toFile());
        if (asAdmin("GET", "/api/v1/workflows/order-fan-out", null).statusCode() == 404) {
            createWorkflow("order-fan-out", definition);
        }

        var response = asAdmin("GET", "/api/v1/workflows/order-fan-out/camel", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo(Files.readString(FIXTURES.resolve("golden/order-fan-out.camel.yaml")));
        JsonNode execution =
                executeWorkflow(
                        "order-fan-out",
                        Map.of(
                                "lines",
                                List.of(
                                        Map.of("sku", "a", "qty", 2, "price", 5),
                                        Map.of("sku", "b", "qty", 7, "price", 1))));
        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.get("results"))
                .isEqualTo(json.valueToTree(Map.of("total", 17, "lines", 2)));
    }

    // --- helpers --------------------------------------------------------------------------

    /** Two branches, left and right, each waiting then marking the message with its name. */
    private Map<String, Object> branches(String strategy, long leftMs, long rightMs) {
        return workflow(
                List.of(
                        node("begin", "start", Map.of()),
                        node("fork", "parallel", Map.of()),
                        node("left-wait", "delay", Map.of("milliseconds", leftMs)),
                        node("left", "set", Map.of("values", Map.of("branch", "left"))),
                        node("right-wait", "delay", Map.of("milliseconds", rightMs)),
                        node("right", "set", Map.of("values", Map.of("branch", "right"))),
                        node("join", "merge", Map.of("strategy", strategy)),
                        node("finish", "end", Map.of())),
                List.of(
                        edge("e0", "begin", "fork", null),
                        edge("e1", "fork", "left-wait", null),
                        edge("e2", "fork", "right-wait", null),
                        edge("e3", "left-wait", "left", null),
                        edge("e4", "right-wait", "right", null),
                        edge("e5", "left", "join", null),
                        edge("e6", "right", "join", null),
                        edge("e7", "join", "finish", null)));
    }

    private JsonNode status(String executionId) {
        var response = asAdmin("GET", "/api/v1/executions/" + executionId, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    private static List<String> nodeIds(JsonNode execution) {
        List<String> ids = new ArrayList<>();
        execution.get("nodes").forEach(n -> ids.add(n.get("node_id").asText()));
        return ids;
    }
}

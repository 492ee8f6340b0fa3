package com.auterity.hub.workflow;

import static com.auterity.hub.support.WorkflowFixtures.edge;
import static com.auterity.hub.support.WorkflowFixtures.linear;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static com.auterity.hub.support.WorkflowFixtures.nodeRun;
import static com.auterity.hub.support.WorkflowFixtures.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * What a user relies on when a workflow node fails, over real HTTP: the {@code retry}, {@code
 * timeout} and {@code onError} settings every node accepts, the dead-letter store with its retry
 * from the failed node, cancellation, who may retry and cancel, and the Camel YAML the failure
 * settings compile to.
 */
class WorkflowFailureIntegrationTest extends HubIntegrationTest {

    /** A jq expression that is valid but fails at run time on {@link #UNDIVIDABLE}. */
    private static final String DIVIDE = ".a / .b";

    /** Input on which {@link #DIVIDE} fails: a string cannot be divided by an object. */
    private static final Map<String, Object> UNDIVIDABLE = Map.of("a", "x", "b", Map.of());

    // --- validation -----------------------------------------------------------------------

    static Stream<Arguments> invalidFailureSettings() {
        return Stream.of(
                Arguments.of(Map.of("retry", Map.of("maxAttempts", 0)), "'retry.maxAttempts'"),
                Arguments.of(Map.of("retry", Map.of("maxAttempts", 11)), "'retry.maxAttempts'"),
                Arguments.of(Map.of("retry", Map.of("maxAttempts", "3")), "'retry.maxAttempts'"),
                Arguments.of(Map.of("retry", Map.of("maxAttempts", 2.5)), "'retry.maxAttempts'"),
                Arguments.of(Map.of("retry", 3), "'retry' must be an object"),
                Arguments.of(
                        Map.of("retry", Map.of("maxAttempts", 2, "initialDelay", -1)),
                        "'retry.initialDelay'"),
                Arguments.of(
                        Map.of("retry", Map.of("maxAttempts", 2, "maxDelay", 3_600_001)),
                        "'retry.maxDelay'"),
                Arguments.of(
                        Map.of("retry", Map.of("maxAttempts", 2, "multiplier", 0.5)),
                        "'retry.multiplier'"),
                Arguments.of(
                        Map.of("retry", Map.of("maxAttempts", 2, "jitter", "yes")),
                        "'retry.jitter'"),
                Arguments.of(Map.of("timeout", 0), "'timeout'"),
                Arguments.of(Map.of("timeout", "200ms"), "'timeout'"),
                Arguments.of(Map.of("timeout", 3_600_001), "'timeout'"),
                Arguments.of(Map.of("onError", "ignore"), "'onError' must be one of"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFailureSettings")
    void anInvalidFailureSettingIsRefusedNamingTheNode(
            Map<String, Object> failureSettings, String fragment) {
        Map<String, Object> settings = new LinkedHashMap<>(failureSettings);
        settings.put("values", Map.of("done", true));

        JsonNode error =
                assertError(
                        asAdmin("POST", "/api/v1/workflows", linear(node("mark", "set", settings))),
                        400,
                        "WORKFLOW_INVALID");

        assertThat(error.get("details")).as(error.toString()).hasSize(1);
        JsonNode problem = error.get("details").get(0);
        assertThat(problem.path("node").asText()).isEqualTo("mark");
        assertThat(problem.path("message").asText()).contains(fragment);
    }

    @Test
    void theLimitsOfEachFailureSettingAreAccepted() {
        for (Map<String, Object> failureSettings :
                List.<Map<String, Object>>of(
                        Map.of(
                                "retry",
                                Map.of(
                                        "maxAttempts",
                                        1,
                                        "initialDelay",
                                        0,
                                        "multiplier",
                                        1,
                                        "maxDelay",
                                        0,
                                        "jitter",
                                        false),
                                "onError",
                                "fail"),
                        Map.of("timeout", 1),
                        Map.of("timeout", 3_600_000, "onError", "continue"),
                        Map.of(
                                "retry",
                                Map.of(
                                        "maxAttempts",
                                        10,
                                        "initialDelay",
                                        3_600_000,
                                        "multiplier",
                                        10,
                                        "maxDelay",
                                        3_600_000,
                                        "jitter",
                                        true),
                                "onError",
                                "continue"))) {
            Map<String, Object> settings = new LinkedHashMap<>(failureSettings);
            settings.put("values", Map.of("done", true));

            var response =
                    asAdmin("POST", "/api/v1/workflows", linear(node("mark", "set", settings)));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        }
    }

    /** The error port only exists on a node whose failure goes there. */
    @Test
    void anEdgeFromTheErrorPortOfANodeWithoutOnErrorErrorIsRefused() {
        for (Map<String, Object> settings :
                List.<Map<String, Object>>of(
                        Map.of("expression", "."),
                        Map.of("expression", ".", "onError", "fail"),
                        Map.of("expression", ".", "onError", "continue"))) {
            var definition =
                    workflow(
                            List.of(
                                    node("begin", "start", Map.of()),
                                    node("compute", "data-transform", settings),
                                    node("rescue", "set", Map.of("values", Map.of("r", true))),
                                    node("finish", "end", Map.of())),
                            List.of(
                                    edge("e1", "begin", "compute", null),
                                    edge("e2", "compute", "finish", null),
                                    edge("e3", "compute", "rescue", "error"),
                                    edge("e4", "rescue", "finish", null)));

            JsonNode error =
                    assertError(
                            asAdmin("POST", "/api/v1/workflows", definition),
                            400,
                            "WORKFLOW_INVALID");

            assertThat(error.get("details")).as("%s: %s", settings, error).hasSize(1);
            JsonNode problem = error.get("details").get(0);
            assertThat(problem.path("edge").asText()).isEqualTo("e3");
            assertThat(problem.path("message").asText()).contains("port 'error' of node 'compute'");
        }
    }

    // --- retries and onError --------------------------------------------------------------

    @Test
    void aNodeThatKeepsFailingIsTriedMaxAttemptsTimesThenFailsTheExecution() {
        String id = unique("retry-fail");
        createWorkflow(
                id,
                linear(
                        node(
                                "compute",
                                "data-transform",
                                Map.of(
                                        "expression",
                                        DIVIDE,
                                        "retry",
                                        Map.of("maxAttempts", 3, "initialDelay", 5))),
                        node("after", "set", Map.of("values", Map.of("reached", true)))));

        JsonNode execution = executeWorkflow(id, UNDIVIDABLE);

        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("failed");
        assertThat(execution.get("error").asText()).contains("node 'compute'");
        JsonNode compute = nodeRun(execution, "compute");
        assertThat(compute.get("status").asText()).isEqualTo("failed");
        assertThat(compute.get("attempts").asInt()).as(compute.toString()).isEqualTo(3);
        assertThat(compute.get("error").asText()).isNotBlank();
        assertThat(nodeIds(execution)).containsExactly("begin", "compute");
    }

    @Test
    void onErrorContinueRecordsTheFailureAndGoesOnToTheNextNodes() {
        String id = unique("retry-continue");
        createWorkflow(
                id,
                linear(
                        node(
                                "compute",
                                "data-transform",
                                Map.of(
                                        "expression",
                                        DIVIDE,
                                        "retry",
                                        Map.of("maxAttempts", 2, "initialDelay", 5),
                                        "onError",
                                        "continue")),
                        node("after", "set", Map.of("values", Map.of("reached", true)))));

        JsonNode execution = executeWorkflow(id, UNDIVIDABLE);

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.path("error").isNull()).isTrue();
        JsonNode compute = nodeRun(execution, "compute");
        assertThat(compute.get("status").asText()).isEqualTo("failed");
        assertThat(compute.get("attempts").asInt()).as(compute.toString()).isEqualTo(2);
        assertThat(compute.get("error").asText()).isNotBlank();
        assertThat(nodeRun(execution, "after").get("status").asText()).isEqualTo("completed");
        // the message the node failed on goes on unchanged
        assertThat(execution.get("results"))
                .isEqualTo(json(Map.of("a", "x", "b", Map.of(), "reached", true)));
        assertThat(deadLetters())
                .extracting(e -> e.get("execution_id").asText())
                .doesNotContain(execution.get("execution_id").asText());
    }

    @Test
    void onErrorErrorSendsTheMessageToTheErrorPortOnly() {
        String id = unique("error-port");
        createWorkflow(
                id,
                workflow(
                        List.of(
                                node("begin", "start", Map.of()),
                                node(
                                        "compute",
                                        "data-transform",
                                        Map.of(
                                                "expression",
                                                "{quotient: (.a / .b)}",
                                                "onError",
                                                "error")),
                                node("after", "set", Map.of("values", Map.of("path", "normal"))),
                                node("rescue", "set", Map.of("values", Map.of("path", "error"))),
                                node("finish", "end", Map.of())),
                        List.of(
                                edge("e1", "begin", "compute", null),
                                edge("e2", "compute", "after", null),
                                edge("e3", "compute", "rescue", "error"),
                                edge("e4", "after", "finish", null),
                                edge("e5", "rescue", "finish", null))));

        JsonNode failing = executeWorkflow(id, UNDIVIDABLE);
        JsonNode passing = executeWorkflow(id, Map.of("a", 6, "b", 3));

        assertThat(failing.get("status").asText()).as(failing.toString()).isEqualTo("completed");
        assertThat(nodeRun(failing, "compute").get("status").asText()).isEqualTo("failed");
        assertThat(nodeRun(failing, "compute").get("attempts").asInt()).isEqualTo(1);
        assertThat(nodeIds(failing))
                .containsExactlyInAnyOrder("begin", "compute", "rescue", "finish");
        assertThat(failing.get("results"))
                .isEqualTo(json(Map.of("a", "x", "b", Map.of(), "path", "error")));

        assertThat(passing.get("status").asText()).as(passing.toString()).isEqualTo("completed");
        assertThat(nodeIds(passing))
                .containsExactlyInAnyOrder("begin", "compute", "after", "finish");
        assertThat(passing.get("results")).isEqualTo(json(Map.of("quotient", 2, "path", "normal")));
    }

    /** A failing node fails the execution even when another branch of a fan-out succeeds. */
    @ParameterizedTest(name = "failing branch first: {0}")
    @ValueSource(booleans = {true, false})
    void aNodeFailingOnOneBranchFailsTheExecution(boolean failingFirst) {
        String id = unique("fan-out");
        Map<String, Object> broken = edge("to-broken", "begin", "broken", null);
        Map<String, Object> fine = edge("to-fine", "begin", "fine", null);
        createWorkflow(
                id,
                workflow(
                        List.of(
                                node("begin", "start", Map.of()),
                                node("broken", "data-transform", Map.of("expression", DIVIDE)),
                                node("fine", "set", Map.of("values", Map.of("ok", true)))),
                        failingFirst ? List.of(broken, fine) : List.of(fine, broken)));

        JsonNode execution = executeWorkflow(id, UNDIVIDABLE);

        assertThat(nodeRun(execution, "broken").get("status").asText()).isEqualTo("failed");
        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("failed");
        assertThat(execution.get("error").asText()).contains("node 'broken'");
    }

    // --- timeout --------------------------------------------------------------------------

    @Test
    void aNodeThatOutlivesItsTimeoutFailsWithoutWaitingForIt() {
        String id = unique("timeout");
        createWorkflow(
                id,
                linear(
                        node("slow", "delay", Map.of("milliseconds", 2000, "timeout", 200)),
                        node("after", "set", Map.of("values", Map.of("reached", true)))));

        long started = System.nanoTime();
        JsonNode execution = executeWorkflow(id, Map.of("n", 1));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("failed");
        // 200 ms and the HTTP round trip, far from the 2 s of the delay
        assertThat(took).isLessThan(Duration.ofMillis(1500));
        JsonNode slow = nodeRun(execution, "slow");
        assertThat(slow.get("status").asText()).isEqualTo("failed");
        assertThat(slow.get("error").asText()).containsIgnoringCase("timeout");
        assertThat(execution.get("error").asText()).contains("node 'slow'");
        assertThat(nodeIds(execution)).doesNotContain("after");
    }

    @Test
    void aNodeWithATimeoutThatEndsInTimeGivesItsOutput() {
        String id = unique("timeout-ok");
        createWorkflow(
                id,
                linear(
                        node(
                                "compute",
                                "data-transform",
                                Map.of("expression", "{quotient: (.a / .b)}", "timeout", 5000)),
                        node(
                                "mark",
                                "set",
                                Map.of("values", Map.of("marked", true), "timeout", 5000))));

        JsonNode execution = executeWorkflow(id, Map.of("a", 6, "b", 3));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(nodeRun(execution, "compute").get("output"))
                .as(execution.toString())
                .isEqualTo(json(Map.of("quotient", 2)));
        assertThat(execution.get("results")).isEqualTo(json(Map.of("quotient", 2, "marked", true)));
    }

    /** Retries and a timeout together: each attempt is limited in time, and retried. */
    @Test
    void retryAndTimeoutTogetherLimitEachAttemptAndRetryIt() {
        String id = unique("retry-timeout");
        createWorkflow(
                id,
                linear(
                        node(
                                "slow",
                                "delay",
                                Map.of(
                                        "milliseconds",
                                        3000,
                                        "timeout",
                                        150,
                                        "retry",
                                        Map.of("maxAttempts", 3, "initialDelay", 5)))));

        long started = System.nanoTime();
        JsonNode execution = executeWorkflow(id, Map.of("x", 1));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("failed");
        JsonNode slow = nodeRun(execution, "slow");
        assertThat(slow.get("attempts").asInt()).as(slow.toString()).isEqualTo(3);
        assertThat(slow.get("error").asText()).containsIgnoringCase("timeout");
        // three attempts cut at 150 ms each, not one run of 3 s
        assertThat(tookMs).isLessThan(2500);
    }

    @Test
    void retryAndTimeoutTogetherRetryAFailureThatIsNotATimeout() {
        String id = unique("retry-timeout-fail");
        createWorkflow(
                id,
                linear(
                        node(
                                "compute",
                                "data-transform",
                                Map.of(
                                        "expression",
                                        DIVIDE,
                                        "timeout",
                                        5000,
                                        "retry",
                                        Map.of("maxAttempts", 3, "initialDelay", 5)))));

        JsonNode failed = executeWorkflow(id, UNDIVIDABLE);
        JsonNode passed = executeWorkflow(id, Map.of("a", 6, "b", 3));

        assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(nodeRun(failed, "compute").get("attempts").asInt()).isEqualTo(3);
        assertThat(passed.get("status").asText()).as(passed.toString()).isEqualTo("completed");
        assertThat(passed.get("results")).isEqualTo(json(2));
        assertThat(nodeRun(passed, "compute").get("attempts").asInt()).isEqualTo(1);
    }

    /**
     * A timeout limits each run of the node, nothing more: after many failed runs the node still
     * runs its steps, neither refused nor silently skipped, and the same node of another workflow
     * is not affected either.
     */
    @Test
    void aNodeWithATimeoutStillRunsAfterManyFailures() {
        String id = unique("timeout-fails");
        String other = unique("timeout-other");
        Map<String, Object> timed =
                node("compute", "data-transform", Map.of("expression", DIVIDE, "timeout", 5000));
        createWorkflow(id, linear(timed));
        createWorkflow(other, linear(timed));
        List<CompletableFuture<HttpResponse<String>>> failing = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            failing.add(executeAsync(id, UNDIVIDABLE));
        }
        assertThat(failing)
                .extracting(f -> body(f.join()).get("status").asText())
                .containsOnly("failed");

        JsonNode divisible = executeWorkflow(id, Map.of("a", 6, "b", 3));
        JsonNode elsewhere = executeWorkflow(other, Map.of("a", 6, "b", 3));

        SoftAssertions softly = new SoftAssertions();
        for (JsonNode execution : List.of(divisible, elsewhere)) {
            softly.assertThat(execution.get("status").asText())
                    .as(execution.toString())
                    .isEqualTo("completed");
            softly.assertThat(execution.get("results")).as(execution.toString()).isEqualTo(json(2));
        }
        softly.assertAll();
    }

    // --- error-handler: the failure path -------------------------------------------------

    /** begin -> compute -> finish, and the failure path handler -> {@code failureNodes}. */
    private static Map<String, Object> withFailurePath(
            String computeExpression, Map<String, Object> failureNode) {
        return workflow(
                List.of(
                        node("begin", "start", Map.of()),
                        node("compute", "data-transform", Map.of("expression", computeExpression)),
                        node("finish", "end", Map.of()),
                        node("handler", "error-handler", Map.of()),
                        failureNode),
                List.of(
                        edge("e1", "begin", "compute", null),
                        edge("e2", "compute", "finish", null),
                        edge("e3", "handler", (String) failureNode.get("id"), null)));
    }

    @Test
    void aFailedExecutionRunsTheFailurePathWithTheErrorThenIsDeadLettered() {
        String id = unique("failure-path");
        createWorkflow(
                id,
                withFailurePath(
                        DIVIDE,
                        node(
                                "report",
                                "data-transform",
                                Map.of(
                                        "expression",
                                        "{failed: .error.node, why: .error.message, was: .input,"
                                                + " execution: .execution_id}"))));

        JsonNode failed = executeWorkflow(id, UNDIVIDABLE);
        JsonNode passed = executeWorkflow(id, Map.of("a", 6, "b", 3));

        String execution = failed.get("execution_id").asText();
        assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).contains("node 'compute'");
        assertThat(nodeRun(failed, "compute").get("status").asText()).isEqualTo("failed");
        JsonNode report = nodeRun(failed, "report");
        assertThat(report.get("status").asText()).isEqualTo("completed");
        assertThat(report.get("output").get("failed").asText()).isEqualTo("compute");
        assertThat(report.get("output").get("why").asText()).isNotBlank();
        assertThat(report.get("output").get("was")).isEqualTo(json(UNDIVIDABLE));
        assertThat(report.get("output").get("execution").asText()).isEqualTo(execution);
        assertThat(deadLetters())
                .extracting(e -> e.get("execution_id").asText())
                .contains(execution);
        // a run that succeeds never enters the failure path
        assertThat(passed.get("status").asText()).isEqualTo("completed");
        assertThat(nodeIds(passed)).containsExactly("begin", "compute", "finish");

        // the retry starts again at the failed node, not on the failure path
        asAdmin(
                "PUT",
                "/api/v1/workflows/" + id,
                withId(withFailurePath("{fixed: true}", node("report", "log", Map.of())), id));
        var retried = asAdmin("POST", "/api/v1/executions/" + execution + "/retry?wait=true", null);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(body(retried).get("status").asText()).isEqualTo("completed");
        assertThat(body(retried).get("results")).isEqualTo(json(Map.of("fixed", true)));
    }

    @Test
    void aFailureOnTheFailurePathIsRecordedAndTheExecutionKeepsItsOwnError() {
        String id = unique("failure-path-fails");
        createWorkflow(
                id,
                withFailurePath(
                        DIVIDE,
                        node(
                                "broken",
                                "data-transform",
                                Map.of("expression", "error(\"notify failed\")"))));

        JsonNode failed = executeWorkflow(id, UNDIVIDABLE);

        assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).contains("node 'compute'");
        JsonNode broken = nodeRun(failed, "broken");
        assertThat(broken.get("status").asText()).isEqualTo("failed");
        assertThat(broken.get("error").asText()).contains("notify failed");
        assertThat(deadLetters())
                .extracting(e -> e.get("execution_id").asText())
                .contains(failed.get("execution_id").asText());
    }

    @Test
    void aFailureInsideALoopRunsTheFailurePathOnceWhenTheLoopFailsTheExecution() {
        String id = unique("failure-path-loop");
        createWorkflow(
                id,
                workflow(
                        List.of(
                                node("begin", "start", Map.of()),
                                node("each", "foreach", Map.of("items", ".items")),
                                node("compute", "data-transform", Map.of("expression", DIVIDE)),
                                node("finish", "end", Map.of()),
                                node("handler", "error-handler", Map.of()),
                                node(
                                        "report",
                                        "data-transform",
                                        Map.of("expression", "{failed: .error.node}"))),
                        List.of(
                                edge("e1", "begin", "each", null),
                                edge("e2", "each", "compute", "loop"),
                                edge("e3", "compute", "each", null),
                                edge("e4", "each", "finish", "done"),
                                edge("e5", "handler", "report", null))));

        JsonNode failed =
                executeWorkflow(id, Map.of("items", List.of(Map.of("a", 6, "b", 3), UNDIVIDABLE)));

        assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(nodeRun(failed, "compute[1]").get("status").asText()).isEqualTo("failed");
        JsonNode report = nodeRun(failed, "report");
        assertThat(report.get("attempts").asInt()).isEqualTo(1);
        assertThat(report.get("output").get("failed").asText()).isEqualTo("each");
    }

    @Test
    void anErrorHandlerMustStandAlone() {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows",
                        workflow(
                                List.of(
                                        node("begin", "start", Map.of()),
                                        node("shared", "log", Map.of()),
                                        node("handler", "error-handler", Map.of()),
                                        node("second", "error-handler", Map.of())),
                                List.of(
                                        edge("e1", "begin", "shared", null),
                                        edge("e2", "handler", "shared", null),
                                        edge("e3", "begin", "second", null))));

        JsonNode error = assertError(response, 400, "WORKFLOW_INVALID");
        assertThat(error.get("details").toString())
                .contains("at most one error-handler node")
                .contains("both on the main path and on the failure path")
                .contains("the error-handler node cannot have incoming edges");
    }

    // --- dead letters and retry -----------------------------------------------------------

    @Test
    void aFailedExecutionIsDeadLetteredAndRetriedFromItsFailedNodeAfterAFix() {
        String id = unique("dead-letter");
        Map<String, Object> broken =
                linear(
                        node("prepare", "set", Map.of("values", Map.of("prepared", true))),
                        node("compute", "data-transform", Map.of("expression", DIVIDE)));
        createWorkflow(id, broken);
        JsonNode failed = executeWorkflow(id, UNDIVIDABLE);
        String execution = failed.get("execution_id").asText();
        assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("failed");

        JsonNode deadLetter =
                deadLetters().stream()
                        .filter(e -> execution.equals(e.get("execution_id").asText()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(execution + " not dead-lettered"));
        assertThat(deadLetter.get("status").asText()).isEqualTo("failed");
        assertThat(deadLetter.get("error").asText()).contains("node 'compute'");
        assertThat(deadLetter.get("workflow_id").asText()).isEqualTo(id);

        // fix the expression, keep the node ids, then retry
        var fixed =
                asAdmin(
                        "PUT",
                        "/api/v1/workflows/" + id,
                        linear(
                                node("prepare", "set", Map.of("values", Map.of("prepared", true))),
                                node(
                                        "compute",
                                        "data-transform",
                                        Map.of("expression", "{a, prepared, fixed: true}"))));
        assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
        var retried = asAdmin("POST", "/api/v1/executions/" + execution + "/retry?wait=true", null);

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        JsonNode done = body(retried);
        assertThat(done.get("execution_id").asText()).isEqualTo(execution);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("error").isNull()).isTrue();
        // compute ran on the input it had the first time: the output of prepare
        assertThat(done.get("results"))
                .isEqualTo(json(Map.of("a", "x", "prepared", true, "fixed", true)));
        for (String earlier : List.of("begin", "prepare")) {
            JsonNode before = nodeRun(failed, earlier);
            JsonNode after = nodeRun(done, earlier);
            assertThat(after.get("attempts").asInt()).as(earlier).isEqualTo(1);
            assertThat(after.get("finished_at")).as(earlier).isEqualTo(before.get("finished_at"));
        }
        JsonNode compute = nodeRun(done, "compute");
        assertThat(compute.get("status").asText()).isEqualTo("completed");
        assertThat(compute.get("attempts").asInt()).isEqualTo(2);
        assertThat(compute.get("input")).isEqualTo(nodeRun(failed, "compute").get("input"));
        assertThat(nodeRun(done, "finish").get("status").asText()).isEqualTo("completed");
        assertThat(deadLetters())
                .extracting(e -> e.get("execution_id").asText())
                .doesNotContain(execution);

        JsonNode again =
                assertError(
                        asAdmin("POST", "/api/v1/executions/" + execution + "/retry", null),
                        409,
                        "NOT_RETRYABLE");
        assertThat(again.get("message").asText()).isNotBlank();
    }

    @Test
    void aRetryThatFailsAgainStaysDeadLettered() {
        String id = unique("retry-again");
        createWorkflow(id, linear(node("compute", "data-transform", Map.of("expression", DIVIDE))));
        String execution = executeWorkflow(id, UNDIVIDABLE).get("execution_id").asText();

        var retried = asAdmin("POST", "/api/v1/executions/" + execution + "/retry?wait=true", null);

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        JsonNode again = body(retried);
        assertThat(again.get("status").asText()).isEqualTo("failed");
        assertThat(again.get("error").asText()).contains("node 'compute'");
        assertThat(nodeRun(again, "compute").get("attempts").asInt()).isEqualTo(2);
        assertThat(nodeRun(again, "begin").get("attempts").asInt()).isEqualTo(1);
        assertThat(deadLetters())
                .extracting(e -> e.get("execution_id").asText())
                .contains(execution);
    }

    @Test
    void retryingACompletedOrUnknownExecutionIsRefused() {
        String id = unique("retry-done");
        createWorkflow(id, linear());
        String completed = executeWorkflow(id, Map.of()).get("execution_id").asText();

        JsonNode error =
                assertError(
                        asAdmin("POST", "/api/v1/executions/" + completed + "/retry", null),
                        409,
                        "NOT_RETRYABLE");
        assertError(
                asAdmin("POST", "/api/v1/executions/" + UUID.randomUUID() + "/retry", null),
                404,
                "NOT_FOUND");

        assertThat(error.toString()).contains("completed");
        assertThat(status(completed).get("status").asText()).isEqualTo("completed");
    }

    // --- cancel ---------------------------------------------------------------------------

    @Test
    void aCancelledExecutionStopsBeforeItsNextNodeAndStaysCancelled() {
        String id = unique("cancel");
        createWorkflow(
                id,
                linear(
                        node("pause", "delay", Map.of("milliseconds", 1500)),
                        node("after", "set", Map.of("values", Map.of("reached", true)))));
        String execution = executeWithoutWait(id, asAdmin());

        var cancelled = asAdmin("POST", "/api/v1/executions/" + execution + "/cancel", null);

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(body(cancelled).get("status").asText()).isEqualTo("cancelled");
        // the pause ends after 1.5 s: watch well past it that nothing runs on
        await().during(Duration.ofMillis(2500))
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> status(execution),
                        now ->
                                "cancelled".equals(now.get("status").asText())
                                        && !nodeIds(now).contains("after"));
        JsonNode end = status(execution);
        assertThat(end.path("results").isNull()).isTrue();
        assertThat(end.get("finished_at").asText()).isNotBlank();
        assertThat(nodeIds(end)).doesNotContain("after", "finish");
        assertError(
                asAdmin("POST", "/api/v1/executions/" + execution + "/cancel", null),
                409,
                "NOT_CANCELLABLE");
    }

    @Test
    void cancellingAnEndedOrUnknownExecutionIsRefused() {
        String id = unique("cancel-done");
        createWorkflow(id, linear());
        String completed = executeWorkflow(id, Map.of("k", 1)).get("execution_id").asText();

        assertError(
                asAdmin("POST", "/api/v1/executions/" + completed + "/cancel", null),
                409,
                "NOT_CANCELLABLE");
        assertError(
                asAdmin("POST", "/api/v1/executions/" + UUID.randomUUID() + "/cancel", null),
                404,
                "NOT_FOUND");

        JsonNode still = status(completed);
        assertThat(still.get("status").asText()).isEqualTo("completed");
        assertThat(still.get("results")).isEqualTo(json(Map.of("k", 1)));
    }

    // --- roles ----------------------------------------------------------------------------

    @Test
    void anOperatorRetriesAndCancels() {
        String failing = unique("op-retry");
        createWorkflow(
                failing, linear(node("compute", "data-transform", Map.of("expression", DIVIDE))));
        String failed = executeWorkflow(failing, UNDIVIDABLE).get("execution_id").asText();
        String slow = unique("op-cancel");
        createWorkflow(slow, linear(node("pause", "delay", Map.of("milliseconds", 1500))));
        Map<String, String> operator =
                Map.of("Authorization", "Bearer " + tokenOfNewUser("OPERATOR"));

        var retried =
                send("POST", "/api/v1/executions/" + failed + "/retry?wait=true", null, operator);
        String running = executeWithoutWait(slow, operator);
        var cancelled = send("POST", "/api/v1/executions/" + running + "/cancel", null, operator);

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(nodeRun(body(retried), "compute").get("attempts").asInt()).isEqualTo(2);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(body(cancelled).get("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void aViewerSeesDeadLettersButCannotRetryOrCancel() {
        String failing = unique("viewer-retry");
        createWorkflow(
                failing, linear(node("compute", "data-transform", Map.of("expression", DIVIDE))));
        String failed = executeWorkflow(failing, UNDIVIDABLE).get("execution_id").asText();
        String slow = unique("viewer-cancel");
        createWorkflow(slow, linear(node("pause", "delay", Map.of("milliseconds", 500))));
        String running = executeWithoutWait(slow, asAdmin());
        Map<String, String> viewer = Map.of("Authorization", "Bearer " + tokenOfNewUser("VIEWER"));

        var listed = send("GET", "/api/v1/executions/dead-letters?limit=500", null, viewer);
        var retried = send("POST", "/api/v1/executions/" + failed + "/retry", null, viewer);
        var cancelled = send("POST", "/api/v1/executions/" + running + "/cancel", null, viewer);

        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(body(listed)).extracting(e -> e.get("execution_id").asText()).contains(failed);
        assertError(retried, 403, "FORBIDDEN");
        assertError(cancelled, 403, "FORBIDDEN");
        JsonNode untouched = status(failed);
        assertThat(untouched.get("status").asText()).isEqualTo("failed");
        assertThat(nodeRun(untouched, "compute").get("attempts").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> status(running).get("status").asText(), "completed"::equals);
    }

    // --- compiled text --------------------------------------------------------------------

    @Test
    void failureSettingsCompileToRedeliveryAndRouteConfigurations() {
        String id = unique("compiled");
        createWorkflow(
                id,
                workflow(
                        List.of(
                                node("begin", "start", Map.of()),
                                node(
                                        "flaky",
                                        "data-transform",
                                        Map.of(
                                                "expression",
                                                ".",
                                                "retry",
                                                Map.of("maxAttempts", 4, "initialDelay", 50))),
                                node(
                                        "tolerant",
                                        "set",
                                        Map.of(
                                                "values",
                                                Map.of("t", 1),
                                                "retry",
                                                Map.of("maxAttempts", 2),
                                                "onError",
                                                "continue")),
                                node(
                                        "diverted",
                                        "set",
                                        Map.of(
                                                "values",
                                                Map.of("d", 1),
                                                "onError",
                                                "error",
                                                "timeout",
                                                750)),
                                node("rescue", "set", Map.of("values", Map.of("r", 1))),
                                node("finish", "end", Map.of())),
                        List.of(
                                edge("e1", "begin", "flaky", null),
                                edge("e2", "flaky", "tolerant", null),
                                edge("e3", "tolerant", "diverted", null),
                                edge("e4", "diverted", "finish", null),
                                edge("e5", "diverted", "rescue", "error"),
                                edge("e6", "rescue", "finish", null))));

        var response = asAdmin("GET", "/api/v1/workflows/" + id + "/camel", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Map<String, Object>> routes = new LinkedHashMap<>();
        Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();
        for (Object element : (List<?>) new Yaml().load(response.body())) {
            Map<?, ?> item = (Map<?, ?>) element;
            if (item.get("route") instanceof Map<?, ?> route) {
                routes.put((String) route.get("id"), cast(route));
            } else if (item.get("routeConfiguration") instanceof Map<?, ?> configuration) {
                configurations.put((String) configuration.get("id"), cast(configuration));
            }
        }
        String prefix = "wf-" + id + "-";

        Map<String, Object> flaky = routes.get(prefix + "flaky");
        assertThat(flaky).as(response.body()).isNotNull();
        assertThat(path(flaky, "errorHandler", "deadLetterChannel", "redeliveryPolicy"))
                .as(response.body())
                .isInstanceOf(Map.class)
                .extracting(p -> String.valueOf(((Map<?, ?>) p).get("maximumRedeliveries")))
                .isEqualTo("3");
        assertThat(flaky).doesNotContainKey("routeConfigurationId");
        assertThat(response.body()).contains("timeoutDuration: '750'");

        assertThat(configurations.keySet())
                .containsExactlyInAnyOrder(prefix + "tolerant-errors", prefix + "diverted-errors");
        assertThat(routes.get(prefix + "tolerant").get("routeConfigurationId"))
                .isEqualTo(prefix + "tolerant-errors");
        assertThat(routes.get(prefix + "diverted").get("routeConfigurationId"))
                .isEqualTo(prefix + "diverted-errors");
        Object onException =
                ((List<?>) configurations.get(prefix + "tolerant-errors").get("onException"))
                        .get(0);
        assertThat(path(cast((Map<?, ?>) onException), "onException", "redeliveryPolicy"))
                .isInstanceOf(Map.class)
                .extracting(p -> String.valueOf(((Map<?, ?>) p).get("maximumRedeliveries")))
                .isEqualTo("1");
        // a node without retry is tried once
        assertThat(path(routes.get(prefix + "rescue"), "errorHandler", "deadLetterChannel"))
                .isInstanceOf(Map.class)
                .extracting(c -> ((Map<?, ?>) c).get("redeliveryPolicy"))
                .isNull();
    }

    // --- helpers --------------------------------------------------------------------------

    private Map<String, String> asAdmin() {
        return Map.of("Authorization", "Bearer " + adminToken());
    }

    /** Runs the workflow and waits for the end; the answer must be 200. */

    /** Runs the workflow and waits for the end, without blocking this thread. */
    private CompletableFuture<HttpResponse<String>> executeAsync(String id, Object parameters) {
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(uri("/api/v1/workflows/" + id + "/execute?wait=true"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + adminToken())
                            .header("Content-Type", "application/json")
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            json.writeValueAsString(
                                                    Map.of("parameters", parameters))))
                            .build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the workflow without waiting (202) and answers the execution id. */
    private String executeWithoutWait(String id, Map<String, String> auth) {
        HttpResponse<String> response =
                send(
                        "POST",
                        "/api/v1/workflows/" + id + "/execute",
                        Map.of("parameters", Map.of()),
                        auth);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return body(response).get("execution_id").asText();
    }

    /** The dead-letter store, newest first (enough of it for the executions of this class). */
    private List<JsonNode> deadLetters() {
        var response = asAdmin("GET", "/api/v1/executions/dead-letters?limit=500", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(body(response).spliterator(), false).toList();
    }

    private JsonNode status(String execution) {
        var response = asAdmin("GET", "/api/v1/executions/" + execution, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    private static List<String> nodeIds(JsonNode execution) {
        return StreamSupport.stream(execution.get("nodes").spliterator(), false)
                .map(n -> n.get("node_id").asText())
                .toList();
    }

    private JsonNode json(Object value) {
        return json.valueToTree(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** The value at nested keys of parsed YAML, or null. */
    private static Object path(Map<String, Object> map, String... keys) {
        Object current = map;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }
}

package com.auterity.hub.workflow;

import static com.auterity.hub.support.WorkflowFixtures.nodeRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.HubIntegrationTest;
import com.auterity.hub.support.RecordingHttpServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Webhooks over real HTTP: {@code POST /api/v1/hooks/<path>} starts the workflow and answers with
 * its result (webhook-response node) or 202 at once; it takes an operator, JSON only, one workflow
 * per path; and what the caller sends in headers never steers the workflow's own calls.
 */
class WebhookIntegrationTest extends HubIntegrationTest {

    private static RecordingHttpServer target;

    @BeforeAll
    static void startTarget() {
        target = RecordingHttpServer.start();
    }

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    // --- answers --------------------------------------------------------------------------

    @ParameterizedTest(name = "status setting {0}")
    @NullSource
    @ValueSource(ints = 201)
    void aResponseNodeAnswersWithTheResultAndTheExecutionIsRecorded(Integer status) {
        String path = unique("greet");
        Map<String, Object> respond = new HashMap<>();
        if (status != null) {
            respond.put("status", status);
        }
        create(
                unique("hook-sync"),
                chain(
                        node("in", "webhook", Map.of("path", path)),
                        node("greet", "set", Map.of("values", Map.of("greeted", true))),
                        node("out", "webhook-response", respond)));

        var response = hook(path, Map.of("name", "dana"));

        assertThat(response.statusCode())
                .as(response.body())
                .isEqualTo(status == null ? 200 : status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(body(response)).isEqualTo(read("{\"name\":\"dana\",\"greeted\":true}"));
        String execution = response.headers().firstValue("X-Execution-Id").orElseThrow();

        var recorded = asAdmin("GET", "/api/v1/executions/" + execution, null);
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(200);
        JsonNode view = body(recorded);
        assertThat(view.get("status").asText()).isEqualTo("completed");
        assertThat(view.get("results")).isEqualTo(body(response));
        assertThat(view.get("created_by").asText()).isEqualTo("admin");
        assertThat(view.get("nodes"))
                .extracting(n -> n.get("node_id").asText())
                .containsExactly("in", "greet", "out");
        assertThat(view.get("nodes"))
                .allSatisfy(
                        n -> {
                            assertThat(n.get("status").asText()).isEqualTo("completed");
                            assertThat(n.get("attempts").asInt()).isEqualTo(1);
                        });
    }

    @Test
    void aNodeThatChangesItsInputInPlaceIsRecordedWithItsInputAndItsOutput() {
        String path = unique("mood");
        create(
                unique("hook-mood"),
                chain(
                        node("in", "webhook", Map.of("path", path)),
                        node("mood", "sentiment-analysis", Map.of("field", "text")),
                        node("out", "webhook-response", Map.of())));
        JsonNode sent = read("{\"text\":\"I love this, thank you so much!\"}");

        var response = hook(path, sent);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(body(response).has("sentiment")).as(response.body()).isTrue();
        JsonNode view =
                body(
                        asAdmin(
                                "GET",
                                "/api/v1/executions/"
                                        + response.headers()
                                                .firstValue("X-Execution-Id")
                                                .orElseThrow(),
                                null));
        // the sentiment node adds its result to the very object it was given: its input is
        // recorded as it came, its output as it left
        assertThat(nodeRun(view, "in").get("output")).isEqualTo(sent);
        assertThat(nodeRun(view, "mood").get("input")).isEqualTo(sent);
        assertThat(nodeRun(view, "mood").get("output")).isEqualTo(body(response));
        assertThat(view.get("results")).isEqualTo(body(response));
    }

    @Test
    void withoutAResponseNodeTheHookAcceptsAndTheExecutionCompletesLater() {
        String path = unique("accept");
        create(
                unique("hook-async"),
                chain(
                        node("in", "webhook", Map.of("path", path)),
                        node("pause", "delay", Map.of("milliseconds", 200)),
                        node("mark", "set", Map.of("values", Map.of("done", true)))));

        var response = hook(path, Map.of("ticket", 7));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode accepted = body(response);
        assertThat(accepted.get("status").asText()).isIn("queued", "running");
        String execution = accepted.get("execution_id").asText();
        assertThat(response.headers().firstValue("X-Execution-Id")).hasValue(execution);
        JsonNode done =
                await().atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(50))
                        .until(
                                () ->
                                        body(
                                                asAdmin(
                                                        "GET",
                                                        "/api/v1/workflows/"
                                                                + execution
                                                                + "/status",
                                                        null)),
                                s ->
                                        !List.of("queued", "running")
                                                .contains(s.get("status").asText()));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.get("results")).isEqualTo(read("{\"ticket\":7,\"done\":true}"));
    }

    @Test
    void aFailingWorkflowAnswers502AndIsDeadLettered() {
        String path = failingHook("fails");

        var response = hook(path, Map.of("a", 1));

        // the standard error shape; its text is checked in aFailedWorkflowsAnswerNamesNoJavaClass
        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        JsonNode error = body(response);
        assertThat(error.get("code").asText()).isEqualTo("WORKFLOW_FAILED");
        String execution = error.get("details").get("execution_id").asText();
        assertThat(execution).isNotBlank();
        JsonNode view = body(asAdmin("GET", "/api/v1/executions/" + execution, null));
        assertThat(view.get("status").asText()).isEqualTo("failed");
        assertThat(view.get("error").asText()).contains("divide");
        var deadLetters = asAdmin("GET", "/api/v1/executions/dead-letters?limit=500", null);
        assertThat(deadLetters.statusCode()).as(deadLetters.body()).isEqualTo(200);
        assertThat(body(deadLetters))
                .extracting(e -> e.get("execution_id").asText())
                .contains(execution);
    }

    /**
     * An answered execution's node runs are stored with it; a retry keeps them and adds its own
     * (the failed node tried a second time).
     */
    @Test
    void aRetryOfAFailedWebhookExecutionKeepsItsNodeRuns() {
        String path = failingHook("fails-twice");
        String execution =
                assertError(hook(path, Map.of("a", 1)), 502, "WORKFLOW_FAILED")
                        .get("details")
                        .get("execution_id")
                        .asText();

        var retried = asAdmin("POST", "/api/v1/executions/" + execution + "/retry?wait=true", null);

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(body(retried).get("status").asText()).isEqualTo("failed");
        JsonNode view = body(asAdmin("GET", "/api/v1/executions/" + execution, null));
        assertThat(view.get("nodes"))
                .as(view.toString())
                .extracting(
                        n ->
                                n.get("node_id").asText()
                                        + " "
                                        + n.get("status").asText()
                                        + " "
                                        + n.get("attempts").asInt())
                .containsExactly("in completed 1", "divide failed 2");
        assertThat(view.at("/nodes/0/output")).isEqualTo(read("{\"a\":1}"));
    }

    /** The caller of a webhook may be outside: the error answer is the hub's, not a stack's. */
    @Test
    void aFailedWorkflowsAnswerNamesNoJavaClass() {
        String path = failingHook("fails-plainly");

        JsonNode error = assertError(hook(path, Map.of("a", 1)), 502, "WORKFLOW_FAILED");

        assertThat(error.toString()).doesNotContain("net.thisptr").contains("divide");
    }

    // --- who may call ---------------------------------------------------------------------

    @Test
    void theHookTakesAnOperatorByTokenOrApiKey() {
        String path = unique("guarded");
        create(
                unique("hook-auth"),
                chain(
                        node("in", "webhook", Map.of("path", path)),
                        node("out", "webhook-response", Map.of())));
        String operator = tokenOfNewUser("OPERATOR");
        var created =
                send(
                        "POST",
                        "/api/v1/auth/api-keys",
                        Map.of("name", "hook caller", "roles", List.of("OPERATOR")),
                        Map.of("Authorization", "Bearer " + operator));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String key = body(created).get("key").asText();

        assertError(send("POST", hookPath(path), Map.of(), Map.of()), 401, "UNAUTHENTICATED");
        assertError(
                send(
                        "POST",
                        hookPath(path),
                        Map.of(),
                        Map.of("Authorization", "Bearer " + tokenOfNewUser("VIEWER"))),
                403,
                "FORBIDDEN");
        var byOperator =
                send(
                        "POST",
                        hookPath(path),
                        Map.of("by", "token"),
                        Map.of("Authorization", "Bearer " + operator));
        var byKey = send("POST", hookPath(path), Map.of("by", "key"), Map.of("X-API-Key", key));

        assertThat(byOperator.statusCode()).as(byOperator.body()).isEqualTo(200);
        assertThat(body(byOperator)).isEqualTo(read("{\"by\":\"token\"}"));
        assertThat(byKey.statusCode()).as(byKey.body()).isEqualTo(200);
        assertThat(body(byKey)).isEqualTo(read("{\"by\":\"key\"}"));
    }

    // --- bad requests ---------------------------------------------------------------------

    @Test
    void theHookTakesOnlyJsonByPost() {
        String path = unique("strict");
        create(
                unique("hook-strict"),
                chain(
                        node("in", "webhook", Map.of("path", path)),
                        node("out", "webhook-response", Map.of())));
        Map<String, String> admin = Map.of("Authorization", "Bearer " + adminToken());
        Map<String, String> plainText = new HashMap<>(admin);
        plainText.put("Content-Type", "text/plain");

        assertError(send("POST", hookPath(path), "{\"half", admin), 400, "MALFORMED_JSON");
        for (String nothing : List.of("", " \n ")) {
            var empty = send("POST", hookPath(path), nothing, admin);
            assertThat(empty.statusCode()).as("empty body: %s", empty.body()).isEqualTo(200);
            assertThat(body(empty)).as("an empty body is an empty object").isEqualTo(read("{}"));
        }
        var utf8 = send("POST", hookPath(path), "{\"name\":\"Zoë ✓\"}", admin);
        assertThat(body(utf8)).isEqualTo(read("{\"name\":\"Zoë ✓\"}"));
        assertError(
                send("POST", hookPath(path), "hello", plainText), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(send("GET", hookPath(path), null, admin), 405, "METHOD_NOT_ALLOWED");
        assertThat(hook(path, Map.of("still", "works")).statusCode()).isEqualTo(200);
    }

    @Test
    void aSecondWorkflowCannotTakeAPathInUse() {
        String path = unique("claimed");
        String first = unique("hook-first");
        create(
                first,
                chain(
                        node("in", "webhook", Map.of("path", path)),
                        node("mark", "set", Map.of("values", Map.of("from", "first"))),
                        node("out", "webhook-response", Map.of())));
        String second = unique("hook-second");

        JsonNode error =
                assertError(
                        asAdmin(
                                "POST",
                                "/api/v1/workflows/create",
                                withId(
                                        chain(
                                                node("in", "webhook", Map.of("path", path)),
                                                node("out", "webhook-response", Map.of())),
                                        second)),
                        409,
                        "ENDPOINT_TAKEN");

        assertThat(error.get("details").get("route").asText()).startsWith("wf-" + first);
        assertError(asAdmin("GET", "/api/v1/workflows/" + second, null), 404, "NOT_FOUND");
        var stillFirst = hook(path, Map.of());
        assertThat(stillFirst.statusCode()).as(stillFirst.body()).isEqualTo(200);
        assertThat(body(stillFirst)).isEqualTo(read("{\"from\":\"first\"}"));
    }

    @ParameterizedTest(name = "path \"{0}\"")
    @ValueSource(strings = {"../x", "UPPER", "", "a//b", "a/", "/a", "a b", "a?b=1"})
    void anInvalidPathIsRefused(String path) {
        JsonNode error =
                assertError(
                        asAdmin(
                                "POST",
                                "/api/v1/workflows/create",
                                chain(
                                        node("in", "webhook", Map.of("path", path)),
                                        node("out", "webhook-response", Map.of()))),
                        400,
                        "WORKFLOW_INVALID");

        assertThat(error.get("details"))
                .singleElement()
                .satisfies(
                        problem -> {
                            assertThat(problem.get("node").asText()).isEqualTo("in");
                            assertThat(problem.get("message").asText()).contains("'path'");
                        });
    }

    @Test
    void aDeletedWorkflowsHookIsGone() {
        String path = unique("deleted");
        String id = unique("hook-delete");
        create(
                id,
                chain(
                        node("in", "webhook", Map.of("path", path)),
                        node("out", "webhook-response", Map.of())));
        assertThat(hook(path, Map.of()).statusCode()).isEqualTo(200);

        assertThat(asAdmin("DELETE", "/api/v1/workflows/" + id, null).statusCode()).isEqualTo(204);

        assertError(hook(path, Map.of()), 404, "NOT_FOUND");
    }

    @Test
    void aPathFreedByDeletionCanBeTakenAgain() {
        String path = unique("reused");
        String first = unique("hook-reused");
        create(
                first,
                chain(
                        node("in", "webhook", Map.of("path", path)),
                        node("out", "webhook-response", Map.of())));
        assertThat(asAdmin("DELETE", "/api/v1/workflows/" + first, null).statusCode())
                .isEqualTo(204);

        create(
                unique("hook-reuser"),
                chain(
                        node("in", "webhook", Map.of("path", path)),
                        node("mark", "set", Map.of("values", Map.of("from", "second"))),
                        node("out", "webhook-response", Map.of())));

        var response = hook(path, Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(body(response)).isEqualTo(read("{\"from\":\"second\"}"));
    }

    @Test
    void anUpdateThatChangesThePathMovesTheHook() {
        String before = unique("before");
        String after = unique("after");
        String id = unique("hook-moved");
        create(
                id,
                chain(
                        node("in", "webhook", Map.of("path", before)),
                        node("out", "webhook-response", Map.of())));

        var updated =
                asAdmin(
                        "PUT",
                        "/api/v1/workflows/" + id,
                        chain(
                                node("in", "webhook", Map.of("path", after)),
                                node("out", "webhook-response", Map.of())));

        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(hook(after, Map.of("moved", true)).statusCode()).isEqualTo(200);
        assertError(hook(before, Map.of()), 404, "NOT_FOUND");
    }

    // --- headers --------------------------------------------------------------------------

    /**
     * The caller's headers reach neither the Camel http endpoint (which would obey {@code
     * CamelHttpUri}, {@code CamelHttpPath}, {@code CamelHttpQuery}) nor the service called.
     */
    @Test
    void theCallersHeadersDoNotSteerTheWorkflowsCall() {
        String host = RecordingHttpServer.siteAddress();
        String configured = "/" + unique("configured");
        String evil = "/" + unique("evil");
        target.answer(configured, 200, "application/json", "{\"called\":\"configured\"}");
        String path = unique("steer");
        create(
                unique("hook-steer"),
                chain(
                        node("in", "webhook", Map.of("path", path)),
                        node(
                                "call",
                                "http-request",
                                Map.of("url", "http://" + host + ":" + target.port() + configured)),
                        node("out", "webhook-response", Map.of())));
        Map<String, String> hostile = new HashMap<>();
        hostile.put("Authorization", "Bearer " + adminToken());
        hostile.put("CamelHttpUri", "http://" + host + ":" + target.port() + evil);
        hostile.put("CamelHttpPath", evil);
        hostile.put("CamelHttpQuery", "evil=1");
        hostile.put("CamelHttpMethod", "DELETE");
        hostile.put("kafka.OVERRIDE_TOPIC", "attacker-topic");
        hostile.put("CamelSqlQuery", "DROP TABLE users");
        hostile.put("X-Custom", "from the caller");

        var response = send("POST", hookPath(path), Map.of("x", 1), hostile);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(body(response)).isEqualTo(read("{\"called\":\"configured\"}"));
        assertThat(target.requests(evil)).isEmpty();
        assertThat(target.requests(configured))
                .singleElement()
                .satisfies(
                        call -> {
                            assertThat(call.method()).isEqualTo("GET");
                            assertThat(call.query()).isNull();
                            assertThat(call.headers().keySet())
                                    .noneMatch(h -> h.toLowerCase().startsWith("camel"))
                                    .noneMatch(h -> h.toLowerCase().startsWith("kafka"))
                                    .doesNotContain("Authorization", "X-Custom");
                        });
    }

    // --- helpers --------------------------------------------------------------------------

    private static String hookPath(String path) {
        return "/api/v1/hooks/" + path;
    }

    private HttpResponse<String> hook(String path, Object body) {
        return send(
                "POST", hookPath(path), body, Map.of("Authorization", "Bearer " + adminToken()));
    }

    /** A hook whose workflow fails at its node 'divide' (jq divides by a string); its path. */
    private String failingHook(String name) {
        String path = unique(name);
        create(
                unique("hook-" + name),
                chain(
                        node("in", "webhook", Map.of("path", path)),
                        node("divide", "data-transform", Map.of("expression", ".a / \"x\"")),
                        node("out", "webhook-response", Map.of())));
        return path;
    }

    private void create(String id, Map<String, Object> definition) {
        var response = asAdmin("POST", "/api/v1/workflows/create", withId(definition, id));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /** The nodes one after the other. */
    @SafeVarargs
    static Map<String, Object> chain(Map<String, Object>... nodes) {
        List<Map<String, Object>> edges = new ArrayList<>();
        for (int i = 1; i < nodes.length; i++) {
            edges.add(
                    Map.of(
                            "id", "e" + i,
                            "source", nodes[i - 1].get("id"),
                            "target", nodes[i].get("id")));
        }
        Map<String, Object> workflow = new LinkedHashMap<>();
        workflow.put("name", "generated");
        workflow.put("nodes", List.of(nodes));
        workflow.put("edges", edges);
        return workflow;
    }

    static Map<String, Object> node(String id, String type, Map<String, Object> data) {
        return Map.of("id", id, "type", type, "data", data);
    }

    private static Map<String, Object> withId(Map<String, Object> definition, String id) {
        Map<String, Object> copy = new LinkedHashMap<>(definition);
        copy.put("id", id);
        return copy;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

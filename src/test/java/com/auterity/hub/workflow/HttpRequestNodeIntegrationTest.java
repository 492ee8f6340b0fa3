package com.auterity.hub.workflow;

import static com.auterity.hub.workflow.WebhookIntegrationTest.chain;
import static com.auterity.hub.workflow.WebhookIntegrationTest.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.HubIntegrationTest;
import com.auterity.hub.support.RecordingHttpServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The http-request node against a fake service: what it sends (method, path, query, headers, body),
 * how answers become the message or fail the node, which settings are refused when the workflow is
 * saved and which addresses the outbound guard refuses when it runs. The fake service is reached
 * through a non-loopback address of this machine, as the shared test context allows no loopback
 * calls.
 */
class HttpRequestNodeIntegrationTest extends HubIntegrationTest {

    private static RecordingHttpServer service;

    @BeforeAll
    static void startService() {
        service = RecordingHttpServer.start();
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    // --- what is sent, what comes back ----------------------------------------------------

    @Test
    void aGetSendsTheFixedQueryAndHeadersAndTheJsonAnswerBecomesTheMessage() {
        String path = "/" + unique("items");
        service.answer(path, 200, "application/json", "{\"ok\":true,\"items\":[1,2]}");

        JsonNode execution =
                run(
                        Map.of(
                                "url",
                                url(path) + "?fixed=1&name=a%20b",
                                "headers",
                                Map.of("X-Api-Token", "abc", "Accept", "application/json")),
                        Map.of("customer", "dana"));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.get("results")).isEqualTo(read("{\"ok\":true,\"items\":[1,2]}"));
        assertThat(service.requests(path))
                .singleElement()
                .satisfies(
                        call -> {
                            assertThat(call.method()).isEqualTo("GET");
                            assertThat(call.query()).isEqualTo("fixed=1&name=a%20b");
                            assertThat(call.header("X-Api-Token")).isEqualTo("abc");
                            assertThat(call.header("Accept")).isEqualTo("application/json");
                            assertThat(call.body()).isEmpty();
                        });
    }

    @Test
    void aBodyExpressionMakesAJsonPost() {
        String path = "/" + unique("orders");
        service.answer(path, 201, "application/json", "{\"id\":42}");

        JsonNode execution =
                run(
                        Map.of(
                                "url",
                                url(path),
                                "body",
                                "{name: .customer.name, total: (.qty * .price)}",
                                "headers",
                                Map.of("X-Tenant", "t1")),
                        Map.of("customer", Map.of("name", "dana"), "qty", 3, "price", 10));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.get("results")).isEqualTo(read("{\"id\":42}"));
        assertThat(service.requests(path))
                .singleElement()
                .satisfies(
                        call -> {
                            assertThat(call.method()).isEqualTo("POST");
                            assertThat(call.query()).isNull();
                            assertThat(call.header("Content-Type")).startsWith("application/json");
                            assertThat(call.header("X-Tenant")).isEqualTo("t1");
                            assertThat(read(call.body()))
                                    .isEqualTo(read("{\"name\":\"dana\",\"total\":30}"));
                        });
    }

    @Test
    void aPostWithoutABodyExpressionSendsTheMessageAndATextAnswerStaysText() {
        String path = "/" + unique("echo");
        service.answer(path, 200, "text/plain", "pong");

        JsonNode execution =
                run(Map.of("url", url(path), "method", "post"), Map.of("ping", List.of(1, 2)));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.get("results")).isEqualTo(read("\"pong\""));
        assertThat(service.requests(path))
                .singleElement()
                .satisfies(
                        call -> {
                            assertThat(call.method()).isEqualTo("POST");
                            assertThat(read(call.body())).isEqualTo(read("{\"ping\":[1,2]}"));
                        });
    }

    // --- failures -------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} with maxAttempts {1}")
    @CsvSource({"500, 3", "404, 1"})
    void anErrorAnswerFailsTheNodeAfterItsAttempts(int status, int attempts) {
        String path = "/" + unique("broken");
        service.answer(path, status, "application/json", "{\"error\":\"down\"}");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("url", url(path));
        settings.put("retry", Map.of("maxAttempts", attempts, "initialDelay", 10, "jitter", false));

        JsonNode execution = run(settings, Map.of());

        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("failed");
        JsonNode call = nodeRun(execution, "call");
        assertThat(call.get("status").asText()).isEqualTo("failed");
        assertThat(call.get("attempts").asInt()).isEqualTo(attempts);
        assertThat(call.get("error").asText()).contains(String.valueOf(status));
        assertThat(service.requests(path)).hasSize(attempts);
    }

    @Test
    void anAnswerSlowerThanTheResponseTimeoutFailsTheNode() {
        String path = "/" + unique("slow");
        service.hold(path);

        JsonNode execution = run(Map.of("url", url(path), "responseTimeout", 300), Map.of());

        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("failed");
        JsonNode call = nodeRun(execution, "call");
        assertThat(call.get("status").asText()).isEqualTo("failed");
        // the service holds the answer for 30 s: the node gave up long before
        assertThat(call.get("duration_ms").asLong()).isBetween(300L, 10_000L);
        assertThat(service.requests(path)).hasSize(1);
    }

    @Test
    void aCircuitBreakerStopsCallingAFailingServiceAndClosesWhenItRecovers() {
        String path = "/" + unique("flaky");
        service.answer(path, 503, "application/json", "{\"error\":\"down\"}");
        String id = unique("breaker");
        create(
                id,
                Map.of(
                        "url",
                        url(path),
                        "circuitBreaker",
                        Map.of(
                                "minimumNumberOfCalls", 3,
                                "slidingWindowSize", 3,
                                "waitDurationInOpenState", 1)));

        for (int i = 0; i < 3; i++) {
            assertThat(execute(id).get("status").asText()).isEqualTo("failed");
        }
        assertThat(service.requests(path)).hasSize(3);

        // open: the node fails at once, the service is not called
        JsonNode shortCircuited = execute(id);
        assertThat(shortCircuited.get("status").asText()).isEqualTo("failed");
        assertThat(nodeRun(shortCircuited, "call").get("error").asText())
                .containsIgnoringCase("open");
        assertThat(service.requests(path)).hasSize(3);

        // after waitDurationInOpenState a trial call goes through, and it succeeds
        service.answer(path, 200, "application/json", "{\"ok\":true}");
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> "completed".equals(execute(id).get("status").asText()));
        assertThat(execute(id).get("results")).isEqualTo(read("{\"ok\":true}"));
    }

    @Test
    void circuitBreakerSettingsAreChecked() {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows/create",
                        chain(
                                node("begin", "start", Map.of()),
                                node(
                                        "call",
                                        "http-request",
                                        Map.of(
                                                "url",
                                                "http://api.example.com/",
                                                "circuitBreaker",
                                                Map.of(
                                                        "failureRateThreshold",
                                                        101,
                                                        "ringSize",
                                                        3))),
                                node("finish", "end", Map.of())));

        JsonNode error = assertError(response, 400, "WORKFLOW_INVALID");
        assertThat(error.get("details").toString())
                .contains("circuitBreaker.failureRateThreshold")
                .contains("circuitBreaker.ringSize");
    }

    // --- refused settings and addresses ---------------------------------------------------

    static Stream<Arguments> refusedSettings() {
        return Stream.of(
                Arguments.of("ftp://files.example.com/x", Map.of(), "'url'"),
                Arguments.of("http://user:pw@api.example.com/", Map.of(), "'url'"),
                Arguments.of("http://api.example.com/x#frag", Map.of(), "'url'"),
                Arguments.of(
                        "http://api.example.com/", Map.of("Host", "internal"), "header 'Host'"),
                Arguments.of(
                        "http://api.example.com/",
                        Map.of("CamelHttpUri", "http://169.254.169.254/"),
                        "header 'CamelHttpUri'"),
                Arguments.of(
                        "http://api.example.com/",
                        Map.of("X-Note", "a\r\nX-Injected: 1"),
                        "header 'X-Note'"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refusedSettings")
    void settingsThatCouldSteerTheCallAreRefused(
            String url, Map<String, String> headers, String problem) {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows/create",
                        chain(
                                node("begin", "start", Map.of()),
                                node(
                                        "call",
                                        "http-request",
                                        Map.of("url", url, "headers", headers)),
                                node("finish", "end", Map.of())));

        JsonNode error = assertError(response, 400, "WORKFLOW_INVALID");
        assertThat(error.get("details"))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.get("node").asText()).isEqualTo("call");
                            assertThat(p.get("message").asText()).contains(problem);
                        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "http://169.254.169.254/latest/meta-data/",
                "http://localhost:PORT/PATH",
                "http://127.0.0.1:PORT/PATH",
                "http://[::1]:PORT/PATH"
            })
    void theOutboundGuardRefusesInternalAddresses(String template) {
        String path = "/" + unique("internal");
        String url = template.replace("PORT", String.valueOf(service.port())).replace("PATH", path);

        JsonNode execution = run(Map.of("url", url), Map.of());

        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("failed");
        assertThat(execution.get("error").asText()).contains("may not call");
        assertThat(nodeRun(execution, "call").get("status").asText()).isEqualTo("failed");
        assertThat(service.requests(path)).isEmpty();
    }

    // --- compiled text --------------------------------------------------------------------

    @Test
    void theCompiledRouteCallsTheUrlWithoutQueryAfterDroppingAllHeaders() throws IOException {
        String id = unique("http-compiled");
        create(
                id,
                Map.of(
                        "url",
                        "http://api.example.com:8443/v1/items?fixed=1",
                        "headers",
                        Map.of("X-Api-Token", "abc")));

        var response = asAdmin("GET", "/api/v1/workflows/" + id + "/camel", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode routes = new YAMLMapper().readTree(response.body());
        // the node's steps run in its attempt route, inside the node's circuit breaker
        JsonNode route =
                StreamSupport.stream(routes.spliterator(), false)
                        .map(r -> r.get("route"))
                        .filter(r -> ("wf-" + id + "-call-attempt").equals(r.get("id").asText()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no attempt route of node call"));
        JsonNode breaker = route.at("/from/steps/0/circuitBreaker");
        assertThat(breaker.at("/resilience4jConfiguration/minimumNumberOfCalls").asText())
                .isEqualTo("10");
        List<JsonNode> steps =
                StreamSupport.stream(breaker.get("steps").spliterator(), false).toList();
        List<String> kinds = steps.stream().map(s -> s.fieldNames().next()).toList();
        assertThat(kinds).contains("removeHeaders", "to");
        int removed = kinds.indexOf("removeHeaders");
        int call = kinds.indexOf("to");
        assertThat(removed).isLessThan(call);
        assertThat(steps.get(removed).at("/removeHeaders/pattern").asText()).isEqualTo("*");
        assertThat(steps.subList(removed + 1, call))
                .extracting(s -> s.path("setHeader").path("name").asText())
                .contains("CamelHttpMethod", "CamelHttpQuery", "X-Api-Token");
        assertThat(steps.get(call).at("/to/uri").asText())
                .isEqualTo("http://api.example.com:8443/v1/items");
        assertThat(response.body())
                .as("only the setHeader of CamelHttpQuery carries the query")
                .containsOnlyOnce("fixed=1");
    }

    // --- helpers --------------------------------------------------------------------------

    private String url(String path) {
        return "http://" + RecordingHttpServer.siteAddress() + ":" + service.port() + path;
    }

    private void create(String id, Map<String, Object> settings) {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows/create",
                        withId(
                                chain(
                                        node("begin", "start", Map.of()),
                                        node("call", "http-request", settings),
                                        node("finish", "end", Map.of())),
                                id));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private JsonNode execute(String id) {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows/" + id + "/execute?wait=true",
                        Map.of("parameters", Map.of()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    /** Creates start -> http-request -> end and runs it to its end. */
    private JsonNode run(Map<String, Object> settings, Object parameters) {
        String id = unique("http");
        create(id, settings);
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows/" + id + "/execute?wait=true",
                        Map.of("parameters", parameters));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
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

    private static JsonNode nodeRun(JsonNode execution, String nodeId) {
        return StreamSupport.stream(execution.get("nodes").spliterator(), false)
                .filter(n -> nodeId.equals(n.get("node_id").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no record of node " + nodeId));
    }
}

package com.auterity.hub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.HubIntegrationTest;
import com.auterity.hub.support.WorkflowFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Health, Prometheus, Hawtio, Jolokia, OpenAPI and logs, as an operator meets them. */
class ObservabilityIntegrationTest extends HubIntegrationTest {

    @Autowired CamelContext camel;

    private Map<String, String> basic(String user, String password) {
        return Map.of(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes()));
    }

    @Test
    void healthIsPublicAndUp() {
        var health = send("GET", "/actuator/health", null, Map.of());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(body(health).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void prometheusNeedsAuthenticationAndExposesJvmHttpAndRouteMetrics() {
        asAdmin("GET", "/api/v1/routes", null); // an exchange on a known route

        assertError(send("GET", "/actuator/prometheus", null, Map.of()), 401, "UNAUTHENTICATED");
        var scrape =
                send(
                        "GET",
                        "/actuator/prometheus",
                        null,
                        Map.of("Authorization", "Bearer " + tokenOfNewUser("VIEWER")));
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("jvm_memory_used_bytes")
                .contains("http_server_requests_seconds_count")
                .containsPattern("camel_exchanges_total\\{[^}]*routeId=\"route-list\"")
                .as("Spring Security's per-filter timers are off: they cost every request")
                .doesNotContain("spring_security_filterchains")
                .doesNotContain("spring_security_authorizations");
        var basic = send("GET", "/actuator/prometheus", null, basic("admin", adminPassword()));
        assertThat(basic.statusCode()).as("a scraper can use HTTP Basic").isEqualTo(200);
    }

    /** A workflow with one node, {@code tag}, run once; returns its id. */
    private String executedOnce(String prefix) {
        String id = unique(prefix);
        createWorkflow(
                id,
                WorkflowFixtures.linear(
                        WorkflowFixtures.node("tag", "set", Map.of("values", Map.of("a", 1)))));
        executeWorkflow(id, Map.of());
        return id;
    }

    @Test
    void aWorkflowIsMeteredAtItsEntryRouteNotPerNode() {
        String id = executedOnce("metered");

        String scrape = asAdmin("GET", "/actuator/prometheus", null).body();
        assertThat(scrape)
                .containsPattern("camel_exchanges_total\\{[^}]*routeId=\"wf-" + id + "\"")
                .doesNotContain("routeId=\"wf-" + id + "-");
    }

    @Test
    void aWorkflowsNodesAreRoutesWithStatisticsInJmxButTheirProcessorsAreNotTimed()
            throws Exception {
        String id = executedOnce("jmx");

        ManagedCamelContext managed =
                camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        ManagedRouteMBean node = managed.getManagedRoute("wf-" + id + "-tag");
        assertThat(node.getExchangesCompleted()).isEqualTo(1);
        assertThat(node.processorIds())
                .isNotEmpty()
                .allSatisfy(
                        p ->
                                assertThat(managed.getManagedProcessor(p).isStatisticsEnabled())
                                        .as(p)
                                        .isFalse());
        ManagedRouteMBean entry = managed.getManagedRoute("wf-" + id);
        assertThat(entry.processorIds())
                .as("the entry route is timed step by step, like any route")
                .allSatisfy(
                        p ->
                                assertThat(managed.getManagedProcessor(p).isStatisticsEnabled())
                                        .as(p)
                                        .isTrue());
    }

    @Test
    void hawtioAndJolokiaNeedAdminAndJolokiaIsReadOnly() {
        String viewer = tokenOfNewUser("VIEWER");
        assertError(
                send("GET", "/actuator/hawtio/", null, Map.of("Authorization", "Bearer " + viewer)),
                403,
                "FORBIDDEN");
        assertError(
                send(
                        "GET",
                        "/actuator/jolokia/version",
                        null,
                        Map.of("Authorization", "Bearer " + viewer)),
                403,
                "FORBIDDEN");
        assertError(send("GET", "/actuator/hawtio/", null, Map.of()), 401, "UNAUTHENTICATED");

        var admin = basic("admin", adminPassword());
        assertThat(send("GET", "/actuator/hawtio/", null, admin).statusCode()).isEqualTo(200);
        JsonNode read =
                body(
                        send(
                                "GET",
                                "/actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage",
                                null,
                                admin));
        assertThat(read.get("status").asInt()).isEqualTo(200);
        JsonNode exec =
                body(send("GET", "/actuator/jolokia/exec/java.lang:type=Memory/gc", null, admin));
        assertThat(exec.get("status").asInt()).isEqualTo(403);
        JsonNode write =
                body(
                        send(
                                "GET",
                                "/actuator/jolokia/write/java.lang:type=Memory/Verbose/true",
                                null,
                                admin));
        assertThat(write.get("status").asInt()).isEqualTo(403);
    }

    @Test
    void theOpenApiDescriptionMatchesWhatTheServerAnswers() {
        var response = asAdmin("GET", "/api/v1/openapi.json", null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode spec = body(response);
        assertThat(spec.at("/components/securitySchemes").has("bearer"))
                .as(spec.at("/components").toString())
                .isTrue();
        assertThat(spec.at("/components/securitySchemes").has("apiKey")).isTrue();
        JsonNode paths = spec.get("paths");
        assertThat(paths.has("/auth/token")).isTrue();
        assertThat(paths.has("/auth/api-keys/{id}")).isTrue();
        assertThat(paths.has("/users")).isTrue();
        assertThat(paths.has("/routes")).isTrue();

        // every documented operation exists: the server never answers 404/405 for it
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            var path = it.next();
            String concrete =
                    "/api/v1"
                            + path.getKey()
                                    .replace("{id}", "00000000-0000-0000-0000-000000000000")
                                    .replace("{topic}", "openapi-probe")
                                    .replace("{subject}", "user:openapi-probe")
                                    .replace("{period}", "day");
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                if (concrete.contains("/probe/")) {
                    continue;
                }
                var answer =
                        asAdmin(
                                method,
                                concrete,
                                method.equals("GET") || method.equals("DELETE") ? null : Map.of());
                assertThat(answer.statusCode()).as(method + " " + concrete).isNotIn(405, 415, 500);
                if (answer.statusCode() == 404) {
                    assertThat(body(answer).get("code").asText())
                            .as(method + " " + concrete)
                            .isEqualTo("NOT_FOUND");
                    assertThat(body(answer).get("message").asText())
                            .doesNotContain("No resource at this path");
                }
            }
        }
    }

    @Test
    void theGeneratedAdminPasswordIsKeptForTheOwnerOnlyAndNeverLogged() throws IOException {
        var file = hub.dataDir().resolve("initial-admin-password");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        String log = Files.readString(Path.of(LOG_FILE));
        assertThat(log).contains(file.toAbsolutePath().toString()).doesNotContain(adminPassword());
    }

    @Test
    void everyLogLineOfARequestCarriesItsCorrelationId() {
        send(
                "POST",
                "/api/v1/auth/token",
                Map.of("username", "admin", "password", "wrong"),
                Map.of("X-Request-Id", "log-check-7"));

        // the access line is written when the response completes, just after the client has it
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> {
                            List<String> lines =
                                    Files.readAllLines(Path.of(LOG_FILE)).stream()
                                            .filter(
                                                    l ->
                                                            l.contains(
                                                                    "POST /api/v1/auth/token -> 401"))
                                            .toList();
                            assertThat(lines)
                                    .anySatisfy(l -> assertThat(l).contains("[log-check-7]"));
                        });
    }
}

package com.auterity.hub.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * routes/: good files load, broken ones are reported without taking the hub down, changes reload.
 */
class RouteFilesIntegrationTest extends HubIntegrationTest {

    @Autowired CamelContext camel;
    @Autowired ProducerTemplate producer;

    private JsonNode route(String id) {
        JsonNode routes = body(asAdmin("GET", "/api/v1/routes", null));
        return StreamSupport.stream(routes.spliterator(), false)
                .filter(r -> r.get("id").asText().equals(id))
                .findFirst()
                .orElse(null);
    }

    @Test
    void aGoodRouteFileIsLoadedAndListedWithItsSource() {
        assertThat(producer.requestBody("direct:examples-greeting", "", String.class))
                .isEqualTo("hello from a route file");

        JsonNode listed = route("examples-greeting");
        assertThat(listed).isNotNull();
        assertThat(listed.get("source").asText()).isEqualTo("file");
        assertThat(listed.get("group").asText()).isEqualTo("examples");
        assertThat(listed.get("status").asText()).isEqualTo("Started");
        assertThat(listed.get("exchanges_total").asLong()).isPositive();
        assertThat(listed.get("description").asText())
                .isEqualTo("A route file fixture that the hub must load");
        assertThat(route("auth-token").get("source").asText()).isEqualTo("built-in");
    }

    @Test
    void brokenRouteFilesAreReportedAndSkipped() {
        JsonNode files = body(asAdmin("GET", "/api/v1/routes/files", null));

        assertThat(files.toString()).contains("examples-greeting.camel.yaml");
        JsonNode broken = find(files, "broken-syntax.camel.yaml");
        assertThat(broken.get("loaded").asBoolean()).isFalse();
        assertThat(broken.get("error").asText()).isNotBlank();
        JsonNode undescribed = find(files, "missing-description.camel.yaml");
        assertThat(undescribed.get("loaded").asBoolean()).isFalse();
        assertThat(undescribed.get("error").asText())
                .contains("route 'missing-description' needs a description");
        assertThat(camel.getRoute("missing-description")).isNull();
    }

    @Test
    void aChangedRouteFileIsReloaded() throws IOException {
        Files.writeString(
                ROUTES_DIR.resolve("examples-reloaded.camel.yaml"),
                """
                - route:
                    id: examples-reloaded
                    description: written while the hub runs
                    from:
                      uri: direct:examples-reloaded
                      steps:
                        - setBody:
                            constant: first version
                """);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(camel.getRoute("examples-reloaded")).isNotNull());
        assertThat(producer.requestBody("direct:examples-reloaded", "", String.class))
                .isEqualTo("first version");

        Files.writeString(
                ROUTES_DIR.resolve("examples-reloaded.camel.yaml"),
                Files.readString(ROUTES_DIR.resolve("examples-reloaded.camel.yaml"))
                        .replace("first version", "second version"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () ->
                                assertThat(
                                                producer.requestBody(
                                                        "direct:examples-reloaded",
                                                        "",
                                                        String.class))
                                        .isEqualTo("second version"));
        assertThat(camel.getRoute("auth-token"))
                .as("the hub's own routes survive a reload")
                .isNotNull();
    }

    private static JsonNode find(JsonNode files, String name) {
        return StreamSupport.stream(files.spliterator(), false)
                .filter(f -> f.get("file").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not reported in " + files));
    }
}

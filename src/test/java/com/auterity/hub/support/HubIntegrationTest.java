package com.auterity.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.shared.HubProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that start the whole hub on a random port, as a user runs it: first start on an
 * empty data dir (so the admin password is the generated one), route files from a folder of
 * fixtures, reload on. Every subclass that adds no configuration of its own shares one Spring
 * context; {@link ProbeRoutes} adds test-only endpoints that show what reaches a route.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.file.name=" + HubIntegrationTest.LOG_FILE)
@AutoConfigureObservability
@Import(ProbeRoutes.class)
public abstract class HubIntegrationTest {

    /** Where the hub under test logs (as well as to the console). */
    protected static final String LOG_FILE = "target/hub-it.log";

    protected static final Path DATA_DIR = temporaryDirectory("hub-it-data");
    protected static final Path ROUTES_DIR = temporaryDirectory("hub-it-routes");

    @LocalServerPort protected int port;
    @Autowired protected ObjectMapper json;

    protected final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired protected HubProperties hub;
    @Autowired protected Environment environment;

    /** One admin login per running hub (the H2 and the PostgreSQL context each have theirs). */
    private static final Map<Integer, String> ADMIN_TOKENS = new ConcurrentHashMap<>();

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        copyFixtureRoutes();
        registry.add("hub.data-dir", DATA_DIR::toString);
        registry.add("hub.routes.dir", ROUTES_DIR::toString);
        registry.add("hub.routes.reload", () -> "true");
        // an update waits this long for running executions (WorkflowVersionsIntegrationTest)
        registry.add("hub.workflow.drain-timeout", () -> "1500ms");
        // the in-process Kafka broker on free ports of its own (other test runs may share the
        // machine, and each context has its broker), started only by a context that uses it
        int kafkaPort = freePort();
        int controllerPort = freePort();
        registry.add("hub.messaging.broker.port", () -> kafkaPort);
        registry.add("hub.messaging.broker.controller-port", () -> controllerPort);
        registry.add("hub.messaging.broker.lazy", () -> "true");
        // few enough that a test can fill it (QueueApiIntegrationTest)
        registry.add("hub.messaging.queue-size", () -> QUEUE_SIZE);
        registry.add("hub.messaging.retry.delay", () -> "100ms");
    }

    /** Messages that may wait for the broker's acknowledgement in the hub under test. */
    protected static final int QUEUE_SIZE = 8;

    /** The bootstrap servers of the hub's in-process broker, for tests that use Kafka directly. */
    protected String kafkaServers() {
        return "127.0.0.1:" + environment.getProperty("hub.messaging.broker.port");
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The admin password: {@code hub.security.admin-password} if the test set one, otherwise the
     * one the hub generated into its data dir at first start.
     */
    protected String adminPassword() {
        String configured = environment.getProperty("hub.security.admin-password");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        try {
            return Files.readString(hub.dataDir().resolve("initial-admin-password")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected String adminToken() {
        return ADMIN_TOKENS.computeIfAbsent(port, p -> login("admin", adminPassword()));
    }

    protected String login(String username, String password) {
        var response =
                send(
                        "POST",
                        "/api/v1/auth/token",
                        Map.of("username", username, "password", password),
                        Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response).get("access_token").asText();
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a user with one role (as admin) and logs in as that user. */
    protected String tokenOfNewUser(String role) {
        String name = unique(role.toLowerCase());
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/users",
                        Map.of(
                                "username",
                                name,
                                "password",
                                "correct horse battery",
                                "roles",
                                List.of(role)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return login(name, "correct horse battery");
    }

    /** Creates a workflow (as admin) under {@code id}; asserts it was deployed. */
    protected void createWorkflow(String id, Object definition) {
        var response = asAdmin("POST", "/api/v1/workflows/create", withId(definition, id));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /** Executes a workflow and waits for the end; returns the execution. */
    protected JsonNode executeWorkflow(String id, Object parameters) {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows/" + id + "/execute?wait=true",
                        Map.of("parameters", parameters));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    /** A copy of a workflow definition with its {@code id} set. */
    protected ObjectNode withId(Object definition, String id) {
        ObjectNode copy = json.valueToTree(definition);
        copy.put("id", id);
        return copy;
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Sends {@code body} (JSON unless a String) with the given headers. */
    protected HttpResponse<String> send(
            String method, String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            if (!headers.containsKey("Content-Type")) {
                request.header("Content-Type", "application/json");
            }
            String text = body instanceof String s ? s : write(body);
            request.method(method, HttpRequest.BodyPublishers.ofString(text));
        }
        return send(request.build());
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> asAdmin(String method, String path, Object body) {
        return send(method, path, body, Map.of("Authorization", "Bearer " + adminToken()));
    }

    protected JsonNode body(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + response.body(), e);
        }
    }

    /** Asserts the standard error: status, code, and the four fields of the shape. */
    protected JsonNode assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode error = body(response);
        assertThat(
                        error.has("code")
                                && error.has("message")
                                && error.has("details")
                                && error.has("correlation_id"))
                .as("standard error shape: %s", response.body())
                .isTrue();
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return error;
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyFixtureRoutes() {
        Path fixtures = Path.of("src/test/resources/it-routes");
        try (Stream<Path> files = Files.list(fixtures)) {
            for (Path file : files.toList()) {
                Path target = ROUTES_DIR.resolve(file.getFileName());
                if (!Files.exists(target)) {
                    Files.copy(file, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

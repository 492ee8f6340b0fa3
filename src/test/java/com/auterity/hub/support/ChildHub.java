package com.auterity.hub.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The hub as a process of its own, for the tests that kill it with SIGKILL and start it again: the
 * hub as built (the test class path without the test classes), on a free port, healthy and with an
 * admin logged in. Its console goes to {@code target/<log>-<name>.out}, its log to {@code
 * target/<log>.log}.
 */
public class ChildHub {

    private static final Path LOGS = Path.of("target");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final Process process;
    public final int port;
    private final String token;

    private ChildHub(Process process, int port, String token) {
        this.process = process;
        this.port = port;
        this.token = token;
    }

    /** For a test's own view of the hub, with its own queries. */
    protected ChildHub(ChildHub started) {
        this(started.process, started.port, started.token);
    }

    /**
     * Starts a hub with the admin password {@code password} and the given hub arguments, waits
     * until it is healthy (failing at once if it exits) and logs in as admin.
     */
    public static ChildHub start(
            String log, String name, String password, Duration startTimeout, String... hubArgs) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:TieredStopAtLevel=1"); // starts faster; the tests measure no speed
        command.add("-Dlogging.file.name=" + LOGS.resolve(log + ".log"));
        command.add("-cp");
        command.add(hubClassPath());
        command.add("com.auterity.hub.HubApplication");
        command.add("--server.port=" + port);
        command.add("--hub.security.admin-password=" + password);
        command.addAll(List.of(hubArgs));
        File console = LOGS.resolve(log + "-" + name + ".out").toFile();
        Process process;
        try {
            process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(console)
                            .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // should the test JVM end before the test kills it
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        await().atMost(startTimeout)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            if (!process.isAlive()) {
                                throw new IllegalStateException(
                                        "The hub exited with "
                                                + process.exitValue()
                                                + "; see "
                                                + console);
                            }
                            return healthy(port);
                        });
        ChildHub anonymous = new ChildHub(process, port, null);
        var login =
                anonymous.send(
                        "POST",
                        "/api/v1/auth/token",
                        Map.of("username", "admin", "password", password));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        return new ChildHub(process, port, anonymous.body(login).get("access_token").asText());
    }

    /** Sends {@code body} as JSON, as the logged-in admin. */
    public HttpResponse<String> send(String method, String path, Object body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            request.method(
                    method,
                    body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode body(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + response.body(), e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean healthy(int port) {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + port
                                                                    + "/actuator/health"))
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The test class path without the test classes: the hub as built, with its dependencies. */
    private static String hubClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith(Path.of("target", "test-classes")))
                .collect(Collectors.joining(File.pathSeparator));
    }
}

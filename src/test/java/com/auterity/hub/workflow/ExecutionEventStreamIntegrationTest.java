package com.auterity.hub.workflow;

import static com.auterity.hub.support.WorkflowFixtures.linear;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/executions/{id}/events}: live progress as server-sent events. */
class ExecutionEventStreamIntegrationTest extends HubIntegrationTest {

    /** One server-sent event: its name and its JSON data. */
    record Event(String name, JsonNode data) {}

    @Test
    void aRunningExecutionStreamsItsSnapshotNodesAndEndThenTheStreamCloses() {
        String id = unique("sse");
        createWorkflow(
                id,
                linear(
                        node("wait", "delay", Map.of("milliseconds", 500)),
                        node("mark", "set", Map.of("values", Map.of("done", true)))));
        var started =
                asAdmin(
                        "POST",
                        "/api/v1/workflows/" + id + "/execute",
                        Map.of("parameters", Map.of("n", 1)));
        String execution = body(started).get("execution_id").asText();

        Stream stream = stream(execution, adminToken());

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        List<Event> events = events(stream.lines());
        assertThat(events.get(0).name()).isEqualTo("snapshot");
        assertThat(events.get(0).data().get("execution_id").asText()).isEqualTo(execution);
        Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("finished");
        assertThat(last.data().get("status").asText()).isEqualTo("completed");
        // the nodes that ended after the snapshot, in order; the delay certainly did
        List<String> nodes =
                events.stream()
                        .filter(e -> e.name().equals("node"))
                        .map(e -> e.data().get("node_id").asText())
                        .toList();
        assertThat(nodes).contains("wait", "mark", "finish");
        assertThat(nodes.subList(nodes.indexOf("wait"), nodes.size()))
                .containsExactly("wait", "mark", "finish");
        assertThat(
                        events.stream()
                                .filter(e -> e.name().equals("node"))
                                .allMatch(e -> e.data().get("status").asText().equals("completed")))
                .isTrue();
    }

    @Test
    void anEndedExecutionSendsItsSnapshotAndCloses() {
        String id = unique("sse-ended");
        createWorkflow(id, linear(node("mark", "set", Map.of("values", Map.of("x", 1)))));
        String execution = executeWorkflow(id, Map.of()).get("execution_id").asText();

        List<Event> events = events(stream(execution, adminToken()).lines());

        assertThat(events).extracting(Event::name).containsExactly("snapshot");
        assertThat(events.get(0).data().get("status").asText()).isEqualTo("completed");
        assertThat(events.get(0).data().get("nodes")).hasSize(3);
    }

    @Test
    void anUnknownExecutionIsA404AndNoTokenA401() {
        assertError(
                asAdmin("GET", "/api/v1/executions/no-such-execution/events", null),
                404,
                "NOT_FOUND");
        assertError(
                send("GET", "/api/v1/executions/no-such-execution/events", null, Map.of()),
                401,
                "UNAUTHENTICATED");
    }

    /** What the stream sent until the server closed it. */
    record Stream(int status, String contentType, List<String> lines) {}

    private Stream stream(String execution, String token) {
        HttpRequest request =
                HttpRequest.newBuilder(uri("/api/v1/executions/" + execution + "/events"))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "text/event-stream")
                        .timeout(Duration.ofSeconds(20))
                        .GET()
                        .build();
        try {
            HttpResponse<java.util.stream.Stream<String>> response =
                    http.send(request, HttpResponse.BodyHandlers.ofLines());
            // the server closes the stream after the last event
            return new Stream(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body().collect(Collectors.toList()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<Event> events(List<String> lines) {
        List<Event> events = new ArrayList<>();
        String name = null;
        StringBuilder data = new StringBuilder();
        for (String line : lines) {
            if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5));
            } else if (line.isEmpty() && name != null) {
                try {
                    events.add(new Event(name, json.readTree(data.toString())));
                } catch (Exception e) {
                    throw new AssertionError("event data is not JSON: " + data, e);
                }
                name = null;
                data.setLength(0);
            }
        }
        return events;
    }
}

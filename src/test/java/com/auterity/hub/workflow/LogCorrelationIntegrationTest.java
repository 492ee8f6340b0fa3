package com.auterity.hub.workflow;

import static com.auterity.hub.support.WorkflowFixtures.edge;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static com.auterity.hub.support.WorkflowFixtures.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.HubIntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request's correlation id is on every log line its workflow writes, also on the threads the
 * workflow moves to: parallel branches, delays and a node's timed attempt.
 */
class LogCorrelationIntegrationTest extends HubIntegrationTest {

    @Test
    void branchesAndTimedAttemptsLogWithTheRequestsCorrelationId() {
        String id = unique("log-correlation");
        createWorkflow(
                id,
                workflow(
                        List.of(
                                node("begin", "start", Map.of()),
                                node("fork", "parallel", Map.of()),
                                node("left-wait", "delay", Map.of("milliseconds", 200)),
                                node("left-log", "log", Map.of()),
                                node("right-wait", "delay", Map.of("milliseconds", 200)),
                                node("right-log", "log", Map.of("timeout", 5000)),
                                node("join", "merge", Map.of("strategy", "all")),
                                node("finish", "end", Map.of())),
                        List.of(
                                edge("e0", "begin", "fork", null),
                                edge("e1", "fork", "left-wait", null),
                                edge("e2", "left-wait", "left-log", null),
                                edge("e3", "fork", "right-wait", null),
                                edge("e4", "right-wait", "right-log", null),
                                edge("e5", "left-log", "join", null),
                                edge("e6", "right-log", "join", null),
                                edge("e7", "join", "finish", null))));
        String correlation = unique("trace");

        var response =
                send(
                        "POST",
                        "/api/v1/workflows/" + id + "/execute?wait=true",
                        Map.of("parameters", Map.of("marker", correlation)),
                        Map.of(
                                "Authorization",
                                "Bearer " + adminToken(),
                                "X-Request-Id",
                                correlation));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(body(response).get("status").asText()).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () ->
                                assertThat(linesWith(correlation))
                                        .as("the log lines of both branches")
                                        .anyMatch(line -> line.contains("workflow.left-log"))
                                        .anyMatch(line -> line.contains("workflow.right-log"))
                                        .allMatch(line -> line.contains("[" + correlation + "]")));
    }

    /** The lines the workflow's log nodes wrote for the message carrying {@code marker}. */
    private static List<String> linesWith(String marker) throws IOException {
        try (var lines = Files.lines(Path.of(LOG_FILE))) {
            return lines.filter(
                            line -> line.contains("-log ") && line.contains("\"" + marker + "\""))
                    .toList();
        }
    }
}

package com.auterity.hub.workflow;

import static com.auterity.hub.support.WorkflowFixtures.linear;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An execution runs on one version of its workflow from start to end: an update waits for the
 * executions running on the current version (new ones wait for the new version), and is refused
 * when they outlast {@code hub.workflow.drain-timeout} (1.5 s in the tests).
 */
class WorkflowVersionsIntegrationTest extends HubIntegrationTest {

    private static Map<String, Object> version(int number, int delayMs) {
        return linear(
                node("wait", "delay", Map.of("milliseconds", delayMs)),
                node("mark", "set", Map.of("values", Map.of("version", number))));
    }

    @Test
    void aRunningExecutionFinishesOnTheVersionItStartedWith() {
        String id = unique("versions");
        createWorkflow(id, version(1, 800));
        String first = start(id);
        awaitStatus(first, "running");

        var updated = asAdmin("PUT", "/api/v1/workflows/" + id, withId(version(2, 0), id));

        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(body(updated).get("version").asInt()).isEqualTo(2);
        // the update waited for the execution: it has ended, on version 1
        JsonNode ended = execution(first);
        assertThat(ended.get("status").asText()).as(ended.toString()).isEqualTo("completed");
        assertThat(ended.get("workflow_version").asInt()).isEqualTo(1);
        assertThat(ended.get("results").get("version").asInt()).isEqualTo(1);

        JsonNode next = executeWorkflow(id, Map.of());
        assertThat(next.get("workflow_version").asInt()).isEqualTo(2);
        assertThat(next.get("results").get("version").asInt()).isEqualTo(2);
    }

    @Test
    void anUpdateThatWouldCutARunningExecutionShortIsRefusedAndChangesNothing() {
        String id = unique("versions-busy");
        createWorkflow(id, version(1, 4000));
        String running = start(id);
        awaitStatus(running, "running");

        var refused = asAdmin("PUT", "/api/v1/workflows/" + id, withId(version(2, 0), id));
        var deleteRefused = asAdmin("DELETE", "/api/v1/workflows/" + id, null);

        JsonNode error = assertError(refused, 409, "WORKFLOW_BUSY");
        assertThat(error.get("details").get("running").asInt()).isEqualTo(1);
        assertError(deleteRefused, 409, "WORKFLOW_BUSY");
        assertThat(body(asAdmin("GET", "/api/v1/workflows/" + id, null)).get("version").asInt())
                .isEqualTo(1);
        awaitStatus(running, "completed");
        assertThat(execution(running).get("results").get("version").asInt()).isEqualTo(1);
        // once it has ended, the update goes through
        var updated = asAdmin("PUT", "/api/v1/workflows/" + id, withId(version(2, 0), id));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    }

    private String start(String id) {
        var started =
                asAdmin(
                        "POST",
                        "/api/v1/workflows/" + id + "/execute",
                        Map.of("parameters", Map.of()));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return body(started).get("execution_id").asText();
    }

    private JsonNode execution(String executionId) {
        return body(asAdmin("GET", "/api/v1/executions/" + executionId, null));
    }

    private void awaitStatus(String executionId, String status) {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> status.equals(execution(executionId).get("status").asText()));
    }
}

package com.auterity.hub.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.HubIntegrationTest;
import com.auterity.hub.support.ProbeRoutes.EventProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The engine tells other modules what happened: WorkflowDeployed, ExecutionStarted, NodeFinished,
 * ExecutionFinished.
 */
class WorkflowEventsIntegrationTest extends HubIntegrationTest {

    @Autowired EventProbe probe;

    @Test
    void deployingAndFinishingArePublished() {
        String id = unique("events");
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/workflows",
                        Map.of(
                                "id",
                                id,
                                "name",
                                "Events",
                                "nodes",
                                List.of(
                                        Map.of("id", "s", "type", "start"),
                                        Map.of(
                                                "id",
                                                "boom",
                                                "type",
                                                "data-transform",
                                                "data",
                                                Map.of("expression", ".a / .b")),
                                        Map.of("id", "e", "type", "end")),
                                "edges",
                                List.of(
                                        Map.of("source", "s", "target", "boom"),
                                        Map.of("source", "boom", "target", "e"))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        String ok =
                body(asAdmin(
                                "POST",
                                "/api/v1/workflows/" + id + "/execute?wait=true",
                                Map.of("parameters", Map.of("a", 6, "b", 3))))
                        .get("execution_id")
                        .asText();
        String failed =
                body(asAdmin(
                                "POST",
                                "/api/v1/workflows/" + id + "/execute?wait=true",
                                Map.of("parameters", Map.of("a", "x", "b", 3))))
                        .get("execution_id")
                        .asText();

        assertThat(probe.events())
                .contains(
                        new WorkflowDeployed(
                                id,
                                1,
                                List.of(
                                        "wf-" + id,
                                        "wf-" + id + "-s",
                                        "wf-" + id + "-boom",
                                        "wf-" + id + "-e")));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () ->
                                assertThat(probe.events())
                                        .filteredOn(ExecutionFinished.class::isInstance)
                                        .map(ExecutionFinished.class::cast)
                                        .filteredOn(e -> e.workflowId().equals(id))
                                        .extracting(
                                                ExecutionFinished::executionId,
                                                ExecutionFinished::status)
                                        .containsExactlyInAnyOrder(
                                                org.assertj.core.groups.Tuple.tuple(
                                                        ok, "completed"),
                                                org.assertj.core.groups.Tuple.tuple(
                                                        failed, "failed")));
        assertThat(probe.events())
                .filteredOn(ExecutionStarted.class::isInstance)
                .map(ExecutionStarted.class::cast)
                .extracting(ExecutionStarted::executionId)
                .contains(ok, failed);
        assertThat(probe.events())
                .filteredOn(NodeFinished.class::isInstance)
                .map(NodeFinished.class::cast)
                .filteredOn(e -> e.executionId().equals(failed))
                .extracting(NodeFinished::nodeId, NodeFinished::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("s", "completed"),
                        org.assertj.core.groups.Tuple.tuple("boom", "failed"));
    }
}

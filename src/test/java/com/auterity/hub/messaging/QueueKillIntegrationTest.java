package com.auterity.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.ChildHub;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub killed (SIGKILL) while its kafka trigger consumes a backlog, then started again on the
 * same data dir and broker ports: every message ends up as exactly one execution. The broker runs
 * in the hub's process, so it is killed too, and what it had acknowledged must survive. The hub
 * runs as a real process, like in {@code ExecutionRecoveryIntegrationTest}.
 */
class QueueKillIntegrationTest {

    private static final String PASSWORD = "queue kill test passphrase";
    private static final int MESSAGES = 450;
    private static final String TOPIC = "kill-test";
    private static final String WORKFLOW = "kill-consumer";

    private final List<Process> hubs = new ArrayList<>();
    private final int kafkaPort = ChildHub.freePort();
    private final int controllerPort = ChildHub.freePort();

    @TempDir Path dataDir;
    @TempDir Path routesDir;

    @AfterEach
    void killHubs() throws InterruptedException {
        for (Process hub : hubs) {
            hub.destroyForcibly();
            hub.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void killedWhileConsumingTheHubLosesNoMessageAndDuplicatesNone() throws InterruptedException {
        Hub first = start("first");
        for (int n = 0; n < MESSAGES; n++) {
            var published =
                    first.send(
                            "POST",
                            "/api/v1/queues/" + TOPIC + "/messages",
                            Map.of("key", "m-" + n, "body", Map.of("n", n)));
            assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        }
        // one worker that pauses 20 ms per execution, behind a queue of 250: the trigger reads
        // the backlog faster than the executions run, then waits for room in the queue
        var created =
                first.send(
                        "POST",
                        "/api/v1/workflows",
                        Map.of(
                                "id",
                                WORKFLOW,
                                "name",
                                "kill",
                                "nodes",
                                List.of(
                                        node("in", "kafka", Map.of("topic", TOPIC)),
                                        node("pause", "delay", Map.of("milliseconds", 20)),
                                        node(
                                                "mark",
                                                "data-transform",
                                                Map.of("expression", "{n: .n}"))),
                                "edges",
                                List.of(edge("e1", "in", "pause"), edge("e2", "pause", "mark"))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        int beforeKill =
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> first.executions().size(), n -> n > 260 && n < MESSAGES - 20);
        first.process.destroyForcibly();
        assertThat(first.process.waitFor(20, TimeUnit.SECONDS)).isTrue();

        Hub second = start("second");
        List<JsonNode> executions =
                await().atMost(Duration.ofSeconds(180))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(
                                second::executions,
                                list ->
                                        list.size() >= MESSAGES
                                                && list.stream()
                                                        .allMatch(
                                                                e ->
                                                                        List.of(
                                                                                        "completed",
                                                                                        "failed")
                                                                                .contains(
                                                                                        e.get(
                                                                                                        "status")
                                                                                                .asText())));

        assertThat(beforeKill).isLessThan(MESSAGES);
        assertThat(executions).as("one execution per message").hasSize(MESSAGES);
        List<JsonNode> completed =
                executions.stream()
                        .filter(e -> "completed".equals(e.get("status").asText()))
                        .toList();
        Set<Integer> numbers = new HashSet<>();
        completed.forEach(
                e ->
                        assertThat(numbers.add(e.get("results").get("n").asInt()))
                                .as("no duplicate: %s", e)
                                .isTrue());
        // what ran at the kill is failed as interrupted (one worker); everything else completed
        List<JsonNode> failed =
                executions.stream().filter(e -> "failed".equals(e.get("status").asText())).toList();
        assertThat(failed).hasSizeLessThanOrEqualTo(1);
        assertThat(failed)
                .allSatisfy(e -> assertThat(e.get("error").asText()).contains("interrupted"));
        assertThat(numbers).hasSize(MESSAGES - failed.size());

        // the broker kept every message through the kill, and the group has consumed them all
        JsonNode topic =
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> second.topic(TOPIC),
                                t ->
                                        t != null
                                                && t.get("consumer_groups").size() == 1
                                                && t.get("consumer_groups")
                                                                .get(0)
                                                                .get("lag")
                                                                .asLong()
                                                        == 0);
        assertThat(topic.get("messages").asLong()).isEqualTo(MESSAGES);
    }

    // --- the hub as a process -------------------------------------------------------------

    /** One hub process and a logged-in admin, with the queries of this test. */
    private static final class Hub extends ChildHub {

        Hub(ChildHub started) {
            super(started);
        }

        /** Every execution of the workflow, whatever its status. */
        List<JsonNode> executions() {
            List<JsonNode> all = new ArrayList<>();
            for (String status : List.of("queued", "running", "completed", "failed", "cancelled")) {
                var response =
                        send(
                                "GET",
                                "/api/v1/executions?workflow_id="
                                        + WORKFLOW
                                        + "&status="
                                        + status
                                        + "&limit=500",
                                null);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                body(response).forEach(all::add);
            }
            return all;
        }

        JsonNode topic(String name) {
            var response = send("GET", "/api/v1/queues", null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return StreamSupport.stream(body(response).spliterator(), false)
                    .filter(t -> t.get("topic").asText().equals(name))
                    .findFirst()
                    .orElse(null);
        }
    }

    private Hub start(String name) {
        Hub hub =
                new Hub(
                        ChildHub.start(
                                "hub-queue-kill",
                                name,
                                PASSWORD,
                                Duration.ofSeconds(180),
                                "--hub.data-dir=" + dataDir,
                                "--hub.routes.dir=" + routesDir,
                                "--hub.workflow.workers=1",
                                "--hub.messaging.broker.port=" + kafkaPort,
                                "--hub.messaging.broker.controller-port=" + controllerPort));
        hubs.add(hub.process);
        return hub;
    }

    private static Map<String, Object> node(String id, String type, Map<String, Object> data) {
        return Map.of("id", id, "type", type, "data", data);
    }

    private static Map<String, Object> edge(String id, String source, String target) {
        Map<String, Object> edge = new LinkedHashMap<>();
        edge.put("id", id);
        edge.put("source", source);
        edge.put("target", target);
        return edge;
    }
}

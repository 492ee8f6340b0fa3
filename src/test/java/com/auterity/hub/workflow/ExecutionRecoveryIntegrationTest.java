package com.auterity.hub.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.ChildHub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executions always end, even when the hub does not: the hub killed while executions run, then
 * started again on the same data dir, fails those that ran as interrupted and runs those that
 * waited; a retry that the full queue refuses leaves its execution failed; the records of webhook
 * executions that were answered come back from the record journal. The hub runs as a real process
 * (no Spring context in this JVM), so the kill is a real SIGKILL with nothing flushed or shut down,
 * and each test can give its hub the number of workers it needs.
 */
class ExecutionRecoveryIntegrationTest {

    private static final String PASSWORD = "recovery test passphrase";
    private static final List<String> TERMINAL = List.of("completed", "failed", "cancelled");

    private final List<Process> hubs = new ArrayList<>();

    @TempDir Path dataDir;
    @TempDir Path routesDir;

    // the in-process broker on ports of its own, the same across the restarts of one test
    private final int kafkaPort = ChildHub.freePort();
    private final int controllerPort = ChildHub.freePort();

    @AfterEach
    void killHubs() throws InterruptedException {
        for (Process hub : hubs) {
            hub.destroyForcibly();
            hub.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void afterAKillEveryExecutionEndsAndTheQueuedOnesRun() throws InterruptedException {
        Hub first = start("first");
        String workflow = "recovery";
        var created =
                first.send(
                        "POST",
                        "/api/v1/workflows",
                        linear(
                                workflow,
                                node("pause", "delay", Map.of("milliseconds", 3000)),
                                node("mark", "set", Map.of("values", Map.of("done", true)))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        List<String> executions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            var accepted =
                    first.send(
                            "POST",
                            "/api/v1/workflows/" + workflow + "/execute",
                            Map.of("parameters", Map.of("run", i)));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            executions.add(first.body(accepted).get("execution_id").asText());
        }
        // two workers: two executions inside their pause, four waiting for a worker
        Map<String, String> beforeKill =
                await().atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(100))
                        .until(
                                () -> first.statuses(executions),
                                s ->
                                        count(s, "running") == 2
                                                && count(s, "queued") == 4
                                                && first.pauseStartedIn(s));

        first.process.destroyForcibly();
        assertThat(first.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        Hub second = start("second");

        Map<String, JsonNode> after =
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(250))
                        .until(
                                () -> second.executions(executions),
                                s ->
                                        s.values().stream()
                                                .allMatch(
                                                        ExecutionRecoveryIntegrationTest::settled));

        SoftAssertions softly = new SoftAssertions();
        String interrupted = null;
        for (String id : executions) {
            JsonNode execution = after.get(id);
            if (execution.isMissingNode()) {
                softly.fail(
                        "execution %s (%s when the hub was killed) is unknown after the restart:"
                                + " its record was lost",
                        id, beforeKill.get(id));
            } else if ("running".equals(beforeKill.get(id))) {
                interrupted = interrupted == null ? id : interrupted;
                softly.assertThat(execution.get("status").asText())
                        .as("ran when killed: %s", execution)
                        .isEqualTo("failed");
                softly.assertThat(execution.get("error").asText())
                        .as("ran when killed: %s", execution)
                        .contains("interrupted");
            } else {
                softly.assertThat(execution.get("status").asText())
                        .as("queued when killed: %s", execution)
                        .isEqualTo("completed");
                softly.assertThat(execution.at("/results/done").asBoolean())
                        .as("queued when killed: %s", execution)
                        .isTrue();
            }
            // the record of each node ends with its execution: none is left running
            softly.assertThat(execution.path("nodes"))
                    .as("node records of %s, %s", id, execution.path("status").asText())
                    .extracting(n -> n.get("node_id").asText() + ": " + n.get("status").asText())
                    .noneMatch(record -> record.endsWith(": running"));
        }
        // "start it again to retry": the interrupted execution runs again, here to the end
        if (interrupted != null) {
            var retried =
                    second.send(
                            "POST", "/api/v1/executions/" + interrupted + "/retry?wait=true", null);
            softly.assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
            softly.assertThat(second.body(retried).get("status").asText())
                    .as(retried.body())
                    .isEqualTo("completed");
        }
        softly.assertAll();
    }

    @Test
    void aRetryRefusedForAFullQueueLeavesTheExecutionFailed() {
        Hub hub = start("full-queue", 1);
        var created =
                hub.send(
                        "POST",
                        "/api/v1/workflows",
                        linear(
                                "broken",
                                node(
                                        "compute",
                                        "data-transform",
                                        Map.of("expression", ".a / .b"))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        var slow =
                hub.send(
                        "POST",
                        "/api/v1/workflows",
                        linear("slow", node("pause", "delay", Map.of("milliseconds", 20000))));
        assertThat(slow.statusCode()).as(slow.body()).isEqualTo(201);
        var failed =
                hub.send(
                        "POST",
                        "/api/v1/workflows/broken/execute?wait=true",
                        Map.of("parameters", Map.of("a", "x", "b", Map.of())));
        assertThat(hub.body(failed).get("status").asText()).isEqualTo("failed");
        String execution = hub.body(failed).get("execution_id").asText();
        // the one worker busy, then its queue (250 a worker) full
        HttpResponse<String> refused;
        int sent = 0;
        do {
            refused = hub.send("POST", "/api/v1/workflows/slow/execute", Map.of());
            sent++;
        } while (refused.statusCode() == 202 && sent <= 300);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);

        var retried = hub.send("POST", "/api/v1/executions/" + execution + "/retry", null);

        // refused like an execute: 429, and the execution stays in the dead-letter store
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(429);
        assertThat(hub.body(retried).get("code").asText()).isEqualTo("RATE_LIMITED");
        JsonNode after = hub.executions(List.of(execution)).get(execution);
        assertThat(after.get("status").asText()).as(after.toString()).isEqualTo("failed");
        assertThat(after.get("error").asText()).contains("node 'compute'");
    }

    @Test
    void answeredWebhookExecutionsSurviveAKillFromTheJournal() throws Exception {
        // records stay in the journal until something reads executions: the kill finds them there
        Hub first = start("journal", 2, "--hub.workflow.journal.flush-interval=1h");
        var created =
                first.send(
                        "POST",
                        "/api/v1/workflows",
                        Map.of(
                                "id",
                                "answered",
                                "name",
                                "answered",
                                "nodes",
                                List.of(
                                        node("in", "webhook", Map.of("path", "answered")),
                                        node("mark", "set", Map.of("values", Map.of("seen", true))),
                                        node("out", "webhook-response", Map.of("status", 200))),
                                "edges",
                                List.of(
                                        Map.of("source", "in", "target", "mark"),
                                        Map.of("source", "mark", "target", "out"))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            var response = first.send("POST", "/api/v1/hooks/answered", Map.of("n", i));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            answered.add(response.headers().firstValue("X-Execution-Id").orElseThrow());
        }
        Path journal = dataDir.resolve("journal");
        List<Path> segments;
        try (var files = Files.list(journal)) {
            segments = files.toList();
        }
        assertThat(segments).as("the journal holds the records at the kill").hasSize(1);
        Path segment = segments.get(0);
        assertThat(Files.readAllLines(segment)).hasSize(20);
        byte[] journaled = Files.readAllBytes(segment);

        first.process.destroyForcibly();
        assertThat(first.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        // a write the kill cut short: never acknowledged, so skipped
        Files.writeString(segment, "{\"execution\":{\"id\":\"cut-", StandardOpenOption.APPEND);
        Hub second = start("journal-replayed");

        Map<String, JsonNode> replayed = second.executions(answered);
        SoftAssertions softly = new SoftAssertions();
        replayed.forEach(
                (id, execution) -> {
                    softly.assertThat(execution.isMissingNode())
                            .as("execution %s was answered, then lost with the kill", id)
                            .isFalse();
                    softly.assertThat(execution.path("status").asText()).isEqualTo("completed");
                    softly.assertThat(execution.at("/results/seen").asBoolean())
                            .as("%s", execution)
                            .isTrue();
                    softly.assertThat(execution.path("nodes").findValuesAsText("node_id"))
                            .containsExactlyInAnyOrder("in", "mark", "out");
                });
        softly.assertAll();
        assertThat(journal).isEmptyDirectory();

        // a journal replayed again (the kill came after the database had its records): no
        // execution twice
        Files.write(segment, journaled);
        second.process.destroyForcibly();
        assertThat(second.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        Hub third = start("journal-replayed-again");
        var listed = third.send("GET", "/api/v1/executions?workflow_id=answered&limit=100", null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(third.body(listed).findValuesAsText("execution_id"))
                .containsExactlyInAnyOrderElementsOf(answered);
        assertThat(journal).isEmptyDirectory();
    }

    // --- the hub as a process -------------------------------------------------------------

    /** One hub process and a logged-in admin, with the queries of this test. */
    private static final class Hub extends ChildHub {

        Hub(ChildHub started) {
            super(started);
        }

        /** The executions as the hub reports them; a missing node for one it does not know. */
        Map<String, JsonNode> executions(List<String> ids) {
            Map<String, JsonNode> executions = new LinkedHashMap<>();
            for (String id : ids) {
                var response = send("GET", "/api/v1/executions/" + id, null);
                assertThat(response.statusCode()).as(response.body()).isIn(200, 404);
                executions.put(
                        id,
                        response.statusCode() == 404 ? MissingNode.getInstance() : body(response));
            }
            return executions;
        }

        Map<String, String> statuses(List<String> ids) {
            Map<String, String> statuses = new LinkedHashMap<>();
            executions(ids).forEach((id, e) -> statuses.put(id, e.path("status").asText()));
            return statuses;
        }

        /** Whether every running execution has reached its pause node. */
        boolean pauseStartedIn(Map<String, String> statuses) {
            List<String> running =
                    statuses.entrySet().stream()
                            .filter(e -> "running".equals(e.getValue()))
                            .map(Map.Entry::getKey)
                            .toList();
            return executions(running).values().stream()
                    .allMatch(e -> e.get("nodes").findValuesAsText("node_id").contains("pause"));
        }
    }

    private Hub start(String name) {
        return start(name, 2);
    }

    private Hub start(String name, int workers, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--hub.data-dir=" + dataDir,
                                "--hub.routes.dir=" + routesDir,
                                "--hub.workflow.workers=" + workers,
                                "--hub.messaging.broker.port=" + kafkaPort,
                                "--hub.messaging.broker.controller-port=" + controllerPort));
        args.addAll(List.of(more));
        Hub hub =
                new Hub(
                        ChildHub.start(
                                "hub-recovery",
                                name,
                                PASSWORD,
                                Duration.ofSeconds(90),
                                args.toArray(String[]::new)));
        hubs.add(hub.process);
        return hub;
    }

    /** Ended, or unknown to the hub (and so never to end). */
    private static boolean settled(JsonNode execution) {
        return execution.isMissingNode() || TERMINAL.contains(execution.get("status").asText());
    }

    private static long count(Map<String, String> statuses, String status) {
        return statuses.values().stream().filter(status::equals).count();
    }

    /** A seed-format workflow with this id: start, the given nodes one after the other, end. */
    @SafeVarargs
    private static Map<String, Object> linear(String id, Map<String, Object>... middle) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        nodes.add(node("begin", "start", Map.of()));
        nodes.addAll(List.of(middle));
        nodes.add(node("finish", "end", Map.of()));
        List<Map<String, Object>> edges = new ArrayList<>();
        for (int i = 1; i < nodes.size(); i++) {
            edges.add(
                    Map.of(
                            "id",
                            "e" + i,
                            "source",
                            nodes.get(i - 1).get("id"),
                            "target",
                            nodes.get(i).get("id")));
        }
        Map<String, Object> workflow = new LinkedHashMap<>();
        workflow.put("id", id);
        workflow.put("name", "recovery");
        workflow.put("nodes", nodes);
        workflow.put("edges", edges);
        return workflow;
    }

    private static Map<String, Object> node(String id, String type, Map<String, Object> data) {
        return Map.of("id", id, "type", type, "data", data);
    }
}

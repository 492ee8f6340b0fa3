package com.auterity.hub.messaging;

import static com.auterity.hub.support.WorkflowFixtures.edge;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static com.auterity.hub.support.WorkflowFixtures.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.HubIntegrationTest;
import com.auterity.hub.support.PrivateMariaDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The downstream database goes away and comes back while messages flow from a topic through a
 * {@code kafka}-triggered workflow into it: no message is lost and none is stored twice. Every
 * message sent is either a row (the sink node's {@code retry} rode out the outage) or a
 * dead-lettered execution; the table's primary key on the message id makes a second insert of the
 * same message fail instead of duplicating it. The database is a MariaDB server of the test's own
 * ({@link PrivateMariaDb}), so the machine's shared server, used by other tests, stays up.
 */
class DownstreamOutageIntegrationTest extends HubIntegrationTest {

    private static final int MESSAGES = 200;
    private static final int STOP_AFTER = MESSAGES / 3;
    private static final long PACE_MS = 40;
    private static final long DOWN_MS = 4_000;
    private static final String DATABASE = "outage";

    private static PrivateMariaDb mariadb;

    @BeforeAll
    static void startDatabase() throws SQLException {
        mariadb = PrivateMariaDb.start();
        try (Connection sql = mariadb.connect("mysql");
                Statement statement = sql.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
            statement.execute(
                    "CREATE TABLE "
                            + DATABASE
                            + ".received (id INT PRIMARY KEY, payload VARCHAR(100) NOT NULL,"
                            + " stored_at TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP(3))");
        }
    }

    @AfterAll
    static void stopDatabase() {
        if (mariadb != null) {
            mariadb.close();
        }
    }

    @Test
    void theDatabaseStoppedAndRestartedWhileMessagesFlowLosesNoneAndStoresNoneTwice()
            throws Exception {
        String connection = unique("outage-db");
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        Map.of(
                                "name",
                                connection,
                                "connector",
                                "mariadb-sink",
                                "config",
                                Map.of(
                                        "serverName",
                                        "127.0.0.1",
                                        "serverPort",
                                        mariadb.port(),
                                        "databaseName",
                                        DATABASE,
                                        "username",
                                        "root"),
                                "secrets",
                                Map.of()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        String topic = unique("outage");
        String workflowId = unique("outage-flow");
        createWorkflow(
                workflowId,
                workflow(
                        List.of(
                                node("in", "kafka", Map.of("topic", topic)),
                                node(
                                        "store",
                                        "mariadb-sink",
                                        Map.of(
                                                "connection",
                                                connection,
                                                "query",
                                                "INSERT INTO received (id, payload)"
                                                        + " VALUES (:#id, :#payload)",
                                                "retry",
                                                Map.of(
                                                        "maxAttempts", 10,
                                                        "initialDelay", 200,
                                                        "multiplier", 2,
                                                        "maxDelay", 3000))),
                                node("finish", "end", Map.of())),
                        List.of(
                                edge("e1", "in", "store", null),
                                edge("e2", "store", "finish", null))));

        // the first message goes through before the rest, so the consumer runs when they flow
        publish(topic, 0);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> count("SELECT COUNT(*) FROM received") == 1);
        long started = System.nanoTime();
        long paceFrom = started;
        int storedAtStop = -1;
        int restartedAtMessage = -1;
        long stoppedAt = 0;
        long restartedAt = 0;
        for (int i = 1; i < MESSAGES; i++) {
            long due = paceFrom + (i - 1) * PACE_MS * 1_000_000;
            long wait = (due - System.nanoTime()) / 1_000_000;
            if (wait > 0) {
                Thread.sleep(wait);
            }
            if (i == STOP_AFTER) {
                storedAtStop = count("SELECT COUNT(*) FROM received");
                mariadb.stopServer();
                stoppedAt = System.nanoTime();
                // the pace goes on from here, with no burst to catch up the time the stop took
                paceFrom = stoppedAt - (i - 1) * PACE_MS * 1_000_000;
            }
            if (stoppedAt != 0
                    && restartedAt == 0
                    && System.nanoTime() - stoppedAt >= DOWN_MS * 1_000_000) {
                mariadb.startServer();
                restartedAt = System.nanoTime();
                restartedAtMessage = i;
            }
            publish(topic, i);
        }
        if (restartedAt == 0) {
            long left = DOWN_MS - (System.nanoTime() - stoppedAt) / 1_000_000;
            if (left > 0) {
                Thread.sleep(left);
            }
            mariadb.startServer();
            restartedAt = System.nanoTime();
        }
        long publishedAfter = (System.nanoTime() - started) / 1_000_000;

        // every message ends as an execution, completed or failed for good
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () ->
                                executions(workflowId, "completed").size()
                                                + executions(workflowId, "failed").size()
                                        >= MESSAGES);
        long settledAfter = (System.nanoTime() - started) / 1_000_000;

        List<JsonNode> completed = executions(workflowId, "completed");
        List<JsonNode> failed = executions(workflowId, "failed");
        List<JsonNode> deadLettered = deadLetteredExecutions(workflowId);
        int queueDeadLetters = queueDeadLetters(topic);

        List<Integer> storedIds = new ArrayList<>();
        try (Connection sql = mariadb.connect(DATABASE);
                Statement statement = sql.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM received ORDER BY id")) {
            while (rows.next()) {
                storedIds.add(rows.getInt(1));
            }
        }
        int distinct = count("SELECT COUNT(DISTINCT id) FROM received");
        Map<Integer, String> deadErrors = new java.util.TreeMap<>();
        for (JsonNode execution : deadLettered) {
            deadErrors.put(
                    storeInput(execution.get("execution_id").asText()).get("id").asInt(),
                    execution.path("error").asText());
        }
        Set<Integer> deadIds = deadErrors.keySet();
        // stored and dead-lettered: the insert committed as the server went down, its answer was
        // lost, and every retry met the row already there (the primary key refused a duplicate)
        Set<Integer> both = new HashSet<>(storedIds);
        both.retainAll(deadIds);
        // the longest time between two stored rows: messages waited out the outage
        long longestGap =
                count(
                        "SELECT COALESCE(MAX(TIMESTAMPDIFF(MICROSECOND, prev, stored_at)), 0) DIV 1000"
                                + " FROM (SELECT stored_at, LAG(stored_at) OVER (ORDER BY"
                                + " stored_at) AS prev FROM received) AS gaps");
        int retried = 0;
        for (JsonNode execution : completed) {
            if (attempts(execution) > 1) {
                retried++;
            }
        }

        System.out.printf(
                "downstream outage: sent %d, stored %d (%d distinct), executions completed %d,"
                        + " failed %d, dead-lettered %d, queue dead letters %d; rows before the"
                        + " stop %d, stored and dead-lettered (answer lost) %s, completed after a"
                        + " retry %d, longest gap between rows %d ms; down %d ms from message %d to message %d,"
                        + " published in %d ms, all settled after %d ms%n",
                MESSAGES,
                storedIds.size(),
                distinct,
                completed.size(),
                failed.size(),
                deadLettered.size(),
                queueDeadLetters,
                storedAtStop,
                both,
                retried,
                longestGap,
                (restartedAt - stoppedAt) / 1_000_000,
                STOP_AFTER,
                restartedAtMessage,
                publishedAfter,
                settledAfter);

        // the outage came while messages flowed
        assertThat(storedAtStop).isBetween(1, MESSAGES - 1);
        assertThat(restartedAtMessage).as("restarted while messages flowed").isPositive();
        assertThat(longestGap).isGreaterThanOrEqualTo(DOWN_MS - 200);
        // no duplicates
        assertThat(distinct).isEqualTo(storedIds.size());
        assertThat(completed.size() + failed.size()).isEqualTo(MESSAGES);
        // none lost: sent = stored + dead-lettered, each message counted once; a message both
        // stored and dead-lettered is one whose insert's answer the outage cut off, dead-lettered
        // for the duplicate key of its own first insert (at most one per insert in flight)
        assertThat(deadLettered).hasSameSizeAs(failed);
        assertThat(deadIds).hasSameSizeAs(deadLettered);
        assertThat(storedIds).hasSize(completed.size() + both.size());
        assertThat(both).hasSizeLessThanOrEqualTo(4);
        both.forEach(
                id ->
                        assertThat(deadErrors.get(id))
                                .as("message %d", id)
                                .contains("Duplicate entry"));
        assertThat(storedIds.size() + deadLettered.size() - both.size() + queueDeadLetters)
                .isEqualTo(MESSAGES);
        Set<Integer> accounted = new HashSet<>(storedIds);
        accounted.addAll(deadIds);
        assertThat(accounted)
                .isEqualTo(IntStream.range(0, MESSAGES).boxed().collect(Collectors.toSet()));
        // the sink's retries bridged the outage for (nearly) all of them
        assertThat(storedIds.size()).isGreaterThanOrEqualTo(MESSAGES * 9 / 10);
    }

    private void publish(String topic, int id) {
        var published =
                asAdmin(
                        "POST",
                        "/api/v1/queues/" + topic + "/messages",
                        Map.of(
                                "key",
                                "m-" + id,
                                "body",
                                Map.of("id", id, "payload", "message " + id)));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
    }

    private List<JsonNode> executions(String workflowId, String status) {
        var response =
                asAdmin(
                        "GET",
                        "/api/v1/executions?workflow_id="
                                + workflowId
                                + "&status="
                                + status
                                + "&limit=500",
                        null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(body(response).spliterator(), false).toList();
    }

    private List<JsonNode> deadLetteredExecutions(String workflowId) {
        var response = asAdmin("GET", "/api/v1/executions/dead-letters?limit=500", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(body(response).spliterator(), false)
                .filter(e -> workflowId.equals(e.path("workflow_id").asText()))
                .toList();
    }

    private int queueDeadLetters(String topic) {
        var response = asAdmin("GET", "/api/v1/queues/" + topic + "/dead-letters", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response).size();
    }

    private JsonNode storeInput(String executionId) {
        var response = asAdmin("GET", "/api/v1/executions/" + executionId, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(body(response).get("nodes").spliterator(), false)
                .filter(n -> "store".equals(n.get("node_id").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no record of node store"))
                .get("input");
    }

    private static int attempts(JsonNode execution) {
        JsonNode nodes = execution.path("nodes");
        for (JsonNode n : nodes) {
            if ("store".equals(n.path("node_id").asText())) {
                return n.path("attempts").asInt(1);
            }
        }
        return 1;
    }

    private static int count(String query) throws SQLException {
        try (Connection sql = mariadb.connect(DATABASE);
                Statement statement = sql.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}

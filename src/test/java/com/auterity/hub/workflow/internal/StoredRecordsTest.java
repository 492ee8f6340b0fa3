package com.auterity.hub.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auterity.hub.workflow.internal.Executions.Execution;
import com.auterity.hub.workflow.internal.Executions.Finished;
import com.auterity.hub.workflow.internal.Executions.NodeRun;
import com.auterity.hub.workflow.internal.Executions.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredRecordsTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:15:30.123456Z");
    private static final Instant T1 = Instant.parse("2026-12-02T10:15:30.200Z");

    /** Payloads of every kind: JSON values of each type, text that is not JSON, odd characters. */
    private static final List<String> PAYLOADS =
            List.of(
                    "{\"name\":\"Zoë \\\"Z\\\" \\u00e9\",\"budget\":30000,\"tags\":[1,2.50,null]}",
                    "{ \"spaced\" : [ 1 , 2 ] }",
                    "\"a JSON string\"",
                    "42",
                    "1.10",
                    "true",
                    "null",
                    "[]",
                    "plain text, not JSON",
                    "{\"broken\":",
                    "\"bad \\q escape\"",
                    "{} {}",
                    "",
                    "line\nbreak\tand \"quotes\" \\ and ünïcödé ✓");

    private static NodeRun run(String node, String input, String output) {
        return new NodeRun(
                "ex-1", node, "set", "completed", 2, "true", input, output, null, T0, T1);
    }

    @Test
    void nodeRunsComeBackAsTheyWereWithEveryKindOfPayload() {
        List<NodeRun> runs = PAYLOADS.stream().map(p -> run("n", p, p)).toList();

        String stored = StoredRecords.nodeRuns(runs);

        assertThat(StoredRecords.nodeRuns("ex-1", stored)).isEqualTo(runs);
        assertThat(stored)
                .as("a JSON payload is stored as it is, not as an escaped string")
                .startsWith("{\"payloads\":[{\"name\":\"Zoë")
                .contains("\"texts\":[\"plain text, not JSON\"")
                .doesNotContain("executionId");
    }

    @Test
    void payloadsKnownToBeJsonAreStoredAlikeAndOnlyTheOthersAreLookedAt() {
        List<NodeRun> runs = PAYLOADS.stream().map(p -> run("n", p, "{\"known\":true}")).toList();
        List<String> asked = new ArrayList<>();

        String stored =
                StoredRecords.nodeRuns(
                        runs,
                        payload -> {
                            asked.add(payload);
                            return payload.equals("{\"known\":true}");
                        });

        assertThat(stored).isEqualTo(StoredRecords.nodeRuns(runs));
        assertThat(StoredRecords.nodeRuns("ex-1", stored)).isEqualTo(runs);
        assertThat(asked).as("each distinct payload asked about once").doesNotHaveDuplicates();
    }

    @Test
    void eachDistinctPayloadIsStoredOnce() {
        String order = "{\"budget\":30000}";
        String scored = "{\"budget\":30000,\"score\":30.0}";
        List<NodeRun> runs =
                List.of(
                        run("in", order, new String(order)), // equal texts, not the same object
                        run("score", order, scored),
                        run("check", scored, scored),
                        run("log", scored, "written to the log"),
                        run("out", "written to the log", "written to the log"));

        String stored = StoredRecords.nodeRuns(runs);

        assertThat(StoredRecords.nodeRuns("ex-1", stored)).isEqualTo(runs);
        assertThat(stored.split("30000", -1)).as("each payload once: %s", stored).hasSize(3);
        assertThat(stored.split("written to the log", -1)).hasSize(2);
    }

    @Test
    void earlierFormatsAreStillRead() {
        String times =
                "\"started\":\"2026-12-02T10:15:30.123456Z\",\"finished\":\"2026-12-02T10:15:30.200Z\"";
        // node runs as an array, each with its payloads: the format before payloads were shared
        String inline =
                "[{\"node\":\"n\",\"type\":\"set\",\"status\":\"completed\",\"attempts\":2,"
                        + "\"port\":\"true\",\"in\":{\"a\":1},\"out_text\":\"x\","
                        + times
                        + "}]";
        // payloads shared, runs with timestamps and every field: before times were offsets
        String timestamps =
                "{\"payloads\":[{\"a\":1}],\"texts\":[\"x\"],\"runs\":[{\"node\":\"n\",\"type\":\"set\","
                        + "\"status\":\"completed\",\"attempts\":2,\"port\":\"true\",\"in\":0,\"out_text\":0,"
                        + times
                        + "}]}";

        for (String stored : List.of(inline, timestamps)) {
            assertThat(StoredRecords.nodeRuns("ex-1", stored))
                    .as(stored)
                    .containsExactly(run("n", "{\"a\":1}", "x"));
        }
    }

    @Test
    void runTimesAreNanosecondsAfterTheFirstStartAndDefaultsAreLeftOut() {
        Instant start = Instant.parse("2026-12-03T08:32:33.986200144Z");
        var first =
                new NodeRun(
                        "ex-1",
                        "in",
                        "webhook",
                        "completed",
                        1,
                        null,
                        "{}",
                        "{}",
                        null,
                        start,
                        start.plusNanos(159_838));
        var earlier = // a parallel branch's run may have started before the first recorded one
                new NodeRun(
                        "ex-1",
                        "b",
                        "set",
                        "failed",
                        3,
                        "error",
                        "{}",
                        null,
                        "boom",
                        start.minusSeconds(2).minusNanos(1),
                        Instant.parse("2027-01-01T00:00:00Z"));

        String stored = StoredRecords.nodeRuns(List.of(first, earlier));

        assertThat(StoredRecords.nodeRuns("ex-1", stored)).containsExactly(first, earlier);
        assertThat(stored)
                .contains("\"since\":\"2026-12-03T08:32:33.986200144Z\"")
                .contains(
                        "{\"node\":\"in\",\"type\":\"webhook\",\"in\":0,\"out\":0,\"started\":0,\"finished\":159838}")
                .contains("\"status\":\"failed\",\"attempts\":3")
                .contains("\"started\":-2000000001,");
    }

    @Test
    void anOffsetWithoutTheTimeItIsFromIsAnError() {
        String broken = "{\"payloads\":[],\"runs\":[{\"node\":\"n\",\"started\":5}]}";

        assertThatThrownBy(() -> StoredRecords.nodeRuns("ex-1", broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ex-1");
    }

    @Test
    void aReferenceToAMissingPayloadIsAnError() {
        String broken = "{\"payloads\":[{}],\"runs\":[{\"node\":\"n\",\"in\":1}]}";

        assertThatThrownBy(() -> StoredRecords.nodeRuns("ex-1", broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ex-1");
    }

    @Test
    void missingFieldsStayMissing() {
        var bare = new NodeRun("ex-1", "n", "end", "running", 1, null, null, null, null, T0, null);
        var failed =
                new NodeRun(
                        "ex-1", "m", "http-request", "failed", 3, null, "{}", null, "boom", T0, T1);

        assertThat(StoredRecords.nodeRuns("ex-1", StoredRecords.nodeRuns(List.of(bare, failed))))
                .containsExactly(bare, failed);
        assertThat(StoredRecords.nodeRuns("ex-1", StoredRecords.nodeRuns(List.of()))).isEmpty();
    }

    @Test
    void aJournalLineHoldsTheWholeRecord() throws IOException {
        var execution =
                new Execution(
                        "ex-1",
                        "wf-1",
                        3,
                        Status.completed,
                        PAYLOADS.get(0),
                        "plain text",
                        null,
                        "alice",
                        T0,
                        T0,
                        T1,
                        "parent-1");
        var record = Finished.of(execution, PAYLOADS.stream().map(p -> run("n", p, p)).toList());

        byte[] line = StoredRecords.line(record);

        assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
        String text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\n");
        assertThat(StoredRecords.record(text)).isEqualTo(record);
    }

    @Test
    void aTornLineIsNotARecord() {
        var record =
                Finished.of(
                        new Execution(
                                "ex-1",
                                "wf-1",
                                1,
                                Status.failed,
                                "{}",
                                null,
                                "it failed",
                                "bob",
                                T0,
                                T0,
                                T1),
                        List.of(run("n", "{\"a\":1}", "{\"a\":2}")));
        String line = new String(StoredRecords.line(record), StandardCharsets.UTF_8).strip();

        for (int cut = 1; cut < line.length(); cut++) {
            String torn = line.substring(0, cut);
            assertThatThrownBy(() -> StoredRecords.record(torn))
                    .as("cut at %d: %s", cut, torn)
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void theFirstFormatIsStillRead() throws IOException {
        // as the first hub version with node_runs wrote them: Jackson's binding of the records
        String legacyRuns =
                "[{\"executionId\":\"ex-1\",\"nodeId\":\"n\",\"nodeType\":\"set\",\"status\":\"completed\","
                        + "\"attempts\":2,\"port\":\"true\",\"input\":\"{\\\"a\\\":1}\",\"output\":\"\\\"x\\\"\","
                        + "\"error\":null,\"startedAt\":\"2026-12-02T10:15:30.123456Z\","
                        + "\"finishedAt\":\"2026-12-02T10:15:30.200Z\"}]";
        var expected = run("n", "{\"a\":1}", "\"x\"");
        assertThat(StoredRecords.nodeRuns("ex-1", legacyRuns)).containsExactly(expected);

        String legacyLine =
                "{\"execution\":{\"id\":\"ex-1\",\"workflowId\":\"wf-1\",\"workflowVersion\":1,"
                        + "\"status\":\"completed\",\"input\":\"{}\",\"output\":\"{}\",\"error\":null,"
                        + "\"createdBy\":\"alice\",\"createdAt\":\"2026-12-02T10:15:30.123456Z\","
                        + "\"startedAt\":\"2026-12-02T10:15:30.123456Z\","
                        + "\"finishedAt\":\"2026-12-02T10:15:30.200Z\",\"parentExecutionId\":null},"
                        + "\"nodeRuns\":"
                        + com.fasterxml.jackson.databind.node.TextNode.valueOf(legacyRuns)
                        + "}";
        Finished read = StoredRecords.record(legacyLine);
        assertThat(read.execution())
                .isEqualTo(
                        new Execution(
                                "ex-1",
                                "wf-1",
                                1,
                                Status.completed,
                                "{}",
                                "{}",
                                null,
                                "alice",
                                T0,
                                T0,
                                T1));
        assertThat(StoredRecords.nodeRuns("ex-1", read.nodeRuns())).containsExactly(expected);
    }

    @Test
    void timestampsAreWrittenExactlyAsInstantWritesThem() {
        var random = new java.util.Random(42);
        List<Instant> instants =
                new java.util.ArrayList<>(
                        List.of(
                                Instant.EPOCH,
                                Instant.parse("1969-12-31T23:59:59.999999999Z"),
                                Instant.parse("0000-01-01T00:00:00Z"),
                                Instant.parse("9999-12-31T23:59:59.000001Z"),
                                Instant.parse("+10000-01-01T00:00:00Z"),
                                Instant.parse("-0001-06-30T12:00:00.5Z"),
                                Instant.parse("2024-02-29T23:59:59.010Z"),
                                T0,
                                T1));
        for (int i = 0; i < 10_000; i++) {
            long seconds = random.nextLong(-62_000_000_000L, 253_402_300_800L);
            int nanos =
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    };
            instants.add(Instant.ofEpochSecond(seconds, nanos));
        }
        char[] text = new char[30];
        for (Instant instant : instants) {
            assertThat(new String(text, 0, StoredRecords.iso(instant, text)))
                    .isEqualTo(instant.toString());
        }
    }
}

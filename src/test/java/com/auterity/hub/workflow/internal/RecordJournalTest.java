package com.auterity.hub.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auterity.hub.shared.HubProperties;
import com.auterity.hub.workflow.WorkflowProperties;
import com.auterity.hub.workflow.internal.Executions.Execution;
import com.auterity.hub.workflow.internal.Executions.Finished;
import com.auterity.hub.workflow.internal.Executions.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordJournalTest {

    @TempDir Path dataDir;

    private RecordJournal journal() {
        return new RecordJournal(
                new WorkflowProperties(
                        4,
                        new WorkflowProperties.Outbound(List.of(), List.of()),
                        Duration.ofSeconds(30),
                        16,
                        new WorkflowProperties.Journal(true, Duration.ofHours(1))),
                new HubProperties(dataDir, new HubProperties.Cache(10)),
                "jdbc:h2:mem:journal");
    }

    private static Finished record(String id) {
        Instant now = Instant.now();
        return Finished.of(
                new Execution(
                        id,
                        "wf",
                        1,
                        Status.completed,
                        "{\"n\":1}",
                        "{\"n\":2}",
                        null,
                        "alice",
                        now,
                        now,
                        now),
                List.of());
    }

    @Test
    void concurrentAppendsAreEachWrittenWholeAndOnce() throws Exception {
        RecordJournal journal = journal();
        int threads = 16;
        int each = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> appends = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            appends.add(
                    pool.submit(
                            () -> {
                                start.await();
                                for (int i = 0; i < each; i++) {
                                    journal.append(record(thread + "-" + i));
                                }
                                return null;
                            }));
        }
        start.countDown();
        for (Future<?> append : appends) {
            append.get();
        }
        pool.shutdown();

        journal.close();
        RecordJournal.Segment segment = journal.next();
        assertThat(journal.next()).as("one segment, then the journal is closed").isNull();

        List<String> lines = Files.readAllLines(segment.file(), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(threads * each);
        List<String> ids = new ArrayList<>();
        for (String line : lines) {
            ids.add(StoredRecords.record(line).execution().id());
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(segment.records())
                .as("the records handed to the database are those of the file, in its order")
                .extracting(r -> r.execution().id())
                .containsExactlyElementsOf(ids);
        for (int t = 0; t < threads; t++) {
            String prefix = t + "-";
            assertThat(ids.stream().filter(id -> id.startsWith(prefix)))
                    .as("each caller's records in the order it appended them")
                    .containsExactlyElementsOf(
                            java.util.stream.IntStream.range(0, each)
                                    .mapToObj(i -> prefix + i)
                                    .toList());
        }
    }

    @Test
    void aClosedJournalTakesNoMoreRecords() {
        RecordJournal journal = journal();
        journal.close();

        assertThatThrownBy(() -> journal.append(record("late")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopping");
    }
}

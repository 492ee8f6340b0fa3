package com.auterity.hub.workflow.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Writes the records of executions that ran while their caller waited. Each caller returns only
 * once its record is durable, but callers share the cost of writing it:
 *
 * <ul>
 *   <li>with the {@link RecordJournal}, the record is appended to the journal, and a background
 *       thread moves the journal's records to the database in large batches (a replay at start
 *       moves those a killed hub left);
 *   <li>without it, concurrent callers' records go to the database in one transaction, and each
 *       caller returns when it commits.
 * </ul>
 */
@Component
class GroupCommit implements DisposableBean {

    /** Most records written in one transaction when callers wait for the database. */
    static final int MAX_BATCH = 256;

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending(Executions.Finished record, CompletableFuture<Void> committed) {}

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Executions executions;
    private final RecordJournal journal;
    private final Thread writer;
    private volatile boolean running = true;

    GroupCommit(Executions executions, RecordJournal journal) {
        this.executions = executions;
        this.journal = journal;
        if (journal.enabled()) {
            replay();
            this.writer = new Thread(this::moveJournal, "hub-record-journal");
        } else {
            this.writer = new Thread(this::write, "hub-record-writer");
        }
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Blocks until {@code record} is durable; throws what the write threw. */
    void commit(Executions.Finished record) throws InterruptedException {
        if (journal.enabled()) {
            journal.append(record);
            return;
        }
        var pending = new Pending(record, new CompletableFuture<>());
        queue.put(pending);
        try {
            pending.committed().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r
                    ? r
                    : new IllegalStateException(e.getCause());
        }
    }

    private void write() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                executions.insertFinished(batch.stream().map(Pending::record).toList());
                batch.forEach(p -> p.committed().complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Could not write {} execution records", batch.size(), e);
                batch.forEach(p -> p.committed().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Moves the journal's records to the database, a segment per transaction, until the journal is
     * closed. If the transaction fails, the segment's records are written one by one; when the
     * database cannot be reached, the segment is tried again a second later (its records stay in
     * its file).
     */
    private void moveJournal() {
        try {
            for (var segment = journal.next(); segment != null; segment = journal.next()) {
                try {
                    executions.insertFinished(segment.records());
                    journal.written(segment);
                } catch (RuntimeException batchFailed) {
                    while (!writeEach(segment)) {
                        Thread.sleep(1_000);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes the records a killed hub left in the journal, those the database does not have yet,
     * before anything reads executions.
     */
    private void replay() {
        for (var segment : journal.leftovers()) {
            if (!writeEach(segment)) {
                throw new IllegalStateException(
                        "Cannot move the execution records of "
                                + segment.file()
                                + " to the database");
            }
        }
    }

    /**
     * Writes a segment's records one by one, skipping those already written; a record the database
     * refuses (a constraint it breaks) is logged and kept in a file beside the journal, so that one
     * bad record does not hold the others back.
     *
     * @return false if the database could not be reached: the segment stays to be tried again
     */
    private boolean writeEach(RecordJournal.Segment segment) {
        int written = 0;
        for (var record : segment.records()) {
            try {
                executions.insertFinished(List.of(record));
                written++;
            } catch (DuplicateKeyException alreadyWritten) {
                // it reached the database before a kill, or before the batch failed
            } catch (DataIntegrityViolationException refused) {
                log.error(
                        "The database refused the record of execution {}; it is kept in {}",
                        record.execution().id(),
                        journal.reject(record),
                        refused);
            } catch (RuntimeException unreachable) {
                log.error(
                        "Could not write the execution records of {}; trying again",
                        segment.file(),
                        unreachable);
                return false;
            }
        }
        log.info(
                "Wrote {} of {} execution records from {} one by one",
                written,
                segment.records().size(),
                segment.file());
        journal.written(segment);
        return true;
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        journal.close();
        writer.join(10_000);
    }
}

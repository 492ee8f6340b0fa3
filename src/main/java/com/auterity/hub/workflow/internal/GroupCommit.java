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
import org.springframework.stereotype.Component;

/**
 * Writes the records of executions that ran while their caller waited, several callers to one
 * transaction: each caller still returns only once its record is committed, but concurrent webhooks
 * share the cost of a commit instead of paying one each.
 */
@Component
class GroupCommit implements DisposableBean {

    /** Most records written in one transaction. */
    static final int MAX_BATCH = 256;

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending(Executions.Finished record, CompletableFuture<Void> committed) {}

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Executions executions;
    private final Thread writer;
    private volatile boolean running = true;

    GroupCommit(Executions executions) {
        this.executions = executions;
        this.writer = new Thread(this::write, "hub-record-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Blocks until {@code record} is committed; throws what the write threw. */
    void commit(Executions.Finished record) throws InterruptedException {
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

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        writer.join(5_000);
    }
}

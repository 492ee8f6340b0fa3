package com.auterity.hub.ai.usage;

import com.auterity.hub.ai.AiProperties.Accounting;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Writes usage records off the request thread: a bounded queue and one writer thread that takes
 * what piles up within {@code flush-interval} of the first waiting record (up to a batch) into one
 * transaction, like the workflow module's group commit, except that nobody waits for the commit; a
 * busy gateway thus pays one commit per interval, not one per request or two. A failed batch is
 * retried with a backoff (the database may be restarting), then written row by row so that one bad
 * row loses only itself.
 *
 * <p>Closing stops taking records into the queue and waits for the writer to empty it; a record
 * that comes after that is written on the caller's thread. The gate (a read-write lock) orders the
 * two: every record let into the queue is in it before the writer is told to finish.
 */
final class UsageWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UsageWriter.class);

    private static final int RETRIES = 5;

    private final UsageStore store;
    private final Accounting settings;
    private final BlockingQueue<UsageStore.Row> queue;
    private final ReadWriteLock gate = new ReentrantReadWriteLock();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;
    private volatile boolean abandoned;

    UsageWriter(UsageStore store, Accounting settings) {
        this.store = store;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.writer = new Thread(this::run, "hub-ai-usage-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Queues {@code row} for writing; never throws. */
    void accept(UsageStore.Row row) {
        gate.readLock().lock();
        try {
            if (!closed) {
                if (!offer(row)) {
                    long count = dropped.incrementAndGet();
                    log.error(
                            "AI usage queue full ({} records): dropped the record of request {}"
                                    + " ({} dropped so far)",
                            settings.queueCapacity(),
                            row.requestId(),
                            count);
                }
                return;
            }
        } finally {
            gate.readLock().unlock();
        }
        writeNow(List.of(row));
    }

    private boolean offer(UsageStore.Row row) {
        try {
            return queue.offer(row, settings.enqueueTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return queue.offer(row);
        }
    }

    /** Records dropped because the queue stayed full. */
    long dropped() {
        return dropped.get();
    }

    /** Records waiting to be written. */
    int pending() {
        return queue.size();
    }

    private void run() {
        List<UsageStore.Row> batch = new ArrayList<>();
        while (!abandoned) {
            try {
                UsageStore.Row first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                // a full batch waiting goes at once: the interval must not cap the throughput
                if (!closed
                        && settings.flushInterval().toMillis() > 0
                        && queue.size() < settings.batchSize() - 1) {
                    Thread.sleep(settings.flushInterval().toMillis());
                }
                queue.drainTo(batch, settings.batchSize() - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.error("Interrupted with {} AI usage records unwritten", queue.size());
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<UsageStore.Row> batch) throws InterruptedException {
        long backoff = 100;
        for (int attempt = 1; attempt <= RETRIES && !abandoned; attempt++) {
            try {
                store.insert(batch);
                return;
            } catch (TransientDataAccessException | DataAccessResourceFailureException e) {
                // the database may be restarting or failing over: the same batch again, later
                log.warn(
                        "Could not write {} AI usage records (attempt {} of {}): {}",
                        batch.size(),
                        attempt,
                        RETRIES,
                        e.toString());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            } catch (RuntimeException e) {
                // a row the table refuses: write the others one by one
                break;
            }
        }
        if (!abandoned) {
            writeNow(batch);
        }
    }

    private void writeNow(List<UsageStore.Row> rows) {
        for (UsageStore.Row row : rows) {
            try {
                store.insert(List.of(row));
            } catch (RuntimeException e) {
                log.error("Could not write the AI usage record of request {}", row.requestId(), e);
            }
        }
    }

    /**
     * Stops taking records into the queue and waits (a bounded time) until it is written. The
     * writer is never interrupted: an interrupt inside a JDBC call closes an embedded H2 database
     * for good (its file channel), so past the timeout it is told to give up between batches.
     */
    @Override
    public void close() {
        gate.writeLock().lock();
        try {
            closed = true;
        } finally {
            gate.writeLock().unlock();
        }
        try {
            writer.join(settings.shutdownTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            abandoned = true;
            log.error(
                    "Gave up writing {} AI usage records after {}",
                    queue.size(),
                    settings.shutdownTimeout());
        }
    }
}

package com.auterity.hub.workflow.internal;

import com.auterity.hub.shared.HubProperties;
import com.auterity.hub.workflow.WorkflowProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Append-only files that hold the records of executions that ran while their caller waited, from
 * the moment the caller is answered until the records are in the database.
 *
 * <p>The embedded database writes every commit to its file, which costs about as much CPU as the
 * rest of a short execution. Appending the record as one line to a file is far cheaper and just as
 * durable: like the database's commit it is written before the caller is answered and survives the
 * hub being killed (neither is synced to the disk, so neither survives the machine losing power).
 * {@link GroupCommit} then moves the records to the database in large batches and deletes the file,
 * and at start replays any file left by a hub that was killed.
 *
 * <p>Appends are grouped: a caller queues its line, and whichever caller holds the file next writes
 * every line queued so far in one write, so that concurrent callers share one system call instead
 * of each waiting for the lock to make its own.
 *
 * <p>Records go to one segment file at a time; the segment is sealed when its records are taken for
 * the database. Reads of executions first wait until every record appended before them is in the
 * database ({@link #awaitWritten()}), so an answered execution can be read at once.
 *
 * <p>On by default with the embedded H2 database, whose file lives in the same data directory. Off
 * by default with an external database: there the records of a hub instance that is lost with its
 * disk must not be lost with it.
 */
@Component
class RecordJournal {

    /** Records taken for the database at most in one transaction. */
    static final int MAX_BATCH = 2_000;

    /** How long a read waits for the records before it at most. */
    private static final Duration READ_WAIT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(RecordJournal.class);
    private static final String PREFIX = "records-";
    private static final String SUFFIX = ".jsonl";

    /** A sealed segment: its file and its records. */
    record Segment(long number, Path file, List<Executions.Finished> records) {}

    /** A record waiting to be written, and how its write ended. */
    private static final class Queued {
        final Executions.Finished record;
        final byte[] line;
        boolean written; // guarded by the journal
        RuntimeException failure; // guarded by the journal

        Queued(Executions.Finished record, byte[] line) {
            this.record = record;
            this.line = line;
        }
    }

    private final Queue<Queued> queued = new ConcurrentLinkedQueue<>();

    private final boolean enabled;
    private final Path dir;
    private final long flushNanos;

    // guarded by this
    private long current; // number of the segment records are appended to
    private FileChannel channel; // of the current segment, opened by its first append
    private List<Executions.Finished> unwritten = new ArrayList<>(); // of the current segment
    private long sealedAt = System.nanoTime();
    private long written; // highest segment whose records are all in the database
    private boolean requested; // a reader waits: seal now
    private boolean closing;
    private volatile Thread mover; // the thread taking segments, which must never wait for them

    RecordJournal(
            WorkflowProperties workflow,
            HubProperties hub,
            @Value("${spring.datasource.url:}") String database) {
        Boolean configured = workflow.journal().enabled();
        this.enabled = configured != null ? configured : database.startsWith("jdbc:h2:");
        this.dir = hub.dataDir().resolve("journal").toAbsolutePath();
        this.flushNanos = workflow.journal().flushInterval().toNanos();
        if (enabled) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the record journal " + dir, e);
            }
            this.current =
                    segmentFiles().stream().mapToLong(RecordJournal::number).max().orElse(0) + 1;
            this.written = current - 1;
        }
    }

    boolean enabled() {
        return enabled;
    }

    /** Writes the record to the current segment; it is durable when this returns. */
    void append(Executions.Finished record) {
        var mine = new Queued(record, StoredRecords.line(record));
        queued.add(mine);
        synchronized (this) {
            if (!mine.written && mine.failure == null) {
                writeQueued(); // mine among them: an earlier caller did not take it
            }
            if (mine.failure != null) {
                throw mine.failure;
            }
        }
    }

    /** Writes every queued line to the current segment, in one write. */
    private void writeQueued() {
        List<Queued> batch = new ArrayList<>();
        for (Queued next = queued.poll(); next != null; next = queued.poll()) {
            batch.add(next);
        }
        try {
            if (closing) {
                throw new IllegalStateException("The hub is stopping");
            }
            if (channel == null) {
                channel =
                        FileChannel.open(
                                file(current),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE,
                                StandardOpenOption.APPEND);
            }
            ByteBuffer[] lines = new ByteBuffer[batch.size()];
            long length = 0;
            for (int i = 0; i < lines.length; i++) {
                lines[i] = ByteBuffer.wrap(batch.get(i).line);
                length += lines[i].remaining();
            }
            while (length > 0) {
                length -= channel.write(lines);
            }
        } catch (IOException e) {
            fail(batch, new UncheckedIOException("Cannot append to the record journal", e));
            return;
        } catch (RuntimeException e) {
            fail(batch, e);
            return;
        }
        for (Queued q : batch) {
            q.written = true;
            unwritten.add(q.record);
        }
        if (unwritten.size() >= MAX_BATCH) {
            notifyAll();
        }
    }

    private static void fail(List<Queued> batch, RuntimeException failure) {
        batch.forEach(q -> q.failure = failure);
    }

    /**
     * Waits until the current segment is due (the flush interval has passed since the last one, it
     * is full, or a reader waits for it), then seals it and returns it; {@code null} once the
     * journal is closed and empty.
     */
    synchronized Segment next() throws InterruptedException {
        mover = Thread.currentThread();
        while (true) {
            long due = sealedAt + flushNanos - System.nanoTime();
            if (!unwritten.isEmpty()
                    && (requested || closing || due <= 0 || unwritten.size() >= MAX_BATCH)) {
                return seal();
            }
            if (closing) {
                return null;
            }
            long waitMillis = unwritten.isEmpty() ? 1_000 : Math.max(1, due / 1_000_000);
            wait(waitMillis);
        }
    }

    private Segment seal() {
        var segment = new Segment(current, file(current), unwritten);
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            log.warn("Could not close {}", segment.file(), e);
        }
        channel = null;
        unwritten = new ArrayList<>();
        current++;
        requested = false;
        sealedAt = System.nanoTime();
        return segment;
    }

    /** The segment's records are in the database: its file goes. */
    void written(Segment segment) {
        delete(segment.file());
        synchronized (this) {
            written = Math.max(written, segment.number());
            notifyAll();
        }
    }

    /**
     * Waits until every record appended so far is in the database (at most {@link #READ_WAIT}):
     * called before executions are read, so that a client answered with an execution id finds it.
     */
    void awaitWritten() {
        if (!enabled || Thread.currentThread() == mover) {
            return; // the mover reads while it writes (listeners of the execution's end)
        }
        synchronized (this) {
            long target = unwritten.isEmpty() ? current - 1 : current;
            if (written >= target) {
                return;
            }
            requested = true;
            notifyAll();
            long deadline = System.nanoTime() + READ_WAIT.toNanos();
            try {
                while (written < target) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        log.warn(
                                "Execution records are not in the database after {}; reading"
                                        + " without them",
                                READ_WAIT);
                        return;
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** No more appends; {@link #next()} returns what is left, then {@code null}. */
    synchronized void close() {
        closing = true;
        notifyAll();
    }

    /**
     * The segments a previous run left (a hub killed before its records were in the database),
     * oldest first. A last line cut short by the kill was never acknowledged and is skipped.
     */
    List<Segment> leftovers() {
        if (!enabled) {
            return List.of();
        }
        try {
            List<Segment> segments = new ArrayList<>();
            for (Path file : segmentFiles()) {
                segments.add(new Segment(number(file), file, read(file)));
            }
            return segments;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the record journal " + dir, e);
        }
    }

    /** The segment files in the journal directory, oldest first. */
    private List<Path> segmentFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(RecordJournal::isSegment).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the record journal " + dir, e);
        }
    }

    private List<Executions.Finished> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Executions.Finished> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            try {
                records.add(StoredRecords.record(lines.get(i)));
            } catch (IOException e) {
                if (i < lines.size() - 1) {
                    throw new IllegalStateException(
                            "Line " + (i + 1) + " of " + file + " is not an execution record", e);
                }
                log.warn("Skipped the incomplete last line of {}", file);
            }
        }
        return records;
    }

    /**
     * Keeps a record the database refused in {@code rejected.jsonl} beside the segments, for an
     * operator to look at; returns that file.
     */
    Path reject(Executions.Finished record) {
        Path rejected = dir.resolve("rejected.jsonl");
        try {
            Files.write(
                    rejected,
                    StoredRecords.line(record),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.error("Could not keep the refused record {} in {}", record, rejected, e);
        }
        return rejected;
    }

    private void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete {}; its records are in the database", file, e);
        }
    }

    private Path file(long number) {
        return dir.resolve(PREFIX + String.format("%019d", number) + SUFFIX);
    }

    private static boolean isSegment(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
    }

    private static long number(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }
}

package com.auterity.hub.workflow.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Where the compiled routes write what happens in one execution. Executions started through the API
 * write each step to the database as it happens ({@link Direct}), so their progress is visible and
 * a crash loses no finished node. A webhook that answers with the result runs the execution while
 * its caller waits, and keeps the record in memory until the end ({@link Buffered}), then hands it
 * to {@link GroupCommit}: the caller is answered only once it is durable.
 */
sealed interface ExecutionRecorder {

    String executionId();

    void nodeStarted(String node, String type, String input);

    void nodeRetried(String node);

    void nodeFinished(String node, String status, String port, String output, String error);

    /** The execution failed for good at {@code node} (the dead-letter channel). */
    void failed(String error);

    /**
     * {@code payload}, recorded as a node's input or output, was written from a JSON value (not a
     * text body, which may be anything): stored as it is without being parsed to find out.
     */
    default void writtenAsJson(String payload) {}

    /** Writes through to the database at each step. */
    record Direct(String executionId, Executions executions) implements ExecutionRecorder {

        public void nodeStarted(String node, String type, String input) {
            executions.nodeStarted(executionId, node, type, input, Instant.now());
        }

        public void nodeRetried(String node) {
            executions.nodeRetried(executionId, node, 1);
        }

        public void nodeFinished(
                String node, String status, String port, String output, String error) {
            executions.nodeFinished(executionId, node, status, port, output, error, Instant.now());
        }

        public void failed(String error) {
            executions.finished(executionId, Executions.Status.failed, null, error, Instant.now());
        }
    }

    /** Keeps the record in memory; {@link Executions#insertFinished} writes it at the end. */
    final class Buffered implements ExecutionRecorder {

        private final String executionId;
        private final List<Executions.NodeRun> nodes = new ArrayList<>();
        private final Set<String> json = Collections.newSetFromMap(new IdentityHashMap<>());
        private String failure;

        Buffered(String executionId) {
            this.executionId = executionId;
        }

        public String executionId() {
            return executionId;
        }

        List<Executions.NodeRun> nodes() {
            return nodes;
        }

        String failure() {
            return failure;
        }

        @Override
        public synchronized void writtenAsJson(String payload) {
            json.add(payload);
        }

        /** Whether {@code payload} is known to be JSON ({@link #writtenAsJson}). */
        synchronized boolean json(String payload) {
            return json.contains(payload);
        }

        public synchronized void nodeStarted(String node, String type, String input) {
            int index = indexOf(node);
            int attempts = index < 0 ? 1 : nodes.get(index).attempts() + 1;
            var run =
                    new Executions.NodeRun(
                            executionId,
                            node,
                            type,
                            "running",
                            attempts,
                            null,
                            input,
                            null,
                            null,
                            Instant.now(),
                            null);
            if (index < 0) {
                nodes.add(run);
            } else {
                nodes.set(index, run);
            }
        }

        public synchronized void nodeRetried(String node) {
            int index = indexOf(node);
            if (index >= 0) {
                var n = nodes.get(index);
                nodes.set(
                        index,
                        new Executions.NodeRun(
                                executionId,
                                node,
                                n.nodeType(),
                                n.status(),
                                n.attempts() + 1,
                                n.port(),
                                n.input(),
                                n.output(),
                                n.error(),
                                n.startedAt(),
                                n.finishedAt()));
            }
        }

        public synchronized void nodeFinished(
                String node, String status, String port, String output, String error) {
            int index = indexOf(node);
            if (index >= 0) {
                var n = nodes.get(index);
                nodes.set(
                        index,
                        new Executions.NodeRun(
                                executionId,
                                node,
                                n.nodeType(),
                                status,
                                n.attempts(),
                                port,
                                n.input(),
                                output,
                                error,
                                n.startedAt(),
                                Instant.now()));
            }
        }

        public synchronized void failed(String error) {
            this.failure = error;
        }

        private int indexOf(String node) {
            for (int i = 0; i < nodes.size(); i++) {
                if (nodes.get(i).nodeId().equals(node)) {
                    return i;
                }
            }
            return -1;
        }
    }
}

package com.auterity.hub.workflow.internal;

import com.auterity.hub.shared.ServiceError;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Counts the executions running in each workflow's routes, so that an update or delete can wait for
 * them: an execution finishes on the version it started with. While a workflow is being replaced,
 * new executions of it wait for the new version instead of starting on the old one.
 */
@Component
class RunningExecutions {

    private static final class Count {
        int running;
        boolean replacing;
    }

    private final Map<String, Count> counts = new HashMap<>();

    /** An execution starts; waits while the workflow is being replaced. */
    synchronized void enter(String workflowId) throws InterruptedException {
        Count count;
        while ((count = counts.computeIfAbsent(workflowId, id -> new Count())).replacing) {
            wait();
        }
        count.running++;
    }

    /** An execution that {@link #enter entered} has left the workflow's routes. */
    synchronized void exit(String workflowId) {
        Count count = counts.get(workflowId);
        if (count != null && --count.running == 0 && !count.replacing) {
            counts.remove(workflowId);
        }
        notifyAll();
    }

    synchronized int running(String workflowId) {
        Count count = counts.get(workflowId);
        return count == null ? 0 : count.running;
    }

    /**
     * Runs {@code replacement} once no execution of the workflow runs, holding back new ones
     * meanwhile; when executions still run after {@code patience}, nothing is replaced and the
     * caller gets 409 {@code WORKFLOW_BUSY}.
     */
    <T> T whenIdle(String workflowId, Duration patience, Supplier<T> replacement) {
        synchronized (this) {
            Count count;
            while ((count = counts.computeIfAbsent(workflowId, id -> new Count())).replacing) {
                waitUninterruptibly(Long.MAX_VALUE); // one replacement at a time
            }
            count.replacing = true;
            long deadline = System.nanoTime() + patience.toNanos();
            while (count.running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    int running = count.running;
                    reopen(workflowId, count);
                    throw new ServiceError(
                            HttpStatus.CONFLICT,
                            "WORKFLOW_BUSY",
                            "Executions of this workflow are still running; retry when they end",
                            Map.of("id", workflowId, "running", running));
                }
                waitUninterruptibly(left);
            }
        }
        try {
            return replacement.get();
        } finally {
            synchronized (this) {
                reopen(workflowId, counts.get(workflowId));
            }
        }
    }

    private void reopen(String workflowId, Count count) {
        count.replacing = false;
        if (count.running == 0) {
            counts.remove(workflowId);
        }
        notifyAll();
    }

    private void waitUninterruptibly(long nanos) {
        try {
            wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for executions to end", e);
        }
    }
}

package com.auterity.hub.workflow.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Executions cancelled while they run on this instance: the next node they reach stops them. (The
 * database holds the cancelled status for every instance; this set saves a query per node.)
 */
@Component
class Cancellations {

    /** Thrown into a cancelled execution at its next node. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

    void cancel(String executionId) {
        cancelled.add(executionId);
    }

    void checkNotCancelled(String executionId) {
        if (cancelled.contains(executionId)) {
            throw new Cancelled();
        }
    }

    void forget(String executionId) {
        cancelled.remove(executionId);
    }
}

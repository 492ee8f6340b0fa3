package com.auterity.hub.ai.usage;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token estimates charged at admission, until the request's record says what it really used.
 * {@link UsageLedger#admit} has no request id of its own: it takes the correlation id of the
 * request being served, which is also the id the record carries. A record whose id matches nothing
 * settles the principal's oldest estimate; estimates never settled are forgotten after a while.
 */
final class PendingEstimates {

    private static final int MAX_PER_PRINCIPAL = 10_000;

    private record Pending(String requestId, long tokens, long at) {}

    private final Map<String, Deque<Pending>> byPrincipal = new ConcurrentHashMap<>();
    private final long forgetAfterMillis;

    PendingEstimates(long forgetAfterMillis) {
        this.forgetAfterMillis = forgetAfterMillis;
    }

    void add(String principal, String requestId, long tokens, long now) {
        Deque<Pending> pending = byPrincipal.computeIfAbsent(principal, p -> new ArrayDeque<>());
        synchronized (pending) {
            while (!pending.isEmpty()
                    && (pending.size() >= MAX_PER_PRINCIPAL
                            || now - pending.peekFirst().at() > forgetAfterMillis)) {
                pending.pollFirst();
            }
            pending.addLast(new Pending(requestId, tokens, now));
        }
    }

    /** The estimate charged for this request, or -1 when there is none to settle. */
    long settle(String principal, String requestId) {
        Deque<Pending> pending = byPrincipal.get(principal);
        if (pending == null) {
            return -1;
        }
        synchronized (pending) {
            for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (requestId != null && Objects.equals(p.requestId(), requestId)) {
                    it.remove();
                    return p.tokens();
                }
            }
            Pending oldest = pending.pollFirst();
            return oldest == null ? -1 : oldest.tokens();
        }
    }
}

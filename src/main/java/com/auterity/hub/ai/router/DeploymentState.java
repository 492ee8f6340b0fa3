package com.auterity.hub.ai.router;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the router knows of one deployment right now: requests in flight, recent latency per output
 * token (an exponentially weighted moving average, so that one odd sample moves it by a fraction
 * only), tokens and requests of the last minute, how long a {@code Retry-After} keeps it out, and
 * its circuit breaker.
 */
final class DeploymentState {

    /** Weight of the newest sample in the moving average. */
    static final double ALPHA = 0.3;

    private static final long MINUTE = 60_000;

    final CircuitBreaker breaker;
    final AtomicInteger inFlight = new AtomicInteger();
    private double latencyPerToken;
    private long samples;
    private final Deque<long[]> minute = new ArrayDeque<>();
    private volatile long blockedUntil;

    DeploymentState(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    /** One answered call: its latency and output tokens. */
    synchronized void answered(long latencyMs, long outputTokens) {
        double sample = (double) latencyMs / Math.max(1, outputTokens);
        latencyPerToken = samples == 0 ? sample : ALPHA * sample + (1 - ALPHA) * latencyPerToken;
        samples++;
    }

    /** Tokens (estimated at the start, a request counts at once) sent to the deployment now. */
    synchronized void sent(long tokens, long now) {
        minute.addLast(new long[] {now, tokens});
        trim(now);
    }

    synchronized long tokensLastMinute(long now) {
        trim(now);
        return minute.stream().mapToLong(e -> e[1]).sum();
    }

    synchronized int requestsLastMinute(long now) {
        trim(now);
        return minute.size();
    }

    synchronized double latencyPerToken() {
        return latencyPerToken;
    }

    synchronized long samples() {
        return samples;
    }

    void blockUntil(long millis) {
        blockedUntil = Math.max(blockedUntil, millis);
    }

    long blockedUntil() {
        return blockedUntil;
    }

    private void trim(long now) {
        while (!minute.isEmpty() && minute.peekFirst()[0] <= now - MINUTE) {
            minute.removeFirst();
        }
    }
}

package com.auterity.hub.ai.usage;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Token and cost accounting of AI requests, with the budgets and rate limits that cut callers off.
 * The AI router calls {@link #admit} before it sends a client's request anywhere (the cache
 * included) and {@link #record} once when the request has ended, whatever the outcome.
 */
public interface UsageLedger {

    /**
     * Admits one client request of {@code principal} ({@code CurrentUser.name()}: a user name or
     * {@code apikey:<key id>}), or refuses it with a {@link com.auterity.hub.shared.ServiceError}:
     * 429 {@code BUDGET_EXCEEDED} when a daily or monthly budget of the caller's key or user is
     * spent, 429 {@code RATE_LIMITED} (with a retry-after) when the caller is over its requests or
     * tokens per minute.
     *
     * @param estimatedTokens the request's estimated input tokens plus its {@code max_tokens}
     */
    void admit(String principal, long estimatedTokens);

    /**
     * Records one ended client request (not one attempt): answered, answered from the cache (cost
     * zero) or failed. Never throws; a record accepted here is not lost by a clean shutdown.
     */
    void record(Usage usage);

    /**
     * One ended client request.
     *
     * @param requestId the hub's id of the request (the correlation id)
     * @param principal who asked, as in {@link #admit}
     * @param model the model or model group the client asked for
     * @param deployment the deployment that answered, or {@code null} when none did
     * @param provider that deployment's provider kind ({@code openai}, {@code anthropic}, ...)
     * @param cost in US dollars, exact from the price table
     */
    record Usage(
            String requestId,
            String principal,
            String model,
            String deployment,
            String provider,
            long inputTokens,
            long outputTokens,
            BigDecimal cost,
            boolean cacheHit,
            boolean ok,
            long latencyMs,
            Instant at) {}
}

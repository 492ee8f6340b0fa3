package com.auterity.hub.ai;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of AI model orchestration ({@code hub.ai}).
 *
 * @param cacheSize responses kept in the response cache ({@code AI_MODEL_CACHE_SIZE})
 * @param requestTimeout longest wait for a provider's answer ({@code AI_REQUEST_TIMEOUT}, seconds)
 * @param cognitive the in-process cognitive engine ({@code hub.ai.cognitive})
 * @param cacheTtl how long an answer stays in the response cache
 * @param models the model deployments of the configuration ({@code hub.ai.models}); those created
 *     through {@code /api/v1/ai/models} are stored in the database and win over these by id
 * @param fallbacks per model group, the other groups tried in order when all its deployments fail
 * @param routing strategy, retries, cool-down and limits of the AI router
 * @param budgets spending limits per API key or user and per day or month ({@code hub.ai.budgets});
 *     those set through {@code /api/v1/ai/budgets} override them
 * @param rateLimits requests and tokens per minute per API key or user ({@code hub.ai.rate-limits})
 * @param accounting how usage records are written ({@code hub.ai.accounting})
 */
@Validated
@ConfigurationProperties("hub.ai")
public record AiProperties(
        @DefaultValue("1000") @Positive int cacheSize,
        @DefaultValue("30") @DurationUnit(ChronoUnit.SECONDS) Duration requestTimeout,
        @DefaultValue @Valid Cognitive cognitive,
        @DefaultValue("1h") Duration cacheTtl,
        List<@Valid ModelDeployment> models,
        Map<String, List<String>> fallbacks,
        @DefaultValue @Valid Routing routing,
        @DefaultValue List<@Valid @NotNull Budget> budgets,
        @DefaultValue @Valid RateLimits rateLimits,
        @DefaultValue @Valid Accounting accounting) {

    public AiProperties {
        models = models == null ? List.of() : List.copyOf(models);
        fallbacks = fallbacks == null ? Map.of() : Map.copyOf(fallbacks);
    }

    /**
     * How the AI router picks deployments and gives up on them.
     *
     * @param strategy the strategy when a request names none: round-robin, weighted, least-latency,
     *     least-busy, cost or usage
     * @param attemptsPerGroup most attempts within one model group before its fallbacks
     * @param backoff the wait before a retry, doubled at each further retry of the request
     * @param maxRetryWait the longest the router waits for a deployment's {@code Retry-After}; a
     *     longer one moves on to the next deployment or group at once
     * @param failureRate percentage of failed calls (429, 5xx, timeouts) over the last {@code
     *     window} calls that cools a deployment down
     * @param window calls over which a deployment's failure rate is measured
     * @param minimumCalls calls before a deployment's failure rate counts
     * @param coolDown how long a deployment is left out before one trial call may bring it back
     * @param defaultMaxTokens the {@code max_tokens} of a request that gives none
     * @param maxMessages most messages in one request
     * @param maxChars most characters of all messages (or embedding inputs) of one request
     */
    public record Routing(
            @DefaultValue("round-robin") String strategy,
            @DefaultValue("3") @Positive int attemptsPerGroup,
            @DefaultValue("200ms") Duration backoff,
            @DefaultValue("10s") Duration maxRetryWait,
            @DefaultValue("50") @DecimalMin("1") @DecimalMax("100") float failureRate,
            @DefaultValue("10") @Positive int window,
            @DefaultValue("4") @Positive int minimumCalls,
            @DefaultValue("30s") Duration coolDown,
            @DefaultValue("1024") @Positive int defaultMaxTokens,
            @DefaultValue("1000") @Positive int maxMessages,
            @DefaultValue("1000000") @Positive int maxChars) {}

    /**
     * Limits and defaults of the cognitive engine.
     *
     * @param maxTexts most texts in one request (texts to embed, classify or score, similarity
     *     candidates)
     * @param maxChars most characters in one text
     * @param maxLabels most labels of a classification
     * @param maxValues most values of an anomaly series
     * @param maxOptions most options of a decision (and most criteria)
     * @param classifyThreshold confidence (0-1) below which a text gets no label
     * @param minSimilarity cosine below which a label is never chosen, whatever its confidence
     * @param temperature softmax temperature that turns label similarities into confidences
     * @param cacheTtl how long embeddings of labels and repeated texts stay cached
     * @param preload load the embedding model right after start-up (in the background) instead of
     *     on first use
     * @param threads threads that embed the texts of one batch in parallel; 0: one per CPU core
     * @param inferenceThreads threads of ONNX Runtime inside one inference (1: each text on one
     *     thread, best when requests or batch texts run side by side)
     * @param nativeDir where the tokenizer's native library is unpacked; default {@code <data
     *     dir>/native} (a writable place even when the home directory is not)
     */
    public record Cognitive(
            @DefaultValue("100") @Positive int maxTexts,
            @DefaultValue("10000") @Positive int maxChars,
            @DefaultValue("50") @Positive int maxLabels,
            @DefaultValue("100000") @Positive int maxValues,
            @DefaultValue("1000") @Positive int maxOptions,
            @DefaultValue("0.5") @DecimalMin("0") @DecimalMax("1") double classifyThreshold,
            @DefaultValue("0.15") @DecimalMin("-1") @DecimalMax("1") double minSimilarity,
            @DefaultValue("0.05") @DecimalMin("0.001") double temperature,
            @DefaultValue("1h") Duration cacheTtl,
            @DefaultValue("false") boolean preload,
            @DefaultValue("0") @PositiveOrZero int threads,
            @DefaultValue("1") @Positive int inferenceThreads,
            Path nativeDir) {}

    /** Who a budget or a rate limit is for: an API key, a user, or ({@code *}) each of them. */
    public static final String SUBJECT =
            "\\*|apikey:[A-Za-z0-9-]{1,36}|user:[A-Za-z0-9][A-Za-z0-9._-]{2,63}";

    /**
     * A spending limit. Once what {@code subject} spent in the current UTC day or month reaches
     * {@code limitUsd}, its AI requests get 429 {@code BUDGET_EXCEEDED} until the period ends.
     *
     * @param subject {@code apikey:<key id>}, {@code user:<name>} (the user's own requests and
     *     those of all their keys), or {@code *}: the default of every key and user without a
     *     budget of its own for that period
     * @param period {@code day} or {@code month}, in UTC
     * @param limitUsd US dollars; 0 refuses every request
     */
    public record Budget(
            @NotNull @Pattern(regexp = SUBJECT) String subject,
            @NotNull BudgetPeriod period,
            @NotNull @DecimalMin("0") BigDecimal limitUsd) {}

    /** The period of a budget, in UTC. */
    public enum BudgetPeriod {
        DAY,
        MONTH
    }

    /**
     * Requests and tokens per minute that each API key and each user may use (a key's requests
     * count for the key, not for its owner). 0 means no limit.
     *
     * @param requestsPerMinute default requests per minute of every key and user
     * @param tokensPerMinute default tokens per minute (estimated at admission, corrected with the
     *     tokens actually used when the request ends)
     * @param overrides limits of particular keys or users
     */
    public record RateLimits(
            @DefaultValue("0") @PositiveOrZero long requestsPerMinute,
            @DefaultValue("0") @PositiveOrZero long tokensPerMinute,
            @DefaultValue List<@Valid @NotNull RateLimit> overrides) {}

    /**
     * The limits of one key or user; a limit left out is the default.
     *
     * @param subject {@code apikey:<key id>} or {@code user:<name>}
     */
    public record RateLimit(
            @NotNull @Pattern(regexp = SUBJECT) String subject,
            @PositiveOrZero Long requestsPerMinute,
            @PositiveOrZero Long tokensPerMinute) {}

    /**
     * The background writer of usage records.
     *
     * @param queueCapacity records waiting to be written; when full, a record waits up to {@code
     *     enqueueTimeout} for room, then is dropped (and logged)
     * @param batchSize most records written in one transaction
     * @param enqueueTimeout longest wait of the request thread for room in a full queue
     * @param shutdownTimeout longest wait at shutdown for the queue to be written
     */
    public record Accounting(
            @DefaultValue("10000") @Positive int queueCapacity,
            @DefaultValue("500") @Positive int batchSize,
            @DefaultValue("100ms") Duration flushInterval,
            @DefaultValue("1s") Duration enqueueTimeout,
            @DefaultValue("30s") Duration shutdownTimeout) {}
}

package com.auterity.hub.ai.usage;

import com.auterity.hub.ai.AiProperties.RateLimit;
import com.auterity.hub.ai.AiProperties.RateLimits;
import com.auterity.hub.shared.ServiceError;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests and tokens per minute per key or user, as token buckets.
 *
 * <p>Why buckets rather than a sliding window: a bucket is two numbers per subject whatever the
 * traffic (a sliding log keeps one entry per request, and a tokens-per-minute log one per token
 * count), it tells a refused client exactly when enough will be back (the Retry-After), and a
 * correction is just tokens put back or taken out, which is what the tokens-per-minute limit needs:
 * it is charged with the estimate at admission and set right with the tokens actually used when the
 * request ends. The price is the burst: a full bucket lets a whole minute's allowance through at
 * once, so one 60-second window can see up to twice the limit; over any longer stretch the rate is
 * the limit. The large providers enforce their own per-minute limits the same way.
 *
 * <p>Amounts are kept in units of 1/60000 of a token (or request) so that refilling, at the
 * per-minute limit per millisecond, is exact integer arithmetic.
 */
final class RateLimiter {

    private static final long MILLIS_PER_MINUTE = 60_000;

    /** A token bucket holding up to one minute's allowance. */
    private static final class Bucket {
        private final long perMinute;
        private final long capacity;
        private long level;
        private long last;

        Bucket(long perMinute, long now) {
            this.perMinute = perMinute;
            this.capacity = Math.multiplyExact(perMinute, MILLIS_PER_MINUTE);
            this.level = capacity;
            this.last = now;
        }

        private void refill(long now) {
            if (now > last) {
                long elapsed = now - last;
                long added =
                        elapsed > Long.MAX_VALUE / 2 / perMinute
                                ? Long.MAX_VALUE / 2
                                : elapsed * perMinute;
                level = Math.min(capacity, level + added);
                last = now;
            }
        }

        /**
         * Milliseconds until {@code amount} is in the bucket; 0 if it is now. An amount larger than
         * a minute's allowance needs a full bucket (else it could never pass), and leaves a debt.
         */
        long waitFor(long amount, long now) {
            refill(now);
            long need = Math.min(scaled(amount), capacity);
            return level >= need ? 0 : ceilDiv(need - level, perMinute);
        }

        void take(long amount) {
            level = Math.max(Long.MIN_VALUE / 4, level - scaled(amount));
        }

        void give(long amount) {
            level = Math.min(capacity, level + scaled(amount));
        }

        private static long scaled(long amount) {
            return Math.multiplyExact(Math.max(0, amount), MILLIS_PER_MINUTE);
        }
    }

    /** The buckets of one subject; null where it has no limit. */
    private static final class Limits {
        private final Bucket requests;
        private final Bucket tokens;

        Limits(long requestsPerMinute, long tokensPerMinute, long now) {
            this.requests = requestsPerMinute > 0 ? new Bucket(requestsPerMinute, now) : null;
            this.tokens = tokensPerMinute > 0 ? new Bucket(tokensPerMinute, now) : null;
        }

        synchronized long admit(long estimatedTokens, long now) {
            long wait = 0;
            if (requests != null) {
                wait = requests.waitFor(1, now);
            }
            if (tokens != null) {
                wait = Math.max(wait, tokens.waitFor(estimatedTokens, now));
            }
            if (wait > 0) {
                return wait;
            }
            if (requests != null) {
                requests.take(1);
            }
            if (tokens != null) {
                tokens.take(estimatedTokens);
            }
            return 0;
        }

        synchronized void adjust(long tokensUsedMore, long now) {
            if (tokens != null) {
                tokens.refill(now);
                if (tokensUsedMore >= 0) {
                    tokens.take(tokensUsedMore);
                } else {
                    tokens.give(-tokensUsedMore);
                }
            }
        }
    }

    private final RateLimits defaults;
    private final Map<String, RateLimit> overrides = new HashMap<>();
    private final Map<String, Limits> bySubject = new ConcurrentHashMap<>();
    private final Clock clock;

    RateLimiter(RateLimits limits, Clock clock) {
        this.defaults = limits;
        this.clock = clock;
        limits.overrides().forEach(o -> overrides.put(o.subject(), o));
    }

    /**
     * Takes one request and {@code estimatedTokens} from {@code subject}'s allowance, or refuses
     * with 429 RATE_LIMITED and how long to wait.
     */
    void admit(String subject, long estimatedTokens) {
        Limits limits = limits(subject);
        if (limits == null) {
            return;
        }
        long wait = limits.admit(estimatedTokens, clock.millis());
        if (wait > 0) {
            Duration retryAfter = Duration.ofSeconds(Math.max(1, ceilDiv(wait, 1000)));
            throw ServiceError.tooManyRequests(
                    "Too many AI requests or tokens per minute for " + subject, retryAfter);
        }
    }

    /** Charges {@code tokens} more to {@code subject} (or gives them back when negative). */
    void adjust(String subject, long tokens) {
        Limits limits = limits(subject);
        if (limits != null && tokens != 0) {
            limits.adjust(tokens, clock.millis());
        }
    }

    private Limits limits(String subject) {
        Limits limits = bySubject.get(subject);
        if (limits != null) {
            return limits;
        }
        RateLimit own = overrides.get(subject);
        long requests =
                own != null && own.requestsPerMinute() != null
                        ? own.requestsPerMinute()
                        : defaults.requestsPerMinute();
        long tokens =
                own != null && own.tokensPerMinute() != null
                        ? own.tokensPerMinute()
                        : defaults.tokensPerMinute();
        if (requests == 0 && tokens == 0) {
            return null;
        }
        return bySubject.computeIfAbsent(
                subject, s -> new Limits(requests, tokens, clock.millis()));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}

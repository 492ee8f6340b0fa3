package com.auterity.hub.ai.router;

import java.time.Duration;

/**
 * A provider call that failed. {@code status} is the provider's HTTP status, 0 when there was no
 * answer (timeout, connection refused). {@code retryable}: the same request may succeed elsewhere
 * or later (429, 5xx, no answer, a deployment's bad credentials); otherwise the request itself was
 * refused and trying again will not help. The message never holds a secret.
 */
class ProviderFailure extends RuntimeException {

    private final int status;
    private final transient Duration retryAfter;
    private final boolean retryable;

    ProviderFailure(int status, String message, Duration retryAfter, boolean retryable) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
        this.retryable = retryable;
    }

    /** The failure an HTTP answer of {@code status} means. */
    static ProviderFailure of(int status, String message, Duration retryAfter) {
        boolean clientMistake = status == 400 || status == 413 || status == 422;
        return new ProviderFailure(status, message, retryAfter, !clientMistake);
    }

    int status() {
        return status;
    }

    Duration retryAfter() {
        return retryAfter;
    }

    boolean retryable() {
        return retryable;
    }
}

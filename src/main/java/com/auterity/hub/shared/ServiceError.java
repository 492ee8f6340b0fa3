package com.auterity.hub.shared;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * The seed's {@code ServiceError}: a failure the client is told about, with an HTTP status, a
 * stable machine-readable {@code code}, a human message and optional structured {@code details}.
 * Thrown anywhere in a request, it becomes the standard JSON error with that status.
 */
public class ServiceError extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final transient Object details;
    private Duration retryAfter;

    public ServiceError(HttpStatus status, String code, String message, Object details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    public ServiceError(HttpStatus status, String code, String message) {
        this(status, code, message, null);
    }

    public static ServiceError badRequest(String code, String message, Object details) {
        return new ServiceError(HttpStatus.BAD_REQUEST, code, message, details);
    }

    public static ServiceError notFound(String what, String id) {
        return new ServiceError(
                HttpStatus.NOT_FOUND, "NOT_FOUND", what + " not found", java.util.Map.of("id", id));
    }

    public static ServiceError forbidden(String message) {
        return new ServiceError(HttpStatus.FORBIDDEN, "FORBIDDEN", message);
    }

    /** A 429: the client should wait {@code retryAfter} before it tries again. */
    public static ServiceError tooManyRequests(String message, Duration retryAfter) {
        ServiceError error =
                new ServiceError(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", message);
        error.retryAfter = retryAfter;
        return error;
    }

    /**
     * A 503: the hub cannot take the request now; the client should retry after {@code retryAfter}.
     */
    public static ServiceError serviceUnavailable(
            String code, String message, Duration retryAfter) {
        ServiceError error = new ServiceError(HttpStatus.SERVICE_UNAVAILABLE, code, message);
        error.retryAfter = retryAfter;
        return error;
    }

    /** How long the client should wait before it retries, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Object details() {
        return details;
    }
}

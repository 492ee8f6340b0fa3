package com.auterity.hub.shared;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolationException;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Turns any failure into the standard error: the one place that decides which status and code a
 * client sees. Used by the Camel error route configuration, the servlet error page and the security
 * entry points alike. Client mistakes map to 4xx; anything unexpected is logged with its stack
 * trace and answered with a 500 that reveals nothing.
 */
@Component
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private final ObjectMapper json;

    public ApiErrors(ObjectMapper json) {
        this.json = json;
    }

    /** A failure, decided. */
    public record Answer(HttpStatus status, ErrorResponse body, Duration retryAfter) {}

    public Answer map(Throwable failure) {
        ServiceError service = find(failure, ServiceError.class);
        if (service != null) {
            return new Answer(
                    service.status(),
                    body(service.code(), service.getMessage(), service.details()),
                    service.retryAfter());
        }
        UnrecognizedPropertyException unknown = find(failure, UnrecognizedPropertyException.class);
        if (unknown != null) {
            return answer(
                    HttpStatus.BAD_REQUEST,
                    "UNKNOWN_FIELD",
                    "Unknown field '" + unknown.getPropertyName() + "'",
                    Map.of("field", unknown.getPropertyName()));
        }
        JsonProcessingException malformed = find(failure, JsonProcessingException.class);
        if (malformed != null) {
            var location = malformed.getLocation();
            return answer(
                    HttpStatus.BAD_REQUEST,
                    "MALFORMED_JSON",
                    "The request body is not valid JSON for this endpoint",
                    location == null
                            ? Map.of("reason", malformed.getOriginalMessage())
                            : Map.of(
                                    "reason", malformed.getOriginalMessage(),
                                    "line", location.getLineNr(),
                                    "column", location.getColumnNr()));
        }
        ConstraintViolationException invalid = find(failure, ConstraintViolationException.class);
        if (invalid != null) {
            List<Map<String, String>> problems =
                    invalid.getConstraintViolations().stream()
                            .map(
                                    v ->
                                            Map.of(
                                                    "field",
                                                    leaf(v.getPropertyPath().toString()),
                                                    "message",
                                                    v.getMessage()))
                            .sorted(Comparator.comparing(m -> m.get("field")))
                            .toList();
            return answer(
                    HttpStatus.BAD_REQUEST,
                    "VALIDATION_FAILED",
                    "The request is invalid",
                    problems);
        }
        if (find(failure, DataIntegrityViolationException.class) != null) {
            return answer(
                    HttpStatus.CONFLICT,
                    "CONFLICT",
                    "The request conflicts with existing data",
                    null);
        }
        if (find(failure, DataAccessResourceFailureException.class) != null
                || find(failure, TransientDataAccessException.class) != null) {
            log.warn("Database unavailable: {}", failure.toString());
            return answer(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "SERVICE_UNAVAILABLE",
                    "A service the hub depends on is unavailable; retry later",
                    null);
        }
        log.error("Unexpected failure", failure);
        return answer(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "INTERNAL_ERROR",
                "An internal error occurred",
                null);
    }

    public Answer answer(HttpStatus status, String code, String message, Object details) {
        return new Answer(status, body(code, message, details), null);
    }

    private static ErrorResponse body(String code, String message, Object details) {
        return new ErrorResponse(code, message, details, Correlation.current());
    }

    /** The standard code for a bare status, when nothing more specific is known. */
    public static String codeFor(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "BAD_REQUEST";
            case UNAUTHORIZED -> "UNAUTHENTICATED";
            case FORBIDDEN -> "FORBIDDEN";
            case NOT_FOUND -> "NOT_FOUND";
            case METHOD_NOT_ALLOWED -> "METHOD_NOT_ALLOWED";
            case NOT_ACCEPTABLE -> "NOT_ACCEPTABLE";
            case PAYLOAD_TOO_LARGE -> "PAYLOAD_TOO_LARGE";
            case UNSUPPORTED_MEDIA_TYPE -> "UNSUPPORTED_MEDIA_TYPE";
            case TOO_MANY_REQUESTS -> "RATE_LIMITED";
            case SERVICE_UNAVAILABLE -> "SERVICE_UNAVAILABLE";
            default -> status.is4xxClientError() ? "BAD_REQUEST" : "INTERNAL_ERROR";
        };
    }

    public String toJson(ErrorResponse body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an error response", e);
        }
    }

    /** Writes the standard error straight to a servlet response (filters, security, error page). */
    public void write(HttpServletResponse response, Answer answer) throws IOException {
        response.resetBuffer();
        response.setStatus(answer.status().value());
        if (answer.retryAfter() != null) {
            response.setHeader("Retry-After", Long.toString(answer.retryAfter().toSeconds()));
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(toJson(answer.body()));
        response.flushBuffer();
    }

    private static String leaf(String path) {
        // "issueToken.request.username" -> "username": the client knows fields, not our methods
        int dot = path.indexOf('.', path.indexOf('.') + 1);
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

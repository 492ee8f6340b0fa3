package com.auterity.hub.ai.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.springframework.stereotype.Component;

/**
 * Posts JSON to a provider through {@link ProviderRoutes}, on an exchange built here from nothing
 * but the given address, headers and body. A non-2xx answer becomes a {@link ProviderFailure}
 * carrying the provider's {@code Retry-After}; no answer (timeout, refused connection) becomes one
 * with status 0. Failure messages never contain the headers (where the API key travels).
 */
@Component
class ProviderHttp {

    private final ProducerTemplate camel;
    private final ObjectMapper json;
    // resolved once: resolving an endpoint by its URI at each call normalises the URI each time
    private final Endpoint call;
    private final Endpoint stream;

    ProviderHttp(ProducerTemplate camel, ObjectMapper json) {
        this.camel = camel;
        this.json = json;
        this.call = camel.getCamelContext().getEndpoint(ProviderRoutes.CALL);
        this.stream = camel.getCamelContext().getEndpoint(ProviderRoutes.STREAM);
    }

    /** POSTs {@code request} as JSON; the 2xx answer as JSON. */
    JsonNode post(String uri, Map<String, String> headers, JsonNode request) {
        String body = write(request);
        Exchange done = camel.send(call, e -> prepare(e, uri, headers, body));
        return read(answer(done, uri));
    }

    /** POSTs {@code request} as JSON and passes each line of a 2xx answer to {@code lines}. */
    void stream(String uri, Map<String, String> headers, JsonNode request, Consumer<String> lines) {
        String body = write(request);
        Exchange done =
                camel.send(
                        stream,
                        e ->
                                e.setProperty(
                                        ProviderRoutes.STREAM_CALL,
                                        new ProviderRoutes.StreamCall(uri, headers, body, lines)));
        answer(done, uri);
    }

    /** A provider's JSON (an answer, an event of a stream); 502 if it is not JSON. */
    JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProviderFailure.of(502, "the provider's answer is not JSON", null);
        }
    }

    private String write(JsonNode request) {
        try {
            return json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void prepare(
            Exchange exchange, String uri, Map<String, String> headers, String body) {
        var message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_URI, uri);
        // the enum camel-http reads: a text would be converted at each call, by a slow lookup
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        headers.forEach(message::setHeader);
        message.setBody(body);
    }

    private static String answer(Exchange done, String uri) {
        Exception failure = done.getException();
        if (failure != null) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof ProviderFailure provider) {
                    throw provider;
                }
                // a listener that threw (the client went away) ends the call as it is
                if (t instanceof StreamAborted aborted) {
                    throw aborted;
                }
            }
            throw new ProviderFailure(0, describe(failure, uri), null, true);
        }
        Integer status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = done.getMessage().getBody(String.class);
        if (status == null || status < 200 || status >= 300) {
            int code = status == null ? 0 : status;
            throw ProviderFailure.of(
                    code,
                    "HTTP " + code + ": " + excerpt(body),
                    retryAfter(
                            done.getMessage().getHeader("retry-after-ms", String.class),
                            done.getMessage().getHeader("Retry-After", String.class)));
        }
        return body == null ? "" : body;
    }

    private static String describe(Throwable failure, String uri) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return "no answer in time (hub.ai.request-timeout)";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host";
            }
        }
        return failure.getClass().getSimpleName();
    }

    private static String excerpt(String body) {
        if (body == null) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    /** {@code retry-after-ms} (OpenAI) or {@code Retry-After} in seconds or as an HTTP date. */
    static Duration retryAfter(String millis, String value) {
        try {
            if (millis != null && !millis.isBlank()) {
                return Duration.ofMillis((long) Double.parseDouble(millis.strip()));
            }
            if (value == null || value.isBlank()) {
                return null;
            }
            String v = value.strip();
            if (v.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
                return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
            }
            Duration until =
                    Duration.between(
                            ZonedDateTime.now(),
                            ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            return until.isNegative() ? Duration.ZERO : until;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** Thrown by a stream's consumer to stop reading: the client is gone. */
    static final class StreamAborted extends RuntimeException {
        StreamAborted(Throwable cause) {
            super("the client went away", cause, false, false);
        }
    }
}

package com.auterity.hub.messaging.internal;

import com.auterity.hub.messaging.MessagingProperties;
import com.auterity.hub.shared.ServiceError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The rules for names that reach Kafka: topics, consumer groups and message headers. A topic or a
 * group goes into a {@code kafka:} URI only after {@link #topic} or {@link #group} accepted it, so
 * it can carry no URI option; headers are the allow-listed ones only.
 */
@Component
class Names {

    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]{0,199}");
    static final String DLQ = ".dlq";

    /** Prefixes a publisher never sets: Kafka's and Camel's own, and the hub's. */
    private static final List<String> RESERVED =
            List.of("kafka.", "camel", "org.apache.camel", "hub-");

    private static final int MAX_HEADER_VALUE = 1024;
    private static final int MAX_KEY = 1024;

    private final Set<String> allowedHeaders;

    Names(MessagingProperties properties) {
        Set<String> allowed =
                properties.allowedHeaders().stream()
                        .map(h -> h.strip().toLowerCase(Locale.ROOT))
                        .collect(Collectors.toUnmodifiableSet());
        for (String header : allowed) {
            if (RESERVED.stream().anyMatch(header::startsWith)) {
                throw new IllegalStateException(
                        "hub.messaging.allowed-headers may not name '"
                                + header
                                + "': Kafka's, Camel's and the hub's own headers are reserved");
            }
        }
        this.allowedHeaders = allowed;
    }

    /** A topic a client names: valid, and not a dead-letter topic. */
    String topic(String topic) {
        if (topic == null || !NAME.matcher(topic).matches()) {
            throw ServiceError.badRequest(
                    "INVALID_TOPIC",
                    "A topic name is 1-200 letters, digits, '.', '_' or '-', starting with a letter or digit",
                    Map.of("topic", String.valueOf(topic)));
        }
        if (topic.endsWith(DLQ)) {
            throw ServiceError.badRequest(
                    "INVALID_TOPIC",
                    "Topics ending in '.dlq' hold dead letters: read them through /dead-letters",
                    Map.of("topic", topic));
        }
        return topic;
    }

    String group(String group) {
        if (group == null || !NAME.matcher(group).matches()) {
            throw ServiceError.badRequest(
                    "INVALID_GROUP",
                    "A consumer group name is 1-200 letters, digits, '.', '_' or '-', starting with a letter or digit",
                    Map.of("group", String.valueOf(group)));
        }
        return group;
    }

    String key(String key) {
        if (key != null && key.length() > MAX_KEY) {
            throw ServiceError.badRequest(
                    "VALIDATION_FAILED",
                    "A message key has at most " + MAX_KEY + " characters",
                    Map.of("field", "key"));
        }
        return key;
    }

    /** The headers of a message to publish, names in lower case; refuses any not allowed. */
    Map<String, String> headers(Map<String, String> headers) {
        Map<String, String> accepted = new LinkedHashMap<>();
        if (headers == null) {
            return accepted;
        }
        headers.forEach(
                (name, value) -> {
                    String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
                    if (!allowedHeaders.contains(lower)) {
                        throw ServiceError.badRequest(
                                "HEADER_NOT_ALLOWED",
                                "Header '" + name + "' is not in hub.messaging.allowed-headers",
                                Map.of(
                                        "header",
                                        String.valueOf(name),
                                        "allowed",
                                        allowedHeaders.stream().sorted().toList()));
                    }
                    if (value == null || value.length() > MAX_HEADER_VALUE) {
                        throw ServiceError.badRequest(
                                "VALIDATION_FAILED",
                                "A header value is a string of at most "
                                        + MAX_HEADER_VALUE
                                        + " characters",
                                Map.of("header", name));
                    }
                    accepted.put(lower, value);
                });
        return accepted;
    }

    /** Whether a header of a consumed record reaches subscribers. */
    boolean passes(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return allowedHeaders.contains(lower) || lower.startsWith(Headers.PREFIX);
    }

    boolean allowed(String name) {
        return allowedHeaders.contains(name.toLowerCase(Locale.ROOT));
    }
}

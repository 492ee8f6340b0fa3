package com.auterity.hub.shared;

import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The correlation id of the request being served: the inbound {@code X-Request-Id} when it is a
 * plain token, otherwise a new one. It sits in the logging MDC under {@link #MDC_KEY} for the whole
 * request, so every log line of that request carries it.
 */
public final class Correlation {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "correlation_id";

    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private Correlation() {}

    /** The inbound id if it is safe to log and echo, else a fresh one. */
    public static String acceptOrCreate(String inbound) {
        return inbound != null && ACCEPTED.matcher(inbound).matches()
                ? inbound
                : UUID.randomUUID().toString();
    }

    /** The id of the current request, or {@code null} outside a request. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }
}

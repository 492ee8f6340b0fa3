package com.auterity.hub.workflow.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happens when a node fails, from the settings every node type shares: {@code retry} ({@code
 * maxAttempts}, {@code initialDelay} ms, {@code multiplier}, {@code maxDelay} ms, {@code jitter}),
 * {@code timeout} (ms) and {@code onError}: {@code fail} (the default: the execution fails), {@code
 * continue} (the node is recorded failed and the message goes on to its next nodes) or {@code
 * error} (the message goes to the nodes on the node's {@code error} port).
 */
record FailurePolicy(
        int maxAttempts,
        long initialDelay,
        double multiplier,
        long maxDelay,
        boolean jitter,
        Long timeout,
        String onError) {

    static final String ERROR_PORT = "error";
    static final List<String> ON_ERROR = List.of("fail", "continue", ERROR_PORT);
    static final int MAX_ATTEMPTS = 10;
    static final long MAX_TIMEOUT = 3_600_000;

    static FailurePolicy of(Map<String, Object> settings) {
        Map<?, ?> retry = settings.get("retry") instanceof Map<?, ?> r ? r : Map.of();
        return new FailurePolicy(
                number(retry.get("maxAttempts"), 1).intValue(),
                number(retry.get("initialDelay"), 100).longValue(),
                number(retry.get("multiplier"), 2).doubleValue(),
                number(retry.get("maxDelay"), 30_000).longValue(),
                !Boolean.FALSE.equals(retry.get("jitter")),
                settings.get("timeout") instanceof Number n ? n.longValue() : null,
                String.valueOf(settings.getOrDefault("onError", "fail")));
    }

    static List<String> problems(Map<String, Object> settings) {
        List<String> problems = new ArrayList<>();
        Object retry = settings.get("retry");
        if (retry != null) {
            if (!(retry instanceof Map<?, ?> r)) {
                problems.add("'retry' must be an object");
            } else {
                if (!(r.get("maxAttempts") instanceof Number n)
                        || n.doubleValue() != Math.rint(n.doubleValue())
                        || n.intValue() < 1
                        || n.intValue() > MAX_ATTEMPTS) {
                    problems.add(
                            "'retry.maxAttempts' must be a whole number from 1 to " + MAX_ATTEMPTS);
                }
                for (String key : List.of("initialDelay", "maxDelay")) {
                    if (r.containsKey(key)
                            && !(r.get(key) instanceof Number d
                                    && d.longValue() >= 0
                                    && d.longValue() <= MAX_TIMEOUT)) {
                        problems.add(
                                "'retry."
                                        + key
                                        + "' must be milliseconds from 0 to "
                                        + MAX_TIMEOUT);
                    }
                }
                if (r.containsKey("multiplier")
                        && !(r.get("multiplier") instanceof Number m
                                && m.doubleValue() >= 1
                                && m.doubleValue() <= 10)) {
                    problems.add("'retry.multiplier' must be a number from 1 to 10");
                }
                if (r.containsKey("jitter") && !(r.get("jitter") instanceof Boolean)) {
                    problems.add("'retry.jitter' must be true or false");
                }
            }
        }
        Object timeout = settings.get("timeout");
        if (timeout != null
                && !(timeout instanceof Number t
                        && t.longValue() > 0
                        && t.longValue() <= MAX_TIMEOUT)) {
            problems.add("'timeout' must be milliseconds from 1 to " + MAX_TIMEOUT);
        }
        if (!ON_ERROR.contains(String.valueOf(settings.getOrDefault("onError", "fail")))) {
            problems.add("'onError' must be one of " + ON_ERROR);
        }
        return problems;
    }

    /**
     * Whether the node handles its own failure (continue or error port) rather than dead-lettering
     * it.
     */
    boolean handlesFailure() {
        return !"fail".equals(onError);
    }

    /** Camel's redelivery policy for {@code retry}. */
    Map<String, Object> redeliveryPolicy() {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("maximumRedeliveries", Integer.toString(maxAttempts - 1));
        policy.put("redeliveryDelay", Long.toString(initialDelay));
        if (multiplier > 1) {
            policy.put("useExponentialBackOff", "true");
            policy.put("backOffMultiplier", Double.toString(multiplier));
        }
        policy.put("maximumRedeliveryDelay", Long.toString(maxDelay));
        policy.put("useCollisionAvoidance", Boolean.toString(jitter));
        policy.put("retryAttemptedLogLevel", "WARN");
        return policy;
    }

    private static Number number(Object value, Number fallback) {
        return value instanceof Number n ? n : fallback;
    }
}

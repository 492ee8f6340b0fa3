package com.auterity.hub.ai.router;

import com.auterity.hub.ai.ModelDeployment;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Prometheus metrics per model deployment, beside the {@code ai-provider-call} route's own: {@code
 * hub_ai_calls_seconds} (each provider call, by {@code outcome}: ok, rate_limited, server_error,
 * no_answer, rejected), {@code hub_ai_tokens_total} (by {@code type}: input, output) and {@code
 * hub_ai_cost_usd_total}, tagged with {@code deployment}, {@code model_group} and {@code provider}.
 * Deployments are few and set by an admin, so the series stay few. Meters are kept here once made,
 * so a call costs a map lookup, not a registry search.
 */
@Component
class DeploymentMetrics {

    private final MeterRegistry registry;
    private final Map<String, Timer> calls = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    DeploymentMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A call to {@code deployment} that took {@code nanos} and ended with {@code outcome}. */
    void call(ModelDeployment deployment, String outcome, long nanos) {
        calls.computeIfAbsent(
                        key(deployment, outcome),
                        k ->
                                Timer.builder("hub.ai.calls")
                                        .description("Calls to AI provider deployments")
                                        .tags(tags(deployment).and("outcome", outcome))
                                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** What {@code failure} says of a call, as an {@code outcome} tag. */
    static String outcome(ProviderFailure failure) {
        int status = failure.status();
        if (!failure.retryable()) {
            return "rejected";
        }
        return status == 429 ? "rate_limited" : status == 0 ? "no_answer" : "server_error";
    }

    /** Tokens and cost of an answer of {@code deployment}. */
    void used(ModelDeployment deployment, long inputTokens, long outputTokens, BigDecimal cost) {
        counter("hub.ai.tokens", deployment, "input", "Tokens of AI requests and answers")
                .increment(inputTokens);
        if (outputTokens > 0) {
            counter("hub.ai.tokens", deployment, "output", "Tokens of AI requests and answers")
                    .increment(outputTokens);
        }
        counter("hub.ai.cost", deployment, null, "Cost of AI answers, from the price table")
                .increment(cost.doubleValue());
    }

    private Counter counter(String name, ModelDeployment deployment, String type, String text) {
        return counters.computeIfAbsent(
                name + '\0' + key(deployment, type),
                k -> {
                    Counter.Builder builder =
                            Counter.builder(name).description(text).tags(tags(deployment));
                    if (type != null) {
                        builder.tag("type", type);
                    } else {
                        builder.baseUnit("usd");
                    }
                    return builder.register(registry);
                });
    }

    private static Tags tags(ModelDeployment deployment) {
        return Tags.of(
                "deployment", deployment.id(),
                "model_group", deployment.modelGroup(),
                "provider", deployment.provider());
    }

    // the group and provider in the key: an admin may change them, and then new series start
    private static String key(ModelDeployment deployment, String last) {
        return deployment.id()
                + '\0'
                + deployment.modelGroup()
                + '\0'
                + deployment.provider()
                + '\0'
                + last;
    }
}

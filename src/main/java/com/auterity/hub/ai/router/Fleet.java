package com.auterity.hub.ai.router;

import com.auterity.hub.ai.AiProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The {@link DeploymentState} of every deployment, by id, with one resilience4j circuit breaker
 * each: when {@code failure-rate}% of its last {@code window} calls (at least {@code
 * minimum-calls}) failed with 429, 5xx, a timeout or no connection, the deployment is left out for
 * {@code cool-down}; then one trial call is let through (half-open), and its success brings the
 * deployment back without anyone's doing.
 */
@Component
class Fleet {

    private final CircuitBreakerRegistry breakers;
    private final Map<String, DeploymentState> states = new ConcurrentHashMap<>();

    Fleet(AiProperties properties) {
        AiProperties.Routing routing = properties.routing();
        this.breakers =
                CircuitBreakerRegistry.of(
                        CircuitBreakerConfig.custom()
                                .slidingWindowType(
                                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                                .slidingWindowSize(routing.window())
                                .minimumNumberOfCalls(
                                        Math.min(routing.minimumCalls(), routing.window()))
                                .failureRateThreshold(routing.failureRate())
                                .waitDurationInOpenState(routing.coolDown())
                                .permittedNumberOfCallsInHalfOpenState(1)
                                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                                .build());
    }

    DeploymentState of(String deployment) {
        return states.computeIfAbsent(
                deployment, id -> new DeploymentState(breakers.circuitBreaker("ai-" + id)));
    }

    /** closed, open or half_open. */
    String circuit(String deployment) {
        DeploymentState state = states.get(deployment);
        return state == null
                ? "closed"
                : state.breaker.getState().name().toLowerCase(java.util.Locale.ROOT);
    }

    CircuitBreaker.State state(String deployment) {
        return of(deployment).breaker.getState();
    }
}

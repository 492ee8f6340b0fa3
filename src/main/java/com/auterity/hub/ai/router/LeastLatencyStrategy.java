package com.auterity.hub.ai.router;

import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The deployment with the lowest recent latency per output token (the moving average of {@link
 * DeploymentState}, not the last sample). A deployment without samples yet is tried first, so that
 * every one gets measured.
 */
@Component
class LeastLatencyStrategy implements Strategy {

    @Override
    public String name() {
        return "least-latency";
    }

    @Override
    public Candidate pick(List<Candidate> candidates, Estimate estimate) {
        for (Candidate c : candidates) {
            if (c.state().samples() == 0 && c.state().inFlight.get() == 0) {
                return c;
            }
        }
        return candidates.stream()
                .min(
                        Comparator.comparingDouble(
                                        (Candidate c) ->
                                                c.state().samples() == 0
                                                        ? Double.MAX_VALUE
                                                        : c.state().latencyPerToken())
                                .thenComparingInt(c -> c.state().inFlight.get()))
                .orElseThrow();
    }
}

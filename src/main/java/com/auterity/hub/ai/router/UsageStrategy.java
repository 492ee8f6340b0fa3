package com.auterity.hub.ai.router;

import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Spreads tokens per minute: the deployment that was sent the fewest tokens in the last minute,
 * relative to their {@code tpm} limits when all of them have one (so a deployment with twice the
 * quota takes twice the tokens).
 */
@Component
class UsageStrategy implements Strategy {

    @Override
    public String name() {
        return "usage";
    }

    @Override
    public Candidate pick(List<Candidate> candidates, Estimate estimate) {
        boolean quotas = candidates.stream().allMatch(c -> c.deployment().tpm() != null);
        return candidates.stream()
                .min(
                        Comparator.comparingDouble((Candidate c) -> load(c, quotas, estimate.now()))
                                .thenComparingInt(c -> c.state().inFlight.get()))
                .orElseThrow();
    }

    private static double load(Candidate c, boolean quotas, long now) {
        double tokens = c.state().tokensLastMinute(now);
        return quotas ? tokens / c.deployment().tpm() : tokens;
    }
}

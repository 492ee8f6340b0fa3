package com.auterity.hub.ai.router;

import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The deployment where the request is expected to cost least: its estimated input tokens at the
 * input price plus its {@code max_tokens} at the output price (not the sum of the two prices, which
 * would ignore the request's shape). Ties go to the least busy.
 */
@Component
class CostStrategy implements Strategy {

    @Override
    public String name() {
        return "cost";
    }

    @Override
    public Candidate pick(List<Candidate> candidates, Estimate estimate) {
        return candidates.stream()
                .min(
                        Comparator.comparing((Candidate c) -> c.expectedCost(estimate))
                                .thenComparingInt(c -> c.state().inFlight.get()))
                .orElseThrow();
    }
}

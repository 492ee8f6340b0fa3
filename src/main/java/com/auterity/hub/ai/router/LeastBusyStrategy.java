package com.auterity.hub.ai.router;

import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/** The deployment with the fewest requests in flight; ties go to the one least used this minute. */
@Component
class LeastBusyStrategy implements Strategy {

    @Override
    public String name() {
        return "least-busy";
    }

    @Override
    public Candidate pick(List<Candidate> candidates, Estimate estimate) {
        return candidates.stream()
                .min(
                        Comparator.comparingInt((Candidate c) -> c.state().inFlight.get())
                                .thenComparingInt(
                                        c -> c.state().requestsLastMinute(estimate.now())))
                .orElseThrow();
    }
}

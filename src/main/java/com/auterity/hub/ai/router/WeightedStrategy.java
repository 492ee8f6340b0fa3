package com.auterity.hub.ai.router;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Shares by weight, smoothly and exactly (nginx's smooth weighted round-robin): with weights 3 and
 * 1, every four requests of a group send three to the first and one to the second, interleaved (a,
 * a, b, a) rather than in runs. Deployments of weight 0 take traffic only when all are 0.
 */
@Component
class WeightedStrategy implements Strategy {

    private final Map<String, Map<String, Long>> current = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "weighted";
    }

    @Override
    public Candidate pick(List<Candidate> candidates, Estimate estimate) {
        List<Candidate> weighted =
                candidates.stream().filter(c -> c.deployment().weight() > 0).toList();
        if (weighted.isEmpty()) {
            weighted = candidates;
        }
        Map<String, Long> weights = current.computeIfAbsent(estimate.group(), g -> new HashMap<>());
        synchronized (weights) {
            long total = 0;
            Candidate best = null;
            for (Candidate c : weighted) {
                long w = Math.max(1, c.deployment().weight());
                total += w;
                long now = weights.merge(c.id(), w, Long::sum);
                if (best == null || now > weights.get(best.id())) {
                    best = c;
                }
            }
            weights.merge(best.id(), -total, Long::sum);
            return best;
        }
    }
}

package com.auterity.hub.ai.router;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** Each next request of a group to the next deployment, in id order. */
@Component
class RoundRobinStrategy implements Strategy {

    private final Map<String, AtomicLong> next = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "round-robin";
    }

    @Override
    public Candidate pick(List<Candidate> candidates, Estimate estimate) {
        long n = next.computeIfAbsent(estimate.group(), g -> new AtomicLong()).getAndIncrement();
        return candidates.get((int) Math.floorMod(n, (long) candidates.size()));
    }
}

package com.auterity.hub.ai.router;

import com.auterity.hub.ai.ModelDeployment;
import java.math.BigDecimal;
import java.util.List;

/**
 * Picks one of a model group's usable deployments for a request. Adding a strategy is one class
 * implementing this; requests name it by {@link #name()}.
 */
interface Strategy {

    String name();

    /** One of {@code candidates} (never empty, in id order). */
    Candidate pick(List<Candidate> candidates, Estimate estimate);

    /** A deployment that may take the request now, with what the router knows of it. */
    record Candidate(ModelDeployment deployment, DeploymentState state, PriceTable.Prices prices) {

        String id() {
            return deployment.id();
        }

        /** What the request is expected to cost here: input tokens and max_tokens at its prices. */
        BigDecimal expectedCost(Estimate estimate) {
            return prices.cost(estimate.inputTokens(), estimate.maxTokens());
        }
    }

    /** What the router knows of a request before it is sent. */
    record Estimate(String group, long inputTokens, int maxTokens, long now) {}
}

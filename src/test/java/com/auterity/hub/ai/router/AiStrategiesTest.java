package com.auterity.hub.ai.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.ai.ModelDeployment;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each strategy's choice on deployments whose statistics are set up by hand. */
class AiStrategiesTest {

    private static final long NOW = 1_000_000;

    private static Strategy.Candidate candidate(
            String id, int weight, Long tpm, String in, String out) {
        ModelDeployment deployment =
                new ModelDeployment(
                        id,
                        "g",
                        "openai",
                        "http://x/v1",
                        "m",
                        null,
                        new BigDecimal(in),
                        new BigDecimal(out),
                        Set.of("chat"),
                        weight,
                        null,
                        tpm,
                        null);
        return new Strategy.Candidate(
                deployment,
                new DeploymentState(CircuitBreaker.ofDefaults(id)),
                new PriceTable.Prices(new BigDecimal(in), new BigDecimal(out), "deployment"));
    }

    private static Strategy.Candidate candidate(String id) {
        return candidate(id, 1, null, "1", "1");
    }

    private static Strategy.Estimate estimate(long in, int max) {
        return new Strategy.Estimate("g", in, max, NOW);
    }

    @Test
    void leastLatencyGoesByTheMovingAverageNotTheLastSample() {
        var a = candidate("a");
        var b = candidate("b");
        // a: fast for long, then one slow answer (40 ms per token); b: steadily 30 ms per token
        for (int i = 0; i < 4; i++) {
            a.state().answered(100, 10);
            b.state().answered(300, 10);
        }
        a.state().answered(400, 10);
        // a's average: 0.3 * 40 + 0.7 * 10 = 19 < 30, although its last sample is worse than b's
        assertThat(a.state().latencyPerToken())
                .isEqualTo(19.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(new LeastLatencyStrategy().pick(List.of(a, b), estimate(10, 10)).id())
                .isEqualTo("a");

        // a lasting slowdown does move it
        for (int i = 0; i < 5; i++) {
            a.state().answered(600, 10);
        }
        assertThat(new LeastLatencyStrategy().pick(List.of(a, b), estimate(10, 10)).id())
                .isEqualTo("b");
    }

    @Test
    void leastLatencyMeasuresAnUnmeasuredDeploymentFirst() {
        var a = candidate("a");
        var b = candidate("b");
        a.state().answered(10, 10);
        assertThat(new LeastLatencyStrategy().pick(List.of(a, b), estimate(10, 10)).id())
                .isEqualTo("b");
    }

    @Test
    void leastBusyTakesTheFewestInFlight() {
        var a = candidate("a");
        var b = candidate("b");
        var c = candidate("c");
        a.state().inFlight.set(3);
        b.state().inFlight.set(1);
        c.state().inFlight.set(2);
        assertThat(new LeastBusyStrategy().pick(List.of(a, b, c), estimate(10, 10)).id())
                .isEqualTo("b");
        b.state().inFlight.set(5);
        assertThat(new LeastBusyStrategy().pick(List.of(a, b, c), estimate(10, 10)).id())
                .isEqualTo("c");
    }

    @Test
    void costWeighsTheRequestsInputAndMaxTokens() {
        var cheapIn = candidate("cheap-in", 1, null, "1", "100");
        var cheapOut = candidate("cheap-out", 1, null, "50", "1");
        // 10000 in, 10 out: 10000 + 1000 vs 500000 + 10
        assertThat(new CostStrategy().pick(List.of(cheapIn, cheapOut), estimate(10_000, 10)).id())
                .isEqualTo("cheap-in");
        // 10 in, 4000 out: 10 + 400000 vs 500 + 4000
        assertThat(new CostStrategy().pick(List.of(cheapIn, cheapOut), estimate(10, 4000)).id())
                .isEqualTo("cheap-out");
        // the sum of the prices would say the opposite of the first answer
        assertThat(cheapIn.expectedCost(estimate(10_000, 10))).isEqualByComparingTo("0.011");
    }

    @Test
    void usageSpreadsTokensPerMinuteRelativeToQuotas() {
        var small = candidate("small", 1, 1_000L, "1", "1");
        var large = candidate("large", 1, 10_000L, "1", "1");
        small.state().sent(400, NOW - 1000); // 40% of its quota
        large.state().sent(3_000, NOW - 1000); // 30% of its quota
        assertThat(new UsageStrategy().pick(List.of(small, large), estimate(10, 10)).id())
                .isEqualTo("large");
        // a minute later both are forgotten: the tie goes to the first
        assertThat(small.state().tokensLastMinute(NOW + 60_000)).isZero();
        // without quotas: plain tokens
        var x = candidate("x");
        var y = candidate("y");
        x.state().sent(500, NOW);
        y.state().sent(200, NOW);
        assertThat(new UsageStrategy().pick(List.of(x, y), estimate(10, 10)).id()).isEqualTo("y");
    }

    @Test
    void weightedIsExactAndInterleaved() {
        var a = candidate("a", 3, null, "1", "1");
        var b = candidate("b", 1, null, "1", "1");
        var zero = candidate("z", 0, null, "1", "1");
        WeightedStrategy weighted = new WeightedStrategy();
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            picks.add(weighted.pick(List.of(a, b, zero), estimate(1, 1)).id());
        }
        assertThat(picks).containsExactly("a", "a", "b", "a", "a", "a", "b", "a");
    }

    @Test
    void roundRobinCyclesPerGroup() {
        var a = candidate("a");
        var b = candidate("b");
        RoundRobinStrategy rr = new RoundRobinStrategy();
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picks.add(rr.pick(List.of(a, b), estimate(1, 1)).id());
        }
        assertThat(picks).containsExactly("a", "b", "a", "b");
    }
}

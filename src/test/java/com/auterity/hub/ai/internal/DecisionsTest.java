package com.auterity.hub.ai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.auterity.hub.ai.CognitiveEngine.Constraint;
import com.auterity.hub.ai.CognitiveEngine.Contribution;
import com.auterity.hub.ai.CognitiveEngine.Criterion;
import com.auterity.hub.ai.CognitiveEngine.DecideRequest;
import com.auterity.hub.ai.CognitiveEngine.DecideResult;
import com.auterity.hub.ai.CognitiveEngine.ExcludedOption;
import com.auterity.hub.ai.CognitiveEngine.Option;
import com.auterity.hub.ai.CognitiveEngine.RankedOption;
import com.auterity.hub.shared.ServiceError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionsTest {

    private final Decisions decisions = new Decisions(100);

    private static final List<Option> SUPPLIERS =
            List.of(
                    new Option("A", Map.of("price", 100.0, "quality", 7.0, "delivery", 3.0)),
                    new Option("B", Map.of("price", 150.0, "quality", 9.0, "delivery", 2.0)),
                    new Option("C", Map.of("price", 120.0, "quality", 8.0, "delivery", 10.0)),
                    new Option("D", Map.of("price", 90.0, "quality", 5.0)));

    private static final List<Criterion> CRITERIA =
            List.of(
                    new Criterion("price", 2.0, "minimize"),
                    new Criterion("quality", 2.0, "maximize"),
                    new Criterion("delivery", 1.0, "minimize"));

    @Test
    void theBestFeasibleOptionWinsWithItsContributionsAndTheExclusionsExplained() {
        DecideResult result =
                decisions.decide(
                        new DecideRequest(
                                SUPPLIERS,
                                CRITERIA,
                                List.of(new Constraint("delivery", null, 7.0))));

        assertThat(result.best()).isEqualTo("B");
        assertThat(result.ranking())
                .extracting(RankedOption::rank, RankedOption::name, RankedOption::score)
                .containsExactly(tuple(1, "B", 0.6), tuple(2, "A", 0.4));
        assertThat(result.ranking().get(0).contributions())
                .extracting(
                        Contribution::criterion,
                        Contribution::value,
                        Contribution::normalized,
                        Contribution::weight,
                        Contribution::contribution)
                .containsExactly(
                        tuple("price", 150.0, 0.0, 0.4, 0.0),
                        tuple("quality", 9.0, 1.0, 0.4, 0.4),
                        tuple("delivery", 2.0, 1.0, 0.2, 0.2));
        assertThat(result.excluded())
                .extracting(ExcludedOption::name, ExcludedOption::reasons)
                .containsExactly(
                        tuple("C", List.of("delivery 10 is above the maximum 7")),
                        tuple("D", List.of("has no value for 'delivery'")));
        assertThat(result.explanation())
                .isEqualTo(
                        "B ranks first (score 0.6: quality 0.4, delivery 0.2, price 0), 0.2 ahead"
                                + " of A. 2 of 4 options excluded: C (delivery 10 is above the"
                                + " maximum 7), D (has no value for 'delivery').");
    }

    @Test
    void withoutConstraintsTheCheapestCanWinWhenPriceWeighsMost() {
        DecideResult result =
                decisions.decide(
                        new DecideRequest(
                                SUPPLIERS.subList(0, 3),
                                List.of(
                                        new Criterion("price", 10.0, "min"),
                                        new Criterion("quality", 1.0, null)),
                                null));

        assertThat(result.ranking()).extracting(RankedOption::name).containsExactly("A", "C", "B");
        assertThat(result.excluded()).isEmpty();
    }

    @Test
    void equalOptionsShareARankAndKeepTheirOrder() {
        DecideResult result =
                decisions.decide(
                        new DecideRequest(
                                List.of(
                                        new Option("X", Map.of("speed", 5.0)),
                                        new Option("Y", Map.of("speed", 5.0)),
                                        new Option("Z", Map.of("speed", 1.0))),
                                List.of(new Criterion("speed", 1.0, "maximize")),
                                null));

        assertThat(result.ranking())
                .extracting(RankedOption::rank, RankedOption::name, RankedOption::score)
                .containsExactly(tuple(1, "X", 1.0), tuple(1, "Y", 1.0), tuple(3, "Z", 0.0));
        assertThat(result.explanation()).contains("tied with Y");
    }

    @Test
    void whenEveryOptionIsExcludedThereIsNoBest() {
        DecideResult result =
                decisions.decide(
                        new DecideRequest(
                                SUPPLIERS,
                                CRITERIA,
                                List.of(new Constraint("price", 200.0, null))));

        assertThat(result.best()).isNull();
        assertThat(result.ranking()).isEmpty();
        assertThat(result.excluded()).hasSize(4);
        assertThat(result.excluded().get(0).reasons())
                .containsExactly("price 100 is below the minimum 200");
        assertThat(result.explanation()).startsWith("No option meets the constraints. 4 of 4");
    }

    @Test
    void aCriterionWhereAllOptionsAreEqualGivesEachFullMarks() {
        DecideResult result =
                decisions.decide(
                        new DecideRequest(
                                List.of(new Option("only", Map.of("cost", 3.0))),
                                List.of(new Criterion("cost", 1.0, "minimize")),
                                null));

        assertThat(result.best()).isEqualTo("only");
        assertThat(result.ranking().get(0).score()).isEqualTo(1.0);
    }

    @Test
    void invalidRequestsAreRefusedWithEveryProblem() {
        assertThatThrownBy(
                        () ->
                                decisions.decide(
                                        new DecideRequest(
                                                List.of(
                                                        new Option("A", Map.of()),
                                                        new Option("A", Map.of())),
                                                List.of(
                                                        new Criterion("x", -1.0, "sideways"),
                                                        new Criterion("x", 1.0, null)),
                                                List.of(new Constraint("x", 5.0, 1.0)))))
                .isInstanceOfSatisfying(
                        ServiceError.class,
                        e -> {
                            assertThat(e.code()).isEqualTo("VALIDATION_FAILED");
                            assertThat(e.details().toString())
                                    .contains("options[1].name")
                                    .contains("criteria[0].weight")
                                    .contains("criteria[0].direction")
                                    .contains("criteria[1].name")
                                    .contains("min must not be greater than max");
                        });
        assertThatThrownBy(
                        () ->
                                decisions.decide(
                                        new DecideRequest(
                                                List.of(new Option("A", Map.of("x", 1.0))),
                                                List.of(new Criterion("x", 0.0, null)),
                                                null)))
                .isInstanceOfSatisfying(
                        ServiceError.class,
                        e -> assertThat(e.details().toString()).contains("at least one weight"));
        assertThatThrownBy(() -> decisions.decide(new DecideRequest(null, null, null)))
                .isInstanceOf(ServiceError.class);
    }
}

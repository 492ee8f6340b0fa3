package com.auterity.hub.ai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import com.auterity.hub.ai.CognitiveEngine.Anomaly;
import com.auterity.hub.ai.CognitiveEngine.AnomalyRequest;
import com.auterity.hub.ai.CognitiveEngine.AnomalyResult;
import com.auterity.hub.shared.ServiceError;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomaliesTest {

    private final Anomalies anomalies = new Anomalies(1000);

    private AnomalyResult detect(String method, Double threshold, Double k, Double... values) {
        return anomalies.detect(new AnomalyRequest(Arrays.asList(values), method, threshold, k));
    }

    @Test
    void robustZScoreUsesTheMedianAndTheMad() {
        AnomalyResult result =
                detect(
                        null, null, null, 10.0, 12.0, 11.0, 13.0, 12.0, 11.0, 100.0, 12.0, 10.0,
                        -50.0);

        assertThat(result.method()).isEqualTo("zscore");
        assertThat(result.statistics().count()).isEqualTo(10);
        assertThat(result.statistics().median()).isEqualTo(11.5);
        assertThat(result.statistics().mad()).isEqualTo(1.0);
        assertThat(result.statistics().threshold()).isEqualTo(3.5);
        assertThat(result.anomalies())
                .extracting(Anomaly::index, Anomaly::value, Anomaly::direction)
                .containsExactly(tuple(6, 100.0, "high"), tuple(9, -50.0, "low"));
        // z = 0.6745 (x - median) / MAD
        assertThat(result.anomalies().get(0).score()).isCloseTo(0.6745 * 88.5, within(1e-4));
        assertThat(result.anomalies().get(1).score()).isCloseTo(-0.6745 * 61.5, within(1e-4));
    }

    @Test
    void theThresholdDecidesWhatIsAnomalous() {
        // median 11.5, MAD 0.5: z of 10 and 13 is 0.6745 * 1.5 / 0.5 = 2.02
        assertThat(detect("zscore", 2.0, null, 10.0, 12.0, 11.0, 13.0, 12.0, 11.0).anomalies())
                .extracting(Anomaly::index, Anomaly::score)
                .containsExactly(tuple(0, -2.0235), tuple(3, 2.0235));
        assertThat(detect("zscore", 2.1, null, 10.0, 12.0, 11.0, 13.0, 12.0, 11.0).anomalies())
                .isEmpty();
    }

    @Test
    void whenMostValuesAreEqualTheMeanAbsoluteDeviationReplacesTheZeroMad() {
        AnomalyResult result = detect("zscore", null, null, 5.0, 5.0, 5.0, 5.0, 100.0);

        assertThat(result.statistics().mad()).isZero();
        assertThat(result.statistics().meanAbsoluteDeviation()).isEqualTo(19.0);
        assertThat(result.anomalies())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.index()).isEqualTo(4);
                            assertThat(a.score()).isCloseTo(95 / (1.253314 * 19), within(1e-4));
                        });
    }

    @Test
    void aConstantSeriesHasNoAnomalies() {
        assertThat(detect("zscore", null, null, 7.0, 7.0, 7.0, 7.0).anomalies()).isEmpty();
        AnomalyResult iqr = detect("iqr", null, null, 7.0, 7.0, 7.0, 7.0);
        assertThat(iqr.anomalies()).isEmpty();
        assertThat(iqr.statistics().iqr()).isZero();
    }

    @Test
    void anEmptySeriesHasNoAnomaliesAndCountZero() {
        AnomalyResult z = detect("zscore", null, null);
        assertThat(z.anomalies()).isEmpty();
        assertThat(z.statistics().count()).isZero();
        assertThat(z.statistics().median()).isNull();
        AnomalyResult iqr = detect("iqr", null, null);
        assertThat(iqr.anomalies()).isEmpty();
        assertThat(iqr.statistics().k()).isEqualTo(1.5);
    }

    @Test
    void iqrUsesTukeysFencesWithInterpolatedQuartiles() {
        AnomalyResult result =
                detect("iqr", null, null, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 100.0);

        var s = result.statistics();
        assertThat(List.of(s.q1(), s.median(), s.q3(), s.iqr(), s.lowerFence(), s.upperFence()))
                .containsExactly(3.25, 5.5, 7.75, 4.5, -3.5, 14.5);
        assertThat(s.mad()).isNull();
        assertThat(result.anomalies())
                .extracting(Anomaly::index, Anomaly::score, Anomaly::direction)
                .containsExactly(tuple(9, 19.0, "high"));
    }

    @Test
    void aSmallerKFlagsMore() {
        // Q1 2, Q3 4: with k = 0 the fences are the quartiles themselves
        assertThat(detect("iqr", null, null, 1.0, 2.0, 3.0, 4.0, 5.0).anomalies()).isEmpty();
        assertThat(detect("iqr", null, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0).anomalies())
                .extracting(Anomaly::index, Anomaly::score, Anomaly::direction)
                .containsExactly(tuple(0, 0.5, "low"), tuple(4, 0.5, "high"));
    }

    @Test
    void invalidRequestsAreRefusedWithEveryProblem() {
        assertThatThrownBy(() -> detect("median", 0.0, 1.0, 1.0, null))
                .isInstanceOfSatisfying(
                        ServiceError.class,
                        e -> {
                            assertThat(e.code()).isEqualTo("VALIDATION_FAILED");
                            assertThat(e.details().toString())
                                    .contains("values[1]")
                                    .contains("must be zscore or iqr")
                                    .contains("threshold");
                        });
        assertThatThrownBy(() -> detect("iqr", 3.0, null, 1.0))
                .isInstanceOfSatisfying(
                        ServiceError.class,
                        e -> assertThat(e.details().toString()).contains("iqr takes k"));
        assertThatThrownBy(() -> anomalies.detect(new AnomalyRequest(null, null, null, null)))
                .isInstanceOf(ServiceError.class);
        Double[] tooMany = new Double[1001];
        Arrays.fill(tooMany, 1.0);
        assertThatThrownBy(() -> detect(null, null, null, tooMany))
                .isInstanceOfSatisfying(
                        ServiceError.class,
                        e -> assertThat(e.details().toString()).contains("at most 1000 values"));
    }
}

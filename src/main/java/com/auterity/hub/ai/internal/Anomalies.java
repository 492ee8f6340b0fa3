package com.auterity.hub.ai.internal;

import com.auterity.hub.ai.AiProperties;
import com.auterity.hub.ai.CognitiveEngine.Anomaly;
import com.auterity.hub.ai.CognitiveEngine.AnomalyRequest;
import com.auterity.hub.ai.CognitiveEngine.AnomalyResult;
import com.auterity.hub.ai.CognitiveEngine.SeriesStatistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Outliers of a numeric series.
 *
 * <ul>
 *   <li>{@code zscore}: the modified z-score of Iglewicz and Hoaglin, z = 0.6745 (x - median) /
 *       MAD, where MAD is the median absolute deviation from the median; |z| above the threshold
 *       (3.5 by default) is an anomaly. When more than half the values are equal the MAD is 0, and
 *       the mean absolute deviation takes its place: z = (x - median) / (1.253314 MeanAD). A
 *       constant series has no anomalies.
 *   <li>{@code iqr}: Tukey's fences, below Q1 - k IQR or above Q3 + k IQR (k 1.5 by default), with
 *       quartiles interpolated linearly between order statistics (R's type 7, numpy's default).
 * </ul>
 *
 * Both are robust: one huge outlier does not hide the others, as it would with a mean and a
 * standard deviation. An empty series has no anomalies and statistics of count 0.
 */
@Component
public class Anomalies {

    public static final double DEFAULT_THRESHOLD = 3.5;
    public static final double DEFAULT_K = 1.5;

    private static final double MAD_SCALE = 0.6745;
    private static final double MEAN_AD_SCALE = 1.253314;

    private final int maxValues;

    @Autowired
    public Anomalies(AiProperties ai) {
        this(ai.cognitive().maxValues());
    }

    Anomalies(int maxValues) {
        this.maxValues = maxValues;
    }

    public AnomalyResult detect(AnomalyRequest request) {
        String method =
                request.method() == null ? "zscore" : request.method().toLowerCase(Locale.ROOT);
        Problems problems = new Problems();
        if (request.values() == null) {
            throw Problems.single("values", "must be a list of numbers");
        }
        if (request.values().size() > maxValues) {
            throw Problems.single("values", "at most " + maxValues + " values");
        }
        for (int i = 0; i < request.values().size(); i++) {
            Double v = request.values().get(i);
            if (v == null || !Double.isFinite(v)) {
                problems.add("values[" + i + "]", "must be a number");
            }
        }
        if (!method.equals("zscore") && !method.equals("iqr")) {
            problems.add("method", "must be zscore or iqr");
        }
        if (method.equals("zscore") && request.k() != null) {
            problems.add("k", "is a setting of the iqr method; zscore takes a threshold");
        }
        if (method.equals("iqr") && request.threshold() != null) {
            problems.add("threshold", "is a setting of the zscore method; iqr takes k");
        }
        if (request.threshold() != null && !(request.threshold() > 0)) {
            problems.add("threshold", "must be greater than 0");
        }
        if (request.k() != null && !(request.k() >= 0)) {
            problems.add("k", "must be 0 or more");
        }
        problems.throwIfAny();
        double[] values = request.values().stream().mapToDouble(Double::doubleValue).toArray();
        return method.equals("iqr")
                ? iqr(values, request.k() == null ? DEFAULT_K : request.k())
                : zscore(
                        values,
                        request.threshold() == null ? DEFAULT_THRESHOLD : request.threshold());
    }

    static AnomalyResult zscore(double[] values, double threshold) {
        if (values.length == 0) {
            return new AnomalyResult(
                    "zscore",
                    List.of(),
                    new SeriesStatistics(
                            0, null, null, null, threshold, null, null, null, null, null, null));
        }
        double median = quantile(sorted(values), 0.5);
        double[] deviations = Arrays.stream(values).map(v -> Math.abs(v - median)).toArray();
        double mad = quantile(sorted(deviations), 0.5);
        double meanAd = Arrays.stream(deviations).average().orElse(0);
        List<Anomaly> anomalies = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            double z;
            if (mad > 0) {
                z = MAD_SCALE * (values[i] - median) / mad;
            } else if (meanAd > 0) {
                z = (values[i] - median) / (MEAN_AD_SCALE * meanAd);
            } else {
                z = 0;
            }
            if (Math.abs(z) > threshold) {
                anomalies.add(new Anomaly(i, values[i], round(z), z > 0 ? "high" : "low"));
            }
        }
        return new AnomalyResult(
                "zscore",
                anomalies,
                new SeriesStatistics(
                        values.length,
                        median,
                        mad,
                        meanAd,
                        threshold,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
    }

    static AnomalyResult iqr(double[] values, double k) {
        if (values.length == 0) {
            return new AnomalyResult(
                    "iqr",
                    List.of(),
                    new SeriesStatistics(
                            0, null, null, null, null, null, null, null, k, null, null));
        }
        double[] sorted = sorted(values);
        double q1 = quantile(sorted, 0.25);
        double median = quantile(sorted, 0.5);
        double q3 = quantile(sorted, 0.75);
        double iqr = q3 - q1;
        double lower = q1 - k * iqr;
        double upper = q3 + k * iqr;
        List<Anomaly> anomalies = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v < lower || v > upper) {
                double beyond = v > upper ? v - upper : lower - v;
                anomalies.add(
                        new Anomaly(
                                i,
                                v,
                                iqr > 0 ? round(beyond / iqr) : null,
                                v > upper ? "high" : "low"));
            }
        }
        return new AnomalyResult(
                "iqr",
                anomalies,
                new SeriesStatistics(
                        values.length, median, null, null, null, q1, q3, iqr, k, lower, upper));
    }

    private static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** Linear interpolation between order statistics (R type 7). */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = (int) Math.ceil(h);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}

package com.auterity.hub.ai;

import com.auterity.hub.shared.ServiceError;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * The cognitive engine: language and decision functions that run inside the hub, on an in-process
 * embedding model ({@code all-MiniLM-L6-v2}, 384 dimensions), without any network call.
 *
 * <p>Every method is thread-safe and validates its request against the limits of {@code
 * hub.ai.cognitive}: a client's mistake throws {@link ServiceError} {@code VALIDATION_FAILED} (400)
 * whose details list {@code {field, message}}. If the embedding model cannot be loaded, the methods
 * that need it throw {@code MODEL_UNAVAILABLE} (503). Texts are never logged.
 */
public interface CognitiveEngine {

    /** Embeds one text or several: give {@code text} or {@code texts}. */
    EmbedResult embed(EmbedRequest request);

    /** Ranks candidates by cosine similarity to a text, most similar first. */
    SimilarityResult similarity(SimilarityRequest request);

    /** Zero-shot classification of one text or several into the given labels. */
    ClassifyResult classify(ClassifyRequest request);

    /** Lexicon-based sentiment of one text or several. */
    SentimentResult sentiment(SentimentRequest request);

    /** Emails, phone numbers, amounts, dates, URLs, IBANs and card numbers found in a text. */
    ExtractResult extract(ExtractRequest request);

    /** Outliers of a numeric series, by robust z-score or by the interquartile range. */
    AnomalyResult anomalies(AnomalyRequest request);

    /** The best option under weighted criteria and hard constraints, with the ranking and why. */
    DecideResult decide(DecideRequest request);

    /** The embedding model, and whether (and how fast) it was loaded. */
    ModelInfo model();

    // ---- embeddings and similarity

    record EmbedRequest(String text, List<String> texts) {}

    /** Unit-length vectors, in the order of the texts. */
    record EmbedResult(String model, int dimension, List<float[]> embeddings) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SimilarityRequest(String text, List<String> candidates, Integer topK) {}

    /** A candidate (its index in the request) and its cosine similarity (-1 to 1) to the text. */
    record Match(int index, String text, double similarity) {}

    record SimilarityResult(String model, List<Match> matches) {}

    // ---- classification

    /**
     * A class a text may belong to. {@code description} and {@code examples} are optional but make
     * a large difference: a bare name is a weak description of a class. In JSON a label may also be
     * just its name.
     */
    record Label(String name, String description, List<String> examples) {

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Label named(String name) {
            return new Label(name, null, null);
        }
    }

    /**
     * {@code threshold}: least confidence (0-1) for a label to be given; default {@code
     * hub.ai.cognitive.classify-threshold}.
     */
    record ClassifyRequest(String text, List<String> texts, List<Label> labels, Double threshold) {}

    /**
     * {@code similarity}: cosine between the text and the nearest description or example of the
     * label; {@code confidence}: the softmax of the similarities over all labels (they sum to 1).
     */
    record LabelScore(String label, double similarity, double confidence) {}

    /**
     * {@code label} is {@code null} when no label reaches the threshold (or the minimum
     * similarity); {@code scores} rank every label, best first.
     */
    record Classification(String label, double confidence, List<LabelScore> scores) {}

    record ClassifyResult(String model, double threshold, List<Classification> results) {}

    // ---- sentiment

    record SentimentRequest(String text, List<String> texts) {}

    /** A word or phrase of the text that carried sentiment, and its valence after modifiers. */
    record Term(String term, double valence) {}

    /**
     * {@code label}: positive, negative or neutral; {@code score}: from -1 (most negative) to 1.
     */
    record Sentiment(String label, double score, List<Term> terms) {}

    record SentimentResult(String method, List<Sentiment> results) {}

    // ---- extraction

    /** {@code types}: any of email, phone, amount, date, url, iban, card; default all of them. */
    record ExtractRequest(String text, List<String> types) {}

    /**
     * A found entity. {@code start} and {@code end} are offsets in the text (UTF-16 code units, end
     * exclusive, as in Java and JavaScript); {@code value} is normalised (an ISO date, an
     * E.164-style phone number, an IBAN without spaces...). Card numbers are masked but for their
     * last four digits, in {@code text} and {@code value} alike.
     */
    record Entity(
            String type,
            String text,
            String value,
            int start,
            int end,
            Map<String, Object> attributes) {}

    record ExtractResult(List<Entity> entities) {}

    // ---- anomalies

    /**
     * {@code method}: {@code zscore} (default; robust z-score from the median and MAD, anomalous
     * when |z| exceeds {@code threshold}, default 3.5) or {@code iqr} (outside [Q1 - k IQR, Q3 + k
     * IQR], {@code k} default 1.5).
     */
    record AnomalyRequest(List<Double> values, String method, Double threshold, Double k) {}

    /**
     * {@code score}: the robust z-score, or for {@code iqr} the distance beyond the fence in IQRs
     * ({@code null} when the IQR is 0); {@code direction}: high or low.
     */
    record Anomaly(int index, double value, Double score, String direction) {}

    /** The statistics a method used; fields of the other method are left out. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SeriesStatistics(
            int count,
            Double median,
            Double mad,
            Double meanAbsoluteDeviation,
            Double threshold,
            Double q1,
            Double q3,
            Double iqr,
            Double k,
            Double lowerFence,
            Double upperFence) {}

    record AnomalyResult(String method, List<Anomaly> anomalies, SeriesStatistics statistics) {}

    // ---- decisions

    /** An option and its value for each criterion. */
    record Option(String name, Map<String, Double> values) {}

    /**
     * {@code weight}: any non-negative number (weights are normalised to sum 1); {@code direction}:
     * maximize (default) or minimize.
     */
    record Criterion(String name, Double weight, String direction) {}

    /** A hard constraint: an option whose value lies outside [min, max] is excluded. */
    record Constraint(String criterion, Double min, Double max) {}

    record DecideRequest(
            List<Option> options, List<Criterion> criteria, List<Constraint> constraints) {}

    /**
     * How one criterion adds to an option's score: its value, the value scaled to 0-1 over the
     * feasible options (1 is best), the normalised weight and their product.
     */
    record Contribution(
            String criterion,
            double value,
            double normalized,
            double weight,
            double contribution) {}

    /** {@code score}: the weighted sum of the normalised values, 0 to 1. */
    record RankedOption(
            int rank, String name, double score, List<Contribution> contributions, String reason) {}

    record ExcludedOption(String name, List<String> reasons) {}

    /** {@code best} is {@code null} when every option was excluded. */
    record DecideResult(
            String best,
            List<RankedOption> ranking,
            List<ExcludedOption> excluded,
            String explanation) {}

    // ---- the model

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ModelInfo(String name, int dimension, boolean loaded, Long loadMs, long embedded) {}
}

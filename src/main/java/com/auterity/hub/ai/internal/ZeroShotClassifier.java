package com.auterity.hub.ai.internal;

import com.auterity.hub.ai.AiProperties;
import com.auterity.hub.ai.CognitiveEngine.Classification;
import com.auterity.hub.ai.CognitiveEngine.Label;
import com.auterity.hub.ai.CognitiveEngine.LabelScore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Zero-shot classification by embedding similarity. Each label is described by prototypes: "name:
 * description" (or the name alone) and each of its examples. A text's similarity to a label is its
 * cosine to the nearest prototype; the confidences are the softmax of those similarities divided by
 * a temperature ({@code hub.ai.cognitive.temperature}, 0.05 by default, tuned on a fixed set of
 * support tickets: a gap of 0.1 in cosine gives odds of e^2 = 7.4 to 1). A text gets the best label
 * only when its confidence reaches the threshold and its similarity the minimum similarity, so an
 * off-topic text gets none rather than the least bad one.
 */
@Component
public class ZeroShotClassifier {

    /** Most examples of one label. */
    static final int MAX_EXAMPLES = 20;

    static final int MAX_NAME = 100;

    private final Embeddings embeddings;
    private final AiProperties.Cognitive settings;

    public ZeroShotClassifier(Embeddings embeddings, AiProperties ai) {
        this.embeddings = embeddings;
        this.settings = ai.cognitive();
    }

    /** Checks the labels of a request; thrown as {@code VALIDATION_FAILED}. */
    void validate(List<Label> labels, Double threshold) {
        Problems problems = new Problems();
        if (labels == null || labels.size() < 2) {
            throw Problems.single("labels", "give at least 2 labels");
        }
        if (labels.size() > settings.maxLabels()) {
            throw Problems.single("labels", "at most " + settings.maxLabels() + " labels");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            String where = "labels[" + i + "]";
            Label label = labels.get(i);
            if (label == null || label.name() == null || label.name().isBlank()) {
                problems.add(where + ".name", "must not be blank");
                continue;
            }
            if (label.name().length() > MAX_NAME) {
                problems.add(where + ".name", "at most " + MAX_NAME + " characters");
            } else if (!names.add(label.name())) {
                problems.add(where + ".name", "'" + label.name() + "' is given twice");
            }
            if (label.description() != null) {
                problems.checkText(where + ".description", label.description(), 1000);
            }
            if (label.examples() != null) {
                if (label.examples().size() > MAX_EXAMPLES) {
                    problems.add(where + ".examples", "at most " + MAX_EXAMPLES + " examples");
                } else {
                    for (int j = 0; j < label.examples().size(); j++) {
                        problems.checkText(
                                where + ".examples[" + j + "]",
                                label.examples().get(j),
                                settings.maxChars());
                    }
                }
            }
        }
        if (threshold != null && (threshold < 0 || threshold > 1 || threshold.isNaN())) {
            problems.add("threshold", "must be between 0 and 1");
        }
        problems.throwIfAny();
    }

    /** Classifies each text; {@code labels} must have passed {@link #validate}. */
    List<Classification> classify(List<String> texts, List<Label> labels, double threshold) {
        List<List<float[]>> prototypes = new ArrayList<>();
        for (Label label : labels) {
            prototypes.add(embeddings.embed(prototypeTexts(label)));
        }
        List<float[]> vectors = embeddings.embed(texts);
        List<Classification> results = new ArrayList<>(vectors.size());
        for (float[] vector : vectors) {
            double[] similarity = new double[labels.size()];
            for (int l = 0; l < labels.size(); l++) {
                double best = -1;
                for (float[] prototype : prototypes.get(l)) {
                    best = Math.max(best, Embeddings.cosine(vector, prototype));
                }
                similarity[l] = best;
            }
            results.add(decide(labels, similarity, threshold));
        }
        return results;
    }

    private Classification decide(List<Label> labels, double[] similarity, double threshold) {
        double[] confidence = softmax(similarity, settings.temperature());
        List<LabelScore> scores = new ArrayList<>(labels.size());
        for (int l = 0; l < labels.size(); l++) {
            scores.add(
                    new LabelScore(
                            labels.get(l).name(), round(similarity[l]), round(confidence[l])));
        }
        scores.sort(Comparator.comparingDouble(LabelScore::similarity).reversed());
        LabelScore top = scores.get(0);
        boolean accepted =
                top.confidence() >= threshold && top.similarity() >= settings.minSimilarity();
        return new Classification(
                accepted ? top.label() : null, top.confidence(), List.copyOf(scores));
    }

    static List<String> prototypeTexts(Label label) {
        String name = label.name().replace('_', ' ').replace('-', ' ').strip();
        List<String> texts = new ArrayList<>();
        texts.add(
                label.description() == null || label.description().isBlank()
                        ? name
                        : name + ": " + label.description().strip());
        if (label.examples() != null) {
            texts.addAll(label.examples());
        }
        return texts;
    }

    static double[] softmax(double[] values, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        double[] result = new double[values.length];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            result[i] = Math.exp((values[i] - max) / temperature);
            sum += result[i];
        }
        for (int i = 0; i < values.length; i++) {
            result[i] /= sum;
        }
        return result;
    }

    static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}

package com.auterity.hub.ai.internal;

import com.auterity.hub.ai.AiProperties;
import com.auterity.hub.ai.CognitiveEngine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Service;

/** The {@link CognitiveEngine}: checks each request against the limits, then hands it on. */
@Service
class InProcessCognitiveEngine implements CognitiveEngine {

    private final AiProperties.Cognitive settings;
    private final Embeddings embeddings;
    private final ZeroShotClassifier classifier;
    private final LexiconSentiment sentiment;
    private final Extractor extractor;
    private final Anomalies anomalies;
    private final Decisions decisions;

    InProcessCognitiveEngine(
            AiProperties ai,
            Embeddings embeddings,
            ZeroShotClassifier classifier,
            LexiconSentiment sentiment,
            Extractor extractor,
            Anomalies anomalies,
            Decisions decisions) {
        this.settings = ai.cognitive();
        this.embeddings = embeddings;
        this.classifier = classifier;
        this.sentiment = sentiment;
        this.extractor = extractor;
        this.anomalies = anomalies;
        this.decisions = decisions;
    }

    @Override
    public EmbedResult embed(EmbedRequest request) {
        List<String> texts = texts(request.text(), request.texts());
        List<float[]> vectors = new ArrayList<>();
        // copies: the cached vectors must not change under other callers
        embeddings.embed(texts).forEach(v -> vectors.add(v.clone()));
        return new EmbedResult(Embeddings.MODEL, Embeddings.DIMENSION, vectors);
    }

    @Override
    public SimilarityResult similarity(SimilarityRequest request) {
        Problems problems = new Problems().checkText("text", request.text(), settings.maxChars());
        List<String> candidates = request.candidates();
        if (candidates == null || candidates.isEmpty()) {
            problems.add("candidates", "give at least 1 candidate");
        } else if (candidates.size() > settings.maxTexts()) {
            problems.add("candidates", "at most " + settings.maxTexts() + " candidates");
        } else {
            for (int i = 0; i < candidates.size(); i++) {
                problems.checkText("candidates[" + i + "]", candidates.get(i), settings.maxChars());
            }
        }
        if (request.topK() != null && request.topK() < 1) {
            problems.add("top_k", "must be 1 or more");
        }
        problems.throwIfAny();
        float[] text = embeddings.embed(request.text());
        List<float[]> vectors = embeddings.embed(candidates);
        List<Match> matches = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            matches.add(
                    new Match(
                            i,
                            candidates.get(i),
                            ZeroShotClassifier.round(Embeddings.cosine(text, vectors.get(i)))));
        }
        matches.sort(Comparator.comparingDouble(Match::similarity).reversed());
        int keep =
                request.topK() == null ? matches.size() : Math.min(request.topK(), matches.size());
        return new SimilarityResult(Embeddings.MODEL, List.copyOf(matches.subList(0, keep)));
    }

    @Override
    public ClassifyResult classify(ClassifyRequest request) {
        classifier.validate(request.labels(), request.threshold());
        List<String> texts = texts(request.text(), request.texts());
        double threshold =
                request.threshold() == null ? settings.classifyThreshold() : request.threshold();
        return new ClassifyResult(
                Embeddings.MODEL,
                threshold,
                classifier.classify(texts, request.labels(), threshold));
    }

    @Override
    public SentimentResult sentiment(SentimentRequest request) {
        List<String> texts = texts(request.text(), request.texts());
        return new SentimentResult("lexicon", texts.stream().map(sentiment::analyse).toList());
    }

    @Override
    public ExtractResult extract(ExtractRequest request) {
        Problems problems = new Problems().checkText("text", request.text(), settings.maxChars());
        Set<String> types = null;
        if (request.types() != null) {
            types = new LinkedHashSet<>();
            for (int i = 0; i < request.types().size(); i++) {
                String type = request.types().get(i);
                String normalised = type == null ? null : type.toLowerCase(Locale.ROOT);
                if (!Extractor.TYPES.contains(normalised)) {
                    problems.add(
                            "types[" + i + "]",
                            "must be one of " + String.join(", ", Extractor.TYPES));
                } else {
                    types.add(normalised);
                }
            }
            if (request.types().isEmpty()) {
                problems.add("types", "leave it out for all types, or name some");
            }
        }
        problems.throwIfAny();
        return new ExtractResult(extractor.extract(request.text(), types));
    }

    @Override
    public AnomalyResult anomalies(AnomalyRequest request) {
        return anomalies.detect(request);
    }

    @Override
    public DecideResult decide(DecideRequest request) {
        return decisions.decide(request);
    }

    @Override
    public ModelInfo model() {
        return new ModelInfo(
                Embeddings.MODEL,
                Embeddings.DIMENSION,
                embeddings.loaded(),
                embeddings.loadMillis(),
                embeddings.embeddedCount());
    }

    private List<String> texts(String text, List<String> texts) {
        return Problems.texts(text, texts, settings.maxTexts(), settings.maxChars());
    }
}

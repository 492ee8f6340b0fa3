package com.auterity.hub.ai.node;

import com.auterity.hub.ai.CognitiveEngine;
import com.auterity.hub.ai.CognitiveEngine.SentimentRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * The sentiment of a text of the message, from the cognitive engine's lexicon: {@code {"field":
 * "review.text"}} sets {@code sentiment} (or {@code output}) to {@code {label, score, terms}}. A
 * condition or switch node after it can route on {@code .sentiment.label}.
 */
@Component
class SentimentAnalysisNode extends TextNode {

    SentimentAnalysisNode() {
        super("sentiment", Scorer.NAME, "sentiment-analysis", "sentiment");
    }

    @Component(Scorer.NAME)
    static class Scorer extends TextNode.Step {

        static final String NAME = "hubCognitiveSentiment";

        private final CognitiveEngine engine;

        Scorer(CognitiveEngine engine, ObjectMapper json) {
            super(json);
            this.engine = engine;
        }

        @Override
        Object result(String text) {
            return engine.sentiment(new SentimentRequest(text, null)).results().get(0);
        }
    }
}

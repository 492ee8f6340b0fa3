package com.auterity.hub.ai.node;

import com.auterity.hub.ai.CognitiveEngine;
import com.auterity.hub.ai.CognitiveEngine.SentimentRequest;
import com.auterity.hub.shared.ServiceError;
import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The sentiment of a text of the message, from the cognitive engine's lexicon: {@code {"field":
 * "review.text"}} sets {@code sentiment} (or {@code output}) to {@code {label, score, terms}}. A
 * condition or switch node after it can route on {@code .sentiment.label}.
 */
@Component
class SentimentAnalysisNode implements NodeType {

    @Override
    public List<String> types() {
        return List.of("sentiment-analysis", "sentiment");
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of("type", "object", "properties", CognitiveNodes.fieldSchemas("sentiment"));
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        return CognitiveNodes.validatePaths(node);
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        List<Map<String, Object>> steps =
                new ArrayList<>(CognitiveNodes.properties(node, "sentiment", null));
        steps.add(CognitiveNodes.process(Scorer.NAME));
        return steps;
    }

    @Component(Scorer.NAME)
    static class Scorer implements Processor {

        static final String NAME = "hubCognitiveSentiment";

        private final CognitiveEngine engine;
        private final ObjectMapper json;

        Scorer(CognitiveEngine engine, ObjectMapper json) {
            this.engine = engine;
            this.json = json;
        }

        @Override
        public void process(Exchange exchange) {
            ObjectNode message = CognitiveNodes.message(exchange, json);
            String text = CognitiveNodes.text(exchange, message);
            try {
                var result = engine.sentiment(new SentimentRequest(text, null)).results().get(0);
                CognitiveNodes.output(exchange, message, json.valueToTree(result));
            } catch (ServiceError e) {
                throw CognitiveNodes.failure(e);
            }
        }
    }
}

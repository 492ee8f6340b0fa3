package com.auterity.hub.ai.node;

import com.auterity.hub.ai.CognitiveEngine;
import com.auterity.hub.ai.CognitiveEngine.EmbedRequest;
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
 * The embedding of a text of the message (all-MiniLM-L6-v2, 384 numbers of unit length): {@code
 * {"field": "document.summary", "output": "vector"}}; {@code output} defaults to {@code embedding}.
 */
@Component
class EmbeddingNode implements NodeType {

    @Override
    public List<String> types() {
        return List.of("embedding", "embed");
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of("type", "object", "properties", CognitiveNodes.fieldSchemas("embedding"));
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        return CognitiveNodes.validatePaths(node);
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        List<Map<String, Object>> steps =
                new ArrayList<>(CognitiveNodes.properties(node, "embedding", null));
        steps.add(CognitiveNodes.process(Embedder.NAME));
        return steps;
    }

    @Component(Embedder.NAME)
    static class Embedder implements Processor {

        static final String NAME = "hubCognitiveEmbedding";

        private final CognitiveEngine engine;
        private final ObjectMapper json;

        Embedder(CognitiveEngine engine, ObjectMapper json) {
            this.engine = engine;
            this.json = json;
        }

        @Override
        public void process(Exchange exchange) {
            ObjectNode message = CognitiveNodes.message(exchange, json);
            String text = CognitiveNodes.text(exchange, message);
            try {
                float[] vector = engine.embed(new EmbedRequest(text, null)).embeddings().get(0);
                CognitiveNodes.output(exchange, message, json.valueToTree(vector));
            } catch (ServiceError e) {
                throw CognitiveNodes.failure(e);
            }
        }
    }
}

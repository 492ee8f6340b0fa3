package com.auterity.hub.ai.node;

import com.auterity.hub.ai.CognitiveEngine;
import com.auterity.hub.ai.CognitiveEngine.EmbedRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * The embedding of a text of the message (all-MiniLM-L6-v2, 384 numbers of unit length): {@code
 * {"field": "document.summary", "output": "vector"}}; {@code output} defaults to {@code embedding}.
 */
@Component
class EmbeddingNode extends TextNode {

    EmbeddingNode() {
        super("embedding", Embedder.NAME, "embedding", "embed");
    }

    @Component(Embedder.NAME)
    static class Embedder extends TextNode.Step {

        static final String NAME = "hubCognitiveEmbedding";

        private final CognitiveEngine engine;

        Embedder(CognitiveEngine engine, ObjectMapper json) {
            super(json);
            this.engine = engine;
        }

        @Override
        Object result(String text) {
            return engine.embed(new EmbedRequest(text, null)).embeddings().get(0);
        }
    }
}

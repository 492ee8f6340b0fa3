package com.auterity.hub.ai.router;

import com.auterity.hub.ai.CognitiveEngine;
import com.auterity.hub.ai.ModelDeployment;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The in-process embedding model of the cognitive engine (all-MiniLM-L6-v2, 384 dimensions) as
 * provider kind {@code local}: embeddings without network, key or cost. Its deployments need no
 * base URL and may only have the capability {@code embeddings}.
 */
@Component
class LocalEmbeddingProvider implements ProviderClient {

    private final CognitiveEngine engine;

    LocalEmbeddingProvider(CognitiveEngine engine) {
        this.engine = engine;
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public boolean remote() {
        return false;
    }

    @Override
    public EmbeddingAnswer embed(ModelDeployment deployment, List<String> texts, String apiKey) {
        var result = engine.embed(new CognitiveEngine.EmbedRequest(null, texts));
        return new EmbeddingAnswer(result.embeddings(), Tokens.estimateTexts(texts));
    }
}

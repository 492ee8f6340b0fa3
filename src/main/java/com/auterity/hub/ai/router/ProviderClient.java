package com.auterity.hub.ai.router;

import com.auterity.hub.ai.AiRouter.Message;
import com.auterity.hub.ai.ModelDeployment;
import java.util.List;
import java.util.function.Consumer;

/**
 * Speaks one provider's protocol. Adding a provider kind is one class implementing this; the
 * registry accepts deployments of every {@link #kind()} present. A failed call throws {@link
 * ProviderFailure}.
 */
interface ProviderClient {

    /** The provider kind deployments name ({@code openai}, {@code anthropic}, ...). */
    String kind();

    /** Whether deployments of this kind need a base URL (a network API). */
    default boolean remote() {
        return true;
    }

    default ProviderAnswer chat(ModelDeployment deployment, ProviderCall call) {
        throw new ProviderFailure(400, "provider " + kind() + " does not chat", null, false);
    }

    /**
     * Like {@link #chat}, handing each piece of text to {@code deltas} as it arrives; the answer
     * returned carries the whole text, the usage and the finish reason.
     */
    default ProviderAnswer stream(
            ModelDeployment deployment, ProviderCall call, Consumer<String> deltas) {
        ProviderAnswer answer = chat(deployment, call);
        deltas.accept(answer.content());
        return answer;
    }

    default EmbeddingAnswer embed(ModelDeployment deployment, List<String> texts, String apiKey) {
        throw new ProviderFailure(400, "provider " + kind() + " does not embed", null, false);
    }

    /** What is sent, whatever the provider. {@code apiKey} may be null. */
    record ProviderCall(
            List<Message> messages,
            Double temperature,
            int maxTokens,
            Double topP,
            List<String> stop,
            boolean json,
            String apiKey) {}

    /** An answer, in OpenAI's terms ({@code finishReason} stop, length, tool_calls...). */
    record ProviderAnswer(
            String content, String finishReason, long inputTokens, long outputTokens) {}

    record EmbeddingAnswer(List<float[]> vectors, long inputTokens) {}
}

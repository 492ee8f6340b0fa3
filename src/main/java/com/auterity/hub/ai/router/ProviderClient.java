package com.auterity.hub.ai.router;

import com.auterity.hub.ai.AiRouter.Message;
import com.auterity.hub.ai.AiRouter.Tool;
import com.auterity.hub.ai.AiRouter.ToolCall;
import com.auterity.hub.ai.AiRouter.ToolCallDelta;
import com.auterity.hub.ai.ModelDeployment;
import java.util.List;

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
     * Like {@link #chat}, handing each piece of text and of tool calls to {@code deltas} as it
     * arrives; the answer returned carries the whole text and tool calls, the usage and the finish
     * reason.
     */
    default ProviderAnswer stream(ModelDeployment deployment, ProviderCall call, Deltas deltas) {
        ProviderAnswer answer = chat(deployment, call);
        if (!answer.content().isEmpty()) {
            deltas.text(answer.content());
        }
        List<ToolCall> calls = answer.toolCalls();
        for (int i = 0; i < calls.size(); i++) {
            ToolCall c = calls.get(i);
            deltas.toolCall(new ToolCallDelta(i, c.id(), c.function().name(), ""));
            deltas.toolCall(new ToolCallDelta(i, null, null, c.function().arguments()));
        }
        return answer;
    }

    default EmbeddingAnswer embed(ModelDeployment deployment, List<String> texts, String apiKey) {
        throw new ProviderFailure(400, "provider " + kind() + " does not embed", null, false);
    }

    /** Where a stream's pieces go. */
    interface Deltas {

        void text(String text);

        void toolCall(ToolCallDelta piece);
    }

    /**
     * What is sent, whatever the provider. {@code apiKey} may be null; {@code tools} is empty when
     * the request has none, and then {@code toolChoice} and {@code parallelToolCalls} are null.
     */
    record ProviderCall(
            List<Message> messages,
            Double temperature,
            int maxTokens,
            Double topP,
            List<String> stop,
            boolean json,
            List<Tool> tools,
            Object toolChoice,
            Boolean parallelToolCalls,
            String apiKey) {

        public ProviderCall {
            tools = tools == null ? List.of() : tools;
        }

        ProviderCall withApiKey(String key) {
            return new ProviderCall(
                    messages,
                    temperature,
                    maxTokens,
                    topP,
                    stop,
                    json,
                    tools,
                    toolChoice,
                    parallelToolCalls,
                    key);
        }

        /** The estimated input tokens, for a provider that does not count them. */
        long estimatedInput() {
            return Tokens.estimate(messages) + Tokens.estimateTools(tools);
        }
    }

    /**
     * An answer, in OpenAI's terms ({@code finishReason} stop, length, tool_calls...). {@code
     * content} is the text ({@code ""} when none); {@code toolCalls} is never null.
     */
    record ProviderAnswer(
            String content,
            String finishReason,
            long inputTokens,
            long outputTokens,
            List<ToolCall> toolCalls) {

        public ProviderAnswer {
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }
    }

    record EmbeddingAnswer(List<float[]> vectors, long inputTokens) {}
}

package com.auterity.hub.ai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Routes AI requests across the deployments of a model group by a strategy ({@code round-robin},
 * {@code weighted}, {@code least-latency}, {@code least-busy}, {@code cost}, {@code usage}), with
 * retries (honouring {@code Retry-After}), a circuit breaker per deployment, fallbacks to other
 * groups and a response cache. Every request is admitted and recorded by the usage ledger when one
 * is present. Tool calling has OpenAI's Chat Completions shapes whatever the provider.
 *
 * <p>Throws {@link com.auterity.hub.shared.ServiceError}: 400 {@code VALIDATION_FAILED} for a bad
 * request, 404 {@code UNKNOWN_MODEL} for a group without deployments that can serve it, 400 {@code
 * PROVIDER_REJECTED} when the provider refuses the request itself, 502 {@code AI_PROVIDERS_FAILED}
 * when every attempt failed, 503 {@code AI_MODELS_UNAVAILABLE} (with a retry-after) when every
 * deployment is cooling down or rate limited; and whatever the usage ledger refuses with.
 */
public interface AiRouter {

    ChatResponse chat(ChatRequest request, String principal);

    /**
     * Like {@link #chat}, but hands the answer's text to {@code listener} as it arrives. Retries
     * and fallbacks happen only before the first piece reached the listener; once something was
     * passed on, a failure ends the stream with that failure.
     */
    ChatResponse stream(ChatRequest request, String principal, StreamListener listener);

    EmbeddingResponse embed(EmbeddingRequest request, String principal);

    /** Receives an answer's text and tool calls while they stream in. */
    interface StreamListener {

        /** Called once, before the first delta, with the deployment that answers. */
        default void started(String deployment) {}

        void delta(String text);

        /**
         * A piece of a tool call. Only requests with {@code tools} receive these; a listener that
         * never sends tools need not implement it.
         */
        default void toolCall(ToolCallDelta piece) {}
    }

    /**
     * One message of a conversation.
     *
     * @param role {@code system}, {@code user}, {@code assistant}, {@code tool} (or {@code
     *     developer}, taken as {@code system})
     * @param content a text, or OpenAI's content parts ({@code [{"type":"text","text":...}]}) of
     *     which the texts are used; may be null for an assistant message with tool calls
     * @param toolCalls an assistant message's calls of the request's tools
     * @param toolCallId a {@code tool} message's answer to: the id of the call it is the result of
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Message(String role, Object content, List<ToolCall> toolCalls, String toolCallId) {

        public static Message of(String role, String text) {
            return new Message(role, text, null, null);
        }

        /** The text of the content. */
        public String text() {
            if (content == null) {
                return "";
            }
            if (content instanceof String text) {
                return text;
            }
            if (content instanceof List<?> parts) {
                StringBuilder text = new StringBuilder();
                for (Object part : parts) {
                    if (part instanceof Map<?, ?> map && map.get("text") instanceof String t) {
                        text.append(t);
                    } else if (part instanceof String t) {
                        text.append(t);
                    }
                }
                return text.toString();
            }
            return String.valueOf(content);
        }
    }

    /**
     * A tool the model may call, in OpenAI's shape {@code {"type":"function","function":{...}}}.
     *
     * @param type {@code function}
     */
    record Tool(String type, Function function) {

        /**
         * @param name {@code [a-zA-Z0-9_-]{1,64}}, unique in the request
         * @param parameters a JSON schema of the arguments (an object schema)
         * @param strict OpenAI's structured outputs for the arguments; other providers ignore it
         */
        public record Function(
                String name, String description, Map<String, Object> parameters, Boolean strict) {}
    }

    /**
     * A call of a tool, as the model made it.
     *
     * @param id the provider's id of the call, which the {@code tool} message answering it names
     * @param type {@code function}
     */
    record ToolCall(String id, String type, Call function) {

        public static ToolCall of(String id, String name, String arguments) {
            return new ToolCall(id, "function", new Call(name, arguments));
        }

        /**
         * @param arguments the arguments as JSON text (an object)
         */
        public record Call(String name, String arguments) {}
    }

    /**
     * A piece of a streamed tool call, as OpenAI streams them: the first piece of a call carries
     * its {@code id} and {@code name}, the later ones fragments of the arguments' JSON text.
     *
     * @param index the call's position among the answer's tool calls
     * @param id the call's id on its first piece, else null
     * @param name the tool's name on the first piece, else null
     * @param arguments a fragment of the arguments (may be empty)
     */
    record ToolCallDelta(int index, String id, String name, String arguments) {}

    /**
     * A chat request.
     *
     * @param model the model group (or {@code model_group})
     * @param strategy overrides {@code hub.ai.routing.strategy} for this request
     * @param fallbacks overrides the configured fallback groups for this request
     * @param cache {@code true}: use the response cache even though {@code temperature} > 0; {@code
     *     false}: never; {@code null}: only when temperature is 0 or not given
     * @param responseFormat OpenAI's {@code response_format}; {@code {"type":"json_object"}} asks
     *     for JSON output (deployments with capability {@code json} only)
     * @param tools tools the model may call (deployments with capability {@code tools} only)
     * @param toolChoice {@code "auto"}, {@code "none"}, {@code "required"} or {@code
     *     {"type":"function","function":{"name":...}}}
     * @param parallelToolCalls {@code false}: at most one tool call per answer
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ChatRequest(
            String model,
            String modelGroup,
            List<Message> messages,
            Double temperature,
            Integer maxTokens,
            Double topP,
            List<String> stop,
            Map<String, Object> responseFormat,
            String strategy,
            List<String> fallbacks,
            Boolean cache,
            Boolean stream,
            List<Tool> tools,
            Object toolChoice,
            Boolean parallelToolCalls) {

        /** The group asked for: {@code model}, else {@code model_group}. */
        public String group() {
            return model != null && !model.isBlank() ? model : modelGroup;
        }

        public boolean wantsJson() {
            return responseFormat != null
                    && ("json_object".equals(responseFormat.get("type"))
                            || "json_schema".equals(responseFormat.get("type")));
        }

        /**
         * Whether the request needs a deployment that calls tools: it offers tools, or its
         * conversation holds tool calls or results.
         */
        public boolean usesTools() {
            if (tools != null && !tools.isEmpty()) {
                return true;
            }
            return messages != null
                    && messages.stream()
                            .anyMatch(
                                    m ->
                                            m != null
                                                    && ("tool".equals(m.role())
                                                            || (m.toolCalls() != null
                                                                    && !m.toolCalls().isEmpty())));
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Usage(long inputTokens, long outputTokens) {}

    /**
     * The answer.
     *
     * @param model the deployment that answered
     * @param modelGroup the group that answered (a fallback's when the asked one failed)
     * @param providerModel the provider's model name
     * @param content the answer's text; null when the answer is tool calls only
     * @param finishReason OpenAI's terms: {@code stop}, {@code length}, {@code tool_calls}, {@code
     *     content_filter}
     * @param cost US dollars, from the deployment's prices; 0 for a cached answer
     * @param attempts provider calls made for this answer (0 for a cached one)
     * @param toolCalls the tools the model calls (finish reason {@code tool_calls}); empty when
     *     none (and then left out of the JSON)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ChatResponse(
            String id,
            String model,
            String modelGroup,
            String provider,
            String providerModel,
            String content,
            String finishReason,
            Usage usage,
            @JsonSerialize(using = PlainDecimal.class) BigDecimal cost,
            long latencyMs,
            int attempts,
            boolean cacheHit,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCall> toolCalls) {

        public ChatResponse {
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }
    }

    /**
     * An embeddings request.
     *
     * @param input a text or a list of texts
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record EmbeddingRequest(String model, Object input) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record EmbeddingResponse(
            String model,
            String modelGroup,
            String provider,
            List<float[]> embeddings,
            Usage usage,
            @JsonSerialize(using = PlainDecimal.class) BigDecimal cost,
            long latencyMs,
            int attempts) {}
}

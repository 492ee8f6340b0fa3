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
 * is present.
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

    /** Receives an answer's text while it streams in. */
    interface StreamListener {

        /** Called once, before the first delta, with the deployment that answers. */
        default void started(String deployment) {}

        void delta(String text);
    }

    /**
     * One message of a conversation.
     *
     * @param role {@code system}, {@code user}, {@code assistant} (or {@code developer}, taken as
     *     {@code system})
     * @param content a text, or OpenAI's content parts ({@code [{"type":"text","text":...}]}) of
     *     which the texts are used
     */
    record Message(String role, Object content) {

        public static Message of(String role, String text) {
            return new Message(role, text);
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
     * A chat request.
     *
     * @param model the model group (or {@code model_group})
     * @param strategy overrides {@code hub.ai.routing.strategy} for this request
     * @param fallbacks overrides the configured fallback groups for this request
     * @param cache {@code true}: use the response cache even though {@code temperature} > 0; {@code
     *     false}: never; {@code null}: only when temperature is 0 or not given
     * @param responseFormat OpenAI's {@code response_format}; {@code {"type":"json_object"}} asks
     *     for JSON output (deployments with capability {@code json} only)
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
            Boolean stream) {

        /** The group asked for: {@code model}, else {@code model_group}. */
        public String group() {
            return model != null && !model.isBlank() ? model : modelGroup;
        }

        public boolean wantsJson() {
            return responseFormat != null
                    && ("json_object".equals(responseFormat.get("type"))
                            || "json_schema".equals(responseFormat.get("type")));
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
     * @param finishReason OpenAI's terms: {@code stop}, {@code length}, {@code tool_calls}, {@code
     *     content_filter}
     * @param cost US dollars, from the deployment's prices; 0 for a cached answer
     * @param attempts provider calls made for this answer (0 for a cached one)
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
            boolean cacheHit) {}

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

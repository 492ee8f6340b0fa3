package com.auterity.hub.ai.router;

import com.auterity.hub.ai.AiProperties;
import com.auterity.hub.ai.AiRouter.ChatRequest;
import com.auterity.hub.ai.AiRouter.ChatResponse;
import com.auterity.hub.ai.AiRouter.Message;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Answers of identical chat requests ({@code hub.ai.cache-size} entries, {@code
 * AI_MODEL_CACHE_SIZE}; each kept {@code hub.ai.cache-ttl}). Identical: the same group, messages
 * (role, text, tool calls and the tool call answered), temperature, max_tokens, top_p, stop,
 * response format, tools, tool_choice and parallel_tool_calls, compared by a SHA-256 of their
 * canonical JSON; the strategy and fallbacks do not count, as they change who answers, not what is
 * asked. Used when the request's temperature is 0 or not given, unless it says {@code "cache":
 * false}; with a higher temperature only when it says {@code "cache": true} (the caller accepts a
 * repeated answer).
 */
@Component
class ResponseCache {

    private final Cache<String, ChatResponse> answers;
    private final ObjectMapper json;

    ResponseCache(AiProperties properties, ObjectMapper json) {
        this.answers =
                Caffeine.newBuilder()
                        .maximumSize(properties.cacheSize())
                        .expireAfterWrite(properties.cacheTtl())
                        .build();
        this.json = json;
    }

    static boolean applies(ChatRequest request) {
        if (request.cache() != null) {
            return request.cache();
        }
        return request.temperature() == null || request.temperature() == 0;
    }

    ChatResponse get(String key) {
        return answers.getIfPresent(key);
    }

    void put(String key, ChatResponse answer) {
        answers.put(key, answer);
    }

    String key(ChatRequest request, int maxTokens) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("group", request.group());
        List<List<Object>> messages = new ArrayList<>();
        for (Message m : request.messages()) {
            messages.add(
                    Arrays.asList(
                            String.valueOf(m.role()), m.text(), m.toolCalls(), m.toolCallId()));
        }
        canonical.put("messages", messages);
        canonical.put("temperature", request.temperature());
        canonical.put("max_tokens", maxTokens);
        canonical.put("top_p", request.topP());
        canonical.put("stop", request.stop());
        canonical.put("response_format", request.responseFormat());
        canonical.put("tools", request.tools());
        canonical.put("tool_choice", request.toolChoice());
        canonical.put("parallel_tool_calls", request.parallelToolCalls());
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(
                                    json.writeValueAsString(canonical)
                                            .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

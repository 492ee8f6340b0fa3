package com.auterity.hub.ai.router;

import com.auterity.hub.ai.AiRouter.Message;
import com.auterity.hub.ai.ModelDeployment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Anthropic's Messages API: {@code POST {base}/messages} (base {@code
 * https://api.anthropic.com/v1}) with {@code x-api-key} and {@code anthropic-version}. System
 * messages become the top-level {@code system} prompt, {@code max_tokens} is always sent (Anthropic
 * requires it), {@code stop} becomes {@code stop_sequences}; {@code usage.input_tokens}/{@code
 * output_tokens} and {@code stop_reason} are mapped to OpenAI's terms. Streaming reads the {@code
 * message_start}, {@code content_block_delta}, {@code message_delta} and {@code error} events.
 */
@Component
class AnthropicProvider implements ProviderClient {

    static final String VERSION = "2023-06-01";

    private final ProviderHttp http;
    private final ObjectMapper json;

    AnthropicProvider(ProviderHttp http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public String kind() {
        return "anthropic";
    }

    @Override
    public ProviderAnswer chat(ModelDeployment deployment, ProviderCall call) {
        JsonNode answer =
                http.post(
                        url(deployment), headers(call.apiKey()), request(deployment, call, false));
        StringBuilder text = new StringBuilder();
        for (JsonNode block : answer.path("content")) {
            if ("text".equals(block.path("type").asText())) {
                text.append(block.path("text").asText());
            }
        }
        JsonNode usage = answer.path("usage");
        return new ProviderAnswer(
                text.toString(),
                finishReason(answer.path("stop_reason").asText(null)),
                usage.path("input_tokens").asLong(Tokens.estimate(call.messages())),
                usage.path("output_tokens").asLong(Tokens.estimate(text.toString())));
    }

    @Override
    public ProviderAnswer stream(
            ModelDeployment deployment, ProviderCall call, Consumer<String> deltas) {
        StringBuilder text = new StringBuilder();
        String[] finish = {null};
        long[] usage = {-1, -1};
        http.stream(
                url(deployment),
                headers(call.apiKey()),
                request(deployment, call, true),
                line -> {
                    if (!line.startsWith("data:")) {
                        return; // the "event:" lines repeat the data's type
                    }
                    JsonNode event = http.read(line.substring(5).strip());
                    switch (event.path("type").asText()) {
                        case "message_start" -> {
                            JsonNode u = event.path("message").path("usage");
                            usage[0] = u.path("input_tokens").asLong(-1);
                            usage[1] = u.path("output_tokens").asLong(-1);
                        }
                        case "content_block_delta" -> {
                            JsonNode delta = event.path("delta");
                            if ("text_delta".equals(delta.path("type").asText())) {
                                String piece = delta.path("text").asText("");
                                if (!piece.isEmpty()) {
                                    text.append(piece);
                                    deltas.accept(piece);
                                }
                            }
                        }
                        case "message_delta" -> {
                            if (event.path("delta").hasNonNull("stop_reason")) {
                                finish[0] = event.path("delta").get("stop_reason").asText();
                            }
                            // output_tokens here is the running total of the message
                            if (event.path("usage").has("output_tokens")) {
                                usage[1] = event.path("usage").path("output_tokens").asLong();
                            }
                        }
                        case "error" -> {
                            JsonNode error = event.path("error");
                            // overloaded_error and api_error are the provider's trouble: retry
                            throw ProviderFailure.of(
                                    "invalid_request_error".equals(error.path("type").asText())
                                            ? 400
                                            : 529,
                                    "error in stream: "
                                            + error.path("type").asText()
                                            + ": "
                                            + error.path("message").asText(),
                                    null);
                        }
                        default -> {
                            // ping, content_block_start, content_block_stop, message_stop
                        }
                    }
                });
        return new ProviderAnswer(
                text.toString(),
                finishReason(finish[0]),
                usage[0] >= 0 ? usage[0] : Tokens.estimate(call.messages()),
                usage[1] >= 0 ? usage[1] : Tokens.estimate(text.toString()));
    }

    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, pause_turn
        };
    }

    private ObjectNode request(ModelDeployment deployment, ProviderCall call, boolean stream) {
        ObjectNode request = json.createObjectNode();
        request.put("model", deployment.model());
        request.put("max_tokens", call.maxTokens());
        StringBuilder system = new StringBuilder();
        ArrayNode messages = json.createArrayNode();
        for (Message message : call.messages()) {
            if ("system".equals(message.role()) || "developer".equals(message.role())) {
                if (!system.isEmpty()) {
                    system.append("\n\n");
                }
                system.append(message.text());
            } else {
                messages.addObject()
                        .put("role", "assistant".equals(message.role()) ? "assistant" : "user")
                        .put("content", message.text());
            }
        }
        if (call.json()) {
            system.append(system.isEmpty() ? "" : "\n\n")
                    .append("Answer with one JSON object only.");
        }
        if (!system.isEmpty()) {
            request.put("system", system.toString());
        }
        request.set("messages", messages);
        if (call.temperature() != null) {
            // Anthropic's range is 0 to 1, OpenAI's 0 to 2
            request.put("temperature", Math.min(1.0, call.temperature()));
        }
        if (call.topP() != null) {
            request.put("top_p", call.topP());
        }
        if (call.stop() != null && !call.stop().isEmpty()) {
            ArrayNode stop = request.putArray("stop_sequences");
            call.stop().forEach(stop::add);
        }
        if (stream) {
            request.put("stream", true);
        }
        return request;
    }

    private static String url(ModelDeployment deployment) {
        String base = deployment.baseUrl();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/messages";
    }

    private static Map<String, String> headers(String apiKey) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("anthropic-version", VERSION);
        if (apiKey != null) {
            headers.put("x-api-key", apiKey);
        }
        return headers;
    }
}

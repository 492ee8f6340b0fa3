package com.auterity.hub.ai.router;

import com.auterity.hub.ai.AiRouter.Message;
import com.auterity.hub.ai.AiRouter.Tool;
import com.auterity.hub.ai.AiRouter.ToolCall;
import com.auterity.hub.ai.AiRouter.ToolCallDelta;
import com.auterity.hub.ai.ModelDeployment;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Anthropic's Messages API: {@code POST {base}/messages} (base {@code
 * https://api.anthropic.com/v1}) with {@code x-api-key} and {@code anthropic-version}. System
 * messages become the top-level {@code system} prompt, {@code max_tokens} is always sent (Anthropic
 * requires it), {@code stop} becomes {@code stop_sequences}; {@code usage.input_tokens}/{@code
 * output_tokens} and {@code stop_reason} are mapped to OpenAI's terms. Streaming reads the {@code
 * message_start}, {@code content_block_start}, {@code content_block_delta}, {@code
 * content_block_stop}, {@code message_delta} and {@code error} events.
 *
 * <p>Tools are translated both ways: OpenAI's function tools become {@code {name, description,
 * input_schema}}, {@code tool_choice} {@code auto}/{@code required}/a function/{@code none} becomes
 * {@code auto}/{@code any}/{@code tool}/{@code none} ({@code parallel_tool_calls: false} as {@code
 * disable_parallel_tool_use}), an assistant's {@code tool_calls} become {@code tool_use} blocks and
 * consecutive {@code tool} messages one user message of {@code tool_result} blocks (a user text
 * right after them joins that message, after the results, as Anthropic requires). In the answer,
 * {@code tool_use} blocks become {@code tool_calls} with the JSON text of their {@code input}; a
 * stream's {@code tool_use} block starts and {@code input_json_delta}s become tool call pieces.
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
        List<ToolCall> toolCalls = new ArrayList<>();
        for (JsonNode block : answer.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" ->
                        toolCalls.add(
                                ToolCall.of(
                                        block.path("id").asText(),
                                        block.path("name").asText(),
                                        block.path("input").isObject()
                                                ? block.path("input").toString()
                                                : "{}"));
                default -> {
                    // thinking and server tool blocks are not part of OpenAI's answer
                }
            }
        }
        JsonNode usage = answer.path("usage");
        return new ProviderAnswer(
                text.toString(),
                finishReason(answer.path("stop_reason").asText(null)),
                usage.path("input_tokens").asLong(call.estimatedInput()),
                usage.path("output_tokens")
                        .asLong(Tokens.estimate(text.toString()) + Tokens.estimateCalls(toolCalls)),
                toolCalls);
    }

    @Override
    public ProviderAnswer stream(ModelDeployment deployment, ProviderCall call, Deltas deltas) {
        StringBuilder text = new StringBuilder();
        StreamedToolCalls toolCalls = new StreamedToolCalls();
        // Anthropic numbers all content blocks, OpenAI only the tool calls
        Map<Integer, Integer> toolIndex = new HashMap<>();
        Set<Integer> withArguments = new HashSet<>();
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
                        case "content_block_start" -> {
                            JsonNode block = event.path("content_block");
                            if ("tool_use".equals(block.path("type").asText())) {
                                int index = toolIndex.size();
                                toolIndex.put(event.path("index").asInt(), index);
                                ToolCallDelta piece =
                                        new ToolCallDelta(
                                                index,
                                                block.path("id").asText(),
                                                block.path("name").asText(),
                                                "");
                                toolCalls.add(piece);
                                deltas.toolCall(piece);
                            }
                        }
                        case "content_block_delta" -> {
                            JsonNode delta = event.path("delta");
                            String type = delta.path("type").asText();
                            if ("text_delta".equals(type)) {
                                String piece = delta.path("text").asText("");
                                if (!piece.isEmpty()) {
                                    text.append(piece);
                                    deltas.text(piece);
                                }
                            } else if ("input_json_delta".equals(type)) {
                                Integer index = toolIndex.get(event.path("index").asInt());
                                String json = delta.path("partial_json").asText("");
                                if (index != null && !json.isEmpty()) {
                                    withArguments.add(index);
                                    ToolCallDelta piece =
                                            new ToolCallDelta(index, null, null, json);
                                    toolCalls.add(piece);
                                    deltas.toolCall(piece);
                                }
                            }
                        }
                        case "content_block_stop" -> {
                            Integer index = toolIndex.get(event.path("index").asInt());
                            if (index != null && withArguments.add(index)) {
                                // a call without arguments: OpenAI's clients parse "{}", not ""
                                ToolCallDelta piece = new ToolCallDelta(index, null, null, "{}");
                                toolCalls.add(piece);
                                deltas.toolCall(piece);
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
                            // ping, message_stop
                        }
                    }
                });
        List<ToolCall> calls = toolCalls.calls();
        return new ProviderAnswer(
                text.toString(),
                finishReason(finish[0]),
                usage[0] >= 0 ? usage[0] : call.estimatedInput(),
                usage[1] >= 0
                        ? usage[1]
                        : Tokens.estimate(text.toString()) + Tokens.estimateCalls(calls),
                calls);
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
        ArrayNode results = null; // the blocks of the user message that collects tool results
        for (Message message : call.messages()) {
            String role = message.role();
            if ("system".equals(role) || "developer".equals(role)) {
                if (!system.isEmpty()) {
                    system.append("\n\n");
                }
                system.append(message.text());
            } else if ("tool".equals(role)) {
                if (results == null) {
                    results = messages.addObject().put("role", "user").putArray("content");
                }
                results.addObject()
                        .put("type", "tool_result")
                        .put("tool_use_id", message.toolCallId())
                        .put("content", message.text());
            } else if ("user".equals(role) && results != null) {
                if (!message.text().isEmpty()) {
                    results.addObject().put("type", "text").put("text", message.text());
                }
                results = null;
            } else if (message.toolCalls() != null && !message.toolCalls().isEmpty()) {
                results = null;
                ArrayNode blocks =
                        messages.addObject().put("role", "assistant").putArray("content");
                if (!message.text().isEmpty()) {
                    blocks.addObject().put("type", "text").put("text", message.text());
                }
                for (ToolCall c : message.toolCalls()) {
                    blocks.addObject()
                            .put("type", "tool_use")
                            .put("id", c.id())
                            .put("name", c.function().name())
                            .set("input", input(c));
                }
            } else {
                results = null;
                messages.addObject()
                        .put("role", "assistant".equals(role) ? "assistant" : "user")
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
        if (!call.tools().isEmpty()) {
            ArrayNode tools = request.putArray("tools");
            for (Tool tool : call.tools()) {
                ObjectNode t = tools.addObject().put("name", tool.function().name());
                if (tool.function().description() != null) {
                    t.put("description", tool.function().description());
                }
                if (tool.function().parameters() != null) {
                    t.set("input_schema", json.valueToTree(tool.function().parameters()));
                } else {
                    // Anthropic requires a schema; OpenAI's omitted one means no parameters
                    t.putObject("input_schema").put("type", "object").putObject("properties");
                }
            }
            ObjectNode choice = toolChoice(call.toolChoice(), call.parallelToolCalls());
            if (choice != null) {
                request.set("tool_choice", choice);
            }
        }
        if (stream) {
            request.put("stream", true);
        }
        return request;
    }

    /** OpenAI's {@code tool_choice} and {@code parallel_tool_calls} in Anthropic's terms. */
    private ObjectNode toolChoice(Object toolChoice, Boolean parallel) {
        ObjectNode choice = json.createObjectNode();
        if (toolChoice instanceof Map<?, ?> named
                && named.get("function") instanceof Map<?, ?> function) {
            choice.put("type", "tool").put("name", String.valueOf(function.get("name")));
        } else if ("required".equals(toolChoice)) {
            choice.put("type", "any");
        } else if ("none".equals(toolChoice)) {
            return choice.put("type", "none"); // takes no disable_parallel_tool_use
        } else if ("auto".equals(toolChoice) || Boolean.FALSE.equals(parallel)) {
            choice.put("type", "auto");
        } else {
            return null; // Anthropic's default is auto
        }
        if (Boolean.FALSE.equals(parallel)) {
            choice.put("disable_parallel_tool_use", true);
        }
        return choice;
    }

    /** A tool call's arguments as the object Anthropic wants ({@code {}} when there are none). */
    private JsonNode input(ToolCall call) {
        String arguments = call.function().arguments();
        if (arguments == null || arguments.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(arguments);
        } catch (JsonProcessingException e) {
            // the router admits only JSON objects: this is a defect, not the caller's mistake
            throw new IllegalStateException("tool call arguments are not JSON", e);
        }
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

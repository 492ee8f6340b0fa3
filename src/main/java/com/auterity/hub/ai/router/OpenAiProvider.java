package com.auterity.hub.ai.router;

import com.auterity.hub.ai.AiRouter.Message;
import com.auterity.hub.ai.AiRouter.Tool;
import com.auterity.hub.ai.AiRouter.ToolCall;
import com.auterity.hub.ai.AiRouter.ToolCallDelta;
import com.auterity.hub.ai.ModelDeployment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * OpenAI's chat completions and embeddings API, which OpenAI, Azure OpenAI (its {@code /openai/v1}
 * base URL), Ollama, vLLM and LM Studio all speak: {@code POST {base}/chat/completions} (streamed
 * as server-sent events of {@code chat.completion.chunk}s ending with {@code [DONE]}, asked to end
 * with a usage chunk) and {@code POST {base}/embeddings}. The key travels as a bearer token (and as
 * {@code api-key} to Azure). Tools, {@code tool_choice}, {@code parallel_tool_calls}, assistant
 * {@code tool_calls} and {@code tool} messages are passed as they are; an answer's {@code
 * message.tool_calls} (streamed: the {@code delta.tool_calls} pieces) are read back.
 */
@Component
class OpenAiProvider implements ProviderClient {

    private final ProviderHttp http;
    private final ObjectMapper json;

    OpenAiProvider(ProviderHttp http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public String kind() {
        return "openai";
    }

    @Override
    public ProviderAnswer chat(ModelDeployment deployment, ProviderCall call) {
        JsonNode answer =
                http.post(
                        url(deployment, "/chat/completions"),
                        headers(deployment, call.apiKey()),
                        request(deployment, call, false));
        JsonNode choice = answer.path("choices").path(0);
        String content = choice.path("message").path("content").asText("");
        List<ToolCall> toolCalls = new ArrayList<>();
        for (JsonNode c : choice.path("message").path("tool_calls")) {
            JsonNode function = c.path("function");
            toolCalls.add(
                    ToolCall.of(
                            c.path("id").asText(),
                            function.path("name").asText(),
                            arguments(function.path("arguments"))));
        }
        JsonNode usage = answer.path("usage");
        return new ProviderAnswer(
                content,
                choice.path("finish_reason").asText("stop"),
                usage.path("prompt_tokens").asLong(call.estimatedInput()),
                usage.path("completion_tokens")
                        .asLong(Tokens.estimate(content) + Tokens.estimateCalls(toolCalls)),
                toolCalls);
    }

    @Override
    public ProviderAnswer stream(ModelDeployment deployment, ProviderCall call, Deltas deltas) {
        StringBuilder text = new StringBuilder();
        StreamedToolCalls toolCalls = new StreamedToolCalls();
        String[] finish = {"stop"};
        long[] usage = {-1, -1};
        http.stream(
                url(deployment, "/chat/completions"),
                headers(deployment, call.apiKey()),
                request(deployment, call, true),
                line -> {
                    if (!line.startsWith("data:")) {
                        return; // comments, event names and the blank lines between events
                    }
                    String data = line.substring(5).strip();
                    if (data.isEmpty() || data.equals("[DONE]")) {
                        return;
                    }
                    JsonNode chunk = http.read(data);
                    if (chunk.has("error")) {
                        throw ProviderFailure.of(
                                500,
                                "error in stream: " + chunk.path("error").path("message").asText(),
                                null);
                    }
                    JsonNode choice = chunk.path("choices").path(0);
                    String delta = choice.path("delta").path("content").asText("");
                    if (!delta.isEmpty()) {
                        text.append(delta);
                        deltas.text(delta);
                    }
                    for (JsonNode c : choice.path("delta").path("tool_calls")) {
                        JsonNode function = c.path("function");
                        ToolCallDelta piece =
                                new ToolCallDelta(
                                        c.path("index").asInt(0),
                                        c.path("id").textValue(),
                                        function.path("name").textValue(),
                                        arguments(function.path("arguments")));
                        toolCalls.add(piece);
                        deltas.toolCall(piece);
                    }
                    if (choice.hasNonNull("finish_reason")) {
                        finish[0] = choice.get("finish_reason").asText();
                    }
                    if (chunk.path("usage").isObject()) {
                        usage[0] = chunk.path("usage").path("prompt_tokens").asLong(-1);
                        usage[1] = chunk.path("usage").path("completion_tokens").asLong(-1);
                    }
                });
        List<ToolCall> calls = toolCalls.calls();
        return new ProviderAnswer(
                text.toString(),
                finish[0],
                usage[0] >= 0 ? usage[0] : call.estimatedInput(),
                usage[1] >= 0
                        ? usage[1]
                        : Tokens.estimate(text.toString()) + Tokens.estimateCalls(calls),
                calls);
    }

    /** Arguments are JSON text; a few OpenAI-compatible servers send the object itself. */
    private static String arguments(JsonNode arguments) {
        if (arguments.isMissingNode() || arguments.isNull()) {
            return "";
        }
        return arguments.isTextual() ? arguments.asText() : arguments.toString();
    }

    @Override
    public EmbeddingAnswer embed(ModelDeployment deployment, List<String> texts, String apiKey) {
        ObjectNode request = json.createObjectNode();
        request.put("model", deployment.model());
        ArrayNode input = request.putArray("input");
        texts.forEach(input::add);
        request.put("encoding_format", "float");
        JsonNode answer =
                http.post(url(deployment, "/embeddings"), headers(deployment, apiKey), request);
        List<float[]> vectors = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        answer.path("data").forEach(data::add);
        data.sort((a, b) -> Integer.compare(a.path("index").asInt(), b.path("index").asInt()));
        for (JsonNode item : data) {
            JsonNode embedding = item.path("embedding");
            float[] vector = new float[embedding.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) embedding.get(i).asDouble();
            }
            vectors.add(vector);
        }
        if (vectors.size() != texts.size()) {
            throw ProviderFailure.of(
                    502,
                    "embeddings answer has "
                            + vectors.size()
                            + " vectors for "
                            + texts.size()
                            + " inputs",
                    null);
        }
        return new EmbeddingAnswer(
                vectors,
                answer.path("usage").path("prompt_tokens").asLong(Tokens.estimateTexts(texts)));
    }

    private ObjectNode request(ModelDeployment deployment, ProviderCall call, boolean stream) {
        ObjectNode request = json.createObjectNode();
        request.put("model", deployment.model());
        ArrayNode messages = request.putArray("messages");
        for (Message message : call.messages()) {
            ObjectNode m = messages.addObject().put("role", role(message.role()));
            boolean calls = message.toolCalls() != null && !message.toolCalls().isEmpty();
            if (calls && message.text().isEmpty()) {
                m.putNull("content");
            } else {
                m.put("content", message.text());
            }
            if (calls) {
                ArrayNode toolCalls = m.putArray("tool_calls");
                for (ToolCall c : message.toolCalls()) {
                    toolCalls
                            .addObject()
                            .put("id", c.id())
                            .put("type", "function")
                            .putObject("function")
                            .put("name", c.function().name())
                            .put("arguments", c.function().arguments());
                }
            }
            if (message.toolCallId() != null) {
                m.put("tool_call_id", message.toolCallId());
            }
        }
        if (call.temperature() != null) {
            request.put("temperature", call.temperature());
        }
        request.put("max_tokens", call.maxTokens());
        if (call.topP() != null) {
            request.put("top_p", call.topP());
        }
        if (call.stop() != null && !call.stop().isEmpty()) {
            ArrayNode stop = request.putArray("stop");
            call.stop().forEach(stop::add);
        }
        if (call.json()) {
            request.putObject("response_format").put("type", "json_object");
        }
        if (!call.tools().isEmpty()) {
            ArrayNode tools = request.putArray("tools");
            for (Tool tool : call.tools()) {
                ObjectNode function =
                        tools.addObject().put("type", "function").putObject("function");
                function.put("name", tool.function().name());
                if (tool.function().description() != null) {
                    function.put("description", tool.function().description());
                }
                if (tool.function().parameters() != null) {
                    function.set("parameters", json.valueToTree(tool.function().parameters()));
                }
                if (tool.function().strict() != null) {
                    function.put("strict", tool.function().strict());
                }
            }
            if (call.toolChoice() != null) {
                request.set("tool_choice", json.valueToTree(call.toolChoice()));
            }
            if (call.parallelToolCalls() != null) {
                request.put("parallel_tool_calls", call.parallelToolCalls());
            }
        }
        if (stream) {
            request.put("stream", true);
            request.putObject("stream_options").put("include_usage", true);
        }
        return request;
    }

    private static String role(String role) {
        return "developer".equals(role) ? "system" : role;
    }

    private static String url(ModelDeployment deployment, String path) {
        String base = deployment.baseUrl();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    /**
     * Azure OpenAI wants the key in {@code api-key}; the URL is parsed only when it may be Azure's.
     */
    static boolean isAzure(String baseUrl) {
        if (!baseUrl.toLowerCase(Locale.ROOT).contains(".azure.com")) {
            return false;
        }
        String host = URI.create(baseUrl).getHost();
        return host != null && host.toLowerCase(Locale.ROOT).endsWith(".azure.com");
    }

    private static Map<String, String> headers(ModelDeployment deployment, String apiKey) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json, text/event-stream");
        if (apiKey != null) {
            headers.put("Authorization", "Bearer " + apiKey);
            if (isAzure(deployment.baseUrl())) {
                headers.put("api-key", apiKey);
            }
        }
        return headers;
    }
}

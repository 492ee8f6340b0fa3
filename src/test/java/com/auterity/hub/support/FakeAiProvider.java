package com.auterity.hub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A fake AI provider on loopback that speaks OpenAI's chat completions and embeddings ({@code POST
 * /v1/chat/completions}, {@code /v1/embeddings}) and Anthropic's Messages API ({@code POST
 * /v1/messages}), streamed or not, in the shapes of the providers' API references. Each answer is
 * scripted: queued replies first (an answer, possibly with tool calls; an error with an optional
 * {@code Retry-After}; a hang until closed), then the default one. Every request is recorded.
 */
public final class FakeAiProvider implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A tool call the fake answers with; {@code arguments} is JSON text of an object. */
    public record Call(String id, String name, String arguments) {}

    /**
     * One scripted reply. {@code status} 0: hang until the server closes. With {@code toolCalls},
     * {@code content} may be null (no text beside the calls).
     */
    public record Reply(
            int status,
            String content,
            long inputTokens,
            long outputTokens,
            long delayMs,
            long chunkDelayMs,
            String retryAfter,
            String stopReason,
            List<Call> toolCalls) {

        public static Reply ok(String content, long inputTokens, long outputTokens) {
            return new Reply(200, content, inputTokens, outputTokens, 0, 0, null, null, List.of());
        }

        /** An answer calling tools (finish reason tool_calls, stop reason tool_use). */
        public static Reply tools(
                String content, long inputTokens, long outputTokens, Call... calls) {
            return new Reply(
                    200, content, inputTokens, outputTokens, 0, 0, null, null, List.of(calls));
        }

        public static Reply error(int status, String retryAfter) {
            return new Reply(status, null, 0, 0, 0, 0, retryAfter, null, List.of());
        }

        public static Reply hang() {
            return new Reply(0, null, 0, 0, 0, 0, null, null, List.of());
        }

        public Reply delayed(long ms) {
            return new Reply(
                    status,
                    content,
                    inputTokens,
                    outputTokens,
                    ms,
                    chunkDelayMs,
                    retryAfter,
                    stopReason,
                    toolCalls);
        }

        public Reply chunksEvery(long ms) {
            return new Reply(
                    status,
                    content,
                    inputTokens,
                    outputTokens,
                    delayMs,
                    ms,
                    retryAfter,
                    stopReason,
                    toolCalls);
        }

        public Reply stoppedBy(String reason) {
            return new Reply(
                    status,
                    content,
                    inputTokens,
                    outputTokens,
                    delayMs,
                    chunkDelayMs,
                    retryAfter,
                    reason,
                    toolCalls);
        }

        String openAiFinish() {
            return stopReason != null ? stopReason : toolCalls.isEmpty() ? "stop" : "tool_calls";
        }

        String anthropicStop() {
            return stopReason != null ? stopReason : toolCalls.isEmpty() ? "end_turn" : "tool_use";
        }
    }

    /** A request as received; header names are case-insensitive. */
    public record Request(String path, Map<String, List<String>> headers, JsonNode body) {
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final Deque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Reply fallback = Reply.ok("Hello from the fake.", 10, 5);

    private FakeAiProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    /**
     * The body of a connection (as {@code POST /api/v1/integrations/connections?test=false} takes
     * it) holding a provider's API key, for deployments to name.
     */
    public static Map<String, Object> connection(String name, String apiKey) {
        return Map.of(
                "name",
                name,
                "connector",
                "rest-api-action",
                "config",
                Map.of("baseUrl", "http://127.0.0.1:9", "authType", "api-key"),
                "secrets",
                Map.of("apiKey", apiKey));
    }

    public static FakeAiProvider start() {
        try {
            return new FakeAiProvider();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL deployments name: {@code http://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Every later request, once the queued replies are used up. */
    public FakeAiProvider answer(Reply reply) {
        this.fallback = reply;
        return this;
    }

    /** The next request(s), in order, before the default reply. */
    public FakeAiProvider then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public int count() {
        return requests.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(path, headers, body));
            Reply reply = script.poll();
            if (reply == null) {
                reply = fallback;
            }
            if (reply.status() == 0) {
                closed.await(60, TimeUnit.SECONDS);
                return;
            }
            if (reply.delayMs() > 0) {
                Thread.sleep(reply.delayMs());
            }
            if (reply.status() != 200) {
                error(exchange, path, reply);
                return;
            }
            boolean stream = body.path("stream").asBoolean(false);
            switch (path) {
                case "/v1/chat/completions" -> {
                    if (stream) {
                        openAiStream(exchange, body, reply);
                    } else {
                        send(exchange, 200, "application/json", openAiCompletion(body, reply));
                    }
                }
                case "/v1/embeddings" ->
                        send(exchange, 200, "application/json", embeddings(body, reply));
                case "/v1/messages" -> {
                    if (stream) {
                        anthropicStream(exchange, body, reply);
                    } else {
                        send(exchange, 200, "application/json", anthropicMessage(body, reply));
                    }
                }
                default ->
                        send(
                                exchange,
                                404,
                                "application/json",
                                "{\"error\":{\"message\":\"no such path\"}}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void error(HttpExchange exchange, String path, Reply reply) throws IOException {
        if (reply.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After", reply.retryAfter());
        }
        String body =
                path.equals("/v1/messages")
                        ? "{\"type\":\"error\",\"error\":{\"type\":\""
                                + (reply.status() == 429 ? "rate_limit_error" : "api_error")
                                + "\",\"message\":\"scripted failure\"}}"
                        : "{\"error\":{\"message\":\"scripted failure\",\"type\":\""
                                + (reply.status() == 429 ? "requests" : "server_error")
                                + "\",\"param\":null,\"code\":null}}";
        send(exchange, reply.status(), "application/json", body);
    }

    // OpenAI: https://platform.openai.com/docs/api-reference/chat/object
    private static String openAiCompletion(JsonNode request, Reply reply) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.put("id", "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG")
                .put("object", "chat.completion")
                .put("created", 1741570283)
                .put("model", request.path("model").asText())
                .putNull("service_tier")
                .put("system_fingerprint", "fp_fake");
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message =
                choice.putObject("message")
                        .put("role", "assistant")
                        .put("content", reply.content());
        if (!reply.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (Call call : reply.toolCalls()) {
                calls.addObject()
                        .put("id", call.id())
                        .put("type", "function")
                        .putObject("function")
                        .put("name", call.name())
                        .put("arguments", call.arguments());
            }
        }
        message.putNull("refusal").putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", reply.openAiFinish());
        ObjectNode usage = out.putObject("usage");
        usage.put("prompt_tokens", reply.inputTokens())
                .put("completion_tokens", reply.outputTokens())
                .put("total_tokens", reply.inputTokens() + reply.outputTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
        return JSON.writeValueAsString(out);
    }

    // OpenAI streaming: https://platform.openai.com/docs/api-reference/chat-streaming
    private static void openAiStream(HttpExchange exchange, JsonNode request, Reply reply)
            throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String model = request.path("model").asText();
        event(
                out,
                null,
                chunk(
                        model,
                        JSON.createObjectNode()
                                .put("role", "assistant")
                                .put("content", reply.content() == null ? null : ""),
                        null));
        for (String piece : pieces(reply.content())) {
            if (reply.chunkDelayMs() > 0) {
                Thread.sleep(reply.chunkDelayMs());
            }
            event(out, null, chunk(model, JSON.createObjectNode().put("content", piece), null));
        }
        // https://platform.openai.com/docs/guides/function-calling#streaming
        for (int i = 0; i < reply.toolCalls().size(); i++) {
            Call call = reply.toolCalls().get(i);
            ObjectNode first = JSON.createObjectNode();
            first.putArray("tool_calls")
                    .addObject()
                    .put("index", i)
                    .put("id", call.id())
                    .put("type", "function")
                    .putObject("function")
                    .put("name", call.name())
                    .put("arguments", "");
            event(out, null, chunk(model, first, null));
            for (String fragment : fragments(call.arguments())) {
                ObjectNode more = JSON.createObjectNode();
                more.putArray("tool_calls")
                        .addObject()
                        .put("index", i)
                        .putObject("function")
                        .put("arguments", fragment);
                event(out, null, chunk(model, more, null));
            }
        }
        event(out, null, chunk(model, JSON.createObjectNode(), reply.openAiFinish()));
        if (request.path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode usage = chunk(model, null, null);
            usage.putObject("usage")
                    .put("prompt_tokens", reply.inputTokens())
                    .put("completion_tokens", reply.outputTokens())
                    .put("total_tokens", reply.inputTokens() + reply.outputTokens());
            event(out, null, usage);
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ObjectNode chunk(String model, ObjectNode delta, String finish) {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", "chatcmpl-123")
                .put("object", "chat.completion.chunk")
                .put("created", 1694268190)
                .put("model", model)
                .put("system_fingerprint", "fp_fake");
        ArrayNode choices = chunk.putArray("choices");
        if (delta != null) {
            ObjectNode choice = choices.addObject().put("index", 0);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            if (finish == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finish);
            }
            chunk.putNull("usage");
        }
        return chunk;
    }

    private static String embeddings(JsonNode request, Reply reply) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        JsonNode input = request.path("input");
        int n = input.isArray() ? input.size() : 1;
        for (int i = 0; i < n; i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            ArrayNode vector = item.putArray("embedding");
            vector.add(0.5 + i).add(-0.25).add(0.125);
        }
        out.put("model", request.path("model").asText());
        out.putObject("usage")
                .put("prompt_tokens", reply.inputTokens())
                .put("total_tokens", reply.inputTokens());
        return JSON.writeValueAsString(out);
    }

    // Anthropic: https://docs.anthropic.com/en/api/messages
    private static String anthropicMessage(JsonNode request, Reply reply) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.put("id", "msg_013Zva2CMHLNnXjNJJKqJ2EF")
                .put("type", "message")
                .put("role", "assistant")
                .put("model", request.path("model").asText());
        ArrayNode content = out.putArray("content");
        if (reply.content() != null) {
            content.addObject().put("type", "text").put("text", reply.content());
        }
        for (Call call : reply.toolCalls()) {
            content.addObject()
                    .put("type", "tool_use")
                    .put("id", call.id())
                    .put("name", call.name())
                    .set("input", JSON.readTree(call.arguments()));
        }
        out.put("stop_reason", reply.anthropicStop()).putNull("stop_sequence");
        out.putObject("usage")
                .put("input_tokens", reply.inputTokens())
                .put("output_tokens", reply.outputTokens())
                .put("cache_creation_input_tokens", 0)
                .put("cache_read_input_tokens", 0);
        return JSON.writeValueAsString(out);
    }

    // Anthropic streaming: https://docs.anthropic.com/en/docs/build-with-claude/streaming
    private static void anthropicStream(HttpExchange exchange, JsonNode request, Reply reply)
            throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode message = start.putObject("message");
        message.put("id", "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY")
                .put("type", "message")
                .put("role", "assistant")
                .put("model", request.path("model").asText())
                .putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", reply.inputTokens()).put("output_tokens", 1);
        event(out, "message_start", start);
        int index = 0;
        if (reply.content() != null) {
            ObjectNode blockStart =
                    JSON.createObjectNode().put("type", "content_block_start").put("index", index);
            blockStart.putObject("content_block").put("type", "text").put("text", "");
            event(out, "content_block_start", blockStart);
            event(out, "ping", JSON.createObjectNode().put("type", "ping"));
            for (String piece : pieces(reply.content())) {
                if (reply.chunkDelayMs() > 0) {
                    Thread.sleep(reply.chunkDelayMs());
                }
                ObjectNode delta =
                        JSON.createObjectNode()
                                .put("type", "content_block_delta")
                                .put("index", index);
                delta.putObject("delta").put("type", "text_delta").put("text", piece);
                event(out, "content_block_delta", delta);
            }
            event(
                    out,
                    "content_block_stop",
                    JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
            index++;
        }
        // https://docs.anthropic.com/en/docs/build-with-claude/tool-use (streaming:
        // input_json_delta)
        for (Call call : reply.toolCalls()) {
            ObjectNode blockStart =
                    JSON.createObjectNode().put("type", "content_block_start").put("index", index);
            ObjectNode block = blockStart.putObject("content_block");
            block.put("type", "tool_use").put("id", call.id()).put("name", call.name());
            block.putObject("input");
            event(out, "content_block_start", blockStart);
            List<String> fragments = new ArrayList<>(List.of(""));
            fragments.addAll(fragments(call.arguments()));
            for (String fragment : fragments) {
                ObjectNode delta =
                        JSON.createObjectNode()
                                .put("type", "content_block_delta")
                                .put("index", index);
                delta.putObject("delta")
                        .put("type", "input_json_delta")
                        .put("partial_json", fragment);
                event(out, "content_block_delta", delta);
            }
            event(
                    out,
                    "content_block_stop",
                    JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
            index++;
        }
        ObjectNode end = JSON.createObjectNode().put("type", "message_delta");
        end.putObject("delta").put("stop_reason", reply.anthropicStop()).putNull("stop_sequence");
        end.putObject("usage").put("output_tokens", reply.outputTokens());
        event(out, "message_delta", end);
        event(out, "message_stop", JSON.createObjectNode().put("type", "message_stop"));
    }

    /** Tool call arguments cut into pieces of up to 8 characters, as providers stream them. */
    static List<String> fragments(String arguments) {
        List<String> fragments = new ArrayList<>();
        for (int i = 0; i < arguments.length(); i += 8) {
            fragments.add(arguments.substring(i, Math.min(arguments.length(), i + 8)));
        }
        return fragments;
    }

    /** The content cut after each space, so the pieces join back to it; none for no content. */
    static List<String> pieces(String content) {
        List<String> pieces = new ArrayList<>();
        if (content == null) {
            return pieces;
        }
        int from = 0;
        for (int i = 0; i < content.length(); i++) {
            if (content.charAt(i) == ' ') {
                pieces.add(content.substring(from, i + 1));
                from = i + 1;
            }
        }
        if (from < content.length()) {
            pieces.add(content.substring(from));
        }
        return pieces;
    }

    private static void event(OutputStream out, String name, JsonNode data) throws IOException {
        String text =
                (name == null ? "" : "event: " + name + "\n")
                        + "data: "
                        + JSON.writeValueAsString(data)
                        + "\n\n";
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(HttpExchange exchange, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        workers.shutdownNow();
    }
}

package com.auterity.hub.ai.web;

import com.auterity.hub.ai.AiModels;
import com.auterity.hub.ai.AiRouter;
import com.auterity.hub.ai.AiRouter.ChatRequest;
import com.auterity.hub.ai.AiRouter.ChatResponse;
import com.auterity.hub.ai.AiRouter.EmbeddingRequest;
import com.auterity.hub.ai.AiRouter.EmbeddingResponse;
import com.auterity.hub.shared.ApiErrors;
import com.auterity.hub.shared.ServiceError;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.Principal;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OpenAI-compatible surface, so that OpenAI SDKs and tools work against the hub with a hub API
 * key as their key ({@code base_url = http://hub/v1}): {@code POST /v1/chat/completions} (with
 * {@code stream: true} as server-sent {@code chat.completion.chunk}s ending with {@code data:
 * [DONE]}), {@code POST /v1/embeddings} (float or base64 encoding) and {@code GET /v1/models} (the
 * model groups). Tool calling works as OpenAI's: {@code tools}, {@code tool_choice}, {@code
 * parallel_tool_calls}, assistant {@code tool_calls} and {@code tool} messages are passed on, and
 * answers carry {@code message.tool_calls} (streamed: {@code delta.tool_calls} pieces) whatever the
 * provider. Fields the hub does not use (n, seed, penalties, user...) are accepted and ignored, as
 * SDKs send them; the hub's own fields ({@code strategy}, {@code fallbacks}, {@code cache}) are
 * understood, and answers carry a {@code hub} object (deployment, cost, latency, attempts, cache
 * hit).
 *
 * <p>A Spring MVC controller, not REST DSL: a stream is written to the response as the provider
 * sends it. Errors have OpenAI's shape {@code {"error":{"message","type","param","code"}}} (with
 * the hub's code and correlation id), as the SDKs read {@code error.message} and {@code error.code}
 * from it to build their exceptions; refusals by the security filters (401, 403) keep the hub's
 * standard shape, which the SDKs map by status alone.
 */
@RestController
class OpenAiCompatibleController {

    private final AiRouter router;
    private final AiModels models;
    private final ApiErrors errors;
    private final ObjectMapper json;
    private final ObjectReader lenient;

    OpenAiCompatibleController(
            AiRouter router, AiModels models, ApiErrors errors, ObjectMapper json) {
        this.router = router;
        this.models = models;
        this.errors = errors;
        this.json = json;
        this.lenient = json.reader().without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @PostMapping(path = "/v1/chat/completions", consumes = MediaType.ALL_VALUE)
    void completions(
            @RequestBody(required = false) byte[] body,
            Principal caller,
            HttpServletResponse response)
            throws IOException {
        JsonNode tree = parse(body);
        ChatRequest request = lenient.treeToValue(tree, ChatRequest.class);
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        if (!Boolean.TRUE.equals(request.stream())) {
            ChatResponse answer = router.chat(request, caller.getName());
            ObjectNode out = json.createObjectNode();
            out.put("id", id)
                    .put("object", "chat.completion")
                    .put("created", created)
                    .put("model", answer.model());
            ObjectNode choice = out.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode message =
                    choice.putObject("message")
                            .put("role", "assistant")
                            .put("content", answer.content());
            if (!answer.toolCalls().isEmpty()) {
                message.set("tool_calls", json.valueToTree(answer.toolCalls()));
            }
            choice.putNull("logprobs");
            choice.put("finish_reason", answer.finishReason());
            usage(out, answer);
            hub(out, answer);
            write(response, 200, out);
            return;
        }
        boolean includeUsage = tree.path("stream_options").path("include_usage").asBoolean(false);
        Writer[] stream = {null};
        String[] model = {request.group()};
        ChatResponse answer;
        try {
            answer =
                    router.stream(
                            request,
                            caller.getName(),
                            new AiRouter.StreamListener() {
                                @Override
                                public void started(String deployment) {
                                    model[0] = deployment;
                                    response.setStatus(200);
                                    response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
                                    response.setCharacterEncoding("UTF-8");
                                    response.setHeader("Cache-Control", "no-cache");
                                    response.setHeader("X-Accel-Buffering", "no");
                                    try {
                                        stream[0] = response.getWriter();
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                    ObjectNode first = chunk(id, created, deployment);
                                    ObjectNode choice =
                                            first.withArray("choices").addObject().put("index", 0);
                                    choice.putObject("delta")
                                            .put("role", "assistant")
                                            .put("content", "");
                                    choice.putNull("finish_reason");
                                    event(stream[0], first);
                                }

                                @Override
                                public void delta(String text) {
                                    ObjectNode piece = chunk(id, created, model[0]);
                                    ObjectNode choice =
                                            piece.withArray("choices").addObject().put("index", 0);
                                    choice.putObject("delta").put("content", text);
                                    choice.putNull("finish_reason");
                                    event(stream[0], piece);
                                }

                                @Override
                                public void toolCall(AiRouter.ToolCallDelta call) {
                                    ObjectNode piece = chunk(id, created, model[0]);
                                    ObjectNode choice =
                                            piece.withArray("choices").addObject().put("index", 0);
                                    ObjectNode delta =
                                            choice.putObject("delta")
                                                    .putArray("tool_calls")
                                                    .addObject()
                                                    .put("index", call.index());
                                    // as OpenAI: id, type and name on a call's first piece only
                                    if (call.id() != null) {
                                        delta.put("id", call.id()).put("type", "function");
                                    }
                                    ObjectNode function = delta.putObject("function");
                                    if (call.name() != null) {
                                        function.put("name", call.name());
                                    }
                                    function.put("arguments", call.arguments());
                                    choice.putNull("finish_reason");
                                    event(stream[0], piece);
                                }
                            });
        } catch (RuntimeException failure) {
            if (stream[0] == null) {
                throw failure; // nothing sent yet: an ordinary error answer
            }
            ObjectNode error = json.createObjectNode();
            error.set("error", error(errors.map(failure)));
            event(stream[0], error);
            stream[0].write("data: [DONE]\n\n");
            stream[0].flush();
            return;
        }
        ObjectNode last = chunk(id, created, answer.model());
        last.withArray("choices")
                .addObject()
                .put("index", 0)
                .put("finish_reason", answer.finishReason())
                .putObject("delta");
        hub(last, answer);
        event(stream[0], last);
        if (includeUsage) {
            ObjectNode usage = chunk(id, created, answer.model());
            usage.putArray("choices");
            usage(usage, answer);
            event(stream[0], usage);
        }
        stream[0].write("data: [DONE]\n\n");
        stream[0].flush();
    }

    @PostMapping(path = "/v1/embeddings", consumes = MediaType.ALL_VALUE)
    void embeddings(
            @RequestBody(required = false) byte[] body,
            Principal caller,
            HttpServletResponse response)
            throws IOException {
        JsonNode tree = parse(body);
        EmbeddingRequest request = lenient.treeToValue(tree, EmbeddingRequest.class);
        boolean base64 = "base64".equals(tree.path("encoding_format").asText("float"));
        EmbeddingResponse answer = router.embed(request, caller.getName());
        ObjectNode out = json.createObjectNode();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        for (int i = 0; i < answer.embeddings().size(); i++) {
            float[] vector = answer.embeddings().get(i);
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            if (base64) {
                ByteBuffer bytes =
                        ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : vector) {
                    bytes.putFloat(v);
                }
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
        }
        out.put("model", answer.model());
        out.putObject("usage")
                .put("prompt_tokens", answer.usage().inputTokens())
                .put("total_tokens", answer.usage().inputTokens());
        ObjectNode hub = out.putObject("hub");
        hub.put("deployment", answer.model())
                .put("model_group", answer.modelGroup())
                .putRawValue("cost", new RawValue(answer.cost().toPlainString()))
                .put("latency_ms", answer.latencyMs())
                .put("attempts", answer.attempts());
        write(response, 200, out);
    }

    @GetMapping("/v1/models")
    void list(HttpServletResponse response) throws IOException {
        ObjectNode out = json.createObjectNode();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        new TreeSet<>(models.list().stream().map(v -> v.deployment().modelGroup()).toList())
                .forEach(
                        group ->
                                data.addObject()
                                        .put("id", group)
                                        .put("object", "model")
                                        .put("created", 0)
                                        .put("owned_by", "auterity-hub"));
        write(response, 200, out);
    }

    @ExceptionHandler(Exception.class)
    void failed(Exception failure, HttpServletResponse response) throws IOException {
        ApiErrors.Answer answer = errors.map(failure);
        if (response.isCommitted()) {
            return;
        }
        if (answer.retryAfter() != null) {
            response.setHeader(
                    "Retry-After", Long.toString(Math.max(1, answer.retryAfter().toSeconds())));
        }
        ObjectNode out = json.createObjectNode();
        out.set("error", error(answer));
        response.resetBuffer();
        write(response, answer.status().value(), out);
    }

    private ObjectNode error(ApiErrors.Answer answer) {
        ObjectNode error = json.createObjectNode();
        error.put("message", answer.body().message());
        error.put("type", type(answer.status()));
        error.put("param", param(answer.body().details()));
        error.put("code", answer.body().code().toLowerCase(Locale.ROOT));
        error.set("details", json.valueToTree(answer.body().details()));
        error.put("correlation_id", answer.body().correlationId());
        return error;
    }

    private static String type(HttpStatus status) {
        return switch (status) {
            case UNAUTHORIZED -> "authentication_error";
            case FORBIDDEN -> "permission_error";
            case NOT_FOUND -> "invalid_request_error";
            case TOO_MANY_REQUESTS -> "rate_limit_error";
            default -> status.is4xxClientError() ? "invalid_request_error" : "api_error";
        };
    }

    private static String param(Object details) {
        if (details instanceof java.util.List<?> list
                && !list.isEmpty()
                && list.get(0) instanceof java.util.Map<?, ?> first
                && first.get("field") instanceof String field) {
            return field;
        }
        return null;
    }

    private JsonNode parse(byte[] body) throws IOException {
        if (body == null || body.length == 0) {
            throw ServiceError.badRequest("VALIDATION_FAILED", "A JSON body is required", null);
        }
        JsonNode tree = json.readTree(body);
        if (tree == null || !tree.isObject()) {
            throw ServiceError.badRequest(
                    "VALIDATION_FAILED", "The body must be a JSON object", null);
        }
        return tree;
    }

    private ObjectNode chunk(String id, long created, String model) {
        ObjectNode chunk = json.createObjectNode();
        chunk.put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", created)
                .put("model", model);
        return chunk;
    }

    private static void usage(ObjectNode out, ChatResponse answer) {
        out.putObject("usage")
                .put("prompt_tokens", answer.usage().inputTokens())
                .put("completion_tokens", answer.usage().outputTokens())
                .put("total_tokens", answer.usage().inputTokens() + answer.usage().outputTokens());
    }

    private static void hub(ObjectNode out, ChatResponse answer) {
        out.putObject("hub")
                .put("deployment", answer.model())
                .put("model_group", answer.modelGroup())
                .put("provider", answer.provider())
                .putRawValue("cost", new RawValue(answer.cost().toPlainString()))
                .put("latency_ms", answer.latencyMs())
                .put("attempts", answer.attempts())
                .put("cache_hit", answer.cacheHit());
    }

    private void event(Writer writer, JsonNode data) {
        try {
            writer.write("data: ");
            writer.write(json.writeValueAsString(data));
            writer.write("\n\n");
            writer.flush(); // each piece leaves now, not when a buffer is full
        } catch (IOException gone) {
            throw new UncheckedIOException(gone);
        }
    }

    private void write(HttpServletResponse response, int status, JsonNode body) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        byte[] bytes = json.writeValueAsBytes(body);
        // with its length known the answer leaves in one piece, not chunked
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}

package com.auterity.hub.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.support.FakeAiProvider;
import com.auterity.hub.support.FakeAiProvider.Call;
import com.auterity.hub.support.FakeAiProvider.Reply;
import com.auterity.hub.support.FakeAiProviders;
import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tool (function) calling through the AI router over real HTTP, against fake OpenAI and Anthropic
 * servers on loopback: what each provider is sent for tools, tool choices, tool calls and tool
 * results, how their answers (whole and streamed) come back as OpenAI's {@code tool_calls}, routing
 * to deployments with the {@code tools} capability, validation and the cache. Payloads follow the
 * providers' API reference examples. Each test has groups of its own.
 */
class AiToolCallingIntegrationTest extends HubIntegrationTest {

    private static final String KEY = "sk-tools-0123456789abcdef";
    @RegisterExtension static final FakeAiProviders FAKES = new FakeAiProviders();

    // OpenAI's API reference, chat completions with functions
    private static final String WEATHER_TOOL =
            """
            {"type": "function",
             "function": {
               "name": "get_current_weather",
               "description": "Get the current weather in a given location",
               "parameters": {
                 "type": "object",
                 "properties": {
                   "location": {"type": "string",
                                "description": "The city and state, e.g. San Francisco, CA"},
                   "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}
                 },
                 "required": ["location"]}}}
            """;

    private static String operator;
    private static String apiKey;

    @BeforeEach
    void setUp() {
        if (operator != null) {
            return;
        }
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections?test=false",
                        FakeAiProvider.connection("ai-tools-fake", KEY));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        operator = tokenOfNewUser("OPERATOR");
        var key =
                send(
                        "POST",
                        "/api/v1/auth/api-keys",
                        Map.of("name", unique("sdk"), "roles", List.of("OPERATOR")),
                        Map.of("Authorization", "Bearer " + operator));
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        apiKey = body(key).get("key").asText();
    }

    private static FakeAiProvider fake() {
        return FAKES.start();
    }

    private void deploy(
            String id, String group, String provider, FakeAiProvider fake, List<String> caps) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", id);
        d.put("model_group", group);
        d.put("provider", provider);
        d.put("base_url", fake.baseUrl());
        d.put("model", provider.equals("anthropic") ? "claude-sonnet-4-5" : "gpt-4.1");
        d.put("connection", "ai-tools-fake");
        d.put("capabilities", caps);
        var created = asAdmin("POST", "/api/v1/ai/models", d);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private ObjectNode read(String text) {
        try {
            return (ObjectNode) json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A request asking {@code group} about the weather in Boston, offering the weather tool. */
    private ObjectNode weatherRequest(String group) {
        ObjectNode request = json.createObjectNode().put("model", group).put("cache", false);
        request.putArray("messages")
                .addObject()
                .put("role", "user")
                .put("content", "What is the weather like in Boston today?");
        request.putArray("tools").add(read(WEATHER_TOOL));
        return request;
    }

    private HttpResponse<String> completions(Object request) {
        return send(
                "POST",
                "/v1/chat/completions",
                request,
                Map.of("Authorization", "Bearer " + apiKey));
    }

    private HttpResponse<String> chat(Object request) {
        return send(
                "POST", "/api/v1/ai/chat", request, Map.of("Authorization", "Bearer " + operator));
    }

    private JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    @Test
    void openAiIsSentTheToolsAsGivenAndItsToolCallsComeBack() {
        FakeAiProvider fake =
                fake().answer(
                                Reply.tools(
                                        null,
                                        82,
                                        17,
                                        new Call(
                                                "call_abc123",
                                                "get_current_weather",
                                                "{\n\"location\": \"Boston, MA\"\n}")));
        deploy("tc-oa-1", "tc-oa", "openai", fake, List.of("chat", "tools"));
        ObjectNode request = weatherRequest("tc-oa");
        request.put("tool_choice", "auto").put("parallel_tool_calls", false);

        JsonNode answer = ok(completions(request));

        JsonNode sent = fake.requests().get(0).body();
        assertThat(sent.get("tools")).isEqualTo(request.get("tools"));
        assertThat(sent.get("tool_choice").asText()).isEqualTo("auto");
        assertThat(sent.get("parallel_tool_calls").asBoolean()).isFalse();
        JsonNode message = answer.at("/choices/0/message");
        assertThat(message.get("content").isNull()).as(answer.toString()).isTrue();
        assertThat(message.get("tool_calls")).hasSize(1);
        assertThat(message.at("/tool_calls/0/id").asText()).isEqualTo("call_abc123");
        assertThat(message.at("/tool_calls/0/type").asText()).isEqualTo("function");
        assertThat(message.at("/tool_calls/0/function/name").asText())
                .isEqualTo("get_current_weather");
        assertThat(message.at("/tool_calls/0/function/arguments").asText())
                .isEqualTo("{\n\"location\": \"Boston, MA\"\n}");
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(answer.at("/usage/prompt_tokens").asLong()).isEqualTo(82);
    }

    @Test
    void anthropicIsSentToolsAndChoicesInItsShapeAndToolUseBecomesToolCalls() {
        // Anthropic's tool use guide: a text block, then the tool_use block
        FakeAiProvider fake =
                fake().answer(
                                Reply.tools(
                                        "I'll check the current weather in Boston for you.",
                                        384,
                                        73,
                                        new Call(
                                                "toolu_01A09q90qw90lq917835lq9",
                                                "get_current_weather",
                                                "{\"location\":\"Boston, MA\",\"unit\":\"celsius\"}")));
        deploy("tc-an-1", "tc-an", "anthropic", fake, List.of("chat", "tools"));
        ObjectNode request = weatherRequest("tc-an");
        request.set(
                "tool_choice",
                read("{\"type\":\"function\",\"function\":{\"name\":\"get_current_weather\"}}"));
        request.put("parallel_tool_calls", false);

        JsonNode answer = ok(completions(request));

        JsonNode sent = fake.requests().get(0).body();
        JsonNode tool = read(WEATHER_TOOL).get("function");
        assertThat(sent.get("tools"))
                .containsExactly(
                        json.createObjectNode()
                                .put("name", "get_current_weather")
                                .put("description", tool.get("description").asText())
                                .set("input_schema", tool.get("parameters")));
        assertThat(sent.get("tool_choice"))
                .isEqualTo(
                        read(
                                "{\"type\":\"tool\",\"name\":\"get_current_weather\","
                                        + "\"disable_parallel_tool_use\":true}"));
        JsonNode message = answer.at("/choices/0/message");
        assertThat(message.get("content").asText())
                .isEqualTo("I'll check the current weather in Boston for you.");
        assertThat(message.at("/tool_calls/0/id").asText())
                .isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(message.at("/tool_calls/0/type").asText()).isEqualTo("function");
        assertThat(message.at("/tool_calls/0/function/name").asText())
                .isEqualTo("get_current_weather");
        assertThat(read(message.at("/tool_calls/0/function/arguments").asText()))
                .isEqualTo(read("{\"location\":\"Boston, MA\",\"unit\":\"celsius\"}"));
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");

        // the other choices; parallel calls allowed unless said otherwise
        Map<String, String> choices =
                Map.of(
                        "auto", "{\"type\":\"auto\"}",
                        "required", "{\"type\":\"any\"}",
                        "none", "{\"type\":\"none\"}");
        choices.forEach(
                (openAi, anthropic) -> {
                    ok(completions(weatherRequest("tc-an").put("tool_choice", openAi)));
                    JsonNode last = fake.requests().get(fake.count() - 1).body();
                    assertThat(last.get("tool_choice")).as(openAi).isEqualTo(read(anthropic));
                });
        ok(completions(weatherRequest("tc-an")));
        assertThat(fake.requests().get(fake.count() - 1).body().has("tool_choice")).isFalse();
    }

    /** The conversation after the model called two tools: its calls and both results. */
    private ObjectNode roundTrip(String group) {
        return read("""
                        {"model": "%s", "cache": false,
                         "messages": [
                           {"role": "system", "content": "Use the tools."},
                           {"role": "user", "content": "Weather in Boston and in Paris?"},
                           {"role": "assistant", "content": null, "tool_calls": [
                             {"id": "call_1", "type": "function", "function":
                               {"name": "get_current_weather", "arguments": "{\\"location\\":\\"Boston, MA\\"}"}},
                             {"id": "call_2", "type": "function", "function":
                               {"name": "get_current_weather", "arguments": "{\\"location\\":\\"Paris\\"}"}}]},
                           {"role": "tool", "tool_call_id": "call_1", "content": "22 degrees, sunny"},
                           {"role": "tool", "tool_call_id": "call_2", "content": "15 degrees, rain"}]}
                        """
                        .formatted(group))
                .set("tools", json.createArrayNode().add(read(WEATHER_TOOL)));
    }

    @Test
    void aRoundTripSendsTheCallsAndResultsBackInEachProvidersShape() {
        FakeAiProvider openAi =
                fake().answer(Reply.ok("Boston: 22, sunny. Paris: 15, rain.", 120, 12));
        FakeAiProvider anthropic = fake().answer(Reply.ok("Boston is sunny, Paris rainy.", 130, 9));
        deploy("tc-rt-oa", "tc-rt-oa", "openai", openAi, List.of("chat", "tools"));
        deploy("tc-rt-an", "tc-rt-an", "anthropic", anthropic, List.of("chat", "tools"));

        JsonNode fromOpenAi = ok(completions(roundTrip("tc-rt-oa")));
        JsonNode fromAnthropic = ok(completions(roundTrip("tc-rt-an")));

        // OpenAI gets the conversation as it was written
        JsonNode sent = openAi.requests().get(0).body().get("messages");
        assertThat(sent).hasSize(5);
        assertThat(sent.get(2).get("content").isNull()).isTrue();
        assertThat(sent.get(2).get("tool_calls"))
                .isEqualTo(roundTrip("x").at("/messages/2/tool_calls"));
        assertThat(sent.get(3))
                .isEqualTo(
                        read(
                                "{\"role\":\"tool\",\"content\":\"22 degrees, sunny\","
                                        + "\"tool_call_id\":\"call_1\"}"));
        assertThat(sent.get(4).get("tool_call_id").asText()).isEqualTo("call_2");
        assertThat(fromOpenAi.at("/choices/0/message/content").asText())
                .isEqualTo("Boston: 22, sunny. Paris: 15, rain.");
        assertThat(fromOpenAi.at("/choices/0/message").has("tool_calls")).isFalse();
        assertThat(fromOpenAi.at("/choices/0/finish_reason").asText()).isEqualTo("stop");

        // Anthropic: tool_use blocks in the assistant turn, both results in one user turn
        JsonNode request = anthropic.requests().get(0).body();
        assertThat(request.get("system").asText()).isEqualTo("Use the tools.");
        assertThat(request.get("messages"))
                .isEqualTo(
                        read("""
                                        {"m": [
                                          {"role": "user", "content": "Weather in Boston and in Paris?"},
                                          {"role": "assistant", "content": [
                                            {"type": "tool_use", "id": "call_1", "name": "get_current_weather",
                                             "input": {"location": "Boston, MA"}},
                                            {"type": "tool_use", "id": "call_2", "name": "get_current_weather",
                                             "input": {"location": "Paris"}}]},
                                          {"role": "user", "content": [
                                            {"type": "tool_result", "tool_use_id": "call_1",
                                             "content": "22 degrees, sunny"},
                                            {"type": "tool_result", "tool_use_id": "call_2",
                                             "content": "15 degrees, rain"}]}]}
                                        """)
                                .get("m"));
        assertThat(fromAnthropic.at("/choices/0/message/content").asText())
                .isEqualTo("Boston is sunny, Paris rainy.");
        assertThat(fromAnthropic.at("/choices/0/finish_reason").asText()).isEqualTo("stop");

        // a user text right after the results joins their turn, after them
        ObjectNode followUp = roundTrip("tc-rt-an");
        followUp.withArray("messages")
                .addObject()
                .put("role", "user")
                .put("content", "Which is warmer?");
        ok(completions(followUp));
        JsonNode turns = anthropic.requests().get(1).body().get("messages");
        assertThat(turns).hasSize(3);
        assertThat(turns.at("/2/content").findValuesAsText("type"))
                .containsExactly("tool_result", "tool_result", "text");
        assertThat(turns.at("/2/content/2/text").asText()).isEqualTo("Which is warmer?");
    }

    // --- streaming ----------------------------------------------------------------------------

    /** The {@code data:} chunks of a streamed completion, up to {@code [DONE]}. */
    private List<JsonNode> stream(ObjectNode request) throws Exception {
        request.put("stream", true);
        HttpRequest http =
                HttpRequest.newBuilder(uri("/v1/chat/completions"))
                        .header("Authorization", "Bearer " + apiKey)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)))
                        .build();
        HttpResponse<java.util.stream.Stream<String>> response =
                this.http.send(http, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = response.body().filter(l -> l.startsWith("data: ")).toList();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("data: [DONE]");
        List<JsonNode> chunks = new ArrayList<>();
        for (String line : lines.subList(0, lines.size() - 1)) {
            JsonNode chunk = json.readTree(line.substring(6));
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            chunks.add(chunk);
        }
        return chunks;
    }

    /** The {@code delta.tool_calls} pieces, in order. */
    private static List<JsonNode> toolPieces(List<JsonNode> chunks) {
        List<JsonNode> pieces = new ArrayList<>();
        for (JsonNode chunk : chunks) {
            chunk.at("/choices/0/delta/tool_calls").forEach(pieces::add);
        }
        return pieces;
    }

    private static String text(List<JsonNode> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.at("/choices/0/delta/content").asText("")));
        return text.toString();
    }

    /** The arguments of call {@code index}, joined from its pieces. */
    private static String arguments(List<JsonNode> pieces, int index) {
        StringBuilder arguments = new StringBuilder();
        pieces.stream()
                .filter(p -> p.get("index").asInt() == index)
                .forEach(p -> arguments.append(p.at("/function/arguments").asText()));
        return arguments.toString();
    }

    private static void assertFirstPiece(JsonNode piece, int index, String id, String name) {
        assertThat(piece.get("index").asInt()).isEqualTo(index);
        assertThat(piece.get("id").asText()).isEqualTo(id);
        assertThat(piece.get("type").asText()).isEqualTo("function");
        assertThat(piece.at("/function/name").asText()).isEqualTo(name);
    }

    @Test
    void openAiToolCallDeltasStreamThroughPieceByPiece() throws Exception {
        String boston = "{\"location\":\"Boston, MA\",\"unit\":\"celsius\"}";
        String paris = "{\"location\":\"Paris\"}";
        deploy(
                "tc-st-oa",
                "tc-st-oa",
                "openai",
                fake().answer(
                                Reply.tools(
                                        null,
                                        30,
                                        20,
                                        new Call(
                                                "call_DdmO9pD3xa9XTPNJ32zg2hcA",
                                                "get_current_weather",
                                                boston),
                                        new Call("call_ABC", "get_current_weather", paris))),
                List.of("chat", "tools"));

        List<JsonNode> chunks = stream(weatherRequest("tc-st-oa"));

        List<JsonNode> pieces = toolPieces(chunks);
        assertFirstPiece(pieces.get(0), 0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_current_weather");
        assertThat(pieces.get(0).at("/function/arguments").asText()).isEmpty();
        // later pieces carry argument fragments only, as OpenAI streams them
        assertThat(pieces.get(1).has("id")).isFalse();
        assertThat(pieces.get(1).at("/function").has("name")).isFalse();
        assertThat(pieces.stream().filter(p -> p.has("id")).count()).isEqualTo(2);
        assertThat(pieces.size()).isGreaterThan(4);
        assertThat(arguments(pieces, 0)).isEqualTo(boston);
        assertThat(arguments(pieces, 1)).isEqualTo(paris);
        assertFirstPiece(
                pieces.stream().filter(p -> p.get("index").asInt() == 1).findFirst().orElseThrow(),
                1,
                "call_ABC",
                "get_current_weather");
        assertThat(text(chunks)).isEmpty();
        assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText())
                .isEqualTo("tool_calls");
    }

    @Test
    void anthropicToolUseStreamsAsOpenAiToolCallDeltas() throws Exception {
        String arguments = "{\"location\":\"Boston, MA\",\"unit\":\"fahrenheit\"}";
        FakeAiProvider fake =
                fake().answer(
                                Reply.tools(
                                        "Let me check the weather.",
                                        40,
                                        89,
                                        new Call(
                                                "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
                                                "get_current_weather",
                                                arguments),
                                        new Call("toolu_02", "get_current_weather", "{}")));
        deploy("tc-st-an", "tc-st-an", "anthropic", fake, List.of("chat", "tools"));

        List<JsonNode> chunks = stream(weatherRequest("tc-st-an"));

        assertThat(fake.requests().get(0).body().get("tools")).hasSize(1);
        assertThat(text(chunks)).isEqualTo("Let me check the weather.");
        List<JsonNode> pieces = toolPieces(chunks);
        // Anthropic's block 1 is tool call 0: indexes count tool calls only
        assertFirstPiece(pieces.get(0), 0, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_current_weather");
        assertThat(pieces.get(1).has("id")).isFalse();
        assertThat(arguments(pieces, 0)).isEqualTo(arguments);
        assertThat(arguments(pieces, 1)).isEqualTo("{}");
        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(last.at("/hub/deployment").asText()).isEqualTo("tc-st-an");
    }

    // --- routing, validation, cache -----------------------------------------------------------

    @Test
    void toolRequestsGoOnlyToDeploymentsWithTheToolsCapability() {
        FakeAiProvider plain = fake().answer(Reply.ok("plain", 5, 1));
        FakeAiProvider tools =
                fake().answer(
                                Reply.tools(
                                        null,
                                        5,
                                        1,
                                        new Call("call_1", "get_current_weather", "{}")));
        deploy("tc-mix-a", "tc-mix", "openai", plain, List.of("chat"));
        deploy("tc-mix-b", "tc-mix", "openai", tools, List.of("chat", "tools"));

        for (int i = 0; i < 3; i++) {
            JsonNode answer = ok(chat(weatherRequest("tc-mix").put("strategy", "round-robin")));
            assertThat(answer.get("model").asText()).isEqualTo("tc-mix-b");
            assertThat(answer.at("/tool_calls/0/function/name").asText())
                    .isEqualTo("get_current_weather");
        }
        // a conversation with tool results needs the capability too, even without tools
        ObjectNode results = roundTrip("tc-mix");
        results.remove("tools");
        assertThat(ok(chat(results)).get("model").asText()).isEqualTo("tc-mix-b");
        assertThat(plain.count()).isZero();
        // plain requests still go to both
        for (int i = 0; i < 2; i++) {
            ok(
                    chat(
                            Map.of(
                                    "model",
                                    "tc-mix",
                                    "messages",
                                    List.of(Map.of("role", "user", "content", "hi")),
                                    "strategy",
                                    "round-robin",
                                    "cache",
                                    false)));
        }
        assertThat(plain.count()).isEqualTo(1);

        deploy("tc-chat-only", "tc-chat-only", "openai", fake(), List.of("chat"));
        JsonNode refused =
                assertError(chat(weatherRequest("tc-chat-only")), 400, "CAPABILITY_NOT_SUPPORTED");
        assertThat(refused.get("message").asText())
                .contains("tc-chat-only")
                .contains("capability tools");
        // a fallback group that has it answers instead
        ObjectNode withFallback = weatherRequest("tc-chat-only");
        withFallback.putArray("fallbacks").add("tc-mix");
        assertThat(ok(chat(withFallback)).get("model").asText()).isEqualTo("tc-mix-b");
    }

    private List<String> fields(JsonNode error) {
        return error.get("details").findValuesAsText("field");
    }

    @Test
    void malformedToolsAndToolMessagesAreNamedInValidationErrors() {
        deploy("tc-val-1", "tc-val", "openai", fake(), List.of("chat", "tools"));

        ObjectNode nameless = weatherRequest("tc-val");
        ((ObjectNode) nameless.at("/tools/0/function")).remove("name");
        nameless.withArray("tools")
                .add(read("{\"type\":\"code_interpreter\",\"function\":{\"name\":\"x y\"}}"));
        nameless.put("tool_choice", "sometimes");
        assertThat(fields(assertError(chat(nameless), 400, "VALIDATION_FAILED")))
                .containsExactlyInAnyOrder(
                        "tools[0].function.name",
                        "tools[1].type",
                        "tools[1].function.name",
                        "tool_choice");

        ObjectNode unknownChoice = weatherRequest("tc-val");
        unknownChoice.set(
                "tool_choice",
                read("{\"type\":\"function\",\"function\":{\"name\":\"get_stock\"}}"));
        assertThat(fields(assertError(chat(unknownChoice), 400, "VALIDATION_FAILED")))
                .containsExactly("tool_choice");
        ObjectNode choiceWithoutTools = weatherRequest("tc-val").put("tool_choice", "auto");
        choiceWithoutTools.remove("tools");
        JsonNode noTools = assertError(chat(choiceWithoutTools), 400, "VALIDATION_FAILED");
        assertThat(noTools.at("/details/0/message").asText()).contains("only allowed when tools");

        ObjectNode messages = roundTrip("tc-val");
        ((ObjectNode) messages.at("/messages/3")).remove("tool_call_id");
        ((ObjectNode) messages.at("/messages/4")).put("tool_call_id", "call_9");
        ((ObjectNode) messages.at("/messages/2/tool_calls/1/function"))
                .put("arguments", "{not json");
        ((ObjectNode) messages.at("/messages/1"))
                .set("tool_calls", messages.at("/messages/2/tool_calls"));
        assertThat(fields(assertError(chat(messages), 400, "VALIDATION_FAILED")))
                .containsExactlyInAnyOrder(
                        "messages[1].tool_calls",
                        "messages[2].tool_calls[1].function.arguments",
                        "messages[3].tool_call_id",
                        "messages[4].tool_call_id");

        // the OpenAI-compatible API names the first field as OpenAI's error.param
        HttpResponse<String> viaOpenAi = completions(nameless);
        assertThat(viaOpenAi.statusCode()).isEqualTo(400);
        assertThat(body(viaOpenAi).at("/error/code").asText()).isEqualTo("validation_failed");
        assertThat(body(viaOpenAi).at("/error/param").asText()).isEqualTo("tools[0].function.name");
    }

    @Test
    void theCacheTellsRequestsWithDifferentToolsApart() {
        FakeAiProvider fake =
                fake().then(
                                Reply.ok("No tools here.", 10, 4),
                                Reply.tools(
                                        null,
                                        50,
                                        9,
                                        new Call(
                                                "call_1",
                                                "get_current_weather",
                                                "{\"location\":\"Boston, MA\"}")),
                                Reply.tools(
                                        null,
                                        50,
                                        9,
                                        new Call(
                                                "call_2",
                                                "get_current_weather",
                                                "{\"location\":\"Boston, MA\"}")));
        deploy("tc-cache-1", "tc-cache", "openai", fake, List.of("chat", "tools"));
        ObjectNode withTools = weatherRequest("tc-cache");
        withTools.remove("cache"); // temperature not given: cached
        ObjectNode without = withTools.deepCopy();
        without.remove("tools");

        JsonNode plain = ok(chat(without));
        JsonNode tooled = ok(chat(withTools));
        JsonNode required = ok(chat(withTools.deepCopy().put("tool_choice", "required")));
        JsonNode again = ok(chat(withTools));

        assertThat(fake.count()).isEqualTo(3);
        assertThat(plain.get("content").asText()).isEqualTo("No tools here.");
        assertThat(plain.has("tool_calls")).isFalse();
        assertThat(tooled.get("content").isNull()).isTrue();
        assertThat(tooled.get("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(tooled.at("/tool_calls/0/id").asText()).isEqualTo("call_1");
        assertThat(required.at("/tool_calls/0/id").asText()).isEqualTo("call_2");
        assertThat(again.get("cache_hit").asBoolean()).isTrue();
        assertThat(again.get("tool_calls")).isEqualTo(tooled.get("tool_calls"));
        assertThat(again.get("content").isNull()).isTrue();
    }
}

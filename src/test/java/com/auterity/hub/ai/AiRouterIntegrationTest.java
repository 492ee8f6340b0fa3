package com.auterity.hub.ai;

import static com.auterity.hub.support.WorkflowFixtures.linear;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static com.auterity.hub.support.WorkflowFixtures.nodeRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.ai.usage.UsageLedger;
import com.auterity.hub.shared.ServiceError;
import com.auterity.hub.support.FakeAiProvider;
import com.auterity.hub.support.FakeAiProvider.Reply;
import com.auterity.hub.support.FakeAiProviders;
import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;

/**
 * The AI router over real HTTP against fake OpenAI and Anthropic servers on loopback: what is sent
 * and answered, each strategy's choice, retries, fallbacks, cool-down and recovery, cost, cache,
 * streaming, errors and who may change the registry. Deployments are made through the API, each
 * test with groups of its own (the router's statistics live as long as the context).
 */
@TestPropertySource(
        properties = {
            "hub.ai.request-timeout=2",
            "hub.ai.routing.backoff=10ms",
            "hub.ai.routing.cool-down=1s",
            "hub.ai.routing.window=4",
            "hub.ai.routing.minimum-calls=2",
            "hub.ai.routing.max-retry-wait=3s",
            "hub.ai.models[0].id=cfg-minilm",
            "hub.ai.models[0].model-group=minilm",
            "hub.ai.models[0].provider=local",
            "hub.ai.models[0].model=all-minilm-l6-v2",
            "hub.ai.models[0].capabilities=embeddings",
            "hub.ai.fallbacks.cfg-main[0]=cfg-backup"
        })
class AiRouterIntegrationTest extends HubIntegrationTest {

    private static final String KEY = "sk-fake-0123456789abcdefSECRET";
    @RegisterExtension static final FakeAiProviders FAKES = new FakeAiProviders();

    private static String operator;
    private static boolean connected;

    @BeforeEach
    void setUp() {
        if (operator == null) {
            operator = tokenOfNewUser("OPERATOR");
        }
        if (!connected) {
            var created =
                    asAdmin(
                            "POST",
                            "/api/v1/integrations/connections?test=false",
                            FakeAiProvider.connection("ai-fake", KEY));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            connected = true;
        }
    }

    private static FakeAiProvider fake() {
        return FAKES.start();
    }

    private void deploy(
            String id,
            String group,
            String provider,
            FakeAiProvider fake,
            String model,
            Map<String, Object> more) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", id);
        d.put("model_group", group);
        d.put("provider", provider);
        d.put("base_url", fake.baseUrl());
        d.put("model", model);
        d.put("connection", "ai-fake");
        d.putAll(more);
        var created = asAdmin("POST", "/api/v1/ai/models", d);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private HttpResponse<String> chat(Map<String, Object> request) {
        return send(
                "POST", "/api/v1/ai/chat", request, Map.of("Authorization", "Bearer " + operator));
    }

    private JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    private static Map<String, Object> ask(String group, String text, Object... more) {
        Map<String, Object> request = new HashMap<>();
        request.put("model", group);
        request.put("messages", List.of(Map.of("role", "user", "content", text)));
        request.put("cache", false);
        for (int i = 0; i < more.length; i += 2) {
            request.put((String) more[i], more[i + 1]);
        }
        return request;
    }

    @Test
    void openAiChatIsSentAsTheApiSaysAndAnsweredWithUsageAndExactCost() {
        FakeAiProvider fake = fake().answer(Reply.ok("Paris.", 1000, 500));
        deploy(
                "oa-1",
                "oa",
                "openai",
                fake,
                "gpt-4o-2024-08-06",
                Map.of("input_price", "2.50", "output_price", "10"));

        JsonNode answer =
                ok(
                        chat(
                                Map.of(
                                        "model",
                                        "oa",
                                        "messages",
                                        List.of(
                                                Map.of("role", "system", "content", "Be brief."),
                                                Map.of(
                                                        "role",
                                                        "user",
                                                        "content",
                                                        "Capital of France?")),
                                        "temperature",
                                        0,
                                        "max_tokens",
                                        50)));

        assertThat(answer.get("content").asText()).isEqualTo("Paris.");
        assertThat(answer.get("model").asText()).isEqualTo("oa-1");
        assertThat(answer.at("/usage/input_tokens").asLong()).isEqualTo(1000);
        assertThat(answer.at("/usage/output_tokens").asLong()).isEqualTo(500);
        // 1000 * 2.50 / 1e6 + 500 * 10 / 1e6
        assertThat(answer.get("cost").decimalValue()).isEqualByComparingTo("0.0075");
        assertThat(answer.get("attempts").asInt()).isEqualTo(1);
        assertThat(answer.get("cache_hit").asBoolean()).isFalse();
        assertThat(answer.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(answer.has("latency_ms")).isTrue();

        FakeAiProvider.Request sent = fake.requests().get(0);
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.body().get("model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(sent.body().get("max_tokens").asInt()).isEqualTo(50);
        assertThat(sent.body().at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(sent.body().at("/messages/1/content").asText()).isEqualTo("Capital of France?");
        // no header of the client's request travels on
        assertThat(sent.headers().keySet())
                .noneMatch(
                        h ->
                                h.toLowerCase().startsWith("camel")
                                        || h.equalsIgnoreCase("X-Request-Id"));
    }

    @Test
    void anthropicGetsTheSystemPromptMaxTokensAndItsHeadersAndIsMappedBack() {
        FakeAiProvider fake = fake().answer(Reply.ok("Bonjour", 12, 7).stoppedBy("max_tokens"));
        deploy("an-1", "an", "anthropic", fake, "claude-sonnet-4-5-20250929", Map.of());

        JsonNode answer =
                ok(
                        chat(
                                Map.of(
                                        "model",
                                        "an",
                                        "messages",
                                        List.of(
                                                Map.of(
                                                        "role",
                                                        "system",
                                                        "content",
                                                        "Answer in French."),
                                                Map.of("role", "user", "content", "Hello")),
                                        "temperature",
                                        0.5,
                                        "cache",
                                        false)));

        FakeAiProvider.Request sent = fake.requests().get(0);
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("x-api-key")).isEqualTo(KEY);
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.header("Authorization")).isNull();
        assertThat(sent.body().get("system").asText()).isEqualTo("Answer in French.");
        assertThat(sent.body().get("max_tokens").asInt()).isEqualTo(1024); // the default, required
        assertThat(sent.body().get("messages")).hasSize(1);
        assertThat(sent.body().at("/messages/0/role").asText()).isEqualTo("user");

        assertThat(answer.get("content").asText()).isEqualTo("Bonjour");
        assertThat(answer.get("finish_reason").asText()).isEqualTo("length");
        assertThat(answer.at("/usage/input_tokens").asLong()).isEqualTo(12);
        assertThat(answer.at("/usage/output_tokens").asLong()).isEqualTo(7);
        // default price table: claude-sonnet-4-5 at 3 and 15 per million
        assertThat(answer.get("cost").decimalValue())
                .isEqualByComparingTo(new BigDecimal("0.000141"));
        JsonNode view = body(asAdmin("GET", "/api/v1/ai/models/an-1", null));
        assertThat(view.get("price_source").asText()).isEqualTo("default-table");
    }

    @Test
    void roundRobinAndWeightedShareAsSpecified() {
        FakeAiProvider a = fake();
        FakeAiProvider b = fake();
        deploy("rr-a", "rr", "openai", a, "m", Map.of("weight", 3));
        deploy("rr-b", "rr", "openai", b, "m", Map.of("weight", 1));

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            order.add(
                    ok(chat(ask("rr", "q" + i, "strategy", "round-robin"))).get("model").asText());
        }
        assertThat(order).containsExactly("rr-a", "rr-b", "rr-a", "rr-b");

        List<String> weighted = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            weighted.add(
                    ok(chat(ask("rr", "w" + i, "strategy", "weighted"))).get("model").asText());
        }
        assertThat(weighted.stream().filter("rr-a"::equals).count()).isEqualTo(6);
        assertThat(weighted.stream().filter("rr-b"::equals).count()).isEqualTo(2);
    }

    @Test
    void costPicksTheCheapestForTheRequestsShapeNotTheSumOfPrices() {
        deploy(
                "cost-cheap-in",
                "cost",
                "openai",
                fake(),
                "m",
                Map.of("input_price", "1", "output_price", "100"));
        deploy(
                "cost-cheap-out",
                "cost",
                "openai",
                fake(),
                "m",
                Map.of("input_price", "50", "output_price", "1"));

        String longPrompt = "word ".repeat(800); // ~1000 tokens in, 10 out
        assertThat(
                        ok(chat(ask("cost", longPrompt, "strategy", "cost", "max_tokens", 10)))
                                .get("model")
                                .asText())
                .isEqualTo("cost-cheap-in");
        // ~10 tokens in, up to 1000 out
        assertThat(
                        ok(chat(ask("cost", "hi", "strategy", "cost", "max_tokens", 1000)))
                                .get("model")
                                .asText())
                .isEqualTo("cost-cheap-out");
    }

    @Test
    void leastLatencyPrefersTheFasterOnceBothAreMeasured() {
        deploy(
                "lat-slow",
                "lat",
                "openai",
                fake().answer(Reply.ok("slow", 10, 5).delayed(400)),
                "m",
                Map.of());
        deploy("lat-fast", "lat", "openai", fake().answer(Reply.ok("fast", 10, 5)), "m", Map.of());

        List<String> first = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            first.add(
                    ok(chat(ask("lat", "m" + i, "strategy", "least-latency")))
                            .get("model")
                            .asText());
        }
        assertThat(first).containsExactlyInAnyOrder("lat-slow", "lat-fast"); // each measured once
        for (int i = 0; i < 3; i++) {
            assertThat(
                            ok(chat(ask("lat", "n" + i, "strategy", "least-latency")))
                                    .get("model")
                                    .asText())
                    .isEqualTo("lat-fast");
        }
    }

    @Test
    void eachDeploymentsCallsTokensAndCostAreInPrometheus() {
        FakeAiProvider fake = fake().answer(Reply.ok("fine", 120, 30)).then(Reply.error(500, null));
        deploy(
                "met-1",
                "met",
                "openai",
                fake,
                "m",
                Map.of("input_price", "1", "output_price", "2"));

        assertThat(ok(chat(ask("met", "x"))).get("attempts").asInt()).isEqualTo(2);

        String scrape = asAdmin("GET", "/actuator/prometheus", null).body();
        String[] labels = {"deployment=\"met-1\"", "model_group=\"met\"", "provider=\"openai\""};
        assertThat(sample(scrape, "hub_ai_calls_seconds_count", labels, "outcome=\"ok\""))
                .isEqualTo(1);
        assertThat(sample(scrape, "hub_ai_calls_seconds_count", labels, "outcome=\"server_error\""))
                .isEqualTo(1);
        assertThat(sample(scrape, "hub_ai_tokens_total", labels, "type=\"input\"")).isEqualTo(120);
        assertThat(sample(scrape, "hub_ai_tokens_total", labels, "type=\"output\"")).isEqualTo(30);
        // 120 * 1 / 1e6 + 30 * 2 / 1e6
        assertThat(sample(scrape, "hub_ai_cost_usd_total", labels, "deployment=\"met-1\""))
                .isCloseTo(0.00018, org.assertj.core.data.Offset.offset(1e-12));
    }

    /** The value of the one sample of {@code metric} that has all {@code labels}. */
    private static double sample(String scrape, String metric, String[] labels, String label) {
        List<String> lines =
                scrape.lines()
                        .filter(l -> l.startsWith(metric + "{") && l.contains(label))
                        .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
                        .toList();
        assertThat(lines).as(metric + " " + label).hasSize(1);
        String line = lines.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    @Test
    void retryAfterIsHonouredOnTheSameDeployment() {
        FakeAiProvider fake = fake().then(Reply.error(429, "1"));
        deploy("ra-1", "ra", "openai", fake, "m", Map.of());

        long start = System.nanoTime();
        JsonNode answer = ok(chat(ask("ra", "x")));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(answer.get("attempts").asInt()).isEqualTo(2);
        assertThat(fake.count()).isEqualTo(2);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(950);
    }

    @Test
    void aHangingDeploymentTimesOutAndAnotherAnswers() {
        deploy("to-a", "to", "openai", fake().answer(Reply.hang()), "m", Map.of());
        deploy("to-b", "to", "openai", fake(), "m", Map.of());

        JsonNode answer = ok(chat(ask("to", "x", "strategy", "round-robin")));

        assertThat(answer.get("model").asText()).isEqualTo("to-b");
        assertThat(answer.get("attempts").asInt()).isEqualTo(2);
        assertThat(answer.get("latency_ms").asLong()).isBetween(1900L, 10_000L);
    }

    @Test
    void fallbackAnswersWhileTheFailingDeploymentCoolsDownAndItComesBackByItself() {
        FakeAiProvider main = fake().answer(Reply.error(500, null));
        deploy("fb-main-1", "cfg-main", "openai", main, "m", Map.of());
        deploy("fb-backup-1", "cfg-backup", "openai", fake(), "m", Map.of());

        // the configured fallback of cfg-main is cfg-backup
        JsonNode first = ok(chat(ask("cfg-main", "x")));
        assertThat(first.get("model").asText()).isEqualTo("fb-backup-1");
        assertThat(first.get("model_group").asText()).isEqualTo("cfg-backup");
        assertThat(first.get("attempts").asInt()).isGreaterThan(1);
        int calls = main.count();

        // cooled down: not even tried
        assertThat(
                        body(asAdmin("GET", "/api/v1/ai/models/fb-main-1", null))
                                .get("circuit")
                                .asText())
                .isEqualTo("open");
        JsonNode second = ok(chat(ask("cfg-main", "y")));
        assertThat(second.get("model").asText()).isEqualTo("fb-backup-1");
        assertThat(second.get("attempts").asInt()).isEqualTo(1);
        assertThat(main.count()).isEqualTo(calls);

        main.answer(Reply.ok("recovered", 3, 2));
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                "fb-main-1"
                                        .equals(
                                                body(chat(ask("cfg-main", "z")))
                                                        .path("model")
                                                        .asText()));
        assertThat(
                        body(asAdmin("GET", "/api/v1/ai/models/fb-main-1", null))
                                .get("circuit")
                                .asText())
                .isEqualTo("closed");
    }

    @Test
    void whenEveryProviderFailsTheClientGets502ThenWhileCoolingDown503() {
        deploy("dead-1", "dead", "openai", fake().answer(Reply.error(503, null)), "m", Map.of());

        JsonNode failed = assertError(chat(ask("dead", "x")), 502, "AI_PROVIDERS_FAILED");
        assertThat(failed.at("/details/attempts/0/deployment").asText()).isEqualTo("dead-1");
        assertThat(failed.at("/details/attempts/0/status").asInt()).isEqualTo(503);

        HttpResponse<String> unavailable = chat(ask("dead", "x"));
        assertError(unavailable, 503, "AI_MODELS_UNAVAILABLE");
        assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void identicalRequestsAreAnsweredFromTheCacheAtNoCost() {
        FakeAiProvider fake = fake().answer(Reply.ok("cached?", 100, 10));
        deploy("cache-1", "cache", "openai", fake, "gpt-4o-mini", Map.of());
        Map<String, Object> request =
                Map.of(
                        "model",
                        "cache",
                        "messages",
                        List.of(Map.of("role", "user", "content", "same")),
                        "temperature",
                        0);

        JsonNode first = ok(chat(request));
        JsonNode second = ok(chat(request));
        assertThat(first.get("cache_hit").asBoolean()).isFalse();
        assertThat(first.get("cost").decimalValue()).isPositive();
        assertThat(second.get("cache_hit").asBoolean()).isTrue();
        assertThat(second.get("cost").decimalValue()).isZero();
        assertThat(second.get("content").asText()).isEqualTo("cached?");
        assertThat(fake.count()).isEqualTo(1);

        // a temperature above 0: no cache, unless asked for
        Map<String, Object> warm =
                Map.of(
                        "model",
                        "cache",
                        "messages",
                        List.of(Map.of("role", "user", "content", "warm")),
                        "temperature",
                        0.9);
        ok(chat(warm));
        ok(chat(warm));
        assertThat(fake.count()).isEqualTo(3);
        Map<String, Object> asked = new HashMap<>(warm);
        asked.put("cache", true);
        ok(chat(asked));
        assertThat(ok(chat(asked)).get("cache_hit").asBoolean()).isTrue();
        assertThat(fake.count()).isEqualTo(4);
    }

    @Test
    void clientMistakesGetStandard4xxErrors() {
        deploy("bad-1", "bad", "openai", fake(), "m", Map.of());
        assertError(chat(ask("no-such-model", "x")), 404, "UNKNOWN_MODEL");
        assertError(chat(Map.of("model", "bad", "messages", List.of())), 400, "VALIDATION_FAILED");
        assertError(chat(ask("bad", "x", "temperature", 3)), 400, "VALIDATION_FAILED");
        assertError(chat(ask("bad", "x", "strategy", "fastest")), 400, "VALIDATION_FAILED");
        assertError(
                send(
                        "POST",
                        "/api/v1/ai/chat",
                        "{\"model\": \"bad\", \"messages\": [",
                        Map.of("Authorization", "Bearer " + operator)),
                400,
                "MALFORMED_JSON");
        assertError(
                send("POST", "/api/v1/ai/chat", ask("bad", "x"), Map.of()), 401, "UNAUTHENTICATED");
        assertError(
                chat(ask("bad", "x", "response_format", Map.of("type", "json_object"))),
                400,
                "CAPABILITY_NOT_SUPPORTED");
        deploy("ctx-1", "ctx", "openai", fake(), "m", Map.of("context_window", 100));
        assertError(chat(ask("ctx", "x", "max_tokens", 200)), 400, "CONTEXT_WINDOW_EXCEEDED");
        assertThat(ok(chat(ask("ctx", "x", "max_tokens", 50))).get("model").asText())
                .isEqualTo("ctx-1");
    }

    @Test
    void theUsageLedgerAdmitsEveryRequestBeforeTheCacheAndRecordsItOnce() {
        FakeAiProvider fake = fake().answer(Reply.ok("counted", 40, 20));
        deploy(
                "ledger-1",
                "ledger",
                "openai",
                fake,
                "m",
                Map.of("input_price", "1", "output_price", "2"));
        Map<String, Object> request =
                Map.of(
                        "model",
                        "ledger",
                        "messages",
                        List.of(Map.of("role", "user", "content", "count me")),
                        "max_tokens",
                        30);

        ok(chat(request));
        ok(chat(request)); // from the cache
        List<UsageLedger.Usage> records =
                LEDGER.recorded.stream().filter(u -> "ledger".equals(u.model())).toList();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).deployment()).isEqualTo("ledger-1");
        assertThat(records.get(0).inputTokens()).isEqualTo(40);
        assertThat(records.get(0).cost())
                .isEqualByComparingTo("0.00008"); // 40 * 1 + 20 * 2, per million
        assertThat(records.get(0).ok()).isTrue();
        assertThat(records.get(1).cacheHit()).isTrue();
        assertThat(records.get(1).cost()).isZero();
        String principal = records.get(0).principal();
        assertThat(principal).startsWith("operator");
        assertThat(records.get(1).principal()).isEqualTo(principal);
        // estimated input tokens (3 + 4 per message + 2 for "count me") plus max_tokens, each time
        assertThat(LEDGER.admitted.stream().filter(a -> a.equals(principal + ":39")).count())
                .isEqualTo(2);

        LEDGER.refuse = principal;
        try {
            assertError(chat(request), 429, "BUDGET_EXCEEDED"); // refused before the cache
        } finally {
            LEDGER.refuse = null;
        }
        assertThat(fake.count()).isEqualTo(1);
        assertThat(LEDGER.recorded.stream().filter(u -> "ledger".equals(u.model())).count())
                .isEqualTo(2);

        deploy(
                "ledger-dead",
                "ledger-dead",
                "openai",
                fake().answer(Reply.error(500, null)),
                "m",
                Map.of());
        assertError(chat(ask("ledger-dead", "x")), 502, "AI_PROVIDERS_FAILED");
        UsageLedger.Usage failed =
                LEDGER.recorded.stream()
                        .filter(u -> "ledger-dead".equals(u.model()))
                        .findFirst()
                        .orElseThrow();
        assertThat(failed.ok()).isFalse();
        assertThat(failed.cost()).isZero();
    }

    static final RecordingLedger LEDGER = new RecordingLedger();

    /**
     * Stands in for the usage ledger of the accounting module (another branch): records what the
     * router tells it and refuses one principal on demand. Primary, so that it also wins over the
     * real ledger once both are in the hub.
     */
    @TestConfiguration
    static class LedgerConfiguration {
        @Bean
        @Primary
        UsageLedger recordingLedger() {
            return LEDGER;
        }
    }

    static final class RecordingLedger implements UsageLedger {
        final List<String> admitted = new CopyOnWriteArrayList<>();
        final List<Usage> recorded = new CopyOnWriteArrayList<>();
        volatile String refuse;

        @Override
        public void admit(String principal, long estimatedTokens) {
            if (principal.equals(refuse)) {
                throw new ServiceError(
                        HttpStatus.TOO_MANY_REQUESTS, "BUDGET_EXCEEDED", "Budget spent");
            }
            admitted.add(principal + ":" + estimatedTokens);
        }

        @Override
        public void record(Usage usage) {
            recorded.add(usage);
        }
    }

    @Test
    void onlyAdminChangesTheRegistryAndNoSecretIsReturned() {
        deploy("reg-1", "reg", "openai", fake(), "gpt-4o", Map.of());
        String developer = tokenOfNewUser("DEVELOPER");
        String viewer = tokenOfNewUser("VIEWER");
        Map<String, Object> other =
                Map.of(
                        "id",
                        "reg-2",
                        "model_group",
                        "reg",
                        "provider",
                        "openai",
                        "base_url",
                        "http://127.0.0.1:1/v1",
                        "model",
                        "m");

        assertError(
                send(
                        "POST",
                        "/api/v1/ai/models",
                        other,
                        Map.of("Authorization", "Bearer " + developer)),
                403,
                "FORBIDDEN");
        assertError(
                send(
                        "DELETE",
                        "/api/v1/ai/models/reg-1",
                        null,
                        Map.of("Authorization", "Bearer " + developer)),
                403,
                "FORBIDDEN");
        assertError(
                send(
                        "PUT",
                        "/api/v1/ai/models/reg-1",
                        other,
                        Map.of("Authorization", "Bearer " + operator)),
                403,
                "FORBIDDEN");
        HttpResponse<String> listed =
                send("GET", "/api/v1/ai/models", null, Map.of("Authorization", "Bearer " + viewer));
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("\"reg-1\"").contains("cfg-minilm").doesNotContain(KEY);
        JsonNode reg =
                body(
                        send(
                                "GET",
                                "/api/v1/ai/models/reg-1",
                                null,
                                Map.of("Authorization", "Bearer " + viewer)));
        assertThat(reg.get("connection").asText()).isEqualTo("ai-fake");
        assertThat(reg.get("effective_input_price").decimalValue()).isEqualByComparingTo("2.50");

        JsonNode invalid =
                assertError(
                        asAdmin(
                                "POST",
                                "/api/v1/ai/models",
                                Map.of(
                                        "id",
                                        "Bad Id",
                                        "model_group",
                                        "reg",
                                        "provider",
                                        "mystery",
                                        "model",
                                        "m")),
                        400,
                        "VALIDATION_FAILED");
        assertThat(invalid.get("details").findValuesAsText("field")).contains("id", "provider");
        assertError(
                asAdmin(
                        "POST",
                        "/api/v1/ai/models",
                        Map.of(
                                "id",
                                "reg-1",
                                "model_group",
                                "reg",
                                "provider",
                                "openai",
                                "base_url",
                                "http://127.0.0.1:1/v1",
                                "model",
                                "m")),
                409,
                "DEPLOYMENT_EXISTS");
        assertError(
                asAdmin("DELETE", "/api/v1/ai/models/cfg-minilm", null),
                409,
                "DEPLOYMENT_IN_CONFIGURATION");
        assertThat(
                        asAdmin(
                                        "PUT",
                                        "/api/v1/ai/models/reg-1",
                                        Map.of(
                                                "model_group",
                                                "reg",
                                                "provider",
                                                "openai",
                                                "base_url",
                                                "http://127.0.0.1:1/v1",
                                                "model",
                                                "gpt-4o-mini",
                                                "weight",
                                                2))
                                .statusCode())
                .isEqualTo(200);
        assertThat(body(asAdmin("GET", "/api/v1/ai/models/reg-1", null)).get("model").asText())
                .isEqualTo("gpt-4o-mini");
        assertThat(asAdmin("DELETE", "/api/v1/ai/models/reg-1", null).statusCode()).isEqualTo(204);
        assertError(asAdmin("GET", "/api/v1/ai/models/reg-1", null), 404, "NOT_FOUND");
    }

    // --- the OpenAI-compatible API ------------------------------------------------------------

    private String apiKey() {
        var created =
                send(
                        "POST",
                        "/api/v1/auth/api-keys",
                        Map.of("name", unique("sdk"), "roles", List.of("OPERATOR")),
                        Map.of("Authorization", "Bearer " + operator));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return body(created).get("key").asText();
    }

    @Test
    void openAiCompatibleCompletionsModelsAndErrorsWithABearerApiKey() {
        deploy(
                "sdk-1",
                "sdk",
                "openai",
                fake().answer(Reply.ok("Hi there", 9, 2)),
                "gpt-4o-mini",
                Map.of());
        String key = apiKey();
        Map<String, String> auth = Map.of("Authorization", "Bearer " + key);

        // fields an SDK sends and the hub does not use are accepted
        JsonNode completion =
                ok(
                        send(
                                "POST",
                                "/v1/chat/completions",
                                Map.of(
                                        "model",
                                        "sdk",
                                        "messages",
                                        List.of(Map.of("role", "user", "content", "Hi")),
                                        "n",
                                        1,
                                        "user",
                                        "u-1",
                                        "presence_penalty",
                                        0),
                                auth));
        assertThat(completion.get("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(completion.at("/choices/0/message/content").asText()).isEqualTo("Hi there");
        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(completion.at("/usage/total_tokens").asLong()).isEqualTo(11);
        assertThat(completion.at("/hub/deployment").asText()).isEqualTo("sdk-1");

        JsonNode models = ok(send("GET", "/v1/models", null, auth));
        assertThat(models.get("object").asText()).isEqualTo("list");
        assertThat(models.get("data").findValuesAsText("id")).contains("sdk", "minilm");

        HttpResponse<String> unknown =
                send(
                        "POST",
                        "/v1/chat/completions",
                        Map.of(
                                "model",
                                "nope",
                                "messages",
                                List.of(Map.of("role", "user", "content", "Hi"))),
                        auth);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(unknown).at("/error/code").asText()).isEqualTo("unknown_model");
        assertThat(body(unknown).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(body(unknown).at("/error/message").asText()).contains("nope");

        assertThat(
                        send(
                                        "GET",
                                        "/v1/models",
                                        null,
                                        Map.of("Authorization", "Bearer ahk_not-a-key"))
                                .statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/v1/models", null, Map.of()).statusCode()).isEqualTo(401);
        // a JWT still works on /v1 and the API key filter leaves JWTs alone elsewhere
        assertThat(
                        send(
                                        "GET",
                                        "/v1/models",
                                        null,
                                        Map.of("Authorization", "Bearer " + operator))
                                .statusCode())
                .isEqualTo(200);
        assertThat(
                        send(
                                        "GET",
                                        "/api/v1/ai/models",
                                        null,
                                        Map.of("Authorization", "Bearer " + operator))
                                .statusCode())
                .isEqualTo(200);
    }

    private record Timed(long atMs, String line) {}

    private List<Timed> streamLines(String path, Object request, String key) throws Exception {
        HttpRequest http =
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)))
                        .build();
        long start = System.nanoTime();
        HttpResponse<Stream<String>> response =
                this.http.send(http, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/event-stream");
        List<Timed> lines = new ArrayList<>();
        response.body()
                .filter(l -> !l.isBlank())
                .forEach(l -> lines.add(new Timed((System.nanoTime() - start) / 1_000_000, l)));
        return lines;
    }

    private List<String> contents(List<Timed> lines) throws Exception {
        List<String> pieces = new ArrayList<>();
        for (Timed t : lines) {
            if (t.line().startsWith("data: {")) {
                JsonNode chunk = json.readTree(t.line().substring(6));
                assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
                JsonNode content = chunk.at("/choices/0/delta/content");
                if (!content.isMissingNode() && !content.asText().isEmpty()) {
                    pieces.add(content.asText());
                }
            }
        }
        return pieces;
    }

    @Test
    void openAiStreamsPassThroughChunkByChunkInOrderEndingWithDone() throws Exception {
        deploy(
                "st-oa",
                "st-oa",
                "openai",
                fake().answer(Reply.ok("one two three four", 8, 4).chunksEvery(300)),
                "gpt-4o-mini",
                Map.of());
        String key = apiKey();

        List<Timed> lines =
                streamLines(
                        "/v1/chat/completions",
                        Map.of(
                                "model",
                                "st-oa",
                                "messages",
                                List.of(Map.of("role", "user", "content", "count")),
                                "stream",
                                true,
                                "stream_options",
                                Map.of("include_usage", true)),
                        key);

        assertThat(contents(lines)).containsExactly("one ", "two ", "three ", "four");
        assertThat(lines.get(lines.size() - 1).line()).isEqualTo("data: [DONE]");
        JsonNode usage = json.readTree(lines.get(lines.size() - 2).line().substring(6));
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.at("/usage/completion_tokens").asLong()).isEqualTo(4);
        JsonNode finish = json.readTree(lines.get(lines.size() - 3).line().substring(6));
        assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        // streamed, not buffered: the first piece arrived well before the last was sent
        long first =
                lines.stream()
                        .filter(t -> t.line().contains("\"one \""))
                        .findFirst()
                        .orElseThrow()
                        .atMs();
        long last =
                lines.stream()
                        .filter(t -> t.line().contains("\"four\""))
                        .findFirst()
                        .orElseThrow()
                        .atMs();
        assertThat(last - first).isGreaterThanOrEqualTo(700);
    }

    @Test
    void anthropicStreamsAreTranslatedToOpenAiChunks() throws Exception {
        FakeAiProvider fake = fake().answer(Reply.ok("Hello from Claude", 20, 3).chunksEvery(50));
        deploy("st-an", "st-an", "anthropic", fake, "claude-haiku-4-5", Map.of());

        List<Timed> lines =
                streamLines(
                        "/v1/chat/completions",
                        Map.of(
                                "model",
                                "st-an",
                                "messages",
                                List.of(
                                        Map.of("role", "system", "content", "Be nice"),
                                        Map.of("role", "user", "content", "hi")),
                                "stream",
                                true,
                                "stream_options",
                                Map.of("include_usage", true)),
                        apiKey());

        assertThat(String.join("", contents(lines))).isEqualTo("Hello from Claude");
        assertThat(lines.get(lines.size() - 1).line()).isEqualTo("data: [DONE]");
        JsonNode usage = json.readTree(lines.get(lines.size() - 2).line().substring(6));
        assertThat(usage.at("/usage/prompt_tokens").asLong()).isEqualTo(20);
        assertThat(usage.at("/usage/completion_tokens").asLong()).isEqualTo(3);
        JsonNode finish = json.readTree(lines.get(lines.size() - 3).line().substring(6));
        // 20 * 1 / 1e6 + 3 * 5 / 1e6 (claude-haiku-4-5 in the default table)
        assertThat(finish.at("/hub/cost").decimalValue()).isEqualByComparingTo("0.000035");
        assertThat(fake.requests().get(0).body().get("stream").asBoolean()).isTrue();
        assertThat(fake.requests().get(0).body().get("system").asText()).isEqualTo("Be nice");
    }

    @Test
    void embeddingsFromAProviderAndFromTheInProcessModel() {
        deploy(
                "emb-oa",
                "emb",
                "openai",
                fake().answer(Reply.ok("", 6, 0)),
                "text-embedding-3-small",
                Map.of("capabilities", List.of("embeddings")));
        String key = apiKey();
        Map<String, String> auth = Map.of("Authorization", "Bearer " + key);

        HttpResponse<String> remoteAnswer =
                send(
                        "POST",
                        "/v1/embeddings",
                        Map.of(
                                "model",
                                "emb",
                                "input",
                                List.of("a", "b"),
                                "encoding_format",
                                "float"),
                        auth);
        JsonNode remote = ok(remoteAnswer);
        assertThat(remote.get("data")).hasSize(2);
        assertThat(remote.at("/data/1/embedding/0").asDouble()).isEqualTo(1.5);
        assertThat(remote.at("/usage/prompt_tokens").asLong()).isEqualTo(6);
        // 6 * 0.02 / 1e6
        assertThat(remote.at("/hub/cost").decimalValue()).isEqualByComparingTo("0.00000012");
        assertThat(remoteAnswer.body()).contains("\"cost\":0.00000012"); // money is written plain

        JsonNode local =
                ok(
                        send(
                                "POST",
                                "/api/v1/ai/embeddings",
                                Map.of(
                                        "model",
                                        "minilm",
                                        "input",
                                        "The hub runs models in-process"),
                                Map.of("Authorization", "Bearer " + operator)));
        assertThat(local.get("provider").asText()).isEqualTo("local");
        assertThat(local.at("/embeddings/0")).hasSize(384);
        assertThat(local.get("cost").decimalValue()).isZero();

        // the OpenAI SDKs ask for base64 by default: little-endian float32
        JsonNode base64 =
                ok(
                        send(
                                "POST",
                                "/v1/embeddings",
                                Map.of("model", "minilm", "input", "x"),
                                Map.of(
                                        "Authorization",
                                        "Bearer " + key,
                                        "Content-Type",
                                        "application/json")));
        assertThat(base64.at("/data/0/embedding").isArray()).isTrue();
        JsonNode encoded =
                ok(
                        send(
                                "POST",
                                "/v1/embeddings",
                                Map.of(
                                        "model",
                                        "minilm",
                                        "input",
                                        "x",
                                        "encoding_format",
                                        "base64"),
                                auth));
        assertThat(java.util.Base64.getDecoder().decode(encoded.at("/data/0/embedding").asText()))
                .hasSize(384 * 4);

        assertError(
                send(
                        "POST",
                        "/api/v1/ai/chat",
                        ask("minilm", "x"),
                        Map.of("Authorization", "Bearer " + operator)),
                404,
                "UNKNOWN_MODEL");
    }

    // --- the ai-model workflow node -------------------------------------------------------------

    @Test
    void anAiModelNodeFillsThePromptFromTheMessageAndStoresTheAnswer() {
        FakeAiProvider fake = fake().answer(Reply.ok("A short summary.", 30, 4));
        deploy(
                "node-1",
                "node-llm",
                "openai",
                fake,
                "gpt-4o-mini",
                Map.of("capabilities", List.of("chat", "json")));
        String id = unique("summarise");
        createWorkflow(
                id,
                linear(
                        node(
                                "sum",
                                "text-generation",
                                Map.of(
                                        "model", "node-llm",
                                        "system", "You summarise tickets of {customer.name}.",
                                        "prompt",
                                                "Summarise: {ticket.body} (priority {ticket.priority})",
                                        "temperature", 0,
                                        "maxTokens", 64,
                                        "output", "result.summary"))));

        JsonNode execution =
                executeWorkflow(
                        id,
                        Map.of(
                                "customer",
                                Map.of("name", "ACME"),
                                "ticket",
                                Map.of("body", "The printer is on fire", "priority", 1)));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.at("/results/result/summary").asText()).isEqualTo("A short summary.");
        JsonNode sent = fake.requests().get(0).body();
        assertThat(sent.at("/messages/0/content").asText())
                .isEqualTo("You summarise tickets of ACME.");
        assertThat(sent.at("/messages/1/content").asText())
                .isEqualTo("Summarise: The printer is on fire (priority 1)");
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(64);

        // JSON output, parsed (a Markdown fence around it is tolerated); the legacy type maps here
        fake.answer(Reply.ok("```json\n{\"score\": 87, \"qualified\": true}\n```", 30, 9));
        String scoring = unique("score");
        createWorkflow(
                scoring,
                linear(
                        node(
                                "score",
                                "ai_process",
                                Map.of(
                                        "model",
                                        "node-llm",
                                        "prompt",
                                        "Score {lead}",
                                        "json",
                                        true))));
        JsonNode scored = executeWorkflow(scoring, Map.of("lead", Map.of("budget", 30000)));
        assertThat(scored.get("status").asText()).as(scored.toString()).isEqualTo("completed");
        assertThat(scored.at("/results/completion/score").asInt()).isEqualTo(87);
        JsonNode asked = fake.requests().get(fake.count() - 1).body();
        assertThat(asked.at("/response_format/type").asText()).isEqualTo("json_object");
        assertThat(asked.at("/messages/0/content").asText()).isEqualTo("Score {\"budget\":30000}");
    }

    @Test
    void anAiModelNodeIsValidatedAndFailsWithTheReason() {
        var invalid =
                asAdmin(
                        "POST",
                        "/api/v1/workflows/create",
                        withId(
                                linear(node("x", "ai-model", Map.of("temperature", 5))),
                                unique("bad-ai")));
        JsonNode error = assertError(invalid, 400, "WORKFLOW_INVALID");
        assertThat(error.get("details").toString())
                .contains("'model' is required")
                .contains("'prompt' is required")
                .contains("'temperature'");

        String id = unique("ai-down");
        deploy(
                "node-dead",
                "node-dead",
                "openai",
                fake().answer(Reply.error(500, null)),
                "m",
                Map.of());
        createWorkflow(
                id, linear(node("ask", "ai-model", Map.of("model", "node-dead", "prompt", "hi"))));
        JsonNode execution = executeWorkflow(id, Map.of());
        assertThat(execution.get("status").asText()).isEqualTo("failed");
        assertThat(nodeRun(execution, "ask").get("error").asText())
                .contains("Every attempt to answer failed");
    }
}

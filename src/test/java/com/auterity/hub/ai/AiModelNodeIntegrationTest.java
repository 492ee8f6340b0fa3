package com.auterity.hub.ai;

import static com.auterity.hub.support.WorkflowFixtures.linear;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.support.FakeAiProvider;
import com.auterity.hub.support.FakeAiProvider.Reply;
import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code ai-model} node (and the legacy {@code ai_process}) in deployed workflows, calling a
 * fake OpenAI-compatible provider on loopback through the AI router.
 */
class AiModelNodeIntegrationTest extends HubIntegrationTest {

    private static final FakeAiProvider FAKE = FakeAiProvider.start();
    private static boolean deployed;

    @BeforeEach
    void deployModel() {
        if (deployed) {
            return;
        }
        var connection =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections?test=false",
                        connection("sk-node-test"));
        assertThat(connection.statusCode()).as(connection.body()).isEqualTo(201);
        Map<String, Object> deployment = new LinkedHashMap<>();
        deployment.put("id", "node-gpt-1");
        deployment.put("model_group", "node-gpt");
        deployment.put("provider", "openai");
        deployment.put("base_url", FAKE.baseUrl());
        deployment.put("model", "gpt-4o-mini");
        deployment.put("capabilities", List.of("chat", "json"));
        deployment.put("connection", "ai-node-fake");
        var created = asAdmin("POST", "/api/v1/ai/models", deployment);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        deployed = true;
    }

    /** The connection holding the fake provider's API key. */
    private static Map<String, Object> connection(String apiKey) {
        return FakeAiProvider.connection("ai-node-fake", apiKey);
    }

    @AfterAll
    static void stopFake() {
        FAKE.close();
    }

    private JsonNode run(Map<String, Object> settings, Object input) {
        String id = unique("ai-node");
        createWorkflow(id, linear(node("ask", "ai-model", settings)));
        return executeWorkflow(id, input);
    }

    @Test
    void thePromptIsFilledFromTheMessageAndTheAnswerGoesIntoIt() {
        int before = FAKE.count();
        FAKE.answer(Reply.ok("A burning printer.", 20, 5));

        JsonNode execution =
                run(
                        Map.of(
                                "model", "node-gpt",
                                "system", "Be brief. Customer tier: {customer.tier}",
                                "prompt", "Summarise {\"this\"}: {ticket.body} / {ticket}",
                                "temperature", 0,
                                "max_tokens", 30,
                                "output", "summary"),
                        Map.of(
                                "ticket", Map.of("body", "The printer is on fire"),
                                "customer", Map.of("tier", "gold")));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.at("/results/summary").asText()).isEqualTo("A burning printer.");
        assertThat(execution.at("/results/ticket/body").asText())
                .isEqualTo("The printer is on fire");
        assertThat(FAKE.count()).isEqualTo(before + 1);
        JsonNode sent = FAKE.requests().get(before).body();
        assertThat(sent.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(30);
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(sent.at("/messages/0/content").asText())
                .isEqualTo("Be brief. Customer tier: gold");
        assertThat(sent.at("/messages/1/content").asText())
                .isEqualTo(
                        "Summarise {\"this\"}: The printer is on fire / {\"body\":\"The printer is on fire\"}");
    }

    @Test
    void aJsonAnswerIsParsedEvenInsideACodeFence() {
        int before = FAKE.count();
        FAKE.answer(Reply.ok("```json\n{\"score\": 82, \"hot\": true}\n```", 40, 10));

        JsonNode execution =
                run(
                        Map.of("model", "node-gpt", "prompt", "Score this lead: {$}", "json", true),
                        Map.of("budget", 30000));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.at("/results/completion/score").asInt()).isEqualTo(82);
        assertThat(execution.at("/results/completion/hot").asBoolean()).isTrue();
        JsonNode sent = FAKE.requests().get(before).body();
        assertThat(sent.at("/response_format/type").asText()).isEqualTo("json_object");
        assertThat(sent.at("/messages/0/content").asText())
                .isEqualTo("Score this lead: {\"budget\":30000}");
    }

    @Test
    void anAnswerThatIsNotJsonOrAMissingFieldFailsTheNodeSayingWhy() {
        FAKE.answer(Reply.ok("Sure! The score is 82.", 40, 10));

        JsonNode notJson =
                run(Map.of("model", "node-gpt", "prompt", "Score: {$}", "json", true), Map.of());
        JsonNode missing =
                run(Map.of("model", "node-gpt", "prompt", "About {ticket.body}"), Map.of("x", 1));

        assertThat(notJson.get("status").asText()).isEqualTo("failed");
        assertThat(notJson.get("error").asText())
                .contains("not JSON")
                .contains("Sure! The score is 82.");
        assertThat(missing.get("status").asText()).isEqualTo("failed");
        assertThat(missing.get("error").asText()).contains("no field 'ticket.body'");
    }

    @Test
    void theLegacyAiProcessStepAsksForJsonWithItsLabelAndSettings() {
        int before = FAKE.count();
        FAKE.answer(Reply.ok("{\"score\": 91}", 50, 8));
        String id = unique("legacy-ai");
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/workflows/create",
                        Map.of(
                                "workflow",
                                Map.of(
                                        "id",
                                        id,
                                        "name",
                                        "legacy",
                                        "steps",
                                        List.of(
                                                Map.of("id", "s", "type", "start", "name", "Start"),
                                                Map.of(
                                                        "id", "score",
                                                        "type", "ai_process",
                                                        "name", "AI Lead Scoring",
                                                        "config",
                                                                Map.of(
                                                                        "model",
                                                                        "node-gpt",
                                                                        "threshold",
                                                                        70)),
                                                Map.of("id", "e", "type", "end", "name", "End")),
                                        "connections",
                                        List.of(
                                                Map.of(
                                                        "id", "c1", "source", "s", "target",
                                                        "score"),
                                                Map.of(
                                                        "id", "c2", "source", "score", "target",
                                                        "e")))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        JsonNode execution =
                executeWorkflow(body(created).get("id").asText(), Map.of("budget", 50000));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.at("/results/completion/score").asInt()).isEqualTo(91);
        String prompt = FAKE.requests().get(before).body().at("/messages/0/content").asText();
        assertThat(prompt)
                .startsWith("AI Lead Scoring")
                .contains("{\"threshold\":70}")
                .endsWith("{\"budget\":50000}");
    }

    @Test
    void theNextCallAfterAConnectionUpdateUsesTheNewKey() {
        FAKE.answer(Reply.ok("ok", 1, 1));
        // two prompts: the second answer must not come from the response cache
        run(Map.of("model", "node-gpt", "prompt", "before the update"), Map.of());
        assertThat(FAKE.requests().get(FAKE.count() - 1).header("Authorization"))
                .isEqualTo("Bearer sk-node-test");

        var updated =
                asAdmin(
                        "PUT",
                        "/api/v1/integrations/connections/ai-node-fake?test=false",
                        connection("sk-node-rotated"));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        run(Map.of("model", "node-gpt", "prompt", "after the update"), Map.of());

        assertThat(FAKE.requests().get(FAKE.count() - 1).header("Authorization"))
                .isEqualTo("Bearer sk-node-rotated");
    }

    @Test
    void anUnknownModelGroupOrBadSettingsAreRefusedAtCreation() {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows/create",
                        withId(
                                linear(
                                        node(
                                                "ask",
                                                "ai-model",
                                                Map.of(
                                                        "model", "no-such-group",
                                                        "prompt", "",
                                                        "temperature", 3))),
                                unique("ai-bad")));

        JsonNode error = assertError(response, 400, "WORKFLOW_INVALID");
        assertThat(error.get("details").toString())
                .contains("unknown model group 'no-such-group'")
                .contains("'prompt' is required")
                .contains("'temperature' must be a number from 0 to 2");
    }
}

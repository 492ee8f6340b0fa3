package com.auterity.hub.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/cognitive} over real HTTP: who may call it, what it refuses, what it answers. */
class CognitiveApiIntegrationTest extends HubIntegrationTest {

    /** One operator for the class: creating users costs a bcrypt hash each. */
    private static String operator;

    @BeforeEach
    void login() {
        if (operator == null) {
            operator = tokenOfNewUser("OPERATOR");
        }
    }

    private HttpResponse<String> post(String path, Object body) {
        return send(
                "POST",
                "/api/v1/cognitive/" + path,
                body,
                Map.of("Authorization", "Bearer " + operator));
    }

    private JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    @Test
    void callsNeedAnAuthenticatedOperator() {
        assertError(
                send("POST", "/api/v1/cognitive/sentiment", Map.of("text", "hi"), Map.of()),
                401,
                "UNAUTHENTICATED");
        String viewer = tokenOfNewUser("VIEWER");
        assertError(
                send(
                        "POST",
                        "/api/v1/cognitive/sentiment",
                        Map.of("text", "hi"),
                        Map.of("Authorization", "Bearer " + viewer)),
                403,
                "FORBIDDEN");
        assertThat(
                        send(
                                        "GET",
                                        "/api/v1/cognitive/model",
                                        null,
                                        Map.of("Authorization", "Bearer " + viewer))
                                .statusCode())
                .isEqualTo(200);
    }

    @Test
    void badInputGets400WithTheStandardErrorAndEveryProblem() {
        JsonNode tooFewLabels =
                assertError(
                        post("classify", Map.of("text", "hello", "labels", List.of("only"))),
                        400,
                        "VALIDATION_FAILED");
        assertThat(tooFewLabels.at("/details/0/field").asText()).isEqualTo("labels");

        List<String> texts = new ArrayList<>(Collections.nCopies(101, "a text"));
        JsonNode tooMany =
                assertError(post("embed", Map.of("texts", texts)), 400, "VALIDATION_FAILED");
        assertThat(tooMany.at("/details/0/message").asText())
                .isEqualTo("at most 100 texts per request");

        JsonNode tooLong =
                assertError(
                        post(
                                "sentiment",
                                Map.of("texts", List.of("fine", "x".repeat(10_001), " "))),
                        400,
                        "VALIDATION_FAILED");
        assertThat(tooLong.get("details").toString())
                .contains("texts[1]")
                .contains("at most 10000 characters")
                .contains("texts[2]")
                .contains("must not be blank");

        assertError(post("embed", Map.of()), 400, "VALIDATION_FAILED");
        assertError(
                post("extract", Map.of("text", "x", "types", List.of("ssn"))),
                400,
                "VALIDATION_FAILED");
        assertError(
                post("anomalies", Map.of("values", List.of(1, 2), "method", "mean")),
                400,
                "VALIDATION_FAILED");
        assertError(post("decide", Map.of("options", List.of())), 400, "VALIDATION_FAILED");
        assertError(post("sentiment", Map.of("txt", "typo")), 400, "UNKNOWN_FIELD");
        assertError(post("sentiment", "{not json"), 400, "MALFORMED_JSON");
    }

    @Test
    void embedGivesUnitVectorsOf384Dimensions() {
        JsonNode result = ok(post("embed", Map.of("texts", List.of("first", "second"))));

        assertThat(result.get("model").asText()).isEqualTo("all-MiniLM-L6-v2");
        assertThat(result.get("dimension").asInt()).isEqualTo(384);
        assertThat(result.get("embeddings")).hasSize(2);
        double norm = 0;
        for (JsonNode x : result.at("/embeddings/0")) {
            norm += x.asDouble() * x.asDouble();
        }
        assertThat(result.at("/embeddings/0")).hasSize(384);
        assertThat(Math.sqrt(norm)).isBetween(0.999, 1.001);

        JsonNode model = ok(post("similarity", Map.of("text", "x", "candidates", List.of("x"))));
        assertThat(model.at("/matches/0/similarity").asDouble()).isGreaterThan(0.999);
        JsonNode info =
                body(
                        send(
                                "GET",
                                "/api/v1/cognitive/model",
                                null,
                                Map.of("Authorization", "Bearer " + operator)));
        assertThat(info.get("loaded").asBoolean()).isTrue();
        assertThat(info.get("load_ms").isNumber()).isTrue();
    }

    @Test
    void similarityRanksTheParaphraseFirst() {
        JsonNode result =
                ok(
                        post(
                                "similarity",
                                Map.of(
                                        "text",
                                        "I forgot my password",
                                        "candidates",
                                        List.of(
                                                "Penguins live in Antarctica",
                                                "I can't remember my password",
                                                "The invoice is wrong"),
                                        "top_k",
                                        2)));

        assertThat(result.get("matches")).hasSize(2);
        assertThat(result.at("/matches/0/index").asInt()).isEqualTo(1);
        assertThat(result.at("/matches/0/text").asText()).isEqualTo("I can't remember my password");
        assertThat(result.at("/matches/0/similarity").asDouble()).isGreaterThan(0.7);
    }

    @Test
    void classifyTakesLabelsAsNamesOrDescriptionsAndAbstainsBelowTheThreshold() {
        JsonNode result =
                ok(
                        post(
                                "classify",
                                Map.of(
                                        "texts",
                                        List.of(
                                                "I was charged twice for my subscription",
                                                "My parcel never arrived",
                                                "What a lovely sunset over the sea tonight."),
                                        "labels",
                                        List.of(
                                                Map.of(
                                                        "name",
                                                        "billing",
                                                        "description",
                                                        "Payments, invoices, charges, refunds and"
                                                                + " subscription fees"),
                                                Map.of(
                                                        "name",
                                                        "shipping",
                                                        "description",
                                                        "Delivery of orders, parcels, tracking and"
                                                                + " couriers"),
                                                "technical"))));

        assertThat(result.get("threshold").asDouble()).isEqualTo(0.5);
        assertThat(result.at("/results/0/label").asText()).isEqualTo("billing");
        assertThat(result.at("/results/1/label").asText()).isEqualTo("shipping");
        assertThat(result.at("/results/2/label").isNull()).as(result.toString()).isTrue();
        assertThat(result.at("/results/0/scores")).hasSize(3);
        assertThat(result.at("/results/0/scores/0/label").asText()).isEqualTo("billing");
    }

    @Test
    void sentimentLabelsAndExplains() {
        JsonNode result =
                ok(
                        post(
                                "sentiment",
                                Map.of(
                                        "texts",
                                        List.of(
                                                "Thanks, the support was excellent!",
                                                "The app is not working and I am frustrated",
                                                "The meeting is on Tuesday"))));

        assertThat(result.get("method").asText()).isEqualTo("lexicon");
        assertThat(result.get("results"))
                .extracting(r -> r.get("label").asText())
                .containsExactly("positive", "negative", "neutral");
        assertThat(result.at("/results/1/score").asDouble()).isLessThan(-0.5);
        assertThat(result.at("/results/1/terms/0/term").asText()).isEqualTo("not working");
    }

    @Test
    void extractFindsEntitiesWithOffsetsAndMasksCards() {
        String text =
                "Card 4111 1111 1111 1111, mail ops@example.com, IBAN GB82 WEST 1234 5698 7654 32";
        JsonNode result = ok(post("extract", Map.of("text", text)));

        assertThat(result.get("entities"))
                .extracting(e -> e.get("type").asText())
                .containsExactly("card", "email", "iban");
        JsonNode card = result.at("/entities/0");
        assertThat(card.get("text").asText()).isEqualTo("**** **** **** 1111");
        assertThat(card.get("start").asInt()).isEqualTo(5);
        assertThat(card.get("end").asInt()).isEqualTo(24);
        assertThat(result.toString()).doesNotContain("4111 1111");
        JsonNode email = result.at("/entities/1");
        assertThat(text.substring(email.get("start").asInt(), email.get("end").asInt()))
                .isEqualTo("ops@example.com");

        JsonNode onlyIban = ok(post("extract", Map.of("text", text, "types", List.of("iban"))));
        assertThat(onlyIban.get("entities")).hasSize(1);
    }

    @Test
    void anomaliesReportIndexesScoresAndStatistics() {
        JsonNode z =
                ok(
                        post(
                                "anomalies",
                                Map.of("values", List.of(10, 12, 11, 13, 12, 11, 100, 12, 10))));
        assertThat(z.at("/anomalies/0/index").asInt()).isEqualTo(6);
        assertThat(z.at("/anomalies/0/direction").asText()).isEqualTo("high");
        assertThat(z.at("/statistics/median").asDouble()).isEqualTo(12.0);
        assertThat(z.at("/statistics/threshold").asDouble()).isEqualTo(3.5);
        assertThat(z.get("statistics").has("q1")).isFalse();

        JsonNode iqr =
                ok(
                        post(
                                "anomalies",
                                Map.of(
                                        "values",
                                        List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 100),
                                        "method",
                                        "iqr",
                                        "k",
                                        3)));
        assertThat(iqr.at("/statistics/upper_fence").asDouble()).isEqualTo(7.75 + 3 * 4.5);
        assertThat(iqr.get("anomalies")).hasSize(1);

        JsonNode empty = ok(post("anomalies", Map.of("values", List.of())));
        assertThat(empty.get("anomalies")).isEmpty();
        assertThat(empty.at("/statistics/count").asInt()).isZero();
    }

    @Test
    void decideRanksOptionsAndSaysWhyOthersWereExcluded() {
        JsonNode result =
                ok(
                        post(
                                "decide",
                                Map.of(
                                        "options",
                                        List.of(
                                                Map.of(
                                                        "name",
                                                        "A",
                                                        "values",
                                                        Map.of("price", 100, "quality", 7)),
                                                Map.of(
                                                        "name",
                                                        "B",
                                                        "values",
                                                        Map.of("price", 150, "quality", 9)),
                                                Map.of(
                                                        "name",
                                                        "C",
                                                        "values",
                                                        Map.of("price", 300, "quality", 10))),
                                        "criteria",
                                        List.of(
                                                Map.of(
                                                        "name",
                                                        "price",
                                                        "weight",
                                                        1,
                                                        "direction",
                                                        "minimize"),
                                                Map.of("name", "quality", "weight", 1)),
                                        "constraints",
                                        List.of(Map.of("criterion", "price", "max", 200)))));

        assertThat(result.get("best").asText()).isEqualTo("A");
        assertThat(result.get("ranking"))
                .extracting(r -> r.get("name").asText())
                .containsExactly("A", "B");
        assertThat(result.at("/ranking/0/contributions/0/criterion").asText()).isEqualTo("price");
        assertThat(result.at("/excluded/0/name").asText()).isEqualTo("C");
        assertThat(result.at("/excluded/0/reasons/0").asText())
                .isEqualTo("price 300 is above the maximum 200");
        assertThat(result.get("explanation").asText()).startsWith("A ranks first");
    }

    @Test
    void theOpenApiDescriptionDocumentsTheCognitiveOperations() {
        JsonNode spec = body(asAdmin("GET", "/api/v1/openapi.json", null));
        JsonNode paths = spec.get("paths");
        // request and response bodies are typed, in the JSON field names of the API
        assertThat(spec.at("/components/schemas/SimilarityRequest/properties").has("top_k"))
                .isTrue();
        assertThat(spec.at("/components/schemas/ClassifyResult/properties").has("results"))
                .isTrue();

        for (String op :
                List.of(
                        "embed",
                        "similarity",
                        "classify",
                        "sentiment",
                        "extract",
                        "anomalies",
                        "decide")) {
            JsonNode post = paths.at("/~1cognitive~1" + op + "/post");
            assertThat(post.isMissingNode()).as(op).isFalse();
            assertThat(post.get("summary").asText()).as(op).isNotBlank();
            assertThat(post.has("requestBody")).as(op).isTrue();
        }
    }
}

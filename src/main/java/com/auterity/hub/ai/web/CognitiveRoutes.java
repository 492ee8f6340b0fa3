package com.auterity.hub.ai.web;

import static com.auterity.hub.gateway.ApiRoutes.reply;
import static com.auterity.hub.gateway.ApiRoutes.secured;

import com.auterity.hub.ai.CognitiveEngine;
import com.auterity.hub.ai.CognitiveEngine.AnomalyRequest;
import com.auterity.hub.ai.CognitiveEngine.AnomalyResult;
import com.auterity.hub.ai.CognitiveEngine.ClassifyRequest;
import com.auterity.hub.ai.CognitiveEngine.ClassifyResult;
import com.auterity.hub.ai.CognitiveEngine.DecideRequest;
import com.auterity.hub.ai.CognitiveEngine.DecideResult;
import com.auterity.hub.ai.CognitiveEngine.EmbedRequest;
import com.auterity.hub.ai.CognitiveEngine.EmbedResult;
import com.auterity.hub.ai.CognitiveEngine.ExtractRequest;
import com.auterity.hub.ai.CognitiveEngine.ExtractResult;
import com.auterity.hub.ai.CognitiveEngine.ModelInfo;
import com.auterity.hub.ai.CognitiveEngine.SentimentRequest;
import com.auterity.hub.ai.CognitiveEngine.SentimentResult;
import com.auterity.hub.ai.CognitiveEngine.SimilarityRequest;
import com.auterity.hub.ai.CognitiveEngine.SimilarityResult;
import com.auterity.hub.gateway.ApiRoutes;
import com.auterity.hub.shared.ServiceError;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code /api/v1/cognitive}: the cognitive engine over HTTP. Every operation is a POST of a JSON
 * request (it computes, it changes nothing) answered with 200; OPERATOR may call them.
 */
@Component
class CognitiveRoutes extends RouteBuilder {

    private final CognitiveEngine engine;

    CognitiveRoutes(CognitiveEngine engine) {
        this.engine = engine;
    }

    @Override
    public void configure() {
        secured(rest("/cognitive"))
                .description(
                        "Cognitive engine: NLP and decisions in-process, on the all-MiniLM-L6-v2"
                                + " embedding model; no text leaves the hub")
                .post("/embed")
                .id("rest-cognitive-embed")
                .description("Embeddings (384 dimensions, unit length) of {text} or {texts: [...]}")
                .type(EmbedRequest.class)
                .outType(EmbedResult.class)
                .to("direct:cognitive-embed")
                .post("/similarity")
                .id("rest-cognitive-similarity")
                .description(
                        "Cosine similarity of {text} to each of {candidates: [...]}, most similar"
                                + " first; optional top_k")
                .type(SimilarityRequest.class)
                .outType(SimilarityResult.class)
                .to("direct:cognitive-similarity")
                .post("/classify")
                .id("rest-cognitive-classify")
                .description(
                        "Zero-shot classification of {text} or {texts} into {labels: [name or"
                                + " {name, description, examples}]}; a text whose best confidence"
                                + " is below {threshold} gets label null")
                .type(ClassifyRequest.class)
                .outType(ClassifyResult.class)
                .to("direct:cognitive-classify")
                .post("/sentiment")
                .id("rest-cognitive-sentiment")
                .description(
                        "Sentiment (positive, negative, neutral; score -1 to 1) of {text} or"
                                + " {texts}, from a lexicon, with the terms that carried it")
                .type(SentimentRequest.class)
                .outType(SentimentResult.class)
                .to("direct:cognitive-sentiment")
                .post("/extract")
                .id("rest-cognitive-extract")
                .description(
                        "Emails, phone numbers, amounts, dates, URLs, IBANs (mod-97) and card"
                                + " numbers (Luhn, masked) in {text}, with character offsets;"
                                + " optional {types: [...]}")
                .type(ExtractRequest.class)
                .outType(ExtractResult.class)
                .to("direct:cognitive-extract")
                .post("/anomalies")
                .id("rest-cognitive-anomalies")
                .description(
                        "Outliers of {values: [...]} by method zscore (median/MAD, threshold 3.5)"
                                + " or iqr (k 1.5), with the statistics used")
                .type(AnomalyRequest.class)
                .outType(AnomalyResult.class)
                .to("direct:cognitive-anomalies")
                .post("/decide")
                .id("rest-cognitive-decide")
                .description(
                        "The best of {options} under weighted {criteria} (maximize or minimize)"
                                + " and hard {constraints} (min, max): ranking, contributions and"
                                + " the reasons options were excluded")
                .type(DecideRequest.class)
                .outType(DecideResult.class)
                .to("direct:cognitive-decide")
                .get("/model")
                .id("rest-cognitive-model")
                .description("The embedding model: name, dimension, loaded, load time")
                .outType(ModelInfo.class)
                .to("direct:cognitive-model");

        api("embed", "Embeds texts", EmbedRequest.class, engine::embed);
        api(
                "similarity",
                "Ranks candidates by similarity",
                SimilarityRequest.class,
                engine::similarity);
        api("classify", "Classifies texts zero-shot", ClassifyRequest.class, engine::classify);
        api(
                "sentiment",
                "Scores the sentiment of texts",
                SentimentRequest.class,
                engine::sentiment);
        api("extract", "Extracts entities from a text", ExtractRequest.class, engine::extract);
        api("anomalies", "Finds outliers of a series", AnomalyRequest.class, engine::anomalies);
        api("decide", "Ranks options under criteria", DecideRequest.class, engine::decide);
        from("direct:cognitive-model")
                .routeId("cognitive-model")
                .routeDescription("Describes the embedding model")
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(e -> reply(e, 200, engine.model()));
    }

    private <T> void api(String name, String description, Class<T> type, Function<T, ?> call) {
        from("direct:cognitive-" + name)
                .routeId("cognitive-" + name)
                .routeDescription(description)
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(e -> reply(e, 200, call.apply(body(e, type))));
    }

    private static <T> T body(Exchange e, Class<T> type) {
        T body = e.getMessage().getBody(type);
        if (body == null) {
            throw ServiceError.badRequest("VALIDATION_FAILED", "A JSON body is required", null);
        }
        return body;
    }
}

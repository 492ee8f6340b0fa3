package com.auterity.hub.ai.web;

import static com.auterity.hub.gateway.ApiRoutes.reply;
import static com.auterity.hub.gateway.ApiRoutes.secured;

import com.auterity.hub.ai.AiModels;
import com.auterity.hub.ai.AiModels.DeploymentView;
import com.auterity.hub.ai.AiRouter;
import com.auterity.hub.ai.AiRouter.ChatRequest;
import com.auterity.hub.ai.AiRouter.ChatResponse;
import com.auterity.hub.ai.AiRouter.EmbeddingRequest;
import com.auterity.hub.ai.AiRouter.EmbeddingResponse;
import com.auterity.hub.ai.ModelDeployment;
import com.auterity.hub.gateway.ApiRoutes;
import com.auterity.hub.security.CurrentUser;
import com.auterity.hub.shared.ServiceError;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code /api/v1/ai}: chat and embeddings through the AI router (OPERATOR), and the model registry
 * (reading: any role; changing: ADMIN). Streaming answers are served by the OpenAI-compatible
 * {@code POST /v1/chat/completions}, as REST DSL routes answer in one piece.
 */
@Component
class AiRoutes extends RouteBuilder {

    private final AiRouter router;
    private final AiModels models;

    AiRoutes(AiRouter router, AiModels models) {
        this.router = router;
        this.models = models;
    }

    @Override
    public void configure() {
        secured(rest("/ai"))
                .description(
                        "AI model orchestration: routing across providers and the model registry")
                .post("/chat")
                .id("rest-ai-chat")
                .description(
                        "Chat through the router: {model (a model group), messages, temperature,"
                                + " max_tokens, strategy, fallbacks, cache, tools, tool_choice,"
                                + " parallel_tool_calls}; answers the text (and tool_calls) with"
                                + " usage, cost, the deployment used, latency_ms, attempts, cache_hit")
                .type(ChatRequest.class)
                .outType(ChatResponse.class)
                .to("direct:ai-chat")
                .post("/embeddings")
                .id("rest-ai-embeddings")
                .description("Embeddings of {model, input: text or [texts]}")
                .type(EmbeddingRequest.class)
                .outType(EmbeddingResponse.class)
                .to("direct:ai-embeddings")
                .get("/models")
                .id("rest-ai-models")
                .description("The model deployments, with effective prices and circuit state")
                .outType(DeploymentView[].class)
                .to("direct:ai-models")
                .post("/models")
                .id("rest-ai-model-create")
                .description("Add a model deployment (ADMIN); 201, 409 DEPLOYMENT_EXISTS")
                .type(ModelDeployment.class)
                .outType(DeploymentView.class)
                .to("direct:ai-model-create")
                .get("/models/{id}")
                .id("rest-ai-model")
                .description("One model deployment")
                .outType(DeploymentView.class)
                .to("direct:ai-model")
                .put("/models/{id}")
                .id("rest-ai-model-replace")
                .description("Store a model deployment under {id}, replacing it (ADMIN)")
                .type(ModelDeployment.class)
                .outType(DeploymentView.class)
                .to("direct:ai-model-replace")
                .delete("/models/{id}")
                .id("rest-ai-model-delete")
                .description("Remove a stored model deployment (ADMIN); 204")
                .to("direct:ai-model-delete");

        api(
                "ai-chat",
                "Answers a chat request through the AI router",
                e -> {
                    ChatRequest request = body(e, ChatRequest.class);
                    if (Boolean.TRUE.equals(request.stream())) {
                        throw ServiceError.badRequest(
                                "STREAM_NOT_SUPPORTED",
                                "Streaming is served by POST /v1/chat/completions",
                                null);
                    }
                    reply(e, 200, router.chat(request, CurrentUser.nameOf(e)));
                });
        api(
                "ai-embeddings",
                "Answers an embeddings request through the AI router",
                e ->
                        reply(
                                e,
                                200,
                                router.embed(
                                        body(e, EmbeddingRequest.class), CurrentUser.nameOf(e))));
        api("ai-models", "Lists the model deployments", e -> reply(e, 200, models.list()));
        api("ai-model", "Shows a model deployment", e -> reply(e, 200, models.get(id(e))));
        api(
                "ai-model-create",
                "Adds a model deployment",
                e ->
                        reply(
                                e,
                                201,
                                models.create(
                                        body(e, ModelDeployment.class), CurrentUser.nameOf(e))));
        api(
                "ai-model-replace",
                "Replaces a model deployment",
                e ->
                        reply(
                                e,
                                200,
                                models.replace(
                                        id(e),
                                        body(e, ModelDeployment.class),
                                        CurrentUser.nameOf(e))));
        api(
                "ai-model-delete",
                "Removes a model deployment",
                e -> {
                    models.delete(id(e));
                    reply(e, 204, null);
                });
    }

    private void api(String name, String description, Processor processor) {
        from("direct:" + name)
                .routeId(name)
                .routeDescription(description)
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(processor);
    }

    private static String id(Exchange e) {
        return e.getMessage().getHeader("id", String.class);
    }

    private static <T> T body(Exchange e, Class<T> type) {
        T body = e.getMessage().getBody(type);
        if (body == null) {
            throw ServiceError.badRequest("VALIDATION_FAILED", "A JSON body is required", null);
        }
        return body;
    }
}

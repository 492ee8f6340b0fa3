package com.auterity.hub.ai;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.math.BigDecimal;
import java.util.Set;

/**
 * One deployment of a model: where a model group (the name clients ask for) is served. Several
 * deployments of one group share its traffic by the request's strategy.
 *
 * @param id unique name of the deployment ({@code [a-z0-9][a-z0-9._-]*})
 * @param modelGroup the model name clients ask for ({@code gpt-4o}, {@code fast}, ...)
 * @param provider provider kind: {@code openai} (any OpenAI-compatible API: OpenAI, Azure OpenAI,
 *     Ollama, vLLM, LM Studio), {@code anthropic}, or {@code local} (the in-process embedding
 *     model)
 * @param baseUrl the API's base URL, e.g. {@code https://api.openai.com/v1}; none for {@code local}
 * @param model the provider's model name
 * @param contextWindow most tokens (input and output) the model takes; requests estimated larger
 *     skip this deployment
 * @param inputPrice US dollars per million input tokens; {@code null}: the default price table
 * @param outputPrice US dollars per million output tokens; {@code null}: the default price table
 * @param capabilities any of {@code chat}, {@code embeddings}, {@code json}, {@code tools}; default
 *     {@code chat}
 * @param weight share of the {@code weighted} strategy (default 1; 0 takes no traffic by weight)
 * @param connection the Integration Controller connection whose secret {@code apiKey} (or {@code
 *     token}) is the provider's API key; {@code null}: no key
 * @param tpm most tokens per minute this deployment is sent; {@code null}: no limit
 * @param rpm most requests per minute this deployment is sent; {@code null}: no limit
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelDeployment(
        String id,
        String modelGroup,
        String provider,
        String baseUrl,
        String model,
        Integer contextWindow,
        @JsonSerialize(using = PlainDecimal.class) BigDecimal inputPrice,
        @JsonSerialize(using = PlainDecimal.class) BigDecimal outputPrice,
        Set<String> capabilities,
        Integer weight,
        String connection,
        Long tpm,
        Long rpm) {

    public static final String CHAT = "chat";
    public static final String EMBEDDINGS = "embeddings";
    public static final String JSON = "json";
    public static final String TOOLS = "tools";

    public ModelDeployment {
        capabilities =
                capabilities == null || capabilities.isEmpty()
                        ? Set.of(CHAT)
                        : Set.copyOf(capabilities);
        weight = weight == null ? 1 : weight;
    }

    public boolean can(String capability) {
        return capabilities.contains(capability);
    }
}

package com.auterity.hub.ai;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.math.BigDecimal;
import java.util.List;

/**
 * The model registry: the deployments of the configuration ({@code hub.ai.models}) and those stored
 * through the API, the stored ones winning by id. Changes throw {@link
 * com.auterity.hub.shared.ServiceError}: {@code VALIDATION_FAILED} (400) with one {@code {field,
 * message}} per problem, {@code NOT_FOUND}, {@code DEPLOYMENT_EXISTS} (409), {@code
 * DEPLOYMENT_IN_CONFIGURATION} (409) for deleting one that only the configuration defines.
 */
public interface AiModels {

    /**
     * A deployment as clients see it (its fields, then): its effective prices and where they come
     * from ({@code deployment}, {@code default-table} or {@code unknown}), and whether it is
     * defined by the configuration or stored. Never a secret: only the connection's name.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record DeploymentView(
            @JsonUnwrapped ModelDeployment deployment,
            @JsonSerialize(using = PlainDecimal.class) BigDecimal effectiveInputPrice,
            @JsonSerialize(using = PlainDecimal.class) BigDecimal effectiveOutputPrice,
            String priceSource,
            String source,
            String circuit) {}

    List<DeploymentView> list();

    DeploymentView get(String id);

    /** Stores a new deployment; 409 if the id is taken. */
    DeploymentView create(ModelDeployment deployment, String caller);

    /** Stores {@code deployment} under {@code id}, replacing a stored or configured one. */
    DeploymentView replace(String id, ModelDeployment deployment, String caller);

    /** Removes a stored deployment (a configured one of the same id then applies again). */
    void delete(String id);
}

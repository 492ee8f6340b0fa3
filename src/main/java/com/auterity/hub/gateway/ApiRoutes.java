package com.auterity.hub.gateway;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestDefinition;
import org.springframework.stereotype.Component;

/**
 * The REST DSL configuration shared by every module's API: platform-http under {@value
 * #CONTEXT_PATH}, JSON binding, and the OpenAPI description at {@code /api/v1/openapi.json}. A
 * module adds its endpoints in its own {@code *Routes} builder with {@code rest(...)}; each verb
 * hands off to a {@code direct:} route that uses the {@value #ERRORS} route configuration.
 */
@Component
public class ApiRoutes extends RouteBuilder {

    public static final String CONTEXT_PATH = "/api/v1";

    /** Route configuration that turns any exception into the standard JSON error. */
    public static final String ERRORS = "api-errors";

    /**
     * Marks every operation of {@code rest} as needing a bearer token or an API key, in the OpenAPI
     * description (the security filter chain enforces it either way).
     */
    public static RestDefinition secured(RestDefinition rest) {
        return rest.securityDefinitions()
                .bearerToken(BEARER, "Access token from POST /api/v1/auth/token", "JWT")
                .apiKey(API_KEY, "API key from POST /api/v1/auth/api-keys")
                .withHeader("X-API-Key")
                .end()
                .end()
                .security(BEARER)
                .security(API_KEY);
    }

    /** Sets the HTTP status and the body (bound to JSON) of an API answer. */
    public static void reply(Exchange exchange, int status, Object body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(body);
    }

    private static final String BEARER = "bearer";
    private static final String API_KEY = "apiKey";

    @Override
    public void configure() {
        restConfiguration()
                .component("platform-http")
                .contextPath(CONTEXT_PATH)
                .bindingMode(RestBindingMode.json)
                // error answers are already the standard JSON: do not bind them again
                .skipBindingOnErrorCode(true)
                .dataFormatProperty("autoDiscoverObjectMapper", "true")
                .apiContextPath("/openapi.json")
                .apiProperty("api.title", "Auterity Hub API")
                .apiProperty("api.version", "1")
                .apiProperty("api.description", "REST API of the Auterity integration hub");
    }
}

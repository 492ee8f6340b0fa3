package com.auterity.hub.gateway.internal;

import com.auterity.hub.gateway.ApiRoutes;
import com.auterity.hub.shared.ApiErrors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * The error handling of every API route, declared once as the route configuration {@value
 * ApiRoutes#ERRORS}: any exception becomes the standard JSON error with its status.
 */
@Component
class ApiErrorRoutes extends RouteConfigurationBuilder {

    private final ApiErrors errors;

    ApiErrorRoutes(ApiErrors errors) {
        this.errors = errors;
    }

    @Override
    public void configuration() {
        routeConfiguration(ApiRoutes.ERRORS)
                .onException(Exception.class)
                .handled(true)
                .process(this::answer);
    }

    private void answer(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiErrors.Answer answer = errors.map(failure);
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status().value());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (answer.retryAfter() != null) {
            message.setHeader("Retry-After", answer.retryAfter().toSeconds());
        }
        message.setBody(errors.toJson(answer.body()));
    }
}

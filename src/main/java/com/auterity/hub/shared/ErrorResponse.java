package com.auterity.hub.shared;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of every non-2xx API answer. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ErrorResponse(
        String code,
        String message,
        Object details,
        @JsonProperty("correlation_id") String correlationId) {}

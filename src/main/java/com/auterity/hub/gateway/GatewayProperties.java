package com.auterity.hub.gateway;

import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the HTTP front door ({@code hub.gateway}).
 *
 * @param maxBodySize largest request body accepted; larger ones get 413
 * @param mediaTypes content types the API accepts for request bodies; others get 415
 * @param allowedHeaders the only inbound HTTP headers that reach Camel routes; every other header
 *     (and every query parameter) is dropped at the ingress so that no client can steer a component
 *     through a {@code Camel*} or {@code kafka.*} header
 */
@Validated
@ConfigurationProperties("hub.gateway")
public record GatewayProperties(
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue({"application/json", "application/*+json"}) @NotEmpty List<String> mediaTypes,
        @DefaultValue({"Content-Type", "Accept", "X-Request-Id"}) List<String> allowedHeaders) {}

package com.auterity.hub.route;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of route files ({@code hub.routes}).
 *
 * @param dir folder whose {@code *.camel.yaml} files are loaded at start
 * @param reload whether a changed file is reloaded while the hub runs (on in the dev profile)
 */
@ConfigurationProperties("hub.routes")
public record RouteProperties(
        @DefaultValue("routes") String dir, @DefaultValue("false") boolean reload) {}

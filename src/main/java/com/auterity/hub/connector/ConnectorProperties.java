package com.auterity.hub.connector;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of connectors ({@code hub.connector}).
 *
 * @param dir folder of the hub's own Kamelets, searched before the Camel catalogue
 * @param maxConnections largest pool of one connection (JDBC, HTTP) ({@code MAX_CONNECTIONS})
 */
@Validated
@ConfigurationProperties("hub.connector")
public record ConnectorProperties(
        @DefaultValue("connectors") String dir,
        @DefaultValue("100") @Positive int maxConnections) {}

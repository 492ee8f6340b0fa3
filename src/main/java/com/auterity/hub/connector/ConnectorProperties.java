package com.auterity.hub.connector;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of connectors ({@code hub.connector}).
 *
 * @param dir folder of the hub's own Kamelets, searched before the Camel catalogue
 * @param maxConnections largest pool of one connection (JDBC, HTTP) ({@code MAX_CONNECTIONS})
 * @param secretKey the AES-256 key that encrypts connection secrets at rest, Base64 of 32 bytes
 *     ({@code HUB_SECRET_KEY}); when empty, a key is generated once into the data dir
 * @param testTimeout how long a connection test may take (connect and round trip)
 * @param workflowCatalogue Kamelets of the Camel catalogue that workflows may use as nodes, beside
 *     the hub's own connectors; none by default, as the catalogue holds Kamelets such as {@code
 *     exec-sink} that no workflow from the API should reach
 * @param jdbcSchemes the JDBC sub-protocols a connection may use ({@code jdbc:<scheme>:...}); an
 *     embedded database's URL can run code in the hub, so H2 and the like are refused
 */
@Validated
@ConfigurationProperties("hub.connector")
public record ConnectorProperties(
        @DefaultValue("connectors") String dir,
        @DefaultValue("100") @Positive int maxConnections,
        @DefaultValue("") String secretKey,
        @DefaultValue("5s") Duration testTimeout,
        @DefaultValue List<String> workflowCatalogue,
        @DefaultValue({"postgresql", "mariadb", "mysql"}) List<String> jdbcSchemes) {}

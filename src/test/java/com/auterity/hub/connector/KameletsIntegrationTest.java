package com.auterity.hub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.HubIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Kamelets resolve from connectors/ (the hub's own) and from the Camel Kamelet catalogue. */
class KameletsIntegrationTest extends HubIntegrationTest {

    @Autowired ProducerTemplate producer;

    @Test
    void aConnectorFromTheConnectorsFolderRuns() {
        producer.sendBody(
                "kamelet:hub-log-sink?loggerName=kamelet-it", "hello through our own kamelet");

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () ->
                                assertThat(Files.readString(Path.of(LOG_FILE)))
                                        .containsPattern(
                                                "kamelet-it\\s*:.*hello through our own kamelet"));
    }

    @Test
    void aKameletFromTheCamelCatalogueRuns() {
        producer.sendBody(
                "kamelet:log-sink?loggerName=catalogue-it", "hello through the catalogue");

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () ->
                                assertThat(Files.readString(Path.of(LOG_FILE)))
                                        .contains("hello through the catalogue"));
    }
}

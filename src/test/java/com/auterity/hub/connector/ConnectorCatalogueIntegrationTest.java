package com.auterity.hub.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /api/v1/connectors: the hub's Kamelets first, then the Camel catalogue's. */
class ConnectorCatalogueIntegrationTest extends HubIntegrationTest {

    @Test
    void theHubsConnectorsComeFirstThenTheCatalogueWithoutTheOnesTheyShadow() {
        var response = send("GET", "/api/v1/connectors", null, viewer());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> connectors = new ArrayList<>();
        body(response).forEach(connectors::add);
        List<String> hub =
                connectors.stream()
                        .filter(c -> c.get("source").asText().equals("hub"))
                        .map(c -> c.get("name").asText())
                        .toList();
        assertThat(hub)
                .contains(
                        "postgresql-sink",
                        "postgresql-action",
                        "mariadb-sink",
                        "mariadb-action",
                        "jdbc-sink",
                        "jdbc-action",
                        "rest-api-action",
                        "rabbitmq-sink",
                        "rabbitmq-source",
                        "mqtt-sink",
                        "mqtt-source",
                        "kafka-sink",
                        "kafka-source",
                        "slack-sink",
                        "mail-sink",
                        "sftp-sink",
                        "hub-log-sink");
        // the hub's own are listed before any of the catalogue's
        int lastHub = -1;
        int firstCatalogue = Integer.MAX_VALUE;
        for (int i = 0; i < connectors.size(); i++) {
            if (connectors.get(i).get("source").asText().equals("hub")) {
                lastHub = i;
            } else {
                firstCatalogue = Math.min(firstCatalogue, i);
            }
        }
        assertThat(lastHub).isLessThan(firstCatalogue);
        assertThat(
                        connectors.stream()
                                .filter(c -> c.get("source").asText().equals("camel-catalogue")))
                .extracting(c -> c.get("name").asText())
                .contains("log-sink", "timer-source", "aws-s3-sink")
                .doesNotContain("postgresql-sink", "slack-sink", "kafka-sink", "sftp-sink");
        assertThat(connectors.stream().map(c -> c.get("name").asText())).doesNotHaveDuplicates();
    }

    @Test
    void aConnectorHasItsTypeTitleDescriptionAndPropertySchema() {
        var response = send("GET", "/api/v1/connectors/postgresql-sink", null, viewer());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode connector = body(response);
        assertThat(connector.get("name").asText()).isEqualTo("postgresql-sink");
        assertThat(connector.get("type").asText()).isEqualTo("sink");
        assertThat(connector.get("source").asText()).isEqualTo("hub");
        assertThat(connector.get("title").asText()).isEqualTo("PostgreSQL Sink");
        assertThat(connector.get("description").asText()).contains("named parameters");
        JsonNode schema = connector.get("schema");
        assertThat(schema.get("type").asText()).isEqualTo("object");
        assertThat(schema.get("required"))
                .extracting(JsonNode::asText)
                .contains("serverName", "databaseName", "username", "query");
        assertThat(schema.at("/properties/password/format").asText()).isEqualTo("password");
        assertThat(schema.at("/properties/serverPort/type").asText()).isEqualTo("integer");
        assertThat(schema.at("/properties/serverPort/default").asInt()).isEqualTo(5432);
        assertThat(schema.at("/properties/query/x-operation").asBoolean()).isTrue();
        assertThat(response.body()).doesNotContain("connection_test").doesNotContain("template");
    }

    @Test
    void aCatalogueConnectorIsServedToo() {
        var response = send("GET", "/api/v1/connectors/timer-source", null, viewer());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(body(response).get("source").asText()).isEqualTo("camel-catalogue");
        assertThat(body(response).get("type").asText()).isEqualTo("source");
        assertThat(body(response).at("/schema/properties/period/title").asText()).isNotBlank();
    }

    @Test
    void theListCanBeFilteredByTypeAndSource() {
        var response = send("GET", "/api/v1/connectors?type=source&source=hub", null, viewer());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        body(response).forEach(c -> names.add(c.get("name").asText()));
        assertThat(names)
                .containsExactlyInAnyOrder("kafka-source", "mqtt-source", "rabbitmq-source");
    }

    @Test
    void anUnknownConnectorIsAStandard404() {
        var response = send("GET", "/api/v1/connectors/no-such-sink", null, viewer());

        JsonNode error = assertError(response, 404, "NOT_FOUND");
        assertThat(error.get("message").asText()).isEqualTo("Connector not found");
        assertThat(error.at("/details/id").asText()).isEqualTo("no-such-sink");
    }

    @Test
    void theCatalogueNeedsALogin() {
        assertError(send("GET", "/api/v1/connectors", null, Map.of()), 401, "UNAUTHENTICATED");
    }

    private Map<String, String> viewer() {
        return Map.of("Authorization", "Bearer " + viewerToken());
    }

    private static String viewerToken;

    private String viewerToken() {
        if (viewerToken == null) {
            viewerToken = tokenOfNewUser("VIEWER");
        }
        return viewerToken;
    }
}

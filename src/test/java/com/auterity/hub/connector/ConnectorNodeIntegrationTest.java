package com.auterity.hub.connector;

import static com.auterity.hub.connector.ConnectionsIntegrationTest.DATABASE;
import static com.auterity.hub.connector.ConnectionsIntegrationTest.PASSWORD;
import static com.auterity.hub.connector.ConnectionsIntegrationTest.USER;
import static com.auterity.hub.support.ExternalServices.HOST;
import static com.auterity.hub.support.WorkflowFixtures.edge;
import static com.auterity.hub.support.WorkflowFixtures.linear;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static com.auterity.hub.support.WorkflowFixtures.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.ExternalServices;
import com.auterity.hub.support.HubIntegrationTest;
import com.auterity.hub.support.PostgresDatabase;
import com.auterity.hub.support.RecordingHttpServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Connector nodes in workflows, against the real services: a node compiles to its Kamelet with the
 * connection's values resolved at deploy time (the compiled text holds no secret), and its
 * properties are checked against the connector's schema when the workflow is saved.
 */
class ConnectorNodeIntegrationTest extends HubIntegrationTest {

    private static RecordingHttpServer api;

    @Autowired CamelContext camel;
    @Autowired ConsumerTemplate consumer;

    @BeforeAll
    static void start() {
        api = RecordingHttpServer.start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void aWorkflowInsertsIntoPostgresThroughAConnectionAndReadsItBack() throws Exception {
        PostgresDatabase.require();
        String database = "conn_it_nodes";
        String url = PostgresDatabase.fresh(database);
        try (var sql = DriverManager.getConnection(url, PostgresDatabase.user(), "");
                var statement = sql.createStatement()) {
            statement.execute(
                    "CREATE TABLE orders (id SERIAL PRIMARY KEY, customer TEXT NOT NULL, total INT)");
        }
        String connection = unique("conn-pg-node");
        createConnection(
                connection,
                "postgresql-sink",
                Map.of("serverName", HOST, "databaseName", database, "username", "postgres"),
                Map.of("password", PASSWORD));
        String id = unique("pg-orders");
        createWorkflow(
                id,
                workflow(
                        List.of(
                                node("begin", "start", Map.of()),
                                node(
                                        "insert",
                                        "postgresql-sink",
                                        Map.of(
                                                "connection",
                                                connection,
                                                "query",
                                                "INSERT INTO orders (customer, total)"
                                                        + " VALUES (:#customer, :#total)")),
                                Map.of(
                                        "id",
                                        "read",
                                        "type",
                                        "connector",
                                        "data",
                                        Map.of(
                                                "label",
                                                "Read back",
                                                "connector",
                                                "postgresql-action",
                                                "connection",
                                                connection,
                                                "properties",
                                                Map.of(
                                                        "query",
                                                        "SELECT customer, total FROM orders"
                                                                + " WHERE customer = :#customer"))),
                                node("finish", "end", Map.of())),
                        List.of(
                                edge("e1", "begin", "insert", null),
                                edge("e2", "insert", "read", null),
                                edge("e3", "read", "finish", null))));

        JsonNode execution = executeWorkflow(id, Map.of("customer", "dana", "total", 30));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.get("results"))
                .isEqualTo(json.readTree("[{\"customer\":\"dana\",\"total\":30}]"));
        try (var sql = DriverManager.getConnection(url, PostgresDatabase.user(), "");
                var rows = sql.createStatement().executeQuery("SELECT count(*) FROM orders")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }

        var camelYaml = asAdmin("GET", "/api/v1/workflows/" + id + "/camel", null);
        assertThat(camelYaml.body())
                .contains("kamelet:postgresql-sink?query=RAW{INSERT INTO orders (customer, total)")
                .contains("password={{connection:" + connection + "/password}}")
                .doesNotContain("Pa&ss")
                .doesNotContain("ss#wo");
        var exported = asAdmin("GET", "/api/v1/workflows/" + id, null);
        assertThat(exported.body()).doesNotContain("Pa&ss");
    }

    @Test
    void theStudiosDatabaseNodeRunsTheQueryOfItsConnectionsDatabase() {
        ExternalServices.mariadbUser(DATABASE, USER, PASSWORD);
        ExternalServices.mariadb(
                DATABASE,
                "CREATE TABLE IF NOT EXISTS conn_cities (name VARCHAR(50) PRIMARY KEY, country CHAR(2))",
                "REPLACE INTO conn_cities VALUES ('Lyon', 'FR'), ('Porto', 'PT')");
        String connection = unique("conn-maria-node");
        createConnection(
                connection,
                "mariadb-sink",
                Map.of("serverName", HOST, "databaseName", DATABASE, "username", USER),
                Map.of("password", PASSWORD));
        String id = unique("maria-cities");
        createWorkflow(
                id,
                linear(
                        node(
                                "lookup",
                                "database",
                                Map.of(
                                        "connection",
                                        connection,
                                        "query",
                                        "SELECT name FROM conn_cities WHERE country ="
                                                + " :#country"))));

        JsonNode execution = executeWorkflow(id, Map.of("country", "PT"));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.get("results").toString()).isEqualTo("[{\"name\":\"Porto\"}]");
    }

    @Test
    void aRabbitMqSinkNodePublishesTheMessageAndPassesItOn() throws Exception {
        ExternalServices.require("RabbitMQ", ExternalServices.RABBITMQ);
        String queue = "conn_" + unique("q").replace('-', '_');
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        try (var amqp = factory.newConnection();
                Channel channel = amqp.createChannel()) {
            channel.queueDeclare(queue, false, false, true, null);
            String connection = unique("conn-rabbit-node");
            createConnection(
                    connection,
                    "rabbitmq-sink",
                    Map.of("host", HOST, "username", "guest"),
                    Map.of("password", "guest"));
            String id = unique("rabbit");
            createWorkflow(
                    id,
                    linear(
                            node(
                                    "publish",
                                    "rabbitmq-sink",
                                    Map.of(
                                            "connection", connection,
                                            "exchange", "default",
                                            "routingKey", queue))));

            JsonNode execution = executeWorkflow(id, Map.of("order", 7));

            assertThat(execution.get("status").asText())
                    .as(execution.toString())
                    .isEqualTo("completed");
            assertThat(execution.get("results").toString()).isEqualTo("{\"order\":7}");
            GetResponse message = channel.basicGet(queue, true);
            assertThat(message).isNotNull();
            assertThat(new String(message.getBody(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"order\":7}");
        }
    }

    @Test
    void anMqttSinkNodePublishesAndAnMqttSourceReceives() throws Exception {
        ExternalServices.require("Mosquitto", ExternalServices.MOSQUITTO);
        String topic = "conn/" + unique("it");
        String route = unique("conn-mqtt-source");
        camel.addRoutes(
                new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("kamelet:mqtt-source?brokerUrl=tcp://" + HOST + ":1883&topic=" + topic)
                                .routeId(route)
                                .convertBodyTo(String.class)
                                .to("seda:" + route);
                    }
                });
        await().atMost(Duration.ofSeconds(10))
                .until(() -> camel.getRouteController().getRouteStatus(route).isStarted());
        try {
            String connection = unique("conn-mqtt-node");
            createConnection(
                    connection,
                    "mqtt-sink",
                    Map.of("brokerUrl", "tcp://" + HOST + ":1883"),
                    Map.of());
            String id = unique("mqtt");
            createWorkflow(
                    id,
                    linear(
                            node(
                                    "publish",
                                    "mqtt-sink",
                                    Map.of("connection", connection, "topic", topic))));

            JsonNode execution = executeWorkflow(id, Map.of("temperature", 21));

            assertThat(execution.get("status").asText())
                    .as(execution.toString())
                    .isEqualTo("completed");
            assertThat(consumer.receiveBody("seda:" + route, 10_000, String.class))
                    .isEqualTo("{\"temperature\":21}");
        } finally {
            camel.getRouteController().stopRoute(route);
            camel.removeRoute(route);
        }
    }

    @Test
    void aRabbitMqSourceReceivesFromAQueue() throws Exception {
        ExternalServices.require("RabbitMQ", ExternalServices.RABBITMQ);
        String queue = "conn_" + unique("src").replace('-', '_');
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        String route = unique("conn-rabbit-source");
        try (var amqp = factory.newConnection();
                Channel channel = amqp.createChannel()) {
            channel.queueDeclare(queue, false, false, true, null);
            camel.addRoutes(
                    new RouteBuilder() {
                        @Override
                        public void configure() {
                            from("kamelet:rabbitmq-source?host="
                                            + HOST
                                            + "&password=guest&queue="
                                            + queue)
                                    .routeId(route)
                                    .convertBodyTo(String.class)
                                    .to("seda:" + route);
                        }
                    });
            channel.basicPublish("", queue, null, "{\"hello\":1}".getBytes(StandardCharsets.UTF_8));

            assertThat(consumer.receiveBody("seda:" + route, 10_000, String.class))
                    .isEqualTo("{\"hello\":1}");
        } finally {
            camel.getRouteController().stopRoute(route);
            camel.removeRoute(route);
        }
    }

    @Test
    void aRabbitMqSourceNodeStartsTheWorkflowWithEachMessage() throws Exception {
        ExternalServices.require("RabbitMQ", ExternalServices.RABBITMQ);
        String in = "conn_" + unique("trigger_in").replace('-', '_');
        String out = "conn_" + unique("trigger_out").replace('-', '_');
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        try (var amqp = factory.newConnection();
                Channel channel = amqp.createChannel()) {
            channel.queueDeclare(in, false, false, false, null);
            channel.queueDeclare(out, false, false, false, null);
            String source = unique("conn-rabbit-in");
            createConnection(
                    source,
                    "rabbitmq-source",
                    Map.of("host", HOST, "username", "guest"),
                    Map.of("password", "guest"));
            String sink = unique("conn-rabbit-out");
            createConnection(
                    sink,
                    "rabbitmq-sink",
                    Map.of("host", HOST, "username", "guest"),
                    Map.of("password", "guest"));
            String id = unique("rabbit-trigger");
            createWorkflow(
                    id,
                    workflow(
                            List.of(
                                    node(
                                            "orders",
                                            "rabbitmq-source",
                                            Map.of("connection", source, "queue", in)),
                                    node(
                                            "forward",
                                            "rabbitmq-sink",
                                            Map.of(
                                                    "connection",
                                                    sink,
                                                    "exchange",
                                                    "default",
                                                    "routingKey",
                                                    out)),
                                    node("finish", "end", Map.of())),
                            List.of(
                                    edge("e1", "orders", "forward", null),
                                    edge("e2", "forward", "finish", null))));
            assertThat(asAdmin("GET", "/api/v1/workflows/" + id + "/camel", null).body())
                    .contains("kamelet:rabbitmq-source?queue=RAW(" + in + ")")
                    .contains("password={{connection:" + source + "/password}}");

            AMQP.BasicProperties steering =
                    new AMQP.BasicProperties.Builder()
                            .headers(Map.of("CamelRabbitmqRoutingKey", "elsewhere"))
                            .build();
            channel.basicPublish(
                    "", in, steering, "{\"order\":9}".getBytes(StandardCharsets.UTF_8));

            GetResponse forwarded =
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> channel.basicGet(out, true), r -> r != null);
            assertThat(new String(forwarded.getBody(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"order\":9}");
            JsonNode latest =
                    await().atMost(Duration.ofSeconds(20))
                            .until(
                                    () ->
                                            body(
                                                    asAdmin(
                                                            "GET",
                                                            "/api/v1/workflows/" + id + "/status",
                                                            null)),
                                    e -> "completed".equals(e.path("status").asText()));
            assertThat(latest.get("created_by").asText()).isEqualTo("connector:rabbitmq-source");

            // deleting the workflow stops the source: the queue loses its consumer
            assertThat(asAdmin("DELETE", "/api/v1/workflows/" + id, null).statusCode())
                    .isEqualTo(204);
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(channel.consumerCount(in)).isZero());
            channel.queueDelete(in);
            channel.queueDelete(out);
        }
    }

    @Test
    void aSlackNodePostsTheTextToTheWebhook() throws Exception {
        String path = "/services/T0/B0/" + unique("hook");
        api.answer(path, 200, "text/plain", "ok");
        String connection = unique("conn-slack");
        createConnection(
                connection,
                "slack-sink",
                Map.of(),
                Map.of("webhookUrl", "http://" + HOST + ":" + api.port() + path));
        String id = unique("slack");
        createWorkflow(id, linear(node("notify", "slack", Map.of("connection", connection))));

        JsonNode execution = executeWorkflow(id, Map.of("text", "Order 7 shipped"));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        // the connection's test GETs the webhook; the node POSTs to it
        assertThat(api.requests(path).stream().filter(r -> r.method().equals("POST")))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(json.readTree(r.body()))
                                    .isEqualTo(json.readTree("{\"text\":\"Order 7 shipped\"}"));
                        });
        assertThat(asAdmin("GET", "/api/v1/workflows/" + id + "/camel", null).body())
                .doesNotContain(path);
    }

    @Test
    void aRestActionNodeCallsTheApiWithItsCredentialsAndTheAnswerBecomesTheMessage()
            throws Exception {
        String base = "/" + unique("api");
        api.answer(base + "/orders", 201, "application/json", "{\"id\":42}");
        String connection = unique("conn-rest-node");
        createConnection(
                connection,
                "rest-api-action",
                Map.of(
                        "baseUrl",
                        "http://" + HOST + ":" + api.port() + base,
                        "authType",
                        "basic",
                        "username",
                        "hub"),
                Map.of("password", PASSWORD));
        String id = unique("rest");
        createWorkflow(
                id,
                linear(
                        node(
                                "call",
                                "rest-api-action",
                                Map.of(
                                        "connection",
                                        connection,
                                        "path",
                                        "/orders",
                                        "method",
                                        "POST"))));

        JsonNode execution = executeWorkflow(id, Map.of("item", "pen"));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.get("results")).isEqualTo(json.readTree("{\"id\":42}"));
        assertThat(api.requests(base + "/orders"))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.header("Authorization"))
                                    .isEqualTo(
                                            "Basic "
                                                    + java.util.Base64.getEncoder()
                                                            .encodeToString(
                                                                    ("hub:" + PASSWORD)
                                                                            .getBytes(
                                                                                    StandardCharsets
                                                                                            .UTF_8)));
                            assertThat(json.readTree(r.body()))
                                    .isEqualTo(json.readTree("{\"item\":\"pen\"}"));
                        });
    }

    @Test
    void anUpdatedConnectionReachesTheWorkflowsUsingItWithoutARedeploy() throws Exception {
        String before = "/" + unique("old-api");
        String after = "/" + unique("new-api");
        String connection = unique("conn-rest-change");
        createConnection(
                connection,
                "rest-api-action",
                Map.of(
                        "baseUrl",
                        "http://" + HOST + ":" + api.port() + before,
                        "authType",
                        "bearer"),
                Map.of("token", "token-one"));
        String id = unique("rest-change");
        createWorkflow(
                id,
                linear(
                        node(
                                "call",
                                "rest-api-action",
                                Map.of("connection", connection, "path", "/orders"))));
        assertThat(executeWorkflow(id, Map.of("n", 1)).get("status").asText())
                .isEqualTo("completed");
        assertThat(api.requests(before + "/orders"))
                .singleElement()
                .satisfies(
                        r -> assertThat(r.header("Authorization")).isEqualTo("Bearer token-one"));

        var updated =
                asAdmin(
                        "PUT",
                        "/api/v1/integrations/connections/" + connection,
                        Map.of(
                                "config",
                                Map.of(
                                        "baseUrl",
                                        "http://" + HOST + ":" + api.port() + after,
                                        "authType",
                                        "bearer"),
                                "secrets",
                                Map.of("token", "token-two")));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);

        // no workflow update, no restart: the very next execution uses the new URL and token
        JsonNode execution = executeWorkflow(id, Map.of("n", 2));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(api.requests(after + "/orders"))
                .singleElement()
                .satisfies(
                        r -> assertThat(r.header("Authorization")).isEqualTo("Bearer token-two"));
        assertThat(api.requests(before + "/orders")).hasSize(1);
        // the same version was deployed again: the definition did not change
        assertThat(body(asAdmin("GET", "/api/v1/workflows/" + id, null)).get("version").asInt())
                .isEqualTo(1);
        assertThat(asAdmin("GET", "/api/v1/workflows/" + id + "/camel", null).body())
                .doesNotContain("token-two")
                .doesNotContain(after);
    }

    @Test
    void aNodesPropertiesAreCheckedAgainstTheConnectorWhenTheWorkflowIsSaved() {
        String connection = unique("conn-check");
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections?test=false",
                        Map.of(
                                "name",
                                connection,
                                "connector",
                                "postgresql-sink",
                                "config",
                                Map.of("serverName", HOST, "databaseName", "x", "username", "u"),
                                "secrets",
                                Map.of("password", "p")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows",
                        withId(
                                workflow(
                                        List.of(
                                                node("begin", "start", Map.of()),
                                                node(
                                                        "a",
                                                        "postgresql-sink",
                                                        Map.of(
                                                                "connection",
                                                                connection,
                                                                "query",
                                                                "INSERT INTO t VALUES (:#${sys:user.home})")),
                                                node(
                                                        "b",
                                                        "postgresql-sink",
                                                        Map.of(
                                                                "connection",
                                                                connection,
                                                                "query",
                                                                "INSERT INTO t VALUES (?)")),
                                                node(
                                                        "c",
                                                        "postgresql-sink",
                                                        Map.of(
                                                                "connection",
                                                                connection,
                                                                "query",
                                                                "DELETE FROM t",
                                                                "password",
                                                                "x")),
                                                node(
                                                        "d",
                                                        "postgresql-sink",
                                                        Map.of(
                                                                "connection",
                                                                connection,
                                                                "query",
                                                                "DELETE FROM t",
                                                                "serverName",
                                                                "other")),
                                                node(
                                                        "e",
                                                        "postgresql-sink",
                                                        Map.of(
                                                                "connection",
                                                                "no-such-connection",
                                                                "query",
                                                                "DELETE FROM t")),
                                                node(
                                                        "f",
                                                        "connector",
                                                        Map.of(
                                                                "connector",
                                                                "exec-sink",
                                                                "executable",
                                                                "rm")),
                                                node(
                                                        "g",
                                                        "postgresql-action",
                                                        Map.of(
                                                                "connection",
                                                                connection,
                                                                "colour",
                                                                "red",
                                                                "query",
                                                                "SELECT 1; DROP TABLE t")),
                                                node(
                                                        "h",
                                                        "mqtt-sink",
                                                        Map.of(
                                                                "brokerUrl",
                                                                "tcp://" + HOST + ":1883",
                                                                "topic",
                                                                "a?b=c")),
                                                node("finish", "end", Map.of())),
                                        List.of(
                                                edge("e1", "begin", "a", null),
                                                edge("e2", "a", "b", null),
                                                edge("e3", "b", "c", null),
                                                edge("e4", "c", "d", null),
                                                edge("e5", "d", "e", null),
                                                edge("e6", "e", "f", null),
                                                edge("e7", "f", "g", null),
                                                edge("e8", "g", "h", null),
                                                edge("e9", "h", "finish", null))),
                                unique("invalid")));

        JsonNode error = assertError(response, 400, "WORKFLOW_INVALID");
        String details = error.get("details").toString();
        assertThat(details)
                .contains("must not contain '${'")
                .contains("not '?'")
                .contains("'password' is a secret: it can only come from a connection")
                .contains("'serverName' comes from connection '" + connection + "'")
                .contains("connection 'no-such-connection' does not exist")
                .contains(
                        "connector 'exec-sink' of the Camel catalogue is not allowed in workflows")
                .contains("connector 'postgresql-action' has no property 'colour'")
                .contains("must be a single statement")
                .contains("'topic' must match");
        for (String nodeId : List.of("a", "b", "c", "d", "e", "f", "g", "h")) {
            assertThat(details).contains("\"" + nodeId + "\"");
        }
    }

    @Test
    void deletingAWorkflowRemovesTheRoutesItsConnectorsCreated() {
        String connection = unique("conn-routes");
        createConnection(
                connection,
                "slack-sink",
                Map.of(),
                Map.of("webhookUrl", "http://" + HOST + ":" + api.port() + "/routes"));
        String id = unique("routes");
        java.util.Set<String> before = routeIds();

        createWorkflow(id, linear(node("notify", "slack", Map.of("connection", connection))));
        java.util.Set<String> deployed = routeIds();
        deployed.removeAll(before);
        assertThat(deployed).anyMatch(r -> r.startsWith("slack-sink"));
        assertThat(asAdmin("DELETE", "/api/v1/workflows/" + id, null).statusCode()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(routeIds()).doesNotContainAnyElementsOf(deployed));
    }

    private java.util.Set<String> routeIds() {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        camel.getRoutes().forEach(r -> ids.add(r.getRouteId()));
        return ids;
    }

    private void createConnection(
            String name,
            String connector,
            Map<String, Object> config,
            Map<String, String> secrets) {
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        Map.of(
                                "name",
                                name,
                                "connector",
                                connector,
                                "config",
                                config,
                                "secrets",
                                secrets));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
}

package com.auterity.hub.connector;

import static com.auterity.hub.support.ExternalServices.HOST;
import static com.auterity.hub.support.ExternalServices.REDIS;
import static com.auterity.hub.support.WorkflowFixtures.linear;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.support.ExternalServices;
import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The Redis connector against the Redis server of this machine: the studio's {@code redis} node
 * runs SET, GET and PUBLISH with the key or channel of its properties, logged in as a Redis ACL
 * user from a connection; the connection's test (AUTH + PING) refuses a wrong password with a clear
 * error naming the connection.
 */
class RedisConnectorIntegrationTest extends HubIntegrationTest {

    /**
     * Characters that break URIs and quoting; a password cannot hold both ")" and "}" (see
     * PropertyRules.raw)
     */
    static final String REDIS_PASSWORD = "Re&dis#pa+ss %20)=?'x";

    private String user;

    @BeforeEach
    void aclUser() {
        ExternalServices.require("Redis", REDIS);
        user = unique("hub-it");
        try (Jedis admin = new Jedis(HOST, REDIS)) {
            admin.aclSetUser(user, "reset", "on", ">" + REDIS_PASSWORD, "~hub-it:*", "&*", "+@all");
        }
    }

    @AfterEach
    void dropUser() {
        if (user != null) {
            try (Jedis admin = new Jedis(HOST, REDIS)) {
                admin.aclDelUser(user);
            }
        }
    }

    private void createConnection(String name, String password, int expected) {
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        Map.of(
                                "name",
                                name,
                                "connector",
                                "redis-action",
                                "config",
                                Map.of("host", HOST, "port", REDIS, "username", user),
                                "secrets",
                                Map.of("password", password)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(expected);
    }

    @Test
    void redisNodesSetAndGetAKeyAsTheConnectionsUser() throws Exception {
        String connection = unique("conn-redis");
        createConnection(connection, REDIS_PASSWORD, 201);
        String key = "hub-it:" + unique("order");
        String id = unique("redis");
        createWorkflow(
                id,
                linear(
                        node(
                                "remember",
                                "redis",
                                Map.of("connection", connection, "command", "SET", "key", key)),
                        node(
                                "recall",
                                "redis",
                                Map.of("connection", connection, "command", "GET", "key", key))));

        JsonNode execution = executeWorkflow(id, Map.of("order", 7, "customer", "dana"));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.get("results"))
                .isEqualTo(json.readTree("{\"order\":7,\"customer\":\"dana\"}"));
        try (Jedis redis = new Jedis(HOST, REDIS)) {
            // the connector's pool keeps its connections: they are logged in as the ACL user, not
            // as Redis's default user (which would have been let in without a password)
            assertThat(redis.clientList()).contains(" user=" + user + " ");
            assertThat(json.readTree(redis.get(key)))
                    .isEqualTo(json.readTree("{\"order\":7,\"customer\":\"dana\"}"));
            redis.del(key);
        }
        assertThat(asAdmin("GET", "/api/v1/workflows/" + id + "/camel", null).body())
                .doesNotContain("Re&dis")
                .contains("password={{connection:" + connection + "/password}}");
    }

    @Test
    void aRedisNodePublishesTheMessageToItsChannel() throws Exception {
        String connection = unique("conn-redis-pub");
        createConnection(connection, REDIS_PASSWORD, 201);
        String channel = "hub-it:" + unique("events");
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        JedisPubSub listener =
                new JedisPubSub() {
                    @Override
                    public void onSubscribe(String name, int count) {
                        subscribed.countDown();
                    }

                    @Override
                    public void onMessage(String name, String message) {
                        received.add(message);
                    }
                };
        Thread subscriber =
                new Thread(
                        () -> {
                            try (Jedis redis = new Jedis(HOST, REDIS)) {
                                redis.subscribe(listener, channel);
                            }
                        });
        subscriber.start();
        try {
            assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
            String id = unique("redis-pub");
            createWorkflow(
                    id,
                    linear(
                            node(
                                    "announce",
                                    "redis",
                                    Map.of(
                                            "connection",
                                            connection,
                                            "command",
                                            "PUBLISH",
                                            "channel",
                                            channel))));

            JsonNode execution = executeWorkflow(id, Map.of("shipped", List.of(7, 8)));

            assertThat(execution.get("status").asText())
                    .as(execution.toString())
                    .isEqualTo("completed");
            String message = received.poll(10, TimeUnit.SECONDS);
            assertThat(message).isNotNull();
            assertThat(json.readTree(message)).isEqualTo(json.readTree("{\"shipped\":[7,8]}"));
        } finally {
            listener.unsubscribe();
            subscriber.join(10_000);
        }
    }

    @Test
    void aWrongRedisPasswordIsAClearErrorNamingTheConnection() {
        String name = unique("conn-redis-wrong");

        var refused =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        Map.of(
                                "name",
                                name,
                                "connector",
                                "redis-action",
                                "config",
                                Map.of("host", HOST, "username", user),
                                "secrets",
                                Map.of("password", "not-the-password")));

        JsonNode error = assertError(refused, 422, "CONNECTION_TEST_FAILED");
        assertThat(error.get("message").asText())
                .startsWith(
                        "Connection '"
                                + name
                                + "' (redis-action) failed its test against redis://"
                                + HOST
                                + ":6379/0: ")
                .contains("WRONGPASS")
                .doesNotContain("not-the-password")
                .doesNotContain("Exception");
        assertThat(error.at("/details/connection").asText()).isEqualTo(name);
    }

    @Test
    void aRedisNodeNeedsAKnownCommand() {
        String connection = unique("conn-redis-cmd");
        createConnection(connection, REDIS_PASSWORD, 201);

        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows",
                        withId(
                                linear(
                                        node(
                                                "wipe",
                                                "redis",
                                                Map.of(
                                                        "connection",
                                                        connection,
                                                        "command",
                                                        "FLUSHALL"))),
                                unique("redis-bad")));

        JsonNode error = assertError(response, 400, "WORKFLOW_INVALID");
        assertThat(error.get("details").toString()).contains("'command'").contains("SET");
    }
}

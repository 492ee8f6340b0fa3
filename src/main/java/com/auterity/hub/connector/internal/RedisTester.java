package com.auterity.hub.connector.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Connects to {@code redis://host:port/database}, logs in (AUTH) with the connection's username and
 * password if it has them, selects the database and sends PING: PONG is a pass. Jedis, the client
 * that the Redis connector itself uses.
 */
@Component
class RedisTester implements ConnectionTester {

    @Override
    public List<String> schemes() {
        return List.of("redis");
    }

    @Override
    public void test(String target, Map<String, String> values, Duration timeout)
            throws IOException {
        URI uri = URI.create(target);
        String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
        int millis = (int) timeout.toMillis();
        DefaultJedisClientConfig.Builder config =
                DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(millis)
                        .socketTimeoutMillis(millis)
                        .database(path.isEmpty() ? 0 : Integer.parseInt(path))
                        .clientName("auterity-hub-test");
        String username = values.get("username");
        String password = values.get("password");
        if (username != null && !username.isEmpty()) {
            config.user(username);
        }
        if (password != null && !password.isEmpty()) {
            config.password(password);
        }
        HostAndPort server =
                new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
        try (Jedis redis = new Jedis(server, config.build())) {
            String answer = redis.ping();
            if (!"PONG".equals(answer)) {
                throw new IOException("the server answered PING with " + answer);
            }
        }
    }
}

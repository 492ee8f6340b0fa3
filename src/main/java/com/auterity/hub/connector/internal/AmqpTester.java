package com.auterity.hub.connector.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** An AMQP 0-9-1 connection and a channel opened and closed: login and virtual host checked. */
@Component
class AmqpTester implements ConnectionTester {

    @Override
    public List<String> schemes() {
        return List.of("amqp", "amqps");
    }

    @Override
    public void test(String target, Map<String, String> values, Duration timeout) throws Exception {
        URI uri = URI.create(target);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(uri.getHost());
        factory.setPort(uri.getPort() < 0 ? 5672 : uri.getPort());
        if ("amqps".equals(uri.getScheme())) {
            factory.useSslProtocol();
        }
        factory.setVirtualHost(values.getOrDefault("virtualHost", "/"));
        factory.setUsername(values.getOrDefault("username", "guest"));
        factory.setPassword(values.getOrDefault("password", ""));
        factory.setConnectionTimeout((int) timeout.toMillis());
        factory.setHandshakeTimeout((int) timeout.toMillis());
        factory.setAutomaticRecoveryEnabled(false);
        try (Connection connection = factory.newConnection("auterity-hub-connection-test");
                Channel channel = connection.createChannel()) {
            channel.getChannelNumber();
        }
    }
}

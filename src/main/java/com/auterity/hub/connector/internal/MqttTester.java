package com.auterity.hub.connector.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.springframework.stereotype.Component;

/** An MQTT v5 connect and disconnect with the connection's credentials. */
@Component
class MqttTester implements ConnectionTester {

    @Override
    public List<String> schemes() {
        return List.of("tcp", "ssl", "ws", "wss");
    }

    @Override
    public void test(String brokerUrl, Map<String, String> values, Duration timeout)
            throws Exception {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
        options.setAutomaticReconnect(false);
        options.setCleanStart(true);
        if (values.get("username") != null && !values.get("username").isEmpty()) {
            options.setUserName(values.get("username"));
        }
        if (values.get("password") != null && !values.get("password").isEmpty()) {
            options.setPassword(values.get("password").getBytes(StandardCharsets.UTF_8));
        }
        String clientId = "hub-test-" + UUID.randomUUID().toString().substring(0, 8);
        MqttClient client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
        try {
            client.connect(options);
            client.disconnect(timeout.toMillis());
        } finally {
            client.close(true);
        }
    }
}

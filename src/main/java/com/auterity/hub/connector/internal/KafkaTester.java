package com.auterity.hub.connector.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.stereotype.Component;

/** The cluster's metadata (its brokers) fetched through the bootstrap servers. */
@Component
class KafkaTester implements ConnectionTester {

    @Override
    public List<String> schemes() {
        return List.of("kafka");
    }

    @Override
    public void test(String target, Map<String, String> values, Duration timeout) throws Exception {
        String servers = target.substring("kafka://".length());
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "auterity-hub-connection-test");
        try (Admin admin = Admin.create(properties)) {
            int brokers =
                    admin.describeCluster()
                            .nodes()
                            .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS)
                            .size();
            if (brokers == 0) {
                throw new IllegalStateException("the cluster reported no brokers");
            }
        }
    }
}

package com.auterity.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;

/** The message queue's settings as application.yml maps the environment onto them. */
class MessagingConfigurationTest {

    @Test
    void withoutKafkaBootstrapServersTheHubRunsItsOwnBroker() throws IOException {
        MessagingProperties messaging = bind(Map.of());

        assertThat(messaging.embedded()).isTrue();
        assertThat(messaging.broker().port()).isEqualTo(9092);
        assertThat(messaging.broker().controllerPort()).isEqualTo(9093);
        assertThat(messaging.broker().lazy()).isFalse();
        assertThat(messaging.queueSize()).isEqualTo(1000);
        assertThat(messaging.retry().maxAttempts()).isEqualTo(3);
        assertThat(messaging.retry().delay()).isEqualTo(Duration.ofMillis(500));
        assertThat(messaging.allowedHeaders())
                .containsExactly("content-type", "correlation-id", "event-type", "source");
    }

    @Test
    void kafkaBootstrapServersSwitchesToTheExternalCluster() throws IOException {
        MessagingProperties messaging =
                bind(
                        Map.of(
                                "KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092",
                                "HUB_KAFKA_PORT", "19092",
                                "HUB_QUEUE_ALLOWED_HEADERS", "tenant,content-type",
                                "HUB_QUEUE_MAX_ATTEMPTS", "5"));

        assertThat(messaging.embedded()).isFalse();
        assertThat(messaging.bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(messaging.broker().port()).isEqualTo(19092);
        assertThat(messaging.allowedHeaders()).isEqualTo(List.of("tenant", "content-type"));
        assertThat(messaging.retry().maxAttempts()).isEqualTo(5);
    }

    private static MessagingProperties bind(Map<String, Object> variables) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.addFirst(
                new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        new YamlPropertySourceLoader()
                .load(
                        "application.yml",
                        new FileSystemResource("src/main/resources/application.yml"))
                .forEach(sources::addLast);
        return Binder.get(environment).bindOrCreate("hub.messaging", MessagingProperties.class);
    }
}

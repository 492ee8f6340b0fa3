package com.auterity.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.ai.AiProperties;
import com.auterity.hub.analytics.AnalyticsProperties;
import com.auterity.hub.connector.ConnectorProperties;
import com.auterity.hub.messaging.MessagingProperties;
import com.auterity.hub.mining.MiningProperties;
import com.auterity.hub.monitoring.MonitoringProperties;
import com.auterity.hub.security.SecurityProperties;
import com.auterity.hub.shared.HubProperties;
import com.auterity.hub.workflow.WorkflowProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;

/** Each environment variable of the seed sets its property under its own name. */
class ConfigurationTest {

    @Test
    void withoutEnvironmentVariablesTheSeedDefaultsApply() throws IOException {
        Binder binder = binder(Map.of());

        assertThat(binder.bind("server.port", Integer.class).get()).isEqualTo(8000);
        assertThat(binder.bindOrCreate("hub.workflow", WorkflowProperties.class).workers())
                .isEqualTo(4);
        assertThat(binder.bindOrCreate("hub.workflow", WorkflowProperties.class).branchThreads())
                .isEqualTo(16);
        AiProperties ai = binder.bindOrCreate("hub.ai", AiProperties.class);
        assertThat(ai.cacheSize()).isEqualTo(1000);
        assertThat(ai.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(binder.bindOrCreate("hub.analytics", AnalyticsProperties.class).batchSize())
                .isEqualTo(100);
        assertThat(binder.bindOrCreate("hub.mining", MiningProperties.class).threads())
                .isEqualTo(4);
        assertThat(binder.bindOrCreate("hub.connector", ConnectorProperties.class).maxConnections())
                .isEqualTo(100);
        assertThat(binder.bindOrCreate("hub.messaging", MessagingProperties.class).queueSize())
                .isEqualTo(1000);
        SecurityProperties security = binder.bindOrCreate("hub.security", SecurityProperties.class);
        assertThat(security.tokenExpiry()).isEqualTo(3600);
        assertThat(security.auditLogRetention()).isEqualTo(30);
        MonitoringProperties monitoring =
                binder.bindOrCreate("hub.monitoring", MonitoringProperties.class);
        assertThat(monitoring.metricsCollectionInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(monitoring.alertThreshold()).isEqualTo(0.95);
        // Spring's Path converter normalises "./data" to "data"
        assertThat(binder.bindOrCreate("hub", HubProperties.class).dataDir().toAbsolutePath())
                .isEqualTo(Path.of("./data").toAbsolutePath().normalize());
        assertThat(binder.bind("spring.datasource.url", String.class).get())
                .startsWith("jdbc:h2:file:./data/hub;");
    }

    @Test
    void eachSeedVariableSetsItsOwnProperty() throws IOException {
        // all values distinct, so a variable wired to the wrong property shows
        Binder binder =
                binder(
                        Map.ofEntries(
                                Map.entry("API_GATEWAY_PORT", "9101"),
                                Map.entry("WORKFLOW_ENGINE_WORKERS", "7"),
                                Map.entry("AI_MODEL_CACHE_SIZE", "2001"),
                                Map.entry("AI_REQUEST_TIMEOUT", "45"),
                                Map.entry("ANALYTICS_BATCH_SIZE", "250"),
                                Map.entry("PROCESS_MINING_THREADS", "3"),
                                Map.entry("MAX_CONNECTIONS", "55"),
                                Map.entry("MESSAGE_QUEUE_SIZE", "5000"),
                                Map.entry("AUTH_TOKEN_EXPIRY", "7200"),
                                Map.entry("AUDIT_LOG_RETENTION", "90"),
                                Map.entry("METRICS_COLLECTION_INTERVAL", "15"),
                                Map.entry("ALERT_THRESHOLD", "0.8"),
                                Map.entry("HUB_DATA_DIR", "/var/lib/hub")));

        assertThat(binder.bind("server.port", Integer.class).get()).isEqualTo(9101);
        assertThat(binder.bindOrCreate("hub.workflow", WorkflowProperties.class).workers())
                .isEqualTo(7);
        AiProperties ai = binder.bindOrCreate("hub.ai", AiProperties.class);
        assertThat(ai.cacheSize()).isEqualTo(2001);
        assertThat(ai.requestTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(binder.bindOrCreate("hub.analytics", AnalyticsProperties.class).batchSize())
                .isEqualTo(250);
        assertThat(binder.bindOrCreate("hub.mining", MiningProperties.class).threads())
                .isEqualTo(3);
        assertThat(binder.bindOrCreate("hub.connector", ConnectorProperties.class).maxConnections())
                .isEqualTo(55);
        assertThat(binder.bindOrCreate("hub.messaging", MessagingProperties.class).queueSize())
                .isEqualTo(5000);
        SecurityProperties security = binder.bindOrCreate("hub.security", SecurityProperties.class);
        assertThat(security.tokenExpiry()).isEqualTo(7200);
        assertThat(security.auditLogRetention()).isEqualTo(90);
        MonitoringProperties monitoring =
                binder.bindOrCreate("hub.monitoring", MonitoringProperties.class);
        assertThat(monitoring.metricsCollectionInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(monitoring.alertThreshold()).isEqualTo(0.8);
        assertThat(binder.bindOrCreate("hub", HubProperties.class).dataDir())
                .isEqualTo(Path.of("/var/lib/hub"));
        assertThat(binder.bind("spring.datasource.url", String.class).get())
                .startsWith("jdbc:h2:file:/var/lib/hub/hub;");
    }

    /**
     * A binder over application.yml with {@code variables} standing for the OS environment, in
     * front of it as in a running hub. The real environment and system properties are left out so
     * that the machine running the test cannot change its outcome.
     */
    private static Binder binder(Map<String, Object> variables) throws IOException {
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
        return Binder.get(environment);
    }
}

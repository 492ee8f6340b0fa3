package com.auterity.hub.messaging;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the message queue ({@code hub.messaging}).
 *
 * @param queueSize messages accepted for publishing and not yet acknowledged by the broker, at
 *     most; beyond that publishing answers 503 with {@code Retry-After} ({@code
 *     MESSAGE_QUEUE_SIZE})
 * @param bootstrapServers an external Kafka cluster ({@code KAFKA_BOOTSTRAP_SERVERS}); when blank,
 *     the hub runs a broker of its own, in-process
 * @param broker the in-process broker, when there is no external cluster
 * @param allowedHeaders the only message headers a publisher may set (names compared without case);
 *     no name starting with {@code kafka.}, {@code camel} or {@code hub-} is ever accepted
 * @param publishTimeout how long a publish waits for the broker's acknowledgement before it fails
 * @param retry how often a subscriber's processing of a message is tried before the message goes to
 *     {@code <topic>.dlq}
 */
@Validated
@ConfigurationProperties("hub.messaging")
public record MessagingProperties(
        @DefaultValue("1000") @Positive int queueSize,
        String bootstrapServers,
        @DefaultValue Broker broker,
        @DefaultValue({"content-type", "correlation-id", "event-type", "source"})
                List<String> allowedHeaders,
        @DefaultValue("30s") Duration publishTimeout,
        @DefaultValue Retry retry) {

    /** Whether the hub runs its own broker (no external cluster configured). */
    public boolean embedded() {
        return bootstrapServers == null || bootstrapServers.isBlank();
    }

    /**
     * The in-process broker: KRaft, one node acting as broker and controller, its log in {@code
     * <hub.data-dir>/kafka}.
     *
     * @param host the address it listens on and advertises
     * @param port the client port ({@code HUB_KAFKA_PORT})
     * @param controllerPort the KRaft controller's port ({@code HUB_KAFKA_CONTROLLER_PORT})
     * @param partitions partitions of a topic created on first use
     * @param lazy start the broker when the queue is first used rather than with the hub
     */
    public record Broker(
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("9092") @Min(1) @Max(65535) int port,
            @DefaultValue("9093") @Min(1) @Max(65535) int controllerPort,
            @DefaultValue("1") @Positive int partitions,
            @DefaultValue("false") boolean lazy) {}

    /**
     * @param maxAttempts tries of one message, the first included
     * @param delay wait before the second try; doubled before each further one
     */
    public record Retry(
            @DefaultValue("3") @Positive int maxAttempts, @DefaultValue("500ms") Duration delay) {}
}

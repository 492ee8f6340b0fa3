package com.auterity.hub.messaging.internal;

import com.auterity.hub.messaging.MessageQueue.Published;
import com.auterity.hub.messaging.MessagingProperties;
import com.auterity.hub.shared.ServiceError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends records through Camel {@code kafka:} endpoints and waits for the broker's acknowledgement
 * (acks=all, idempotent producer). At most {@code MESSAGE_QUEUE_SIZE} messages wait for theirs at a
 * time: the next one is refused (503, retry after a second) instead of piling up in memory.
 *
 * <p>The topic is always the endpoint's, written from a name {@link Names} accepted; each send
 * builds a fresh message, so no header of a request or of a consumed record reaches the producer
 * (its {@code kafka.OVERRIDE_TOPIC} included), and the endpoint's header filter passes only
 * allow-listed and {@code hub-*} headers to the record.
 */
@Component
class Publisher {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);
    private static final Duration RETRY_AFTER_FULL = Duration.ofSeconds(1);
    private static final Duration RETRY_AFTER_FAILED = Duration.ofSeconds(5);

    private final ProducerTemplate producer;
    private final Semaphore inFlight;
    private final int queueSize;
    private final String options;

    Publisher(ProducerTemplate producer, MessagingProperties properties) {
        this.producer = producer;
        this.queueSize = properties.queueSize();
        this.inFlight = new Semaphore(queueSize);
        long delivery = properties.publishTimeout().toMillis();
        long request = Math.min(10_000, delivery);
        this.options =
                "?requestRequiredAcks=all&enableIdempotence=true&recordMetadata=true"
                        + "&deliveryTimeoutMs="
                        + delivery
                        + "&requestTimeoutMs="
                        + request
                        + "&maxBlockMs="
                        + request
                        + "&headerFilterStrategy=#"
                        + KafkaSetup.HEADER_FILTER;
    }

    /**
     * Sends one record to {@code topic} (already validated) and returns where it was stored. Header
     * values are strings: they reach the record as UTF-8 bytes.
     */
    Published send(String topic, String key, Map<String, String> headers, String body) {
        if (!inFlight.tryAcquire()) {
            throw ServiceError.serviceUnavailable(
                    "QUEUE_FULL",
                    "The message queue holds "
                            + queueSize
                            + " messages waiting for the broker (MESSAGE_QUEUE_SIZE); retry later",
                    RETRY_AFTER_FULL);
        }
        try {
            return sendInternal(topic, key, headers, body);
        } finally {
            inFlight.release();
        }
    }

    /**
     * Sends one record outside the bound: the hub's own sends (dead letters, replays), which
     * consumers and API calls already limit.
     */
    Published sendInternal(String topic, String key, Map<String, String> headers, String body) {
        Exchange done =
                producer.send(
                        "kafka:" + topic + options,
                        exchange -> {
                            var message = exchange.getMessage();
                            message.setBody(body);
                            if (key != null) {
                                message.setHeader(KafkaConstants.KEY, key);
                            }
                            headers.forEach(message::setHeader);
                        });
        if (done.getException() != null) {
            log.warn("Publishing to {} failed: {}", topic, done.getException().toString());
            throw ServiceError.serviceUnavailable(
                    "PUBLISH_FAILED",
                    "The broker did not acknowledge the message; retry later",
                    RETRY_AFTER_FAILED);
        }
        @SuppressWarnings("unchecked")
        List<RecordMetadata> metadata =
                done.getMessage().getHeader(KafkaConstants.KAFKA_RECORD_META, List.class);
        RecordMetadata stored = metadata.get(0);
        return new Published(stored.topic(), stored.partition(), stored.offset());
    }

    /** Messages waiting for the broker's acknowledgement now. */
    int inFlight() {
        return queueSize - inFlight.availablePermits();
    }
}
